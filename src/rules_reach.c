/* Reachability for import findings: when the device fails on an import (bites), the shortest
 * witness paths from roots, and the libc entry points that reach it. */
#include <stdlib.h>
#include <string.h>

#include "rules_internal.h"

#define MAX_LIBC_ENTRY_POINTS 16u

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool name_in_sorted(struct p1c_str name, const char **sorted, uint32_t n)
{
	char buf[256];
	if (!name.len || name.len >= sizeof(buf))
		return false;
	memcpy(buf, name.ptr, name.len);
	buf[name.len] = '\0';
	const char *key = buf;
	return bsearch(&key, sorted, n, sizeof(*sorted), compare_strings) != NULL;
}

/* Flags the functions whose name (name section) is one of the profile's libc entry points. */
static bool mark_libc_entry_points(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	const struct p1c_strlist *list = &ctx->profile->libc_entry_points;
	ctx->is_libc = p1c_arena_alloc(ctx->arena, (size_t)m->nfuncs + 1);
	const char **sorted = p1c_arena_array(ctx->arena, (size_t)list->count + 1, sizeof(*sorted));
	if (!ctx->is_libc || !sorted)
		return false;
	memcpy(sorted, list->items, list->count * sizeof(*sorted));
	qsort(sorted, list->count, sizeof(*sorted), compare_strings);
	for (uint32_t f = 0; m->func_names && list->count && f < m->nfuncs; f++)
		ctx->is_libc[f] = name_in_sorted(m->func_names[f], sorted, list->count);
	return true;
}

bool rules_reach_setup(struct rules_ctx *ctx, const struct p1c_rules_opts *opts, const char **unmatched)
{
	struct p1c_callgraph *g = ctx->analysis ? ctx->analysis->cg : NULL;
	*unmatched = NULL;
	if (!g)
		return true;
	const struct p1c_strlist *init = &ctx->profile->init_functions;
	struct p1c_cg_roots roots = {init->items, init->count, opts->entries, opts->nentries};
	P1C_TRY(p1c_cg_solve(g, ctx->module, &roots, ctx->arena, unmatched));
	ctx->graph = g;
	ctx->max_paths = opts->max_paths;
	ctx->dist = malloc(((size_t)g->nnodes + 1) * sizeof(*ctx->dist));
	ctx->queue = malloc(((size_t)g->nnodes + 1) * sizeof(*ctx->queue));
	return ctx->dist && ctx->queue && mark_libc_entry_points(ctx);
}

void rules_reach_teardown(struct rules_ctx *ctx)
{
	free(ctx->dist);
	free(ctx->queue);
	ctx->dist = ctx->queue = NULL;
}

enum p1c_reach rules_import_reach(const struct rules_ctx *ctx, uint32_t func)
{
	if (!ctx->graph)
		return P1C_REACH_NA;
	return ctx->graph->reach[func] & P1C_CG_REACH_ROOT ? P1C_REACH_YES : P1C_REACH_NO;
}

/* Does the BFS tree's path from the nearest root to func pass a dispatch node? */
bool rules_via_indirect(const struct rules_ctx *ctx, uint32_t func)
{
	const struct p1c_callgraph *g = ctx->graph;
	if (!g || !(g->reach[func] & P1C_CG_REACH_ROOT))
		return false;
	for (uint32_t v = func, n = 0; v != UINT32_MAX && n < g->nnodes; v = g->parent[v], n++)
		if (v >= g->nfuncs)
			return true;
	return false;
}

/* Is candidate a better path start than best? Init roots first when init matters, then
 * shorter paths, then lower indices. */
static bool better_root(const struct rules_ctx *ctx, bool init_first, uint32_t candidate, uint32_t best)
{
	const uint8_t *root = ctx->graph->root;
	bool ci = root[candidate] & P1C_CG_ROOT_INIT, bi = root[best] & P1C_CG_ROOT_INIT;
	if (init_first && ci != bi)
		return ci;
	if (ctx->dist[candidate] != ctx->dist[best])
		return ctx->dist[candidate] < ctx->dist[best];
	return candidate < best;
}

/* The best max_paths roots that reach the target (dist filled), best first. */
static uint32_t pick_roots(const struct rules_ctx *ctx, bool init_first, uint32_t *out, uint32_t max)
{
	uint32_t n = 0;
	for (uint32_t f = 0; f < ctx->graph->nfuncs && max; f++) {
		if (!ctx->graph->root[f] || ctx->dist[f] == UINT32_MAX)
			continue;
		uint32_t i = n < max ? n++ : max;
		if (i == max && !better_root(ctx, init_first, f, out[max - 1]))
			continue;
		if (i == max)
			i = max - 1;
		for (; i > 0 && better_root(ctx, init_first, f, out[i - 1]); i--)
			out[i] = out[i - 1];
		out[i] = f;
	}
	return n;
}

static void add_paths(struct rules_ctx *ctx, struct p1c_finding *f, bool init_first)
{
	uint32_t *starts = p1c_arena_array(ctx->arena, (size_t)ctx->max_paths + 1, sizeof(*starts));
	f->paths = p1c_arena_array(ctx->arena, (size_t)ctx->max_paths + 1, sizeof(*f->paths));
	if (!starts || !f->paths) {
		ctx->failed = true;
		return;
	}
	uint32_t n = pick_roots(ctx, init_first, starts, ctx->max_paths);
	for (uint32_t i = 0; i < n; i++)
		if (p1c_cg_path_from(ctx->graph, starts[i], ctx->dist, ctx->arena, &f->paths[f->npaths]))
			f->npaths++;
}

struct libc_hit {
	bool internal;  /* a reserved name (leading underscore): listed after the POSIX ones */
	uint32_t dist;
	uint32_t func;
};

static int compare_hits(const void *pa, const void *pb)
{
	const struct libc_hit *a = pa, *b = pb;
	if (a->internal != b->internal)
		return a->internal ? 1 : -1;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	return a->func < b->func ? -1 : a->func > b->func;
}

/* The libc entry points that reach target: public names first, nearest first. */
static void add_libc_entry_points(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t target)
{
	const struct p1c_module *m = ctx->module;
	uint32_t n = 0;
	for (uint32_t fn = 0; fn < m->nfuncs; fn++)
		n += ctx->is_libc[fn] && ctx->dist[fn] != UINT32_MAX && fn != target;
	struct libc_hit *hits = p1c_arena_array(ctx->arena, (size_t)n + 1, sizeof(*hits));
	const char **names = p1c_arena_array(ctx->arena, MAX_LIBC_ENTRY_POINTS, sizeof(*names));
	if (!hits || !names) {
		ctx->failed = true;
		return;
	}
	n = 0;
	for (uint32_t fn = 0; fn < m->nfuncs; fn++)
		if (ctx->is_libc[fn] && ctx->dist[fn] != UINT32_MAX && fn != target)
			hits[n++] = (struct libc_hit){m->func_names[fn].ptr[0] == '_', ctx->dist[fn], fn};
	qsort(hits, n, sizeof(*hits), compare_hits);
	f->libc_entry_points.items = names;
	for (uint32_t i = 0; i < n && i < MAX_LIBC_ENTRY_POINTS; i++) {
		struct p1c_str name = m->func_names[hits[i].func];
		names[f->libc_entry_points.count++] =
			rules_text(ctx, p1c_arena_strndup(ctx->arena, name.ptr, name.len));
	}
}

/* Until a graph exists (it always does for core modules), every import counts as reachable. */
static void assume_reachable(struct rules_ctx *ctx, struct p1c_finding *f)
{
	f->reachable = P1C_REACH_YES;
	f->bites = ctx->profile->unresolved == P1C_UNRESOLVED_LINK_ERROR ? P1C_BITES_INSTANTIATE
									  : P1C_BITES_CALL;
}

void rules_explain_import(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t func)
{
	const struct p1c_callgraph *g = ctx->graph;
	if (!g) {
		assume_reachable(ctx, f);
		return;
	}
	uint8_t reach = g->reach[func];
	f->reachable = reach & P1C_CG_REACH_ROOT ? P1C_REACH_YES : P1C_REACH_NO;
	if (ctx->profile->unresolved == P1C_UNRESOLVED_LINK_ERROR || (reach & P1C_CG_REACH_INIT))
		f->bites = P1C_BITES_INSTANTIATE;
	else if (reach & P1C_CG_REACH_ROOT)
		f->bites = P1C_BITES_CALL;
	else
		f->bites = P1C_BITES_NEVER;
	if (f->bites == P1C_BITES_NEVER)
		f->severity = P1C_SEV_WARNING;
	if (!p1c_cg_distances_to(g, func, ctx->dist, ctx->queue))
		return;
	add_paths(ctx, f, (reach & P1C_CG_REACH_INIT) != 0);
	add_libc_entry_points(ctx, f, func);
}
