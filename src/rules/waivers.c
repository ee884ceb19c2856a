/* Waivers: accepted findings. A waiver names a rule (id or slug), at most one subject (import
 * glob over "module#name", feature name, export name) and optionally a glob over the input's
 * path; a finding it matches is reported as suppressed and counts toward nothing. */
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

static bool import_matches(const char *glob, const struct p1c_module *m, const struct p1c_finding *f)
{
	if (f->import == P1C_NO_IMPORT || !m->imports)
		return false;
	const struct p1c_import *imp = &m->imports[f->import];
	char full[1024];
	snprintf(full, sizeof(full), "%.*s#%.*s", (int)imp->module.len, (const char *)imp->module.ptr,
		 (int)imp->name.len, (const char *)imp->name.ptr);
	return fnmatch(glob, full, 0) == 0;
}

/* An export finding quotes the export's name ("export \"cabi_realloc\" ..."); P1C030 names
 * _start and _initialize. */
static bool export_matches(const char *name, const struct p1c_finding *f)
{
	char quoted[300];
	snprintf(quoted, sizeof(quoted), "\"%s\"", name);
	if (strstr(f->message, quoted))
		return true;
	return f->rule == P1C_RULE_P1C030 && (strcmp(name, "_start") == 0 || strcmp(name, "_initialize") == 0);
}

static bool waiver_matches(const struct p1c_waiver *w, const char *path, const struct p1c_module *m,
			   const struct p1c_finding *f)
{
	enum p1c_rule rule;
	if (f->rule == P1C_RULE_P1C061 || !p1c_rule_lookup(w->rule, &rule) || rule != f->rule ||
	    !path_matches(w->module, path))
		return false;
	if (w->import)
		return import_matches(w->import, m, f);
	if (w->feature)
		return f->feature >= 0 && strcmp(w->feature, p1c_feature_name((enum p1c_feature)f->feature)) == 0;
	if (w->export_name)
		return export_matches(w->export_name, f);
	return true;
}

bool p1c_waivers_apply(const struct p1c_waiver *w, uint32_t n, const char *path,
		       const struct p1c_module *file_module, const struct p1c_module *nested,
		       uint32_t nnested, const struct p1c_rules_opts *opts, struct p1c_audit *audit,
		       uint32_t *hits)
{
	for (uint32_t i = 0; i < audit->nfindings; i++) {
		struct p1c_finding *f = &audit->findings[i];
		const struct p1c_module *m = f->nested && f->nested <= nnested ? &nested[f->nested - 1]
									      : file_module;
		for (uint32_t j = 0; j < n; j++) {
			if (!waiver_matches(&w[j], path, m, f))
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

static const char *describe(struct p1c_arena *arena, const struct p1c_waiver *w)
{
	const char *what = w->import ? "import" : w->feature ? "feature" : w->export_name ? "export" : NULL;
	const char *value = w->import ? w->import : w->feature ? w->feature : w->export_name;
	return p1c_arena_printf(arena, "waiver for %s%s%s%s%s%s%s matched no finding", w->rule,
				what ? " " : "", what ? what : "", what ? " '" : "", what ? value : "",
				what ? "'" : "", w->module ? p1c_arena_printf(arena, " (module '%s')", w->module) : "");
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
	}
	if (ctx.failed)
		return false;
	into->findings = ctx.items;
	into->nfindings = ctx.count;
	rules_recount(opts, into);
	return true;
}
