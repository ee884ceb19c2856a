#include "cli/waive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/path.h"

bool p1c_cli_load_waivers(const char *file, const struct p1c_profile *profile,
			  struct p1c_arena *arena, struct p1c_waiver_set *out)
{
	struct p1c_waiver *extra = NULL;
	uint32_t nextra = 0;
	struct p1c_profile_error err = {0};
	if (file && !p1c_waivers_load(file, arena, &extra, &nextra, &err)) {
		if (err.line)
			fprintf(stderr, "%s:%u:%u: error: %s\n", err.file, err.line, err.column, err.msg);
		else
			fprintf(stderr, "wasm-p1check: %s\n", err.msg);
		return false;
	}
	size_t n = (size_t)profile->nwaivers + nextra;
	out->items = p1c_arena_array(arena, n ? n : 1, sizeof(*out->items));
	if (!out->items) {
		fputs("wasm-p1check: out of memory\n", stderr);
		return false;
	}
	if (profile->nwaivers)
		memcpy(out->items, profile->waivers, profile->nwaivers * sizeof(*out->items));
	if (nextra)
		memcpy(out->items + profile->nwaivers, extra, nextra * sizeof(*out->items));
	out->count = (uint32_t)n;
	char cwd[4096], abs[4096];
	bool have_cwd = getcwd(cwd, sizeof(cwd)) != NULL;
	for (uint32_t i = 0; i < out->count; i++) {
		enum p1c_rule rule;
		struct p1c_waiver *w = &out->items[i];
		/* absolute, so that reports can show it from --source-root */
		if (have_cwd && p1c_path_absolute(cwd, w->file, abs, sizeof(abs)))
			w->file = p1c_arena_printf(arena, "%s", abs);
		if (!w->file) {
			fputs("wasm-p1check: out of memory\n", stderr);
			return false;
		}
		if (!p1c_rule_lookup(w->rule, &rule)) {
			fprintf(stderr, "%s:%u: error: waiver for unknown rule '%s' (see --list-rules)\n",
				w->file, w->line, w->rule);
			return false;
		}
	}
	return true;
}

bool p1c_cli_apply_waivers(const struct p1c_waiver_set *set, struct p1c_file_report *files,
			   uint32_t nfiles, const struct p1c_rules_opts *opts)
{
	if (!set->count)
		return true;
	uint32_t *hits = calloc(set->count, sizeof(*hits));
	if (!hits)
		return false;
	struct p1c_file_report *first = NULL;
	for (uint32_t i = 0; i < nfiles; i++) {
		struct p1c_file_report *f = &files[i];
		if (!f->readable)
			continue;
		if (!first)
			first = f;
		p1c_waivers_apply(set->items, set->count, f->path, opts, &f->audit, hits);
	}
	bool ok = !first || p1c_waivers_unused(set->items, set->count, hits, opts, &first->arena,
					       &first->audit);
	free(hits);
	return ok;
}
