/* P1C020: one finding per feature the module uses and the profile's runtime lacks, at its
 * first use, with the number of uses. Runtimes refuse such modules while loading them
 * (WAMR 2.4.5 core/iwasm/interpreter/wasm_loader.c: "unsupported opcode", "invalid limits
 * flags", "invalid section id"), so every finding bites at load.
 *
 * Two features are special:
 *  - A tag or `throw` alone is valid under both exception-handling proposals (spec 3.0;
 *    the legacy one in document/legacy/exceptions). featureset.c counts such shared
 *    evidence as legacy-exceptions unless the module shows exnref evidence; a profile that allows only
 *    `exceptions` still accepts it.
 *  - component-model is never reported here. A component binary is P1C001's; in a core
 *    module the markers (cabi_realloc / cabi_post_* exports, component-type custom sections)
 *    do not stop any runtime from loading it, and the exports are P1C034's warning. The
 *    feature list of the JSON report still shows them.
 * The runtimes' own messages are kept in the shipped profiles as comments (the `features:`
 * blocks), not in the findings: the profile format has no place for them. */
#include <stdio.h>

#include "rules/rules_internal.h"

#define STR(s) (int)(s).len, (const char *)(s).ptr

/* What to change in the build, per feature; NULL where there is no short answer. Compiler
 * defaults: LLVM 19 enabled multivalue and reference-types (llvm/llvm-project#80923), LLVM 20
 * nontrapping-fptoint and bulk-memory (llvm/llvm-project#112049); the lime1 CPU is
 * WebAssembly/tool-conventions Lime.md. */
static const char *const feature_help[P1C_FEATURE_COUNT] = {
	[P1C_FEATURE_MUTABLE_GLOBAL] = "a mutable global crosses the module boundary, usually a "
		"PIC or dynamically linked build (env.__stack_pointer, GOT.*): link a static "
		"executable (clang: -mno-mutable-globals)",
	[P1C_FEATURE_SATURATING_FLOAT_TO_INT] = "clang: -mno-nontrapping-fptoint (on by "
		"default since LLVM 20), or -mcpu=mvp",
	[P1C_FEATURE_SIGN_EXTENSION] = "clang: -mno-sign-ext, or -mcpu=mvp",
	[P1C_FEATURE_MULTI_VALUE] = "clang: -mno-multivalue (on by default since LLVM 19), or "
		"-mcpu=mvp",
	[P1C_FEATURE_BULK_MEMORY] = "clang: -mno-bulk-memory (on by default since LLVM 20: "
		"memcpy/memset become memory.copy/memory.fill), or -mcpu=mvp",
	[P1C_FEATURE_REFERENCE_TYPES] = "clang: -mno-reference-types (on by default since LLVM "
		"19, which then also writes call_indirect table indices as 5-byte LEBs), or "
		"-mcpu=mvp",
	[P1C_FEATURE_SIMD] = "build without -msimd128 (and without SIMD intrinsics or "
		"auto-vectorisation for wasm)",
	[P1C_FEATURE_RELAXED_SIMD] = "build without -mrelaxed-simd",
	[P1C_FEATURE_THREADS] = "build for wasm32-wasip1 without -matomics/-pthread (not "
		"wasm32-wasip1-threads), or use a runtime built with shared memory and atomics",
	[P1C_FEATURE_TAIL_CALL] = "build without -mtail-call",
	[P1C_FEATURE_LEGACY_EXCEPTIONS] = "C++: build with -fno-exceptions instead of "
		"-fwasm-exceptions, or use a runtime built with exception handling (tags and "
		"throw alone count as legacy exceptions)",
	[P1C_FEATURE_EXCEPTIONS] = "C++: build with -fno-exceptions instead of "
		"-fwasm-exceptions with the exnref encoding",
	[P1C_FEATURE_EXTENDED_CONST] = "clang: -mno-extended-const",
	[P1C_FEATURE_FUNCTION_REFERENCES] = "typed function references come from GC-language "
		"toolchains: use a linear-memory (non-GC) target",
	[P1C_FEATURE_GC] = "Wasm GC output: use the toolchain's linear-memory (non-GC) target",
	[P1C_FEATURE_MEMORY64] = "build for wasm32, not wasm64",
	[P1C_FEATURE_MULTI_MEMORY] = "clang: -mno-multimemory; the device runtime has one memory",
	[P1C_FEATURE_CUSTOM_PAGE_SIZES] = "declare the memory with the default 64 KiB pages",
	[P1C_FEATURE_WIDE_ARITHMETIC] = "clang: -mno-wide-arithmetic",
	[P1C_FEATURE_CUSTOM_DESCRIPTORS] = "Wasm GC output with custom descriptors (Binaryen: "
		"without --enable-custom-descriptors): use the toolchain's linear-memory (non-GC) "
		"target",
	[P1C_FEATURE_BULK_MEMORY_OPT] = "clang: -mno-bulk-memory -mno-bulk-memory-opt (LLVM 20 "
		"turns memcpy/memset into memory.copy/memory.fill), or -mcpu=mvp",
	[P1C_FEATURE_CALL_INDIRECT_OVERLONG] = "clang: -mno-reference-types "
		"-mno-call-indirect-overlong (LLVM 19+ writes call_indirect table indices as 5-byte "
		"LEBs), or -mcpu=mvp; the runtime needs reference types or lime1",
	[P1C_FEATURE_U64_LIMITS] = "write the memory's or table's bounds as LEBs of at most 5 "
		"bytes (a u32, as WebAssembly 2.0 decoders read them)",
};

static bool accepted(const struct p1c_profile *p, const struct p1c_feature_set *set,
		     enum p1c_feature f)
{
	if (p1c_profile_feature_allowed(p, f))
		return true;
	/* Only shared evidence counted as legacy-exceptions: either proposal will do. */
	return f == P1C_FEATURE_LEGACY_EXCEPTIONS && set->use[P1C_FEATURE_EXCEPTIONS].count == 0 &&
	       set->use[f].count == set->eh_shared.count &&
	       p1c_profile_feature_allowed(p, P1C_FEATURE_EXCEPTIONS);
}

/* The section holding offset, for the finding's location; none for a component. */
static int section_at(const struct p1c_module *m, uint64_t offset)
{
	const struct p1c_section *s = p1c_module_section_at(m, offset);
	return s ? s->id : P1C_SECTION_NONE;
}

/* " in func[N] name" or "". */
static void where_text(const struct p1c_module *m, uint32_t func, char *buf, size_t size)
{
	buf[0] = '\0';
	if (func == P1C_NO_FUNC)
		return;
	struct p1c_str name = p1c_module_func_name(m, func);
	snprintf(buf, size, " in func[%u]%s%.*s", func, name.len ? " " : "", STR(name));
}

static void report(struct rules_ctx *ctx, enum p1c_feature f, const struct p1c_feature_use *use)
{
	const struct p1c_module *m = ctx->module;
	struct p1c_finding *fi = rules_add(ctx, P1C_RULE_P1C020, use->first_offset,
					   section_at(m, use->first_offset));
	if (!fi)
		return;
	char where[200];
	where_text(m, use->first_func, where, sizeof(where));
	fi->has_offset = true;
	fi->bites = P1C_BITES_LOAD;
	fi->function = use->first_func;
	fi->feature = (int)f;
	rules_subject(fi, P1C_SUBJECT_FEATURE, p1c_feature_name(f));
	fi->count = use->count;
	fi->message = rules_printf(ctx,
		"uses %s (%s): %u use%s, first: %s (%s)%s; profile '%s' does not support it",
		p1c_feature_name(f), p1c_feature_description(f), use->count,
		use->count == 1 ? "" : "s", use->detail ? use->detail : "?",
		p1c_evidence_name((enum p1c_evidence)use->evidence), where, ctx->profile->name);
	fi->help = feature_help[f];
}

_Static_assert(P1C_FEATURE_COUNT <= 32, "the verdicts must fit p1c_audit.features_allowed");

uint32_t p1c_features_allowed(const struct p1c_profile *p, const struct p1c_feature_set *set)
{
	uint32_t bits = 0;
	for (int i = 0; i < P1C_FEATURE_COUNT; i++)
		if (accepted(p, set, (enum p1c_feature)i))
			bits |= 1u << i;
	return bits;
}

void check_features(struct rules_ctx *ctx, uint32_t allowed)
{
	const struct p1c_feature_set *set = &ctx->analysis->features;
	for (int i = 0; i < P1C_FEATURE_COUNT; i++) {
		enum p1c_feature f = (enum p1c_feature)i;
		const struct p1c_feature_use *use = &set->use[f];
		if (use->count == 0 || f == P1C_FEATURE_COMPONENT_MODEL || (allowed >> i & 1u))
			continue;
		report(ctx, f, use);
	}
}
