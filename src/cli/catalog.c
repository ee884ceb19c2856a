#include "cli/catalog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define MAX_EXPLAIN_PROFILES 64

static int flushed(int wrote)
{
	if (wrote != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "wasm-p1check: error writing standard output: %s\n", strerror(errno));
		return 2;
	}
	return 0;
}

int p1c_cli_list_rules(bool json)
{
	return flushed(p1c_report_rule_list(stdout, json));
}

/* Loads every profile on the search path; one that fails to load is named on stderr and
 * left out. Returns how many loaded. */
static uint32_t load_profiles(const struct p1c_profile_search *search, struct p1c_arena *arena,
			      struct p1c_profile *profiles, const struct p1c_profile **ptrs)
{
	struct p1c_profile_entry *entries;
	uint32_t n = 0, count;
	struct p1c_profile_error err = {0};
	if (!p1c_profile_list(search, arena, &entries, &count, &err))
		return 0;
	for (uint32_t i = 0; i < count && n < MAX_EXPLAIN_PROFILES; i++) {
		if (!p1c_profile_load(entries[i].name, search, arena, &profiles[n], &err)) {
			fprintf(stderr, "wasm-p1check: %s: left out: %s\n", entries[i].path, err.msg);
			continue;
		}
		ptrs[n] = &profiles[n];
		n++;
	}
	return n;
}

int p1c_cli_explain(const char *name, const struct p1c_profile_search *search, bool json)
{
	enum p1c_rule rule;
	if (!p1c_rule_lookup(name, &rule)) {
		fprintf(stderr, "wasm-p1check: --explain '%s': no such rule (see --list-rules)\n", name);
		return 2;
	}
	struct p1c_profile *profiles = calloc(MAX_EXPLAIN_PROFILES, sizeof(*profiles));
	const struct p1c_profile *ptrs[MAX_EXPLAIN_PROFILES];
	if (!profiles) {
		fputs("wasm-p1check: out of memory\n", stderr);
		return 2;
	}
	struct p1c_arena arena;
	p1c_arena_init(&arena, 0);
	uint32_t n = load_profiles(search, &arena, profiles, ptrs);
	int rc = flushed(p1c_report_rule_explain(stdout, rule, ptrs, n, json));
	p1c_arena_free_all(&arena);
	free(profiles);
	return rc;
}
