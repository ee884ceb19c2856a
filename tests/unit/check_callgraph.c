/* Call graph: indirect calls resolved by type (structural for plain types), narrowed to a
 * closed table's segments, call_ref through ref.func, sites in unreachable code adding
 * nothing, roots and init roots, paths without dispatch nodes; and an oracle: on real
 * binaries the direct edges equal the calls wasm-objdump -d prints. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/callgraph.h"
#include "hexmod.h"
#include "suites.h"
#include "testlib.h"

#define HDR "00 61 73 6d 01 00 00 00 "

static struct hexmod hm;
static struct p1c_arena arena;
static struct p1c_module mod;
static struct p1c_analysis an;
static struct p1c_cg_reach rch;
static struct p1c_cg_reverse rev;

/* Init roots: the exports named in init (as the rules layer does for a profile). */
static struct p1c_callgraph *graph_of(const char *hex, const char *const *init, uint32_t ninit)
{
	struct p1c_error err = {0};
	hexmod_build(&hm, hex);
	ck_assert_msg(p1c_module_parse(hm.buf, 0, hm.len, &arena, &mod, &err), "parse: %s", err.msg);
	ck_assert(p1c_analyze(&mod, &arena, &an));
	ck_assert_uint_eq(an.nbody_errors, 0);
	static struct p1c_cg_init_root roots_init[8];
	uint32_t n = 0;
	for (uint32_t i = 0; i < mod.nexports && n < 8; i++)
		for (uint32_t k = 0; k < ninit; k++)
			if (p1c_str_eq(mod.exports[i].name, init[k]))
				roots_init[n++] = (struct p1c_cg_init_root){mod.exports[i].index, init[k]};
	struct p1c_cg_roots roots = {roots_init, n, NULL, 0, false};
	const char *unmatched;
	ck_assert(p1c_cg_solve(an.cg, &mod, &roots, &arena, &rch, &unmatched));
	ck_assert(p1c_cg_reverse_build(an.cg, &arena, &rev));
	return an.cg;
}

static bool reached(const struct p1c_callgraph *g, uint32_t f)
{
	(void)g;
	return rch.reach[f] & P1C_CG_REACH_ROOT;
}

static void setup(void) { p1c_arena_init(&arena, 0); }
static void teardown(void) { p1c_arena_free_all(&arena); }

/* f0 (exported) call_indirect (i32)->() on table 0 = [f1, f4]; f2 is address-taken only by a
 * global's ref.func; f3 (unreachable) has a ()->() call site; f4 is ()->(). */
#define NARROWING(EXPORT_TABLE)                                                                   \
	HDR "01 {02 60 01 7f 00 60 00 00} 03 {05 00 00 00 01 01} 04 {01 70 00 03}"                \
	"06 {01 70 00 d2 02 0b}"                                                                  \
	"07 {" EXPORT_TABLE "}"                                                                   \
	"09 {01 00 41 00 0b 02 01 04}"                                                            \
	"0a {05 {00 20 00 20 00 11 00 00 0b} {00 0b} {00 0b} {00 41 00 11 01 00 0b} {00 0b}}"

START_TEST(closed_table_narrows_targets)
{
	const struct p1c_callgraph *g = graph_of(NARROWING("01 {'f0'} 00 00"), NULL, 0);
	ck_assert(reached(g, 0));
	ck_assert(reached(g, 1));  /* in the table, type matches */
	ck_assert(!reached(g, 2)); /* address-taken, but not in the closed table */
	ck_assert(!reached(g, 3));
	ck_assert(!reached(g, 4)); /* in the table, other type; its call site is unreachable */
	ck_assert_uint_eq(g->nindirect_sites, 2);
}
END_TEST

START_TEST(exported_table_is_open)
{
	const struct p1c_callgraph *g = graph_of(NARROWING("02 {'f0'} 00 00 {'tbl'} 01 00"), NULL, 0);
	ck_assert(reached(g, 1));
	ck_assert(reached(g, 2)); /* the host may store any funcref in an exported table */
	ck_assert(rch.root[4] & P1C_CG_ROOT_TABLE);
	ck_assert(reached(g, 4));
	ck_assert(!reached(g, 3));
}
END_TEST

START_TEST(structural_type_equality)
{
	/* Types 0 and 1 are both (i32)->(); f0 calls indirect with type 1; f1 (type 0) is in the
	 * table; f2 ((i32 i32)->(), type 2) is in the table too and must not be reached. */
	const struct p1c_callgraph *g = graph_of(
		HDR "01 {03 60 01 7f 00 60 01 7f 00 60 02 7f 7f 00} 03 {03 01 00 02} 04 {01 70 00 02}"
		"07 {01 {'f0'} 00 00} 09 {01 00 41 00 0b 02 01 02}"
		"0a {03 {00 20 00 20 00 11 01 00 0b} {00 0b} {00 0b}}", NULL, 0);
	ck_assert(reached(g, 1));
	ck_assert(!reached(g, 2));
}
END_TEST

START_TEST(call_ref_reaches_ref_func_targets)
{
	const struct p1c_callgraph *g = graph_of(
		HDR "01 {02 60 01 7f 00 60 00 00} 03 {03 01 00 00} 07 {01 {'f0'} 00 00}"
		"09 {01 03 00 01 01} 0a {03 {00 41 07 d2 01 14 00 0b} {00 0b} {00 0b}}", NULL, 0);
	ck_assert(reached(g, 1));
	ck_assert(!reached(g, 2)); /* same type, never referenced */
	struct p1c_cg_search search;
	ck_assert(p1c_cg_search_init(&search, g, &rev, &arena));
	p1c_cg_search_start(&search, 1, UINT64_MAX);
	while (p1c_cg_search_next(&search) != UINT32_MAX)
		;
	struct p1c_cg_path path;
	ck_assert(p1c_cg_path_from(&search, 0, &arena, &path));
	ck_assert_uint_eq(path.nsteps, 2); /* the dispatch node is not a step */
	ck_assert_uint_eq(path.steps[1].func, 1);
	ck_assert_uint_eq(path.steps[1].edge, P1C_CG_REF);
}
END_TEST

START_TEST(paths_and_init_roots)
{
	/* import f0; f1 = _initialize -> f2 -> f0; f3 = run -> f0 directly. */
	static const char *const init[] = {"_initialize"};
	const struct p1c_callgraph *g = graph_of(
		HDR "01 {01 60 00 00} 02 {01 {'env'} {'imp'} 00 00} 03 {03 00 00 00}"
		"07 {02 {'_initialize'} 00 01 {'run'} 00 03}"
		"0a {03 {00 10 02 0b} {00 10 00 0b} {00 10 00 0b}}", init, 1);
	ck_assert(rch.root[1] & P1C_CG_ROOT_INIT);
	ck_assert(!(rch.root[3] & P1C_CG_ROOT_INIT));
	ck_assert(rch.reach[0] & P1C_CG_REACH_INIT);
	ck_assert(rch.reach[2] & P1C_CG_REACH_INIT);
	struct p1c_cg_search search;
	ck_assert(p1c_cg_search_init(&search, g, &rev, &arena));
	p1c_cg_search_start(&search, 0, UINT64_MAX);
	/* Nodes come nearest first: the import, then its callers f2 and f3, then f1. */
	ck_assert_uint_eq(p1c_cg_search_next(&search), 0);
	ck_assert_uint_eq(p1c_cg_search_dist(&search), 0);
	uint32_t a = p1c_cg_search_next(&search), b = p1c_cg_search_next(&search);
	ck_assert((a == 2 && b == 3) || (a == 3 && b == 2));
	ck_assert_uint_eq(p1c_cg_search_dist(&search), 1);
	ck_assert_uint_eq(p1c_cg_search_next(&search), 1);
	ck_assert_uint_eq(p1c_cg_search_dist(&search), 2);
	ck_assert_uint_eq(p1c_cg_search_next(&search), UINT32_MAX);
	struct p1c_cg_path path;
	ck_assert(p1c_cg_path_from(&search, 1, &arena, &path));
	/* A new search forgets the old distances without clearing the arrays. */
	p1c_cg_search_start(&search, 2, UINT64_MAX);
	ck_assert(!p1c_cg_search_seen(&search, 3));
	ck_assert(p1c_cg_search_seen(&search, 2));
	ck_assert_uint_eq(path.nsteps, 3);
	ck_assert_uint_eq(path.steps[0].func, 1);
	ck_assert_uint_eq(path.steps[1].func, 2);
	ck_assert_uint_eq(path.steps[2].func, 0);
	ck_assert_uint_eq(path.steps[2].edge, P1C_CG_CALL);
}
END_TEST

/* A path and one more step stays within 24 steps: the first step of a full path's tail makes
 * room, and one more call counts as left out (231 or more stays that). */
static struct p1c_cg_path path_of(struct p1c_cg_step *steps, uint32_t n, uint32_t elided)
{
	for (uint32_t i = 0; i < n; i++)
		steps[i] = p1c_cg_step_of(100 + i, P1C_CG_CALL);
	return (struct p1c_cg_path){n, steps, elided ? P1C_CG_PATH_HEAD : 0, elided};
}

START_TEST(path_extend_keeps_the_bound)
{
	const uint32_t keep = P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL;
	struct p1c_cg_step buf[P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL];
	struct p1c_cg_step last = p1c_cg_step_of(7, P1C_CG_INDIRECT);
	struct p1c_cg_path head = path_of(buf, 5, 0), out;
	ck_assert(p1c_cg_path_extend(&head, last, &arena, &out));
	ck_assert_uint_eq(out.nsteps, 6);
	ck_assert_uint_eq(out.elided, 0);
	ck_assert_uint_eq(out.steps[4].func, 104);
	ck_assert_uint_eq(out.steps[5].func, 7);
	ck_assert_uint_eq(out.steps[5].edge, P1C_CG_INDIRECT);
	static const uint32_t elided_in[] = {0, 7, UINT32_MAX}, elided_out[] = {1, 8, UINT32_MAX};
	for (int c = 0; c < 3; c++) {
		head = path_of(buf, keep, elided_in[c]);
		ck_assert(p1c_cg_path_extend(&head, last, &arena, &out));
		ck_assert_uint_eq(out.nsteps, keep);
		ck_assert_uint_eq(out.elided_at, P1C_CG_PATH_HEAD);
		ck_assert_uint_eq(out.elided, elided_out[c]);
		for (uint32_t i = 0; i < P1C_CG_PATH_HEAD; i++)
			ck_assert_uint_eq(out.steps[i].func, 100 + i);
		for (uint32_t i = P1C_CG_PATH_HEAD; i + 1 < keep; i++) /* the tail, one step on */
			ck_assert_uint_eq(out.steps[i].func, 100 + i + 1);
		ck_assert_uint_eq(out.steps[keep - 1].func, 7);
		ck_assert_uint_eq(buf[P1C_CG_PATH_HEAD].func, 100 + P1C_CG_PATH_HEAD); /* head kept */
	}
}
END_TEST

/* Two chains of 30 calls, exported "a" (f0..f29) and "b" (f30..f59), and f20 also calls f29:
 * long tree paths under two anchors. A head memo kept across calls, whichever order the paths
 * are drawn in, gives each path exactly as drawn without one. */
static void same_path(const struct p1c_cg_path *a, const struct p1c_cg_path *b)
{
	ck_assert_uint_eq(a->nsteps, b->nsteps);
	ck_assert_uint_eq(a->elided_at, b->elided_at);
	ck_assert_uint_eq(a->elided, b->elided);
	for (uint32_t i = 0; i < a->nsteps; i++) {
		ck_assert_uint_eq(a->steps[i].func, b->steps[i].func);
		ck_assert_uint_eq(a->steps[i].edge, b->steps[i].edge);
	}
}

START_TEST(tree_path_head_memo)
{
	char hex[4096];
	int at = snprintf(hex, sizeof(hex), HDR "01 {01 60 00 00} 03 {3c");
	for (int i = 0; i < 60; i++)
		at += snprintf(hex + at, sizeof(hex) - (size_t)at, " 00");
	at += snprintf(hex + at, sizeof(hex) - (size_t)at, "} 07 {02 {'a'} 00 00 {'b'} 00 1e} 0a {3c");
	for (int i = 0; i < 60; i++) {
		if (i == 29 || i == 59)
			at += snprintf(hex + at, sizeof(hex) - (size_t)at, " {00 0b}");
		else if (i == 20)
			at += snprintf(hex + at, sizeof(hex) - (size_t)at, " {00 10 %02x 10 1d 0b}", i + 1);
		else
			at += snprintf(hex + at, sizeof(hex) - (size_t)at, " {00 10 %02x 0b}", i + 1);
	}
	snprintf(hex + at, sizeof(hex) - (size_t)at, "}");
	const struct p1c_callgraph *g = graph_of(hex, NULL, 0);
	uint32_t elided = 0;
	for (int order = 0; order < 2; order++) {
		struct p1c_cg_head_memo memo = {0};
		for (uint32_t k = 0; k < 60; k++) {
			uint32_t v = order == 0 ? k : (k % 2 ? 30 + k / 2 : k / 2); /* a, b, a, b... */
			struct p1c_cg_path with, without;
			ck_assert(p1c_cg_tree_path(g, &rch, v, &arena, &memo, &with));
			ck_assert(p1c_cg_tree_path(g, &rch, v, &arena, NULL, &without));
			same_path(&with, &without);
			elided += with.elided > 0;
			ck_assert_uint_eq(with.steps[0].func, v < 30 ? 0 : 30);
			ck_assert_uint_eq(with.steps[with.nsteps - 1].func, v);
		}
	}
	ck_assert_uint_eq(elided, 2 * (5 + 6)); /* over 24 deep: f24..f28 (f29 is 22, via f20), f54..f59 */
}
END_TEST

/* A step holds every function index and every edge kind, whichever way it is built. */
START_TEST(path_step_holds_its_fields)
{
	static const uint32_t funcs[] = {0, 1, 0x123456, P1C_MAX_INDEX_SPACE - 1, 0xFFFFFF};
	static const uint8_t edges[] = {P1C_CG_CALL, P1C_CG_INDIRECT, P1C_CG_REF};
	ck_assert_uint_eq(sizeof(struct p1c_cg_step), 4);
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		for (size_t j = 0; j < sizeof(edges) / sizeof(edges[0]); j++) {
			struct p1c_cg_step s = p1c_cg_step_of(funcs[i], edges[j]);
			ck_assert_uint_eq(s.func, funcs[i]);
			ck_assert_uint_eq(s.edge, edges[j]);
		}
}
END_TEST

/* ---- oracle: direct edges against wasm-objdump -d ---- */

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* (caller << 32 | callee) pairs from `wasm-objdump -d`, sorted and unique. */
static size_t objdump_edges(const char *path, uint64_t **out)
{
	char cmd[8500], line[4096];
	snprintf(cmd, sizeof(cmd), "wasm-objdump -d '%s' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	size_t n = 0, cap = 1024;
	uint64_t *edges = malloc(cap * sizeof(*edges));
	long caller = -1;
	while (fgets(line, sizeof(line), p)) {
		unsigned long func, callee;
		char *bar = strchr(line, '|');
		if (sscanf(line, "%*x func[%lu]", &func) == 1 && strstr(line, "func["))
			caller = (long)func;
		else if (bar && caller >= 0 && (sscanf(bar, "| call %lu", &callee) == 1 ||
						sscanf(bar, "| return_call %lu", &callee) == 1)) {
			if (n == cap)
				edges = realloc(edges, (cap *= 2) * sizeof(*edges));
			edges[n++] = (uint64_t)caller << 32 | callee;
		}
	}
	pclose(p);
	qsort(edges, n, sizeof(*edges), compare_u64);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || edges[u - 1] != edges[i])
			edges[u++] = edges[i];
	*out = edges;
	return u;
}

/* Direct edges of the graph: function -> function adjacency (dispatch nodes excluded). */
static size_t graph_edges(const struct p1c_callgraph *g, uint64_t **out)
{
	size_t n = 0;
	uint64_t *edges = malloc(((size_t)g->edge_start[g->nnodes] + 1) * sizeof(*edges));
	for (uint32_t u = 0; u < g->nfuncs; u++)
		for (uint32_t i = g->edge_start[u]; i < g->edge_start[u + 1]; i++)
			if (g->edge_to[i] < g->nfuncs)
				edges[n++] = (uint64_t)u << 32 | g->edge_to[i];
	qsort(edges, n, sizeof(*edges), compare_u64);
	*out = edges;
	return n;
}

static bool compare_file(const char *path, size_t *nedges)
{
	size_t len;
	uint8_t *buf = testlib_read_file(path, &len);
	struct p1c_error err = {0};
	if (!p1c_module_parse(buf, 0, len, &arena, &mod, &err) || mod.format != P1C_FORMAT_CORE) {
		free(buf);
		return false;
	}
	ck_assert(p1c_analyze(&mod, &arena, &an));
	uint64_t *want, *have;
	size_t nwant = objdump_edges(path, &want), nhave = graph_edges(an.cg, &have);
	for (size_t i = 0; i < nwant || i < nhave; i++)
		ck_assert_msg(i < nwant && i < nhave && want[i] == have[i],
			      "%s: direct edge %zu differs: objdump func[%llu]->%llu, graph func[%llu]->%llu",
			      path, i, i < nwant ? (unsigned long long)(want[i] >> 32) : 0ull,
			      i < nwant ? (unsigned long long)(want[i] & 0xffffffffu) : 0ull,
			      i < nhave ? (unsigned long long)(have[i] >> 32) : 0ull,
			      i < nhave ? (unsigned long long)(have[i] & 0xffffffffu) : 0ull);
	*nedges += nwant;
	free(want);
	free(have);
	free(buf);
	return true;
}

START_TEST(direct_edges_match_objdump)
{
	const char *root = testlib_oracle_dir("callgraph", "wasm-objdump");
	if (!root)
		return;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/c", root); /* the clang-built binaries */
	size_t n, files = 0, edges = 0;
	char **paths = testlib_wasm_files(dir, &n);
	for (size_t i = 0; i < n; i++)
		files += compare_file(paths[i], &edges);
	testlib_free_files(paths, n);
	testlib_oracle_done("callgraph", files, dir);
	ck_assert_msg(files >= 3, "only %zu clang-built binaries compared", files);
	ck_assert_uint_gt(edges, 50);
	printf("callgraph oracle: %zu binaries, %zu direct edges agree with wasm-objdump -d\n", files, edges);
}
END_TEST

Suite *callgraph_suite(void)
{
	Suite *s = suite_create("callgraph");
	TCase *tc = tcase_create("callgraph");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, closed_table_narrows_targets);
	tcase_add_test(tc, exported_table_is_open);
	tcase_add_test(tc, structural_type_equality);
	tcase_add_test(tc, call_ref_reaches_ref_func_targets);
	tcase_add_test(tc, paths_and_init_roots);
	tcase_add_test(tc, path_step_holds_its_fields);
	tcase_add_test(tc, tree_path_head_memo);
	tcase_add_test(tc, path_extend_keeps_the_bound);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, direct_edges_match_objdump);
	suite_add_tcase(s, tc);
	return s;
}
