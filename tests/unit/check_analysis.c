/* The body walk shared between two threads (analysis.c) gives what one walk in function order
 * gives: on every fixture binary in $P1C_ORACLE_DIR, p1c_analyze_split with the bodies always
 * shared (threshold 0: a helper thread takes the second half of the code bytes, or stops
 * before a body its buffers might not hold, and this thread walks the rest) and never shared
 * agree on every feature use, every body error, and the call graph array by array
 * (tests/common/analysis_diff.c, which fuzz_wasm uses on every input too). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis_diff.h"
#include "hexmod.h"
#include "suites.h"
#include "testlib.h"

static void compare_analyses(const char *what, const struct p1c_analysis *alone,
			     const struct p1c_analysis *shared)
{
	char buf[512];
	const char *diff = analysis_diff(alone, shared, buf, sizeof(buf));
	ck_assert_msg(!diff, "%s: alone and shared: %s", what, diff);
}

/* Returns 1 when the module is a core module with two bodies or more (the shared walk had a
 * second half), 0 otherwise; *errors: its body errors. */
static int compare_walks(const char *path, const uint8_t *data, size_t len, uint32_t *errors)
{
	struct p1c_arena arena;
	struct p1c_module m;
	struct p1c_error err;
	struct p1c_analysis alone, shared;
	p1c_arena_init(&arena, 0);
	int shared_walk = 0;
	if (p1c_module_parse(data, 0, len, &arena, &m, &err) && m.format == P1C_FORMAT_CORE) {
		ck_assert(p1c_analyze_split(&m, &arena, &alone, UINT64_MAX));
		ck_assert(p1c_analyze_split(&m, &arena, &shared, 0));
		compare_analyses(path, &alone, &shared);
		*errors += alone.nbody_errors;
		shared_walk = m.nbodies >= 2;
	}
	p1c_arena_free_all(&arena);
	return shared_walk;
}

START_TEST(shared_walk_is_the_walk_in_order)
{
	const char *dir = testlib_oracle_dir("shared walk", "wasm-objdump");
	if (!dir)
		return;
	size_t nfiles;
	char **files = testlib_wasm_files(dir, &nfiles);
	uint32_t split = 0, errors = 0;
	for (size_t f = 0; f < nfiles; f++) {
		size_t len;
		uint8_t *data = testlib_read_file(files[f], &len);
		split += (uint32_t)compare_walks(files[f], data, len, &errors);
		free(data);
	}
	testlib_oracle_done("shared walk", nfiles, dir);
	/* Modules with a second half were compared, and body errors among them. */
	ck_assert_msg(split > 50 && errors > 0, "%u modules split, %u body errors", split, errors);
	testlib_free_files(files, nfiles);
}
END_TEST

/* Four bodies: 700 nops (the first half), an unknown opcode 0xFF (the helper's first, a body
 * error), `sites` call_indirect sites (11 00 00 each: no stack typing here), another body
 * error. 200 sites are more events than the helper's buffer holds (one per 8 bytes, + 64):
 * it stops before that body and this thread walks it and the last; 10 fit. */
static void walk_built(uint32_t sites)
{
	static char hex[8192];
	size_t n = (size_t)snprintf(hex, sizeof(hex), "00 61 73 6d 01 00 00 00 01 {01 60 00 00} "
				    "03 {04 00 00 00 00} 04 {01 70 00 01} 0a {04 {00");
	for (int i = 0; i < 700; i++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, " 01");
	n += (size_t)snprintf(hex + n, sizeof(hex) - n, " 0b} {00 ff 0b} {00");
	for (uint32_t i = 0; i < sites; i++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, " 11 00 00");
	snprintf(hex + n, sizeof(hex) - n, " 0b} {00 ff 0b}}");
	struct hexmod hm;
	hexmod_build(&hm, hex);
	struct p1c_arena arena;
	struct p1c_module m;
	struct p1c_error err;
	struct p1c_analysis alone, shared;
	p1c_arena_init(&arena, 0);
	ck_assert_msg(p1c_module_parse(hm.buf, 0, hm.len, &arena, &m, &err), "parse: %s", err.msg);
	ck_assert(p1c_analyze_split(&m, &arena, &alone, UINT64_MAX));
	ck_assert(p1c_analyze_split(&m, &arena, &shared, 0));
	ck_assert_uint_eq(alone.nbody_errors, 2);
	ck_assert_uint_eq(alone.cg->nindirect_sites, sites);
	compare_analyses(sites > 100 ? "helper stopped" : "helper walked its half", &alone, &shared);
	p1c_arena_free_all(&arena);
}

START_TEST(shared_walk_with_errors_and_a_stop)
{
	walk_built(10);
	walk_built(200);
}
END_TEST

Suite *analysis_suite(void)
{
	Suite *s = suite_create("analysis");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, shared_walk_is_the_walk_in_order);
	tcase_add_test(tc, shared_walk_with_errors_and_a_stop);
	suite_add_tcase(s, tc);
	return s;
}
