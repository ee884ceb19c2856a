/* The rules orchestrator: runs the checks of rules_*.c over one module, sorts and counts the
 * findings, merges a component's nested audits. Severity follows the profile's runtime;
 * nothing here prints. */
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"

static int compare_findings(const void *pa, const void *pb)
{
	const struct p1c_finding *a = pa, *b = pb;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return 0;
}

static bool in_order(const struct p1c_finding *items, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		if (compare_findings(&items[i - 1], &items[i]) > 0)
			return false;
	return true;
}

/* Does f fail before the runtime calls anything: at load, or at instantiation while linking? */
static enum p1c_bites blocks_init(const struct p1c_finding *f)
{
	if (f->certainty != P1C_CERTAINTY_NA)
		return P1C_BITES_NA; /* a call's failure: the init code runs up to it */
	if (f->bites == P1C_BITES_LOAD)
		return P1C_BITES_LOAD;
	bool link = f->rule == P1C_RULE_P1C010 || f->rule == P1C_RULE_P1C011 ||
		    f->rule == P1C_RULE_P1C012 || f->rule == P1C_RULE_P1C013;
	return f->bites == P1C_BITES_INSTANTIATE && link ? P1C_BITES_INSTANTIATE : P1C_BITES_NA;
}

void rules_recount(const struct p1c_rules_opts *opts, struct p1c_audit *out)
{
	memset(out->counts, 0, sizeof(out->counts));
	out->nsuppressed = 0;
	out->pass = true;
	out->earliest_bites = P1C_BITES_NA;
	out->earliest_certain_bites = P1C_BITES_NA;
	out->init_blocked = P1C_BITES_NA;
	for (uint32_t i = 0; i < out->nfindings; i++) {
		const struct p1c_finding *f = &out->findings[i];
		enum p1c_bites blocked = blocks_init(f);
		if (blocked != P1C_BITES_NA && (out->init_blocked == P1C_BITES_NA || blocked < out->init_blocked))
			out->init_blocked = blocked;
		if (f->suppressed) { /* a waiver accepted it: it counts toward nothing */
			out->nsuppressed++;
			continue;
		}
		enum p1c_bites b = f->bites;
		bool stage = b == P1C_BITES_LOAD || b == P1C_BITES_INSTANTIATE || b == P1C_BITES_CALL;
		bool only_may = f->certainty == P1C_CERTAINTY_CONDITIONAL ||
				f->certainty == P1C_CERTAINTY_INDIRECT;
		if (f->severity == P1C_SEV_ERROR && stage) {
			if (out->earliest_bites == P1C_BITES_NA || b < out->earliest_bites)
				out->earliest_bites = b;
			if (!only_may && (out->earliest_certain_bites == P1C_BITES_NA ||
					  b < out->earliest_certain_bites))
				out->earliest_certain_bites = b;
		}
		out->counts[f->severity]++;
		if ((int)f->severity >= (int)opts->fail_on)
			out->pass = false;
	}
}

/* A finding about an import or a feature whose rule set no subject is about that import or
 * feature (struct p1c_subject): waivers and fingerprints never fall back to the message. */
static void default_subjects(struct rules_ctx *ctx)
{
	for (uint32_t i = 0; i < ctx->count; i++) {
		struct p1c_finding *f = &ctx->items[i];
		if (f->subject.kind != P1C_SUBJECT_MODULE || f->subject.name.len)
			continue;
		if (f->import != P1C_NO_IMPORT && ctx->module && f->import < ctx->module->nimports)
			rules_subject_import(f, &ctx->module->imports[f->import]);
		else if (f->feature >= 0)
			rules_subject(f, P1C_SUBJECT_FEATURE, p1c_feature_name((enum p1c_feature)f->feature));
	}
}

static void finish(struct rules_ctx *ctx, const struct p1c_rules_opts *opts, struct p1c_audit *out)
{
	default_subjects(ctx);
	if (ctx->count && !in_order(ctx->items, ctx->count)) /* usually they are: rules add them so */
		qsort(ctx->items, ctx->count, sizeof(*ctx->items), compare_findings);
	out->findings = ctx->items;
	out->nfindings = ctx->count;
	rules_recount(opts, out);
}

static bool check_core_module(struct rules_ctx *ctx, const struct p1c_rules_opts *opts,
			      struct p1c_audit *out)
{
	const struct p1c_module *m = ctx->module;
	size_t n = (size_t)m->nimports + 1;
	out->import_status = p1c_arena_array(ctx->arena, n, sizeof(*out->import_status));
	out->import_reach = p1c_arena_array(ctx->arena, n, sizeof(*out->import_reach));
	out->import_via_indirect = p1c_arena_array(ctx->arena, n, sizeof(*out->import_via_indirect));
	bool ok = out->import_status && out->import_reach && out->import_via_indirect &&
		  p1c_init_sequence_eval(m, ctx->profile, ctx->arena, &out->init);
	out->has_init = ok;
	ctx->init = &out->init;
	ok = ok && rules_reach_setup(ctx, opts, out);
	if (ok) {
		rules_reserve(ctx, m->nimports + 16u); /* about one finding per offending import */
		check_imports(ctx, out);
		check_wasip2_build(ctx, out);
		check_entry_points(ctx);
		check_init_never_runs(ctx);
		check_init_wasi_calls(ctx);
		check_exports(ctx);
		check_limits(ctx);
		if (opts->baseline)
			check_baseline(ctx, opts->baseline);
		if (opts->why)
			ok = rules_why(ctx, opts->why, out);
	}
	return ok;
}

bool p1c_rules_run(const struct p1c_module *m, const struct p1c_analysis *a, const struct p1c_profile *p,
		   const struct p1c_rules_opts *opts, struct p1c_arena *arena, struct p1c_audit *out)
{
	struct rules_ctx ctx = {.module = m, .analysis = a, .profile = p, .arena = arena,
				.skip_texts = opts->skip_texts};
	memset(out, 0, sizeof(*out));
	out->kind = p1c_module_kind_of(m);
	p1c_toolchain_detect(m, &out->toolchain);
	ctx.toolchain = &out->toolchain;
	out->features_allowed = p1c_features_allowed(p, &a->features);
	check_features(&ctx, out->features_allowed);
	if (m->format == P1C_FORMAT_COMPONENT)
		check_component(&ctx);
	else if (!check_core_module(&ctx, opts, out))
		ctx.failed = true;
	if (ctx.failed)
		return false;
	finish(&ctx, opts, out);
	return true;
}

/* The decoder's message plus the section and entry, unless the message already names them. */
static const char *malformed_message(struct p1c_arena *arena, const struct p1c_error *err)
{
	char section[48];
	snprintf(section, sizeof(section), "%s section", p1c_section_name(err->section));
	bool named = err->section == P1C_SECTION_NONE || strstr(err->msg, section);
	if (err->item == P1C_ITEM_NONE)
		return named ? p1c_arena_strdup(arena, err->msg)
			     : p1c_arena_printf(arena, "%s (%s)", err->msg, section);
	const char *entry = err->section == P1C_SEC_CODE ? "function" : "entry";
	return named ? p1c_arena_printf(arena, "%s (%s %u)", err->msg, entry, err->item)
		     : p1c_arena_printf(arena, "%s (%s, %s %u)", err->msg, section, entry, err->item);
}

static bool is_nested_rule(enum p1c_rule rule)
{
	switch (rule) {
	case P1C_RULE_P1C002:
	case P1C_RULE_P1C010:
	case P1C_RULE_P1C011:
	case P1C_RULE_P1C012:
	case P1C_RULE_P1C013:
	case P1C_RULE_P1C020:
		return true;
	default:
		return false;
	}
}

bool p1c_rules_merge_nested(struct p1c_audit *into, const struct p1c_audit *nested, uint32_t number,
			    uint64_t offset, const struct p1c_rules_opts *opts, struct p1c_arena *arena)
{
	struct rules_ctx ctx = {.arena = arena, .items = into->findings, .count = into->nfindings,
				.cap = into->nfindings, .skip_texts = opts->skip_texts};
	for (uint32_t i = 0; i < nested->nfindings; i++) {
		const struct p1c_finding *src = &nested->findings[i];
		if (!is_nested_rule(src->rule))
			continue;
		struct p1c_finding *f = rules_add(&ctx, src->rule, src->offset, src->section);
		if (!f)
			return false;
		*f = *src;
		f->nested = number; /* import, function and paths refer into that module */
		f->src = NULL;
		f->path_src = NULL;
		f->message = rules_printf(&ctx, "core module %u (at 0x%llx): %s", number,
					  (unsigned long long)offset, src->message);
	}
	if (ctx.failed)
		return false;
	finish(&ctx, opts, into);
	return true;
}

bool p1c_rules_malformed(const struct p1c_error *err, const struct p1c_rules_opts *opts,
			 struct p1c_arena *arena, struct p1c_audit *out)
{
	struct rules_ctx ctx = {.arena = arena};
	memset(out, 0, sizeof(*out));
	out->kind = P1C_KIND_INVALID_MODULE;
	struct p1c_finding *f = rules_add(&ctx, err->code == P1C_ERR_INVALID ? P1C_RULE_P1C003
									   : P1C_RULE_P1C002,
					  err->offset, err->section);
	if (!f)
		return false;
	f->has_offset = true;
	f->bites = P1C_BITES_LOAD;
	rules_subject(f, P1C_SUBJECT_MODULE, err->code == P1C_ERR_INVALID ? "validation" : "encoding");
	f->message = rules_text(&ctx, malformed_message(arena, err));
	if (ctx.failed)
		return false;
	finish(&ctx, opts, out);
	return true;
}
