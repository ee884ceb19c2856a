/* Rules: import resolution (fallback, aliases, deny, exact types), bites per runtime policy,
 * entry points, limits with custom page sizes, ordering and verdicts. Modules are written in
 * the annotated hex of hexmod.h; profiles are inline YAML extending the shipped wasip1. */
#include <check.h>
#include <string.h>

#include "hexmod.h"
#include "wasm/module.h"
#include "profile/profile.h"
#include "rules/rules.h"
#include "suites.h"

#define HDR "00 61 73 6d 01 00 00 00 "
#define TYPE_I_I "01 {01 60 01 7f 01 7f} " /* type 0: (i32) -> i32 */

static struct hexmod hm;
static struct p1c_arena arena;
static struct p1c_module mod;
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

static void load_profile(const char *yaml)
{
	static const char *const dirs[] = {"profiles"};
	struct p1c_profile_search search = {dirs, 1, NULL, 0};
	struct p1c_profile_error err = {0};
	ck_assert_msg(p1c_profile_load_text(yaml, strlen(yaml), "test.yaml", &search, &arena, &prof, &err),
		      "profile: %s:%u:%u: %s", err.file, err.line, err.column, err.msg);
}

static void audit_hex(const char *hex, enum p1c_severity fail_on)
{
	struct p1c_error err = {0};
	struct p1c_rules_opts opts = {.fail_on = (enum p1c_fail_on)fail_on, .max_paths = 3};
	static struct p1c_analysis analysis;
	hexmod_build(&hm, hex);
	ck_assert_msg(p1c_module_parse(hm.buf, 0, hm.len, &arena, &mod, &err), "parse: %s", err.msg);
	ck_assert(p1c_analyze(&mod, &arena, &analysis));
	ck_assert(p1c_rules_run(&mod, &analysis, &prof, &opts, &arena, &audit));
}

static struct p1c_finding *finding(uint32_t i, enum p1c_rule rule)
{
	ck_assert_uint_lt(i, audit.nfindings);
	ck_assert_msg(audit.findings[i].rule == rule, "finding %u is %s, expected %s", i,
		      p1c_rule_id(audit.findings[i].rule), p1c_rule_id(rule));
	return &audit.findings[i];
}

static struct p1c_str S(const char *s)
{
	return (struct p1c_str){(const uint8_t *)s, (uint32_t)strlen(s)};
}

START_TEST(wasip2_names)
{
	ck_assert(p1c_is_wasip2_import(S("wasi:sockets/udp@0.2.0"), S("[resource-drop]udp-socket")));
	ck_assert(p1c_is_wasip2_import(S("cm32p2|wasi:io/poll@0.2"), S("pollable_drop")));
	ck_assert(p1c_is_wasip2_import(S("wasi_snapshot_preview1"), S("adapter_close_badfd")));
	ck_assert(!p1c_is_wasip2_import(S("wasi_snapshot_preview1"), S("fd_close")));
	ck_assert(!p1c_is_wasip2_import(S("wasi_unstable"), S("adapter_close_badfd")));
	ck_assert(!p1c_is_wasip2_import(S("wasi"), S("thread-spawn")));
	ck_assert(!p1c_is_wasip2_import(S("env"), S("wasi:x")));
}
END_TEST

/* Six imports of type (i32) -> i32, each resolving differently; _start calls all six. */
#define CALL_IMPORT(n) "41 00 10 0" #n " 1a "
static const char *const six_imports =
	HDR "01 {02 60 01 7f 01 7f 60 00 00}"
	"02 {06"
	"  ^{'wasi_snapshot_preview1'} {'fd_close'} 00 00"  /* provided */
	"  ^{'wasi_snapshot_preview1'} {'_fd_close'} 00 00" /* provided through `_` fallback */
	"  ^{'wasi_unstable'} {'fd_close'} 00 00"           /* provided through the alias */
	"  ^{'wasi_snapshot_preview1'} {'fd_sync'} 00 00"   /* denied by pattern */
	"  ^{'wasi:io/poll@0.2.0'} {'poll'} 00 00"          /* WASI 0.2 */
	"  ^{'wasi_snapshot_preview1'} {'fd_write'} 00 00}" /* wrong type */
	"03 {01 01} 05 {01 00 01} 07 {02 {'memory'} 02 00 {'_start'} 00 06}"
	"0a {01 {00 " CALL_IMPORT(0) CALL_IMPORT(1) CALL_IMPORT(2) CALL_IMPORT(3) CALL_IMPORT(4)
	CALL_IMPORT(5) "0b}}";

/* The same imports, called by nobody. */
static const char *const six_dead_imports =
	HDR "01 {02 60 01 7f 01 7f 60 00 00}"
	"02 {06 {'wasi_snapshot_preview1'} {'fd_close'} 00 00"
	"  {'wasi_snapshot_preview1'} {'_fd_close'} 00 00 {'wasi_unstable'} {'fd_close'} 00 00"
	"  {'wasi_snapshot_preview1'} {'fd_sync'} 00 00 {'wasi:io/poll@0.2.0'} {'poll'} 00 00"
	"  {'wasi_snapshot_preview1'} {'fd_write'} 00 00}"
	"03 {01 01} 05 {01 00 01} 07 {02 {'memory'} 02 00 {'_start'} 00 06} 0a {01 {00 0b}}";

#define TRAP_PROFILE                                                                              \
	"profile: t\nextends: [wasip1]\n"                                                         \
	"runtime:\n  unresolved-imports: trap-on-call\n  import-underscore-fallback: true\n"      \
	"  module-aliases: { wasi_unstable: wasi_snapshot_preview1 }\n"                            \
	"deny:\n  - { pattern: 'wasi_snapshot_preview1#fd_sync', reason: 'no flash sync' }\n"

START_TEST(imports_on_trap_on_call_runtime)
{
	load_profile(TRAP_PROFILE);
	audit_hex(six_imports, P1C_SEV_ERROR);
	static const enum p1c_import_status want[] = {
		P1C_IMPORT_PROVIDED, P1C_IMPORT_PROVIDED, P1C_IMPORT_PROVIDED,
		P1C_IMPORT_DENIED, P1C_IMPORT_DENIED /* wasip1 denies wasi:* */, P1C_IMPORT_MISMATCH};
	for (uint32_t i = 0; i < 6; i++)
		ck_assert_msg(audit.import_status[i] == want[i], "import %u: %s", i,
			      p1c_import_status_name(audit.import_status[i]));
	ck_assert_uint_eq(audit.nfindings, 3);
	const struct p1c_finding *f = finding(0, P1C_RULE_P1C011);
	ck_assert_uint_eq(f->offset, hm.marks[3]);
	ck_assert_uint_eq(f->import, 3);
	ck_assert_ptr_nonnull(strstr(f->message, "no flash sync"));
	f = finding(1, P1C_RULE_P1C010);
	ck_assert_uint_eq(f->offset, hm.marks[4]);
	ck_assert_int_eq(f->bites, P1C_BITES_CALL);
	ck_assert_int_eq(f->severity, P1C_SEV_ERROR);
	f = finding(2, P1C_RULE_P1C012);
	ck_assert_ptr_nonnull(strstr(f->message, "(i32) -> i32"));
	ck_assert_ptr_nonnull(strstr(f->message, "(i32 i32 i32 i32) -> i32"));
	ck_assert(!audit.pass);
	ck_assert_uint_eq(audit.counts[P1C_SEV_ERROR], 3);
	for (uint32_t i = 0; i < 3; i++) {
		ck_assert_int_eq(audit.findings[i].reachable, P1C_REACH_YES);
		ck_assert_uint_eq(audit.findings[i].npaths, 1); /* _start -> the import */
		ck_assert_uint_eq(audit.findings[i].paths[0].nsteps, 2);
	}
}
END_TEST

/* _start calls env#f only under an `if` and env#g unconditionally: on a trap-on-call runtime
 * both bite at call, but only g surely does. Without g nothing surely fails: the verdict
 * line says "may fail at call" (earliest_certain_bites NA). */
static const char *const branch_imports =
	HDR "01 {01 60 00 00}"
	"02 {02 {'env'} {'f'} 00 00 {'env'} {'g'} 00 00}"
	"03 {01 00} 05 {01 00 01} 07 {02 {'memory'} 02 00 {'_start'} 00 02}"
	"0a {01 {00 41 00 04 40 10 00 0b %s 0b}}";

START_TEST(earliest_certain_bites_leaves_out_may)
{
	char hex[512];
	load_profile(TRAP_PROFILE);
	snprintf(hex, sizeof(hex), branch_imports, "");
	audit_hex(hex, P1C_SEV_ERROR);
	ck_assert_int_eq(finding(0, P1C_RULE_P1C011)->certainty, P1C_CERTAINTY_CONDITIONAL);
	ck_assert_int_eq(audit.earliest_bites, P1C_BITES_CALL);
	ck_assert_int_eq(audit.earliest_certain_bites, P1C_BITES_NA);
	ck_assert_int_eq(audit.init_blocked, P1C_BITES_NA);
	snprintf(hex, sizeof(hex), branch_imports, "10 01");
	audit_hex(hex, P1C_SEV_ERROR);
	ck_assert_int_eq(finding(1, P1C_RULE_P1C011)->certainty, P1C_CERTAINTY_ALWAYS);
	ck_assert_int_eq(audit.earliest_bites, P1C_BITES_CALL);
	ck_assert_int_eq(audit.earliest_certain_bites, P1C_BITES_CALL);
}
END_TEST

START_TEST(dead_imports_never_bite_on_trap_on_call_runtime)
{
	load_profile(TRAP_PROFILE);
	audit_hex(six_dead_imports, P1C_SEV_ERROR);
	/* Imports 0-2 are provided but dead (P1C060 notes); 3-5 are offending but dead. */
	ck_assert_uint_eq(audit.nfindings, 6);
	for (uint32_t i = 0; i < 6; i++) {
		ck_assert_int_eq(audit.findings[i].bites, P1C_BITES_NEVER);
		ck_assert_int_eq(audit.findings[i].reachable, P1C_REACH_NO);
		ck_assert_uint_eq(audit.findings[i].npaths, 0);
		ck_assert_int_eq(audit.findings[i].severity, i < 3 ? P1C_SEV_NOTE : P1C_SEV_WARNING);
		ck_assert_int_eq(audit.findings[i].rule == P1C_RULE_P1C060, i < 3);
	}
	ck_assert(audit.pass);
	ck_assert_int_eq(audit.init_blocked, P1C_BITES_NA); /* dead imports link (trap on call) */
	audit_hex(six_dead_imports, P1C_SEV_NOTE);
	ck_assert(!audit.pass);
	/* A link-error runtime refuses the offending ones all the same: nothing after linking runs. */
	load_profile("profile: t\nextends: [wasip1]\n");
	audit_hex(six_dead_imports, P1C_SEV_ERROR);
	ck_assert_int_eq(audit.init_blocked, P1C_BITES_INSTANTIATE);
	const struct p1c_finding *f = finding(1, P1C_RULE_P1C011); /* _fd_close: no fallback */
	ck_assert_int_eq(f->bites, P1C_BITES_INSTANTIATE);
	ck_assert_int_eq(f->severity, P1C_SEV_ERROR);
	ck_assert(!audit.pass);
}
END_TEST

START_TEST(imports_on_link_error_runtime)
{
	load_profile("profile: t\nextends: [wasip1]\nmodule: { kind: any }\n");
	audit_hex(six_imports, P1C_SEV_ERROR);
	ck_assert_int_eq(audit.import_status[0], P1C_IMPORT_PROVIDED);
	ck_assert_int_eq(audit.import_status[1], P1C_IMPORT_MISSING); /* no fallback */
	ck_assert_int_eq(audit.import_status[2], P1C_IMPORT_MISSING); /* no alias */
	ck_assert_int_eq(audit.import_status[3], P1C_IMPORT_PROVIDED);
	ck_assert_uint_eq(audit.nfindings, 4);
	for (uint32_t i = 0; i < audit.nfindings; i++) {
		ck_assert_int_eq(audit.findings[i].bites, P1C_BITES_INSTANTIATE);
		if (i)
			ck_assert_uint_lt(audit.findings[i - 1].offset, audit.findings[i].offset);
	}
}
END_TEST

static const char *const both_entries =
	HDR "01 {01 60 00 00} 03 {02 00 00} 05 {01 00 01}"
	"07 {03 {'memory'} 02 00 ^{'_start'} 00 00 {'_initialize'} 00 01}"
	"0a {02 {00 0b} {00 0b}}";

START_TEST(both_entries_follow_the_runtime)
{
	load_profile("profile: t\nextends: [wasip1]\nmodule: { start-and-initialize: run-both }\n");
	audit_hex(both_entries, P1C_SEV_ERROR);
	const struct p1c_finding *f = finding(0, P1C_RULE_P1C030);
	ck_assert_uint_eq(audit.nfindings, 1);
	ck_assert_uint_eq(f->offset, hm.marks[0]);
	ck_assert_int_eq(f->severity, P1C_SEV_WARNING);
	ck_assert_int_eq(f->bites, P1C_BITES_NEVER);
	ck_assert(audit.pass);
	audit_hex(both_entries, P1C_SEV_WARNING);
	ck_assert(!audit.pass);
	load_profile("profile: t\nextends: [wasip1]\nmodule: { start-and-initialize: refuse }\n");
	audit_hex(both_entries, P1C_SEV_ERROR);
	ck_assert_int_eq(finding(0, P1C_RULE_P1C030)->severity, P1C_SEV_ERROR);
	ck_assert(!audit.pass);
}
END_TEST

START_TEST(entry_point_shapes)
{
	load_profile("profile: t\nextends: [wasip1]\n");
	/* _start takes a parameter; no WASI import, memory exported. */
	audit_hex(HDR "01 {01 60 01 7f 00} 03 {01 00} 05 {01 00 01}"
		  "07 {02 {'memory'} 02 00 ^{'_start'} 00 00} 0a {01 {00 0b}}", P1C_SEV_ERROR);
	ck_assert_uint_eq(audit.nfindings, 1);
	ck_assert_uint_eq(finding(0, P1C_RULE_P1C031)->offset, hm.marks[0]);
	ck_assert_int_eq(finding(0, P1C_RULE_P1C031)->bites, P1C_BITES_CALL); /* wasip1 entry-checks */
	ck_assert_int_eq(audit.kind, P1C_KIND_COMMAND_MODULE);
	/* A library that imports WASI but exports no memory: no entry point (a warning: only a
	 * host that runs the entry point fails), memory missing (a WASI call fails). */
	audit_hex(HDR TYPE_I_I "02 {01 {'wasi_snapshot_preview1'} {'fd_close'} 00 00}",
		  P1C_SEV_ERROR);
	ck_assert_int_eq(audit.kind, P1C_KIND_LIBRARY_MODULE);
	ck_assert_uint_eq(audit.nfindings, 3);
	ck_assert_int_eq(finding(0, P1C_RULE_P1C031)->bites, P1C_BITES_CALL);
	ck_assert_int_eq(finding(0, P1C_RULE_P1C031)->severity, P1C_SEV_WARNING);
	ck_assert_int_eq(finding(1, P1C_RULE_P1C032)->bites, P1C_BITES_CALL);
	ck_assert_int_eq(finding(2, P1C_RULE_P1C060)->severity, P1C_SEV_NOTE); /* nothing calls it */
}
END_TEST

/* f0 = import myhost.f () -> (); f1 = _initialize () -> (); f2 = setup (i32) -> ();
 * f3 = __wasm_call_ctors () -> (); memory exported. */
static const char *const init_module =
	HDR "01 {02 60 00 00 60 01 7f 00} 02 {01 {'myhost'} {'f'} 00 00} 03 {03 00 01 00}"
	"05 {01 00 01}"
	"07 {04 {'memory'} 02 00 {'_initialize'} 00 01 ^{'setup'} 00 02 {'__wasm_call_ctors'} 00 03}"
	"0a {03 {00 0b} {00 0b} {00 0b}}";

#define INIT_PROFILE(WASI)                                                                     \
	"profile: t\nextends: [wasip1]\nmodule: { kind: any }\n"                                 \
	"runtime:\n  wasi-modules: [" WASI "]\n  init-functions:\n"                              \
	"    - { call: _initialize, when: imports-wasi }\n"                                       \
	"    - { call: setup, wrong-type: fail }\n"                                               \
	"    - { call: __wasm_call_ctors, when: [\"feature:memory64\"] }\n"                        \
	"    - absent_one\n"

START_TEST(init_sequence_conditions)
{
	struct p1c_cond c;
	ck_assert(p1c_cond_parse("feature:simd", &c) && c.kind == P1C_COND_FEATURE);
	ck_assert(p1c_cond_parse("no-export:_start", &c) && strcmp(c.name, "_start") == 0);
	ck_assert(!p1c_cond_parse("export:", &c));
	ck_assert(!p1c_cond_parse("feature:warp", &c));
	ck_assert(!p1c_cond_parse("sometimes", &c));
	/* myhost counts as WASI: _initialize runs, setup's type fails instantiation,
	 * __wasm_call_ctors waits for memory64, absent_one is not there. */
	load_profile(INIT_PROFILE("myhost"));
	audit_hex(init_module, P1C_SEV_ERROR);
	const struct p1c_init_sequence *seq = &audit.init;
	ck_assert(audit.has_init && seq->imports_wasi);
	ck_assert_uint_eq(seq->nsteps, 4);
	ck_assert_int_eq(seq->steps[0].outcome, P1C_INIT_RUNS);
	ck_assert_uint_eq(seq->steps[0].func, 1);
	ck_assert_int_eq(seq->steps[1].outcome, P1C_INIT_FAILS);
	ck_assert_ptr_nonnull(strstr(seq->steps[1].reason, "(i32) -> ()"));
	ck_assert_int_eq(seq->steps[2].outcome, P1C_INIT_SKIPPED);
	ck_assert_str_eq(seq->steps[2].reason, "the runtime is built without memory64");
	ck_assert_int_eq(seq->steps[3].outcome, P1C_INIT_ABSENT);
	ck_assert_uint_eq(seq->nruns, 1);
	ck_assert_uint_eq(seq->runs[0], 1);
	ck_assert_uint_eq(audit.nfindings, 2); /* P1C011 myhost#f (link-error), P1C031 setup */
	ck_assert_int_eq(finding(0, P1C_RULE_P1C011)->bites, P1C_BITES_INSTANTIATE);
	ck_assert_int_eq(finding(1, P1C_RULE_P1C031)->bites, P1C_BITES_INSTANTIATE);
	ck_assert_uint_eq(finding(1, P1C_RULE_P1C031)->offset, hm.marks[0]);
	ck_assert_int_eq(audit.earliest_bites, P1C_BITES_INSTANTIATE);
	ck_assert_int_eq(audit.earliest_certain_bites, P1C_BITES_INSTANTIATE);
	/* Without WASI imports nothing runs the constructors: P1C035 for both init exports. */
	load_profile(INIT_PROFILE("other"));
	audit_hex(init_module, P1C_SEV_ERROR);
	ck_assert(!audit.init.imports_wasi);
	ck_assert_int_eq(audit.init.steps[0].outcome, P1C_INIT_SKIPPED);
	ck_assert_uint_eq(audit.init.nruns, 0);
	uint32_t never = 0;
	for (uint32_t i = 0; i < audit.nfindings; i++)
		never += audit.findings[i].rule == P1C_RULE_P1C035 &&
			 audit.findings[i].bites == P1C_BITES_NEVER;
	ck_assert_uint_eq(never, 2);
	ck_assert_uint_eq(audit.nfindings, 4);
}
END_TEST

START_TEST(limits_honour_page_sizes)
{
	load_profile("profile: t\nextends: [wasip1]\nmodule: { kind: any }\n"
		     "features: { custom-page-sizes: true }\n"
		     "limits: { max-initial-memory: 16MiB, max-memory: 16MiB }\n");
	/* 65536 pages of 1 byte (custom page size, log2 0) = 64 KiB: within limits. */
	audit_hex(HDR "05 {01 08 80 80 04 00}", P1C_SEV_ERROR);
	ck_assert_uint_eq(audit.nfindings, 0);
	ck_assert(audit.pass);
	/* 257 pages of 64 KiB = 16 MiB + 64 KiB initial, maximum 65536 pages = 4 GiB. */
	audit_hex(HDR "05 {01 ^01 81 02 80 80 04}", P1C_SEV_ERROR);
	ck_assert_uint_eq(audit.nfindings, 2);
	ck_assert_ptr_nonnull(strstr(finding(0, P1C_RULE_P1C040)->message, "max-initial-memory"));
	ck_assert_ptr_nonnull(strstr(finding(1, P1C_RULE_P1C040)->message, "4 GiB"));
}
END_TEST

static struct p1c_finding *finding_of(enum p1c_rule rule)
{
	for (uint32_t i = 0; i < audit.nfindings; i++)
		if (audit.findings[i].rule == rule)
			return &audit.findings[i];
	ck_abort_msg("no %s finding", p1c_rule_id(rule));
	return NULL;
}

/* Waivers match the subject the rule sets, not the message: each finding's message is
 * formatted anew with other words (what a reworded rule would print), and the waivers that
 * name its subject still accept it; one naming a quoted word of the message, or another kind
 * of subject, does not. */
START_TEST(waivers_match_subject_not_message)
{
	load_profile("profile: t\nextends: [wasip1]\nmodule: { exports: { app_main: \"() -> i32\" } }\n"
		     "limits: { max-initial-memory: 64KiB }\n");
	audit_hex(HDR "01 {01 60 00 00} 03 {01 00} 05 {01 00 02}"
		  "07 {02 {'memory'} 02 00 {'_start'} 00 00} 0a {01 {00 0b}}", P1C_SEV_ERROR);
	ck_assert_uint_eq(audit.nfindings, 2);
	struct p1c_finding *limit = finding_of(P1C_RULE_P1C040), *missing = finding_of(P1C_RULE_P1C033);
	ck_assert_int_eq(limit->subject.kind, P1C_SUBJECT_LIMIT);
	ck_assert(p1c_str_eq(limit->subject.name, "max-initial-memory"));
	ck_assert_int_eq(missing->subject.kind, P1C_SUBJECT_EXPORT);
	ck_assert(p1c_str_eq(missing->subject.name, "app_main"));
	for (uint32_t i = 0; i < audit.nfindings; i++)
		audit.findings[i].message = p1c_arena_printf(&arena, "reworded: a %s finding quoting \"app_main\"",
			p1c_subject_kind_name(audit.findings[i].subject.kind));
	const struct p1c_waiver w[] = {
		{.rule = "limits", .limit = "max-initial-memory", .reason = "a"},
		{.rule = "P1C033", .export_name = "app_main", .reason = "b"},
		{.rule = "P1C040", .export_name = "app_main", .reason = "c"}, /* quoted, not the subject */
		{.rule = "P1C033", .limit = "app_main", .reason = "d"},       /* not a limit */
	};
	uint32_t hits[4] = {0};
	struct p1c_rules_opts opts = {.fail_on = P1C_FAIL_ON_ERROR};
	ck_assert(p1c_waivers_apply(w, 4, "app.wasm", &opts, &audit, hits));
	ck_assert_uint_eq(hits[0], 1);
	ck_assert_uint_eq(hits[1], 1);
	ck_assert_uint_eq(hits[2], 0);
	ck_assert_uint_eq(hits[3], 0);
	ck_assert_str_eq(limit->suppressed, "a");
	ck_assert_str_eq(missing->suppressed, "b");
	ck_assert(audit.pass);
	/* An import glob sees "module#name" even when the module name is empty. */
	load_profile("profile: t\nextends: [wasip1]\nmodule: { kind: any }\n");
	audit_hex(HDR "01 {01 60 00 00} 02 {01 {''} {'f'} 00 00}", P1C_SEV_ERROR);
	struct p1c_finding *unnamed = finding_of(P1C_RULE_P1C011);
	ck_assert_uint_eq(unnamed->subject.module.len, 0);
	unnamed->message = "reworded";
	const struct p1c_waiver hash[] = {{.rule = "P1C011", .import = "#f", .reason = "e"},
					  {.rule = "P1C011", .import = "f", .reason = "f"}};
	uint32_t hash_hits[2] = {0};
	ck_assert(p1c_waivers_apply(hash, 2, "app.wasm", &opts, &audit, hash_hits));
	ck_assert_uint_eq(hash_hits[0], 1);
	ck_assert_uint_eq(hash_hits[1], 0);
	/* P1C030 is about two exports: either name accepts it. */
	load_profile("profile: t\nextends: [wasip1]\nmodule: { start-and-initialize: refuse }\n");
	audit_hex(both_entries, P1C_SEV_ERROR);
	finding(0, P1C_RULE_P1C030)->message = "reworded";
	const struct p1c_waiver both[] = {{.rule = "P1C030", .export_name = "_initialize", .reason = "x"},
					  {.rule = "P1C030", .export_name = "_start", .reason = "y"}};
	uint32_t both_hits[2] = {0};
	ck_assert(p1c_waivers_apply(both, 2, "app.wasm", &opts, &audit, both_hits));
	ck_assert_uint_eq(both_hits[0], 1);
	ck_assert_uint_eq(both_hits[1], 1);
	ck_assert(audit.pass);
}
END_TEST

START_TEST(component_is_one_finding)
{
	load_profile("profile: t\nextends: [wasip1]\n");
	audit_hex("00 61 73 6d 0d 00 01 00 01 {^00 61 73 6d 01 00 00 00}", P1C_SEV_ERROR);
	ck_assert_int_eq(audit.kind, P1C_KIND_COMPONENT_MODULE);
	ck_assert_uint_eq(audit.nfindings, 1);
	const struct p1c_finding *f = finding(0, P1C_RULE_P1C001);
	ck_assert_uint_eq(f->offset, 0);
	ck_assert_ptr_nonnull(strstr(f->message, "1 core module at 0xa"));
}
END_TEST

START_TEST(malformed_is_p1c002_with_offset)
{
	struct p1c_error err = {.code = P1C_ERR_TRUNCATED, .offset = 0x1a, .section = P1C_SEC_IMPORT,
				.item = 3};
	strcpy(err.msg, "unexpected end of import section");
	struct p1c_rules_opts opts = {.fail_on = P1C_FAIL_ON_ERROR};
	ck_assert(p1c_rules_malformed(&err, &opts, &arena, &audit));
	ck_assert_int_eq(audit.kind, P1C_KIND_INVALID_MODULE);
	const struct p1c_finding *f = finding(0, P1C_RULE_P1C002);
	ck_assert(f->has_offset);
	ck_assert_uint_eq(f->offset, 0x1a);
	ck_assert_str_eq(f->message, "unexpected end of import section (entry 3)");
	ck_assert(!audit.pass);
}
END_TEST

START_TEST(rule_table)
{
	ck_assert_str_eq(p1c_rule_id(P1C_RULE_P1C001), "P1C001");
	ck_assert_str_eq(p1c_rule_slug(P1C_RULE_P1C010), "wasip2-import");
	ck_assert_int_eq(p1c_rule_default_severity(P1C_RULE_P1C034), P1C_SEV_WARNING);
	for (int i = 1; i < P1C_RULE_COUNT; i++)
		ck_assert_int_lt(strcmp(p1c_rule_id((enum p1c_rule)(i - 1)), p1c_rule_id((enum p1c_rule)i)), 0);
}
END_TEST

Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, wasip2_names);
	tcase_add_test(tc, imports_on_trap_on_call_runtime);
	tcase_add_test(tc, imports_on_link_error_runtime);
	tcase_add_test(tc, dead_imports_never_bite_on_trap_on_call_runtime);
	tcase_add_test(tc, earliest_certain_bites_leaves_out_may);
	tcase_add_test(tc, both_entries_follow_the_runtime);
	tcase_add_test(tc, entry_point_shapes);
	tcase_add_test(tc, init_sequence_conditions);
	tcase_add_test(tc, limits_honour_page_sizes);
	tcase_add_test(tc, waivers_match_subject_not_message);
	tcase_add_test(tc, component_is_one_finding);
	tcase_add_test(tc, malformed_is_p1c002_with_offset);
	tcase_add_test(tc, rule_table);
	suite_add_tcase(s, tc);
	return s;
}
