/* Waivers: accepted findings. A waiver names a rule (id or slug), at most one subject (import
 * glob over "module#name", feature name, export name, limit key) and optionally a glob over
 * the input's path; a finding it matches is reported as suppressed and counts toward nothing. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"

static bool path_matches(const char *glob, const char *path)
{
	if (!glob)
		return true;
	const char *base = strrchr(path, '/');
	return fnmatch(glob, path, 0) == 0 ||
	       (!strchr(glob, '/') && fnmatch(glob, base ? base + 1 : path, 0) == 0);
}

/* An import subject as an import glob sees it: "module#name" (either may be empty). */
static const char *import_text(char *buf, size_t size, const struct p1c_subject *s)
{
	snprintf(buf, size, "%.*s#%.*s", (int)s->module.len, (const char *)s->module.ptr,
		 (int)s->name.len, (const char *)s->name.ptr);
	return buf;
}

static bool is_named(const struct p1c_subject *s, enum p1c_subject_kind kind, const char *name)
{
	return s->kind == kind && (p1c_str_eq(s->name, name) || (s->also.len && p1c_str_eq(s->also, name)));
}

/* The waiver's subject key against the finding's subject (struct p1c_subject): never its
 * message, so rewording a message keeps every waiver. */
static bool subject_matches(const struct p1c_waiver *w, const struct p1c_subject *s)
{
	char full[1024];
	if (w->import)
		return s->kind == P1C_SUBJECT_IMPORT &&
		       fnmatch(w->import, import_text(full, sizeof(full), s), 0) == 0;
	if (w->feature)
		return is_named(s, P1C_SUBJECT_FEATURE, w->feature);
	if (w->export_name)
		return is_named(s, P1C_SUBJECT_EXPORT, w->export_name);
	if (w->limit)
		return is_named(s, P1C_SUBJECT_LIMIT, w->limit);
	return true;
}

static bool waiver_matches(const struct p1c_waiver *w, const char *path, const struct p1c_finding *f)
{
	enum p1c_rule rule;
	if (f->rule == P1C_RULE_P1C061 || !p1c_rule_lookup(w->rule, &rule) || rule != f->rule ||
	    !path_matches(w->module, path))
		return false;
	return subject_matches(w, &f->subject);
}

bool p1c_waivers_apply(const struct p1c_waiver *w, uint32_t n, const char *path,
		       const struct p1c_rules_opts *opts, struct p1c_audit *audit, uint32_t *hits)
{
	for (uint32_t i = 0; i < audit->nfindings; i++) {
		struct p1c_finding *f = &audit->findings[i];
		for (uint32_t j = 0; j < n; j++) {
			if (!waiver_matches(&w[j], path, f))
				continue;
			hits[j]++;
			if (!f->suppressed) {
				f->suppressed = w[j].reason;
				f->waiver = w[j].file;
				f->waiver_line = w[j].line;
			}
		}
	}
	rules_recount(opts, audit);
	return true;
}

/* The waiver's subject key and value, or NULL: every finding of its rule. */
static const char *key_of(const struct p1c_waiver *w, const char **value)
{
	const char *const keys[] = {"import", "feature", "export", "limit"};
	const char *const values[] = {w->import, w->feature, w->export_name, w->limit};
	for (size_t i = 0; i < 4; i++)
		if (values[i]) {
			*value = values[i];
			return keys[i];
		}
	return NULL;
}

static const char *describe(struct p1c_arena *arena, const struct p1c_waiver *w)
{
	const char *value = NULL, *what = key_of(w, &value);
	return p1c_arena_printf(arena, "waiver for %s%s%s%s%s%s%s matched no finding", w->rule,
				what ? " " : "", what ? what : "", what ? " '" : "", what ? value : "",
				what ? "'" : "", w->module ? p1c_arena_printf(arena, " (module '%s')", w->module) : "");
}

/* P1C061's subject: the waiver as written, "RULE[ KEY=VALUE][ module=GLOB]". */
static const char *waiver_subject(struct p1c_arena *arena, const struct p1c_waiver *w)
{
	const char *value = NULL, *what = key_of(w, &value);
	return p1c_arena_printf(arena, "%s%s%s%s%s%s%s", w->rule, what ? " " : "", what ? what : "",
				what ? "=" : "", what ? value : "", w->module ? " module=" : "",
				w->module ? w->module : "");
}

bool p1c_waivers_unused(const struct p1c_waiver *w, uint32_t n, const uint32_t *hits,
			const struct p1c_rules_opts *opts, struct p1c_arena *arena,
			struct p1c_audit *into)
{
	struct rules_ctx ctx = {.arena = arena, .items = into->findings, .count = into->nfindings,
				.cap = into->nfindings};
	for (uint32_t j = 0; j < n; j++) {
		if (hits[j])
			continue;
		struct p1c_finding *f = rules_add(&ctx, P1C_RULE_P1C061, 0, P1C_SECTION_NONE);
		struct p1c_srcloc *at = p1c_arena_array(arena, 1, sizeof(*at));
		if (!f || !at)
			return false;
		*at = (struct p1c_srcloc){w[j].file, w[j].line, 0};
		f->src = at;
		f->has_offset = false;
		f->message = rules_text(&ctx, describe(arena, &w[j]));
		rules_subject(f, P1C_SUBJECT_WAIVER, rules_text(&ctx, waiver_subject(arena, &w[j])));
	}
	if (ctx.failed)
		return false;
	into->findings = ctx.items;
	into->nfindings = ctx.count;
	rules_recount(opts, into);
	return true;
}
