/* Roots, reachability (BFS) and shortest witness paths over the call graph. */
#include <stdlib.h>
#include <string.h>

#include "analysis/callgraph.h"

#define NONE UINT32_MAX

static bool export_is_func(const struct p1c_export *e, const struct p1c_module *m)
{
	return e->kind == P1C_EXTERN_FUNC && e->index < m->nfuncs;
}

static bool table_is_open(const struct p1c_module *m, uint32_t table)
{
	if (table >= m->ntables)
		return false;
	if (m->tables[table].imported)
		return true;
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == P1C_EXTERN_TABLE && m->exports[i].index == table)
			return true;
	return false;
}

/* An --entry: an export name, a function name (name section), "func[N]" or N. */
static uint32_t find_entry(const struct p1c_module *m, const char *entry)
{
	for (uint32_t i = 0; i < m->nexports; i++)
		if (export_is_func(&m->exports[i], m) && p1c_str_eq(m->exports[i].name, entry))
			return m->exports[i].index;
	for (uint32_t f = 0; m->func_names && f < m->nfuncs; f++)
		if (m->func_names[f].ptr && p1c_str_eq(m->func_names[f], entry))
			return f;
	char *end;
	const char *digits = strncmp(entry, "func[", 5) == 0 ? entry + 5 : entry;
	unsigned long n = strtoul(digits, &end, 10);
	bool whole = end != digits && (*end == '\0' || (digits != entry && strcmp(end, "]") == 0));
	return whole && n < m->nfuncs ? (uint32_t)n : NONE;
}

static void mark_roots(struct p1c_callgraph *g, const struct p1c_module *m,
		       const struct p1c_cg_roots *roots, const char **out_unmatched)
{
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct p1c_export *e = &m->exports[i];
		if (!export_is_func(e, m))
			continue;
		g->root[e->index] |= P1C_CG_ROOT_EXPORT;
		for (uint32_t k = 0; k < roots->ninit_exports; k++)
			if (p1c_str_eq(e->name, roots->init_exports[k]))
				g->root[e->index] |= P1C_CG_ROOT_INIT;
	}
	if (m->has_start && m->start_func < m->nfuncs)
		g->root[m->start_func] |= P1C_CG_ROOT_START | P1C_CG_ROOT_INIT;
	for (uint32_t t = 0; t < m->ntables; t++) {
		uint32_t f = m->tables[t].init.ref_func;
		if (m->tables[t].type.has_init_expr && f < m->nfuncs && table_is_open(m, t))
			g->root[f] |= P1C_CG_ROOT_TABLE;
	}
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct p1c_elem *e = &m->elems[i];
		if (e->mode != P1C_SEG_ACTIVE || !table_is_open(m, e->table))
			continue;
		for (uint32_t j = 0; j < e->count; j++)
			if (e->funcs[j] < m->nfuncs)
				g->root[e->funcs[j]] |= P1C_CG_ROOT_TABLE;
	}
	*out_unmatched = NULL;
	for (uint32_t k = 0; k < roots->nentries; k++) {
		uint32_t f = find_entry(m, roots->entries[k]);
		if (f == NONE && !*out_unmatched)
			*out_unmatched = roots->entries[k];
		else if (f != NONE)
			g->root[f] |= P1C_CG_ROOT_ENTRY;
	}
}

/* Multi-source BFS from every function whose root bits intersect `from`; sets `bit` in reach
 * and, when parent is given, the BFS tree. */
static void bfs(struct p1c_callgraph *g, uint8_t from, uint8_t bit, uint32_t *queue, uint32_t *parent)
{
	uint32_t head = 0, tail = 0;
	for (uint32_t f = 0; f < g->nfuncs; f++)
		if (g->root[f] & from) {
			g->reach[f] |= bit;
			queue[tail++] = f;
		}
	while (head < tail) {
		uint32_t u = queue[head++];
		for (uint32_t i = g->edge_start[u]; i < g->edge_start[u + 1]; i++) {
			uint32_t v = g->edge_to[i];
			if (g->reach[v] & bit)
				continue;
			g->reach[v] |= bit;
			if (parent)
				parent[v] = u;
			queue[tail++] = v;
		}
	}
}

bool p1c_cg_solve(struct p1c_callgraph *g, const struct p1c_module *m,
		  const struct p1c_cg_roots *roots, struct p1c_arena *arena, const char **out_unmatched)
{
	g->root = p1c_arena_alloc(arena, (size_t)g->nfuncs + 1);
	g->reach = p1c_arena_alloc(arena, (size_t)g->nnodes + 1);
	g->parent = p1c_arena_array(arena, (size_t)g->nnodes + 1, sizeof(*g->parent));
	uint32_t *queue = malloc(((size_t)g->nnodes + 1) * sizeof(*queue));
	if (!g->root || !g->reach || !g->parent || !queue) {
		free(queue);
		return false;
	}
	memset(g->parent, 0xff, ((size_t)g->nnodes + 1) * sizeof(*g->parent));
	mark_roots(g, m, roots, out_unmatched);
	g->nroots = 0;
	for (uint32_t f = 0; f < g->nfuncs; f++)
		g->nroots += g->root[f] != 0;
	bfs(g, P1C_CG_ROOT_INIT, P1C_CG_REACH_INIT, queue, NULL);
	bfs(g, 0xff, P1C_CG_REACH_ROOT, queue, g->parent);
	free(queue);
	return true;
}

bool p1c_cg_search_init(struct p1c_cg_search *s, const struct p1c_callgraph *g)
{
	size_t n = (size_t)g->nnodes + 1;
	memset(s, 0, sizeof(*s));
	s->g = g;
	s->dist = malloc(n * sizeof(*s->dist));
	s->stamp = calloc(n, sizeof(*s->stamp));
	s->queue = malloc(n * sizeof(*s->queue));
	if (s->dist && s->stamp && s->queue)
		return true;
	p1c_cg_search_free(s);
	return false;
}

void p1c_cg_search_free(struct p1c_cg_search *s)
{
	free(s->dist);
	free(s->stamp);
	free(s->queue);
	s->dist = s->stamp = s->queue = NULL;
}

static void discover(struct p1c_cg_search *s, uint32_t v, uint32_t dist)
{
	s->stamp[v] = s->gen;
	s->dist[v] = dist;
	s->queue[s->tail++] = v;
}

void p1c_cg_search_start(struct p1c_cg_search *s, uint32_t target)
{
	if (++s->gen == 0) { /* stamps wrapped: clear them once */
		memset(s->stamp, 0, ((size_t)s->g->nnodes + 1) * sizeof(*s->stamp));
		s->gen = 1;
	}
	s->head = s->tail = 0;
	if (target < s->g->nnodes)
		discover(s, target, 0);
}

uint32_t p1c_cg_search_next(struct p1c_cg_search *s)
{
	if (s->head == s->tail)
		return NONE;
	const struct p1c_callgraph *g = s->g;
	uint32_t v = s->queue[s->head++];
	for (uint32_t i = g->rev_start[v]; i < g->rev_start[v + 1]; i++)
		if (s->stamp[g->rev_from[i]] != s->gen)
			discover(s, g->rev_from[i], s->dist[v] + 1);
	return v;
}

/* The successor of u one step closer to the target (the first in CSR order). */
static uint32_t next_hop(const struct p1c_cg_search *s, uint32_t u)
{
	const struct p1c_callgraph *g = s->g;
	uint32_t d = p1c_cg_search_dist(s, u);
	for (uint32_t i = g->edge_start[u]; i < g->edge_start[u + 1]; i++)
		if (p1c_cg_search_dist(s, g->edge_to[i]) + 1 == d)
			return g->edge_to[i];
	return NONE;
}

bool p1c_cg_path_from(const struct p1c_cg_search *s, uint32_t from, struct p1c_arena *arena,
		      struct p1c_cg_path *out)
{
	memset(out, 0, sizeof(*out));
	uint32_t d = from < s->g->nfuncs ? p1c_cg_search_dist(s, from) : NONE;
	if (d == NONE)
		return false;
	out->steps = p1c_arena_array(arena, (size_t)d + 1, sizeof(*out->steps));
	if (!out->steps)
		return false;
	uint8_t edge = P1C_CG_CALL;
	for (uint32_t u = from; u != NONE; u = p1c_cg_search_dist(s, u) ? next_hop(s, u) : NONE) {
		if (u >= s->g->nfuncs) { /* a dispatch node: the next step is reached through it */
			edge = s->g->node_kind[u];
			continue;
		}
		out->steps[out->nsteps++] = (struct p1c_cg_step){u, edge};
		edge = P1C_CG_CALL;
	}
	return true;
}
