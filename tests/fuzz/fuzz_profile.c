/* libFuzzer target: YAML text -> p1c_profile_load_text -> p1c_report_profile (the
 * --show-profile text) into memory -> load that text back -> the key fields must be equal.
 * A profile that loads must print as one that loads to the same profile; one that does not
 * load must say where (a message, and a line whenever the text is at fault).
 * Run from the repository root: `extends` names resolve in profiles/. Run with standard
 * input at /dev/null: a fuzzed `extends: /dev/stdin` must not wait for a terminal. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "report_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool strlist_eq(const struct p1c_strlist *a, const struct p1c_strlist *b)
{
	if (a->count != b->count)
		return false;
	for (uint32_t i = 0; i < a->count; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

static bool type_eq(const struct p1c_functype *a, const struct p1c_functype *b)
{
	if (a->nparams != b->nparams || a->nresults != b->nresults)
		return false;
	for (uint32_t i = 0; i < a->nparams; i++)
		if (a->params[i].code != b->params[i].code)
			return false;
	for (uint32_t i = 0; i < a->nresults; i++)
		if (a->results[i].code != b->results[i].code)
			return false;
	return true;
}

static const char *maps_differ(const struct p1c_profile *a, const struct p1c_profile *b)
{
	if (a->nimports != b->nimports)
		return "import count";
	for (uint32_t i = 0; i < a->nimports; i++) {
		const struct p1c_profile_import *x = &a->imports[i], *y = &b->imports[i];
		if (strcmp(x->module, y->module) || strcmp(x->name, y->name) || !type_eq(&x->type, &y->type))
			return "imports";
	}
	if (a->nmodule_aliases != b->nmodule_aliases)
		return "alias count";
	for (uint32_t i = 0; i < a->nmodule_aliases; i++)
		if (strcmp(a->module_aliases[i].from, b->module_aliases[i].from) ||
		    strcmp(a->module_aliases[i].to, b->module_aliases[i].to))
			return "aliases";
	if (a->ndeny != b->ndeny)
		return "deny count";
	for (uint32_t i = 0; i < a->ndeny; i++)
		if (strcmp(a->deny[i].pattern, b->deny[i].pattern) ||
		    strcmp(a->deny[i].reason, b->deny[i].reason))
			return "deny";
	if (a->nrequired_exports != b->nrequired_exports)
		return "export count";
	for (uint32_t i = 0; i < a->nrequired_exports; i++) {
		const struct p1c_required_export *x = &a->required_exports[i], *y = &b->required_exports[i];
		if (strcmp(x->name, y->name) || x->kind != y->kind || x->has_type != y->has_type ||
		    (x->has_type && !type_eq(&x->type, &y->type)))
			return "exports";
	}
	return NULL;
}

static const char *profiles_differ(const struct p1c_profile *a, const struct p1c_profile *b)
{
	if (strcmp(a->name, b->name) || strcmp(a->description, b->description))
		return "name or description";
	if (a->unresolved != b->unresolved || a->underscore_fallback != b->underscore_fallback ||
	    a->kind != b->kind || a->memory_export_required != b->memory_export_required ||
	    a->start_and_initialize != b->start_and_initialize)
		return "a scalar";
	if (!strlist_eq(&a->init_functions, &b->init_functions) ||
	    !strlist_eq(&a->memory_table_import_modules, &b->memory_table_import_modules) ||
	    !strlist_eq(&a->global_imports, &b->global_imports) ||
	    !strlist_eq(&a->libc_entry_points, &b->libc_entry_points))
		return "a list";
	if (a->features_allowed != b->features_allowed)
		return "features";
	if (memcmp(&a->limits, &b->limits, sizeof(a->limits)) != 0)
		return "limits";
	return maps_differ(a, b);
}

/* Prints p, loads the text back and compares; aborts (a finding) on any difference. */
static void round_trip(const struct p1c_profile *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return;
	int rc = p1c_report_profile(out, p);
	if (fclose(out) != 0 || rc != 0)
		abort();
	struct p1c_arena arena;
	struct p1c_profile back;
	struct p1c_profile_error err;
	p1c_arena_init(&arena, 0);
	if (!p1c_profile_load_text(text, len, "shown.yaml", NULL, &arena, &back, &err)) {
		fprintf(stderr, "printed profile does not load: %u:%u: %s\n--\n%s--\n", err.line,
			err.column, err.msg, text);
		abort();
	}
	const char *diff = profiles_differ(p, &back);
	if (diff) {
		fprintf(stderr, "round trip changed %s\n--\n%s--\n", diff, text);
		abort();
	}
	p1c_arena_free_all(&arena);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dirs[] = {"profiles"};
	struct p1c_profile_search search = {dirs, 1};
	struct p1c_arena arena;
	struct p1c_profile p;
	struct p1c_profile_error err;
	p1c_arena_init(&arena, 0);
	if (p1c_profile_load_text((const char *)data, size, "fuzz.yaml", &search, &arena, &p, &err))
		round_trip(&p);
	else if (!err.msg[0])
		abort(); /* every failure must say why */
	p1c_arena_free_all(&arena);
	return 0;
}
