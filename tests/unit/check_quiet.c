/* -q's audit (p1c_rules_opts.skip_texts: no reporter reads it, so the findings' texts are not
 * formatted) finds what the full audit finds: on every fixture binary in $P1C_ORACLE_DIR and
 * every built-in profile, the two audits agree on everything but the texts: the verdict, the
 * counts, the earliest stages, each import's status, and each finding's rule, subject,
 * severity, bites, location, reachability, certainty, paths, libc entry points and
 * provenance. The full audit's findings all have a message; -q's formatted ones are NULL. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/run.h"
#include "suites.h"
#include "testlib.h"

static bool same_str(struct p1c_str a, struct p1c_str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static bool same_cstr(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_paths(const struct p1c_finding *a, const struct p1c_finding *b)
{
	if (a->npaths != b->npaths)
		return false;
	for (uint32_t i = 0; i < a->npaths; i++) {
		const struct p1c_cg_path *p = &a->paths[i], *q = &b->paths[i];
		if (p->nsteps != q->nsteps || p->elided_at != q->elided_at || p->elided != q->elided)
			return false;
		for (uint32_t j = 0; j < p->nsteps; j++)
			if (p->steps[j].func != q->steps[j].func || p->steps[j].edge != q->steps[j].edge)
				return false;
	}
	return true;
}

static bool same_libc(const struct p1c_strlist *a, const struct p1c_strlist *b)
{
	if (a->count != b->count)
		return false;
	for (uint32_t i = 0; i < a->count; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

static bool same_provenance(const struct p1c_provenance *a, const struct p1c_provenance *b)
{
	return (!a && !b) ||
	       (a && b && same_cstr(a->resource, b->resource) && same_cstr(a->producer, b->producer));
}

/* Everything a finding holds but its texts (message, help, notes, provenance reasoning). */
static bool same_finding(const struct p1c_finding *a, const struct p1c_finding *b)
{
	return a->rule == b->rule && a->subject.kind == b->subject.kind &&
	       same_str(a->subject.module, b->subject.module) &&
	       same_str(a->subject.name, b->subject.name) && same_str(a->subject.also, b->subject.also) &&
	       a->severity == b->severity && a->bites == b->bites && a->has_offset == b->has_offset &&
	       a->offset == b->offset && a->section == b->section && a->function == b->function &&
	       a->import == b->import && a->reachable == b->reachable && same_paths(a, b) &&
	       same_libc(&a->libc_entry_points, &b->libc_entry_points) &&
	       a->search_bounded == b->search_bounded && a->certainty == b->certainty &&
	       same_provenance(a->provenance, b->provenance) && a->feature == b->feature &&
	       a->count == b->count && a->nested == b->nested;
}

static void compare_audits(const char *what, const struct p1c_file_report *full,
			   const struct p1c_file_report *quiet)
{
	const struct p1c_audit *a = &full->audit, *b = &quiet->audit;
	ck_assert_msg(full->decoded == quiet->decoded && full->malformed == quiet->malformed,
		      "%s: decoded or malformed differs under -q", what);
	ck_assert_msg(a->pass == b->pass && a->kind == b->kind && a->nfindings == b->nfindings &&
			      memcmp(a->counts, b->counts, sizeof(a->counts)) == 0 &&
			      a->earliest_bites == b->earliest_bites &&
			      a->earliest_certain_bites == b->earliest_certain_bites &&
			      a->init_blocked == b->init_blocked && a->wasip2_build == b->wasip2_build &&
			      a->features_allowed == b->features_allowed,
		      "%s: the -q audit's verdict, counts or stages differ (%u findings, %u under -q)",
		      what, a->nfindings, b->nfindings);
	for (uint32_t i = 0; full->decoded && full->module.format == P1C_FORMAT_CORE &&
			     i < full->module.nimports; i++)
		ck_assert_msg(a->import_status[i] == b->import_status[i] &&
				      a->import_reach[i] == b->import_reach[i] &&
				      a->import_via_indirect[i] == b->import_via_indirect[i],
			      "%s: import %u's status or reach differs under -q", what, i);
	for (uint32_t i = 0; i < a->nfindings; i++) {
		const struct p1c_finding *f = &a->findings[i];
		ck_assert_msg(same_finding(f, &b->findings[i]), "%s: finding %u (%s) differs under -q",
			      what, i, p1c_rule_id(f->rule));
		ck_assert_msg(f->message != NULL, "%s: finding %u (%s) has no message", what, i,
			      p1c_rule_id(f->rule));
	}
}

static uint32_t audit_both(const char *path, const uint8_t *data, size_t len,
			   const struct p1c_profile *profile, uint32_t *nulled)
{
	struct p1c_run_opts opts = {.profile = profile,
				    .rules = {.fail_on = P1C_FAIL_ON_ERROR, .max_paths = 3}};
	struct p1c_file_report full, quiet;
	memset(&full, 0, sizeof(full));
	memset(&quiet, 0, sizeof(quiet));
	ck_assert(p1c_run_bytes(data, len, &opts, &full));
	opts.rules.skip_texts = true;
	ck_assert(p1c_run_bytes(data, len, &opts, &quiet));
	char what[600];
	snprintf(what, sizeof(what), "%s, profile %s", path, profile->name);
	compare_audits(what, &full, &quiet);
	for (uint32_t i = 0; i < quiet.audit.nfindings; i++)
		*nulled += quiet.audit.findings[i].message == NULL;
	uint32_t n = full.audit.nfindings;
	p1c_arena_free_all(&full.arena);
	p1c_arena_free_all(&quiet.arena);
	return n;
}

START_TEST(quiet_audit_finds_what_the_full_one_does)
{
	const char *dir = testlib_oracle_dir("quiet audit", "wasm-objdump");
	if (!dir)
		return;
	struct p1c_profile_search search = {NULL, 0, p1c_builtin_profiles, p1c_builtin_profile_count};
	struct p1c_profile_error err;
	struct p1c_profile_entry *entries;
	struct p1c_arena arena;
	uint32_t nprofiles;
	p1c_arena_init(&arena, 0);
	ck_assert(p1c_profile_list(&search, &arena, &entries, &nprofiles, &err));
	struct p1c_profile *profiles = p1c_arena_array(&arena, nprofiles, sizeof(*profiles));
	ck_assert_ptr_nonnull(profiles);
	for (uint32_t i = 0; i < nprofiles; i++)
		ck_assert_msg(p1c_profile_load(entries[i].name, &search, &arena, &profiles[i], &err),
			      "%s: %s", entries[i].name, err.msg);
	size_t nfiles;
	char **files = testlib_wasm_files(dir, &nfiles);
	uint32_t findings = 0, nulled = 0;
	for (size_t f = 0; f < nfiles; f++) {
		size_t len;
		uint8_t *data = testlib_read_file(files[f], &len);
		for (uint32_t i = 0; i < nprofiles; i++)
			findings += audit_both(files[f], data, len, &profiles[i], &nulled);
		free(data);
	}
	testlib_oracle_done("quiet audit", nfiles, dir);
	/* It compared real findings, and -q left most of their texts unformatted. */
	ck_assert_msg(findings > 1000 && nulled > findings / 2,
		      "%u findings compared, %u of them without a message under -q", findings, nulled);
	testlib_free_files(files, nfiles);
	p1c_arena_free_all(&arena);
}
END_TEST

Suite *quiet_suite(void)
{
	Suite *s = suite_create("quiet");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, quiet_audit_finds_what_the_full_one_does);
	suite_add_tcase(s, tc);
	return s;
}
