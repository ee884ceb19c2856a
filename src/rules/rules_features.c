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
 * blocks), not in the findings: the profile format has no place for them. The help line is
 * advice.c's, for the toolchain that built the module. */
#include <stdio.h>

#include "rules/rules_internal.h"

#define STR(s) (int)(s).len, (const char *)(s).ptr

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
	fi->help = rules_feature_advice(ctx, f);
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
