/* Feature detection (features_scan.c, featureset.c) and P1C020 (rules_features.c): every
 * non-code evidence with its exact offset, evidence kind, detail and count; locals; the
 * attribution of tags and `throw` between the two exception proposals; immediates' details;
 * the findings and what the profile accepts. Modules are annotated hex (hexmod.h). */
#include <check.h>
#include <string.h>

#include "analysis/analysis.h"
#include "hexmod.h"
#include "wasm/module.h"
#include "profile/profile.h"
#include "rules/rules.h"
#include "suites.h"

#define HDR "00 61 73 6d 01 00 00 00 "
#define TYPE_V "01 {01 60 00 00} " /* type 0: () -> () */
#define NO_FUNC UINT32_MAX

static struct hexmod hm;
static struct p1c_arena arena;
static struct p1c_module mod;
static struct p1c_analysis an;
static struct p1c_profile prof;
static struct p1c_audit audit;

static void setup(void)
{
	p1c_arena_init(&arena, 0);
}

static void teardown(void)
{
	p1c_arena_free_all(&arena);
}

static const struct p1c_feature_set *analyze(const char *hex)
{
	struct p1c_error err = {0};
	hexmod_build(&hm, hex);
	ck_assert_msg(p1c_module_parse(hm.buf, 0, hm.len, &arena, &mod, &err), "parse: %s at 0x%llx",
		      err.msg, (unsigned long long)err.offset);
	ck_assert(p1c_analyze(&mod, &arena, &an));
	ck_assert_uint_eq(an.nbody_errors, 0);
	return &an.features;
}

static void expect_use(enum p1c_feature f, uint32_t count, uint64_t offset, uint32_t func,
		       enum p1c_evidence evidence, const char *detail)
{
	const struct p1c_feature_use *u = &an.features.use[f];
	const char *name = p1c_feature_name(f);
	ck_assert_msg(u->count == count, "%s: %u uses, expected %u", name, u->count, count);
	ck_assert_msg(u->first_offset == offset, "%s: first use at 0x%llx, expected 0x%llx", name,
		      (unsigned long long)u->first_offset, (unsigned long long)offset);
	ck_assert_msg(u->first_func == func, "%s: first use in func %u, expected %u", name,
		      u->first_func, func);
	ck_assert_msg(u->evidence == evidence, "%s: evidence %s, expected %s", name,
		      p1c_evidence_name((enum p1c_evidence)u->evidence), p1c_evidence_name(evidence));
	ck_assert_msg(u->detail && strcmp(u->detail, detail) == 0, "%s: detail '%s', expected '%s'",
		      name, u->detail ? u->detail : "(null)", detail);
}

/* The used features are exactly those in `want` (bits of enum p1c_feature). */
static void expect_only(uint32_t want)
{
	for (int f = 0; f < P1C_FEATURE_COUNT; f++) {
		bool used = an.features.use[f].count > 0;
		ck_assert_msg(used == ((want >> f) & 1u), "%s is %s", p1c_feature_name(f),
			      used ? "used" : "not used");
	}
}

#define B(f) (1u << P1C_FEATURE_##f)

static void load_profile(const char *yaml)
{
	static const char *const dirs[] = {"profiles"};
	struct p1c_profile_search search = {dirs, 1, NULL, 0};
	struct p1c_profile_error err = {0};
	ck_assert_msg(p1c_profile_load_text(yaml, strlen(yaml), "test.yaml", &search, &arena, &prof,
					    &err),
		      "profile: %s:%u:%u: %s", err.file, err.line, err.column, err.msg);
}

static void audit_hex(const char *hex)
{
	struct p1c_rules_opts opts = {.fail_on = P1C_FAIL_ON_ERROR};
	analyze(hex);
	ck_assert(p1c_rules_run(&mod, &an, &prof, &opts, &arena, &audit));
}

/* The P1C020 findings of the audit, in order; *n gets their number. */
static const struct p1c_finding *p1c020(uint32_t i, uint32_t *n)
{
	const struct p1c_finding *found = NULL;
	uint32_t k = 0;
	for (uint32_t j = 0; j < audit.nfindings; j++) {
		if (audit.findings[j].rule != P1C_RULE_P1C020)
			continue;
		if (k++ == i)
			found = &audit.findings[j];
	}
	*n = k;
	return found;
}

START_TEST(limits_flags_and_counts)
{
	analyze(HDR "02 {02"
		"  ^{'env'} {'m'} 02 03 01 02"  /* shared memory, min 1 max 2 */
		"  ^{'env'} {'t'} 01 70 04 01}" /* funcref table, 64-bit */
		"05 {02 ^05 01 02 ^08 01 10}"); /* 64-bit memory; custom page size 2^16 */
	expect_use(P1C_FEATURE_THREADS, 1, hm.marks[0], NO_FUNC, P1C_EVIDENCE_LIMITS,
		   "shared memory limits flag");
	expect_use(P1C_FEATURE_MEMORY64, 2, hm.marks[1], NO_FUNC, P1C_EVIDENCE_LIMITS,
		   "64-bit table limits flag");
	expect_use(P1C_FEATURE_CUSTOM_PAGE_SIZES, 1, hm.marks[3], NO_FUNC, P1C_EVIDENCE_LIMITS,
		   "custom page size limits flag");
	expect_use(P1C_FEATURE_MULTI_MEMORY, 2, hm.marks[2], NO_FUNC, P1C_EVIDENCE_SECTION,
		   "more than one memory");
	expect_only(B(THREADS) | B(MEMORY64) | B(CUSTOM_PAGE_SIZES) | B(MULTI_MEMORY));
}
END_TEST

START_TEST(value_types_outside_code)
{
	analyze(HDR "01 {03 ^60 01 7b 00 ^60 00 02 7f 7f ^60 01 6f 01 70}"
		"04 {02 ^70 00 01 ^6f 00 01}"
		"06 {03 ^7b 00 fd 0c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 0b"
		"      ^63 00 00 d0 00 0b" /* (ref null 0) */
		"      ^6e 00 d0 6e 0b}");  /* anyref */
	expect_use(P1C_FEATURE_SIMD, 2, hm.marks[0], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "v128 in a function type");
	expect_use(P1C_FEATURE_MULTI_VALUE, 1, hm.marks[1], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "function type with several results");
	/* externref param + funcref result, the externref table, the second table. The funcref
	 * table (marks[3]) is MVP. */
	expect_use(P1C_FEATURE_REFERENCE_TYPES, 4, hm.marks[2], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "funcref/externref in a function type");
	expect_use(P1C_FEATURE_FUNCTION_REFERENCES, 1, hm.marks[6], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "typed function reference global");
	expect_use(P1C_FEATURE_GC, 1, hm.marks[7], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "GC reference global");
	expect_only(B(SIMD) | B(MULTI_VALUE) | B(REFERENCE_TYPES) | B(FUNCTION_REFERENCES) | B(GC));
	/* Without the externref table: the table's own detail. */
	analyze(HDR "04 {01 ^6f 00 01}");
	expect_use(P1C_FEATURE_REFERENCE_TYPES, 1, hm.marks[0], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "externref table");
	expect_only(B(REFERENCE_TYPES));
}
END_TEST

START_TEST(gc_types)
{
	/* A struct, an array, and a rec group of two function types. */
	analyze(HDR "01 {03 ^5f 01 7f 00 ^5e 78 01 4e 02 ^60 00 00 60 00 00}");
	expect_use(P1C_FEATURE_GC, 4, hm.marks[0], NO_FUNC, P1C_EVIDENCE_TYPE, "struct type");
	expect_only(B(GC));
	analyze(HDR "01 {02 60 00 00 50 01 00 ^60 00 00}"); /* sub with a supertype */
	expect_use(P1C_FEATURE_GC, 1, hm.marks[0], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "rec group or subtype");
}
END_TEST

/* custom-descriptors outside the code (WebAssembly/custom-descriptors interpreter/binary/
 * decode.ml): the two clauses, an exact heap type in a function type and in a global's type,
 * an exact function import (kind 0x20), and an exact ref.null + struct.new_desc initializer. */
START_TEST(custom_descriptors_outside_code)
{
	analyze(HDR "01 {03 4e 02 ^4d 01 5f 00 ^4c 00 5f 00" /* rec: descriptor 1, describes 0 */
		"      ^60 01 63 62 00 00 60 00 00}"         /* (param (ref null (exact 0))) */
		"02 {01 ^{'env'} {'f'} 20 03}"               /* exact import of () -> () */
		"06 {01 ^64 62 00 00 ^d0 62 01 fb 20 00 0b}"); /* (ref (exact 0)) = struct.new_desc */
	expect_use(P1C_FEATURE_CUSTOM_DESCRIPTORS, 6, hm.marks[0], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "type with a descriptor clause");
	ck_assert_uint_eq(an.features.use[P1C_FEATURE_GC].count, 3); /* 2 structs, struct.new_desc */
	ck_assert_uint_eq(an.features.use[P1C_FEATURE_FUNCTION_REFERENCES].count, 2);
	expect_only(B(CUSTOM_DESCRIPTORS) | B(GC) | B(FUNCTION_REFERENCES));
	/* Each piece alone, with its own detail. */
	analyze(HDR "01 {01 60 00 00} 02 {01 ^{'env'} {'f'} 20 00}");
	expect_use(P1C_FEATURE_CUSTOM_DESCRIPTORS, 1, hm.marks[0], NO_FUNC, P1C_EVIDENCE_IMPORT,
		   "exact function import");
	expect_only(B(CUSTOM_DESCRIPTORS));
	/* A describes clause needs its partner's descriptor clause, an earlier type's (a module
	 * with one alone is invalid): the pair is two uses, the first the descriptor's. */
	analyze(HDR "01 {01 4e 02 ^4d 01 5f 00 4c 00 5f 00}");
	expect_use(P1C_FEATURE_CUSTOM_DESCRIPTORS, 2, hm.marks[0], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "type with a descriptor clause");
	analyze(HDR "01 {01 ^60 01 63 62 00 00}"); /* (param (ref null (exact 0))), itself */
	expect_use(P1C_FEATURE_CUSTOM_DESCRIPTORS, 1, hm.marks[0], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "exact reference type in a function type");
	analyze(HDR "01 {01 5f 00} 06 {01 63 00 00 ^d0 62 00 0b}");
	expect_use(P1C_FEATURE_CUSTOM_DESCRIPTORS, 1, hm.marks[0], NO_FUNC, P1C_EVIDENCE_CONSTEXPR,
		   "struct.new_desc or exact ref.null in a constant expression");
}
END_TEST

START_TEST(locals_are_scanned)
{
	analyze(HDR TYPE_V "03 {02 00 00}"
		"0a {02 {01 01 ^7b 0b}"
		"       {03 01 ^63 00 01 ^6e 02 ^69 0b}}");
	expect_use(P1C_FEATURE_SIMD, 1, hm.marks[0], 0, P1C_EVIDENCE_TYPE, "v128 local");
	expect_use(P1C_FEATURE_FUNCTION_REFERENCES, 1, hm.marks[1], 1, P1C_EVIDENCE_TYPE,
		   "typed function reference local");
	expect_use(P1C_FEATURE_GC, 1, hm.marks[2], 1, P1C_EVIDENCE_TYPE, "GC reference local");
	expect_use(P1C_FEATURE_EXCEPTIONS, 1, hm.marks[3], 1, P1C_EVIDENCE_TYPE, "exnref local");
	expect_only(B(SIMD) | B(FUNCTION_REFERENCES) | B(GC) | B(EXCEPTIONS));
}
END_TEST

START_TEST(imports_and_exports)
{
	analyze(HDR "01 {02 60 00 00 60 01 7f 01 7f}"
		"02 {03"
		"  ^{'env'} {'sp'} 03 7f 01"          /* mutable global import */
		"  ^{'wasi'} {'thread-spawn'} 00 01"  /* wasi-threads ABI: no feature */
		"  ^{'env'} {'err'} 04 00 00}"        /* tag import */
		"03 {01 00}"
		"06 {02 7f 01 41 00 0b 7f 00 41 00 0b}" /* global 1 mutable, global 2 not */
		"07 {06"
		"  ^{'g'} 03 01"
		"  {'h'} 03 02"
		"  ^{'e'} 04 00"
		"  ^{'wasi_thread_start'} 00 01"        /* wasi-threads ABI: no feature */
		"  ^{'cabi_realloc'} 00 01"
		"  ^{'cabi_post_run'} 00 01}"
		"0a {01 {00 0b}}");
	expect_use(P1C_FEATURE_MUTABLE_GLOBAL, 2, hm.marks[0], NO_FUNC, P1C_EVIDENCE_IMPORT,
		   "mutable global import");
	expect_use(P1C_FEATURE_LEGACY_EXCEPTIONS, 2, hm.marks[2], NO_FUNC, P1C_EVIDENCE_IMPORT,
		   "tag import");
	ck_assert_uint_eq(an.features.eh_shared.count, 2);
	expect_use(P1C_FEATURE_COMPONENT_MODEL, 2, hm.marks[6], NO_FUNC, P1C_EVIDENCE_EXPORT,
		   "cabi_realloc export");
	/* The immutable global's export "h" does not count. */
	expect_only(B(MUTABLE_GLOBAL) | B(LEGACY_EXCEPTIONS) | B(COMPONENT_MODEL));
}
END_TEST

START_TEST(segments_sections_and_constexprs)
{
	analyze(HDR TYPE_V "03 {01 00} 04 {01 70 00 01}"
		"05 {02 00 01 ^00 01}"
		"06 {01 7f 00 ^41 01 41 02 6a 0b}"
		"09 {03 ^01 00 01 00"    /* passive */
		"       ^03 00 01 00"    /* declarative */
		"       ^05 70 01 d2 00 0b}" /* passive, expressions */
		"^0c {02}"
		"0a {01 {00 0b}}"
		"0b {02 ^01 {'ab'} ^02 01 41 00 0b {'c'}}"
		"^00 {{'component-type:x'} 00}");
	expect_use(P1C_FEATURE_MULTI_MEMORY, 2, hm.marks[0], NO_FUNC, P1C_EVIDENCE_SECTION,
		   "more than one memory");
	expect_use(P1C_FEATURE_EXTENDED_CONST, 1, hm.marks[1], NO_FUNC, P1C_EVIDENCE_CONSTEXPR,
		   "arithmetic in a constant expression");
	expect_use(P1C_FEATURE_BULK_MEMORY, 5, hm.marks[2], NO_FUNC, P1C_EVIDENCE_SEGMENT,
		   "passive element segment");
	expect_use(P1C_FEATURE_REFERENCE_TYPES, 1, hm.marks[4], NO_FUNC, P1C_EVIDENCE_SEGMENT,
		   "element segment of expressions");
	expect_use(P1C_FEATURE_COMPONENT_MODEL, 1, hm.marks[8], NO_FUNC, P1C_EVIDENCE_CUSTOM,
		   "component-type custom section");
	expect_only(B(MULTI_MEMORY) | B(EXTENDED_CONST) | B(BULK_MEMORY) | B(REFERENCE_TYPES) |
		    B(COMPONENT_MODEL));
	/* The data count section alone. */
	analyze(HDR "^0c {00}");
	expect_use(P1C_FEATURE_BULK_MEMORY, 1, hm.marks[0], NO_FUNC, P1C_EVIDENCE_SECTION,
		   "data count section");
}
END_TEST

START_TEST(component_preamble)
{
	analyze("00 61 73 6d 0d 00 01 00 01 {00 61 73 6d 01 00 00 00}");
	expect_use(P1C_FEATURE_COMPONENT_MODEL, 1, 0, NO_FUNC, P1C_EVIDENCE_PREAMBLE,
		   "component preamble (version 0x0d, layer 1)");
	expect_only(B(COMPONENT_MODEL));
}
END_TEST

#define TAG_MODULE(body) HDR TYPE_V "03 {01 00} ^0d {01 00 00} 0a {01 {00 " body "}}"

START_TEST(exception_proposals)
{
	/* A tag and throw: valid under both proposals, counted as legacy. */
	analyze(TAG_MODULE("^08 00 0b"));
	expect_use(P1C_FEATURE_LEGACY_EXCEPTIONS, 2, hm.marks[0], NO_FUNC, P1C_EVIDENCE_SECTION,
		   "tag section");
	ck_assert_uint_eq(an.features.eh_shared.count, 2);
	expect_only(B(LEGACY_EXCEPTIONS));
	/* Next to try_table they are the exnref proposal's. */
	analyze(TAG_MODULE("^1f 40 00 08 00 0b 0b"));
	expect_use(P1C_FEATURE_EXCEPTIONS, 3, hm.marks[0], NO_FUNC, P1C_EVIDENCE_SECTION,
		   "tag section");
	expect_only(B(EXCEPTIONS));
	/* Both proposals in one module: try/catch stay legacy. */
	analyze(TAG_MODULE("^06 40 08 00 07 00 0b 1f 40 00 0b 0b"));
	expect_use(P1C_FEATURE_LEGACY_EXCEPTIONS, 2, hm.marks[1], 0, P1C_EVIDENCE_OPCODE, "try");
	expect_use(P1C_FEATURE_EXCEPTIONS, 3, hm.marks[0], NO_FUNC, P1C_EVIDENCE_SECTION,
		   "tag section");
	/* An exnref block type is exnref evidence too. */
	analyze(TAG_MODULE("02 ^69 0b 00 0b"));
	ck_assert_uint_eq(an.features.use[P1C_FEATURE_EXCEPTIONS].count, 2);
	ck_assert_uint_eq(an.features.use[P1C_FEATURE_LEGACY_EXCEPTIONS].count, 0);
}
END_TEST

START_TEST(immediate_details)
{
	/* call_indirect with table 0 as a 5-byte LEB (LLVM 19+). */
	analyze(HDR TYPE_V "03 {01 00} 04 {01 70 00 01}"
		"0a {01 {00 41 00 ^11 00 80 80 80 80 00 0b}}");
	expect_use(P1C_FEATURE_CALL_INDIRECT_OVERLONG, 1, hm.marks[0], 0, P1C_EVIDENCE_OPCODE,
		   "overlong table index");
	expect_only(B(CALL_INDIRECT_OVERLONG));
	/* A load from memory 1 (memarg flag bit 6); the module's second memory comes first. */
	analyze(HDR TYPE_V "03 {01 00} 05 {02 00 01 ^00 01}"
		"0a {01 {00 41 00 ^28 42 01 00 1a 0b}}");
	expect_use(P1C_FEATURE_MULTI_MEMORY, 2, hm.marks[0], NO_FUNC, P1C_EVIDENCE_SECTION,
		   "more than one memory");
	/* A block typed by a function type with a parameter (multi-value). */
	analyze(HDR "01 {01 ^60 01 7f 00} 03 {01 00}"
		"0a {01 {00 41 00 ^02 00 1a 0b 0b}}");
	expect_use(P1C_FEATURE_MULTI_VALUE, 1, hm.marks[1], 0, P1C_EVIDENCE_OPCODE,
		   "block type with parameters or several results");
	/* An instruction's own feature: its name. */
	analyze(HDR TYPE_V "03 {01 00} 0a {01 {00 41 00 ^c0 1a 0b}}");
	expect_use(P1C_FEATURE_SIGN_EXTENSION, 1, hm.marks[0], 0, P1C_EVIDENCE_OPCODE,
		   "i32.extend8_s");
	/* ref.test with an exact heap type (0x62 x): custom-descriptors from the immediate. */
	analyze(HDR "01 {02 5f 00 60 00 00} 03 {01 01}"
		"0a {01 {00 d0 00 ^fb 14 62 00 1a 0b}}");
	expect_use(P1C_FEATURE_CUSTOM_DESCRIPTORS, 1, hm.marks[0], 0, P1C_EVIDENCE_OPCODE,
		   "exact heap type immediate");
	/* ref.get_desc names a type with a descriptor clause, which is an earlier use; its own
	 * detail (custom-descriptors is its row's feature, so its name) shows in the events below. */
	analyze(HDR "01 {02 4e 02 ^4d 01 5f 00 4c 00 5f 00 60 00 00} 03 {01 02}"
		"0a {01 {00 d0 00 fb 22 00 1a 0b}}");
	expect_use(P1C_FEATURE_CUSTOM_DESCRIPTORS, 3, hm.marks[0], NO_FUNC, P1C_EVIDENCE_TYPE,
		   "type with a descriptor clause");
	/* Events straight from the code walk: details of immediates; other events ignored. */
	struct p1c_feature_set set;
	p1c_features_init(&set);
	struct p1c_code_event ev = {.kind = P1C_EV_FEATURE, .offset = 100, .func = 3,
				    .op = P1C_OP_I32_LOAD, .feature = P1C_FEATURE_MULTI_MEMORY};
	p1c_features_on_event(&set, &ev);
	ck_assert_str_eq(set.use[P1C_FEATURE_MULTI_MEMORY].detail, "memory index immediate");
	ck_assert_uint_eq(set.use[P1C_FEATURE_MULTI_MEMORY].first_func, 3);
	ev.op = P1C_OP_CALL_INDIRECT;
	ev.feature = P1C_FEATURE_REFERENCE_TYPES;
	p1c_features_on_event(&set, &ev);
	ck_assert_str_eq(set.use[P1C_FEATURE_REFERENCE_TYPES].detail, "table index immediate");
	ev.op = P1C_OP_REF_GET_DESC;
	ev.feature = P1C_FEATURE_CUSTOM_DESCRIPTORS;
	p1c_features_on_event(&set, &ev);
	ck_assert_str_eq(set.use[P1C_FEATURE_CUSTOM_DESCRIPTORS].detail, "ref.get_desc");
	ev.kind = P1C_EV_CALL;
	ev.feature = P1C_FEATURE_SIMD;
	p1c_features_on_event(&set, &ev);
	ck_assert_uint_eq(set.use[P1C_FEATURE_SIMD].count, 0);
	/* A use at a smaller offset becomes the first; counts add up. */
	ev.kind = P1C_EV_FEATURE;
	ev.offset = 50;
	ev.func = 1;
	ev.op = P1C_OP_SELECT_T;
	ev.feature = P1C_FEATURE_REFERENCE_TYPES;
	p1c_features_on_event(&set, &ev);
	ck_assert_uint_eq(set.use[P1C_FEATURE_REFERENCE_TYPES].count, 2);
	ck_assert_uint_eq(set.use[P1C_FEATURE_REFERENCE_TYPES].first_offset, 50);
	ck_assert_str_eq(set.use[P1C_FEATURE_REFERENCE_TYPES].detail, "select_t");
}
END_TEST

static const char *const simd_and_bulk =
	HDR TYPE_V "03 {01 00} 05 {01 00 01}"
	"07 {02 {'memory'} 02 00 {'_start'} 00 00}"
	"0a {01 {01 01 ^7b 41 00 41 00 41 00 ^fc 0b 00 0b}}";

START_TEST(findings_for_rejected_features)
{
	load_profile("profile: t\nextends: [wasip1]\nfeatures: { simd: false, bulk-memory: false }\n");
	audit_hex(simd_and_bulk);
	uint32_t n;
	const struct p1c_finding *f = p1c020(0, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(audit.nfindings, 2);
	ck_assert_int_eq(f->feature, P1C_FEATURE_SIMD);
	ck_assert_uint_eq(f->offset, hm.marks[0]);
	ck_assert(f->has_offset);
	ck_assert_int_eq(f->section, P1C_SEC_CODE);
	ck_assert_uint_eq(f->function, 0);
	ck_assert_uint_eq(f->count, 1);
	ck_assert_int_eq(f->bites, P1C_BITES_LOAD);
	ck_assert_int_eq(f->severity, P1C_SEV_ERROR);
	ck_assert_ptr_nonnull(strstr(f->message, "uses simd (128-bit fixed-width SIMD): 1 use, "
						  "first: v128 local (type) in func[0] _start"));
	ck_assert_ptr_nonnull(strstr(f->message, "profile 't'"));
	ck_assert_ptr_nonnull(f->help);
	f = p1c020(1, &n);
	ck_assert_int_eq(f->feature, P1C_FEATURE_BULK_MEMORY_OPT);
	ck_assert_uint_eq(f->offset, hm.marks[1]);
	ck_assert_ptr_nonnull(strstr(f->message, "first: memory.fill (opcode)"));
	ck_assert(!audit.pass);
	/* Allowed features are not reported; other findings carry no feature. */
	load_profile("profile: t\nextends: [wasip1]\n");
	audit_hex(simd_and_bulk);
	p1c020(0, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert(audit.pass);
	load_profile("profile: t\nextends: [wasip1]\nmodule: { kind: reactor }\n");
	audit_hex(simd_and_bulk);
	ck_assert_uint_ge(audit.nfindings, 1);
	ck_assert_int_eq(audit.findings[0].feature, -1);
	ck_assert_uint_eq(audit.findings[0].count, 0);
}
END_TEST

START_TEST(shared_exception_evidence_gating)
{
	/* tag + throw: either proposal accepts it. */
	load_profile("profile: t\nextends: [wasip1]\nfeatures: { exceptions: true }\n");
	audit_hex(TAG_MODULE("08 00 0b"));
	uint32_t n;
	p1c020(0, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert(p1c_features_allowed(&prof, &an.features) >> P1C_FEATURE_LEGACY_EXCEPTIONS & 1u);
	/* A real legacy try is not accepted by an exnref-only profile. */
	audit_hex(TAG_MODULE("06 40 08 00 07 00 0b 0b"));
	const struct p1c_finding *f = p1c020(0, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(f->feature, P1C_FEATURE_LEGACY_EXCEPTIONS);
	ck_assert_uint_eq(f->count, 4); /* try, catch, and the shared throw and tag section */
	/* Neither proposal: the tag-and-throw module is legacy-exceptions, at the tag section. */
	load_profile("profile: t\nextends: [wasip1]\n");
	audit_hex(TAG_MODULE("08 00 0b"));
	f = p1c020(0, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(f->feature, P1C_FEATURE_LEGACY_EXCEPTIONS);
	ck_assert_uint_eq(f->offset, hm.marks[0]);
	ck_assert_int_eq(f->section, P1C_SEC_TAG);
	ck_assert_uint_eq(f->function, P1C_NO_FUNC);
	ck_assert_uint_eq(f->count, 2);
}
END_TEST

START_TEST(component_model_never_p1c020)
{
	load_profile("profile: t\nextends: [wasip1]\n");
	audit_hex(HDR TYPE_V "03 {01 00} 05 {01 00 01}"
		  "07 {03 {'memory'} 02 00 {'_start'} 00 00 {'cabi_realloc'} 00 00}"
		  "0a {01 {00 0b}}");
	ck_assert_uint_eq(an.features.use[P1C_FEATURE_COMPONENT_MODEL].count, 1);
	ck_assert(!(p1c_features_allowed(&prof, &an.features) >> P1C_FEATURE_COMPONENT_MODEL & 1u));
	ck_assert_uint_eq(audit.nfindings, 1);
	ck_assert_int_eq(audit.findings[0].rule, P1C_RULE_P1C034);
	/* A component: P1C001 only. */
	audit_hex("00 61 73 6d 0d 00 01 00 01 {00 61 73 6d 01 00 00 00}");
	ck_assert_uint_eq(audit.nfindings, 1);
	ck_assert_int_eq(audit.findings[0].rule, P1C_RULE_P1C001);
}
END_TEST

START_TEST(shipped_profiles_features)
{
	static const char *const dirs[] = {"profiles"};
	struct p1c_profile_search search = {dirs, 1, NULL, 0};
	struct p1c_profile_error err = {0};
	ck_assert(p1c_profile_load("wamr-classic-full", &search, &arena, &prof, &err));
	static const enum p1c_feature on[] = {
		P1C_FEATURE_MEMORY64, P1C_FEATURE_MULTI_MEMORY, P1C_FEATURE_LEGACY_EXCEPTIONS,
		P1C_FEATURE_TAIL_CALL, P1C_FEATURE_THREADS, P1C_FEATURE_GC,
		P1C_FEATURE_FUNCTION_REFERENCES, P1C_FEATURE_EXTENDED_CONST,
		P1C_FEATURE_BULK_MEMORY, P1C_FEATURE_REFERENCE_TYPES};
	static const enum p1c_feature off[] = {
		P1C_FEATURE_SIMD, P1C_FEATURE_RELAXED_SIMD, P1C_FEATURE_EXCEPTIONS,
		P1C_FEATURE_CUSTOM_PAGE_SIZES, P1C_FEATURE_WIDE_ARITHMETIC,
		P1C_FEATURE_COMPONENT_MODEL};
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++)
		ck_assert_msg(p1c_profile_feature_allowed(&prof, on[i]), "%s",
			      p1c_feature_name(on[i]));
	for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		ck_assert_msg(!p1c_profile_feature_allowed(&prof, off[i]), "%s",
			      p1c_feature_name(off[i]));
	/* wasi.thread-spawn is not provided (no LIB_WASI_THREADS). */
	struct p1c_str wasi = {(const uint8_t *)"wasi", 4};
	struct p1c_str spawn = {(const uint8_t *)"thread-spawn", 12};
	ck_assert_ptr_null(p1c_profile_find_import(&prof, wasi, spawn));
	/* wamr-minimal: no SIMD, reference types, bulk memory or threads. */
	ck_assert(p1c_profile_load("wamr-minimal", &search, &arena, &prof, &err));
	ck_assert(!p1c_profile_feature_allowed(&prof, P1C_FEATURE_SIMD));
	ck_assert(!p1c_profile_feature_allowed(&prof, P1C_FEATURE_REFERENCE_TYPES));
	ck_assert(!p1c_profile_feature_allowed(&prof, P1C_FEATURE_BULK_MEMORY));
	ck_assert(!p1c_profile_feature_allowed(&prof, P1C_FEATURE_THREADS));
	ck_assert(p1c_profile_feature_allowed(&prof, P1C_FEATURE_MULTI_VALUE));
}
END_TEST

Suite *features_suite(void)
{
	Suite *s = suite_create("features");
	TCase *tc = tcase_create("scan");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, limits_flags_and_counts);
	tcase_add_test(tc, value_types_outside_code);
	tcase_add_test(tc, gc_types);
	tcase_add_test(tc, custom_descriptors_outside_code);
	tcase_add_test(tc, locals_are_scanned);
	tcase_add_test(tc, imports_and_exports);
	tcase_add_test(tc, segments_sections_and_constexprs);
	tcase_add_test(tc, component_preamble);
	tcase_add_test(tc, exception_proposals);
	tcase_add_test(tc, immediate_details);
	suite_add_tcase(s, tc);
	tc = tcase_create("gating");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, findings_for_rejected_features);
	tcase_add_test(tc, shared_exception_evidence_gating);
	tcase_add_test(tc, component_model_never_p1c020);
	tcase_add_test(tc, shipped_profiles_features);
	suite_add_tcase(s, tc);
	return s;
}
