/* Roots, reachability (one breadth-first search in three tiers) and witness paths over the
 * call graph: the search tree's paths, and bounded backward searches for more of them. */
#include <stdlib.h>
#include <string.h>

#include "analysis/callgraph.h"

#define NONE P1C_NO_INDEX

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
	uint32_t n;
	return p1c_func_index_parse(entry, &n) && n < m->nfuncs ? n : NONE;
}

static void mark_roots(struct p1c_cg_reach *r, const struct p1c_module *m,
		       const struct p1c_cg_roots *roots, const char **out_unmatched)
{
	for (uint32_t i = 0; i < m->nexports; i++)
		if (export_is_func(&m->exports[i], m))
			r->root[m->exports[i].index] |= P1C_CG_ROOT_EXPORT;
	if (m->has_start && m->start_func < m->nfuncs && !roots->start_not_run)
		r->root[m->start_func] |= P1C_CG_ROOT_START;
	for (uint32_t i = 0; i < roots->ninit; i++)
		if (roots->init[i].func < m->nfuncs)
			r->root[roots->init[i].func] |= P1C_CG_ROOT_INIT;
	for (uint32_t t = 0; t < m->ntables; t++) {
		uint32_t f = m->tables[t].init.ref_func;
		if (m->tables[t].type.has_init_expr && f < m->nfuncs && table_is_open(m, t))
			r->root[f] |= P1C_CG_ROOT_TABLE;
	}
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct p1c_elem *e = &m->elems[i];
		if (e->mode != P1C_SEG_ACTIVE || !table_is_open(m, e->table))
			continue;
		for (uint32_t j = 0; j < e->count; j++)
			if (e->funcs[j] < m->nfuncs)
				r->root[e->funcs[j]] |= P1C_CG_ROOT_TABLE;
	}
	*out_unmatched = NULL;
	for (uint32_t k = 0; k < roots->nentries; k++) {
		uint32_t f = find_entry(m, roots->entries[k]);
		if (f == NONE && !*out_unmatched)
			*out_unmatched = roots->entries[k];
		else if (f != NONE)
			r->root[f] |= P1C_CG_ROOT_ENTRY;
	}
}

struct bfs {
	const struct p1c_callgraph *g;
	struct p1c_cg_reach *r;
	const uint32_t *roots;   /* every function with a root bit, ascending */
	uint32_t nroots;
	uint32_t *queue, head, tail;
};

/* Every function with a root bit, ascending, into list when it is not NULL; returns how many.
 * Eight root bytes are looked at per step: roots are few next to functions. */
static uint32_t list_roots(const uint8_t *root, uint32_t nfuncs, uint32_t *list)
{
	uint32_t n = 0;
	for (uint32_t f = 0; f < nfuncs; f += 8) {
		uint32_t k_end = nfuncs - f < 8 ? nfuncs - f : 8;
		uint64_t word = 1;
		if (k_end == 8)
			memcpy(&word, root + f, sizeof(word));
		for (uint32_t k = 0; word && k < k_end; k++) {
			if (!root[f + k])
				continue;
			if (list)
				list[n] = f + k;
			n++;
		}
	}
	return n;
}

static void visit_root(struct bfs *b, uint32_t f, uint8_t bits)
{
	struct p1c_cg_reach *r = b->r;
	r->reach[f] = bits;
	r->parent[f] = NONE;
	r->depth[f] = 1;
	r->anchor[f] = f;
	b->queue[b->tail++] = f;
}

/* Everything u leads to that no search reached yet: parent u, u's depth plus one function step,
 * u's anchor once that depth passes P1C_CG_PATH_HEAD. */
static void expand(struct bfs *b, uint32_t u, uint8_t bits)
{
	const struct p1c_callgraph *g = b->g;
	struct p1c_cg_reach *r = b->r;
	uint8_t inherit = (uint8_t)(bits | (r->reach[u] & P1C_CG_REACH_INDIRECT));
	uint32_t depth_u = r->depth[u], anchor_u = r->anchor[u];
	uint32_t depth_func = depth_u < P1C_CG_DEPTH_MAX ? depth_u + 1 : P1C_CG_DEPTH_MAX;
	uint32_t *queue = b->queue, tail = b->tail;
	for (uint32_t i = g->edge_start[u]; i < g->edge_start[u + 1]; i++) {
		uint32_t v = g->edge_to[i];
		if (r->reach[v]) {
			r->called_again[v >> 3] = (uint8_t)(r->called_again[v >> 3] | (1u << (v & 7)));
			continue;
		}
		bool func = v < g->nfuncs;
		uint32_t depth = func ? depth_func : depth_u;
		r->reach[v] = (uint8_t)(inherit | (func ? 0 : P1C_CG_REACH_INDIRECT));
		r->parent[v] = u;
		r->depth[v] = (uint8_t)depth;
		r->anchor[v] = func && depth <= P1C_CG_PATH_HEAD ? v : anchor_u;
		queue[tail++] = v;
	}
	b->tail = tail;
}

/* One tier: the roots whose bits intersect `kind`, not reached by an earlier tier, then
 * everything new they reach. The reach bits a node gets are its tier's plus its parent's
 * INDIRECT. */
static void tier(struct bfs *b, uint8_t kind, uint8_t bits)
{
	struct p1c_cg_reach *r = b->r;
	for (uint32_t i = 0; i < b->nroots; i++)
		if ((r->root[b->roots[i]] & kind) && !r->reach[b->roots[i]])
			visit_root(b, b->roots[i], bits);
	while (b->head < b->tail)
		expand(b, b->queue[b->head++], bits);
}

/* The four certainty facts in one worklist: ALWAYS and DIRECT from every root, their _INIT
 * forms from the init roots; every direct call carries the DIRECT bits, a call whose site
 * always runs all four. A function is queued again when it gains a bit (at most four times;
 * QUEUED, a bit no fact uses, marks the ones waiting), so each fact is the set of functions
 * its roots reach over its calls. queue: a ring of nfuncs entries. */
#define CERTAIN_BITS (P1C_CG_REACH_ALWAYS | P1C_CG_REACH_ALWAYS_INIT | P1C_CG_REACH_DIRECT | \
		      P1C_CG_REACH_DIRECT_INIT)
#define DIRECT_BITS (P1C_CG_REACH_DIRECT | P1C_CG_REACH_DIRECT_INIT)
#define QUEUED 0x80u

static void certainty_search(const struct bfs *b)
{
	const struct p1c_callgraph *g = b->g;
	uint8_t *reach = b->r->reach;
	uint32_t *queue = b->queue, n = g->nfuncs ? g->nfuncs : 1, head = 0, count = 0;
	for (uint32_t i = 0; i < b->nroots; i++) {
		uint32_t f = b->roots[i];
		bool init = b->r->root[f] & P1C_CG_ROOT_INIT;
		reach[f] |= (uint8_t)(QUEUED | P1C_CG_REACH_ALWAYS | P1C_CG_REACH_DIRECT |
				      (init ? P1C_CG_REACH_ALWAYS_INIT | P1C_CG_REACH_DIRECT_INIT : 0));
		queue[count++] = f;
	}
	for (; count; count--, head = head + 1 == n ? 0 : head + 1) {
		uint32_t u = queue[head];
		reach[u] &= (uint8_t)~QUEUED;
		uint8_t all = reach[u] & CERTAIN_BITS, direct = all & DIRECT_BITS;
		for (uint32_t i = g->edge_start[u]; i < g->edge_start[u + 1]; i++) {
			uint32_t v = g->edge_to[i];
			if (v >= g->nfuncs)
				continue;
			uint8_t bits = ((g->edge_sure[i >> 3] >> (i & 7)) & 1) ? all : direct;
			if (!(bits & ~reach[v]))
				continue;
			reach[v] |= bits;
			if (!(reach[v] & QUEUED)) {
				reach[v] |= QUEUED;
				uint32_t at = head + count;
				queue[at >= n ? at - n : at] = v;
				count++;
			}
		}
	}
}

bool p1c_cg_solve(const struct p1c_callgraph *g, const struct p1c_module *m,
		  const struct p1c_cg_roots *roots, struct p1c_arena *arena, struct p1c_cg_reach *out,
		  const char **out_unmatched)
{
	size_t n = (size_t)g->nnodes + 1;
	memset(out, 0, sizeof(*out));
	out->init = roots->init;
	out->ninit = roots->ninit;
	out->root = p1c_arena_alloc(arena, (size_t)g->nfuncs + 1);
	out->reach = p1c_arena_alloc(arena, n);
	out->parent = p1c_arena_array(arena, n, sizeof(*out->parent));
	out->anchor = p1c_arena_array(arena, n, sizeof(*out->anchor));
	out->depth = p1c_arena_array(arena, n, sizeof(*out->depth));
	out->called_again = p1c_arena_alloc(arena, n / 8 + 1);
	struct bfs b = {g, out, NULL, 0, p1c_arena_scratch(arena, n, sizeof(uint32_t)), 0, 0};
	if (!out->root || !out->reach || !out->parent || !out->anchor || !out->depth ||
	    !out->called_again || !b.queue) {
		p1c_arena_scratch_free(arena, b.queue, n, sizeof(uint32_t));
		return false;
	}
	mark_roots(out, m, roots, out_unmatched);
	out->nroots = list_roots(out->root, g->nfuncs, NULL);
	uint32_t *list = p1c_arena_scratch(arena, (size_t)out->nroots + 1, sizeof(*list));
	if (!list) {
		p1c_arena_scratch_free(arena, b.queue, n, sizeof(uint32_t));
		return false;
	}
	list_roots(out->root, g->nfuncs, list);
	b.roots = list;
	b.nroots = out->nroots;
	tier(&b, P1C_CG_ROOT_INIT, P1C_CG_REACH_ROOT | P1C_CG_REACH_INIT);
	tier(&b, P1C_CG_ROOT_EXPORT | P1C_CG_ROOT_START | P1C_CG_ROOT_ENTRY, P1C_CG_REACH_ROOT);
	tier(&b, P1C_CG_ROOT_TABLE, P1C_CG_REACH_ROOT);
	for (size_t v = 0; v < n; v++) /* the search set every reached node's parent */
		if (!out->reach[v])
			out->parent[v] = NONE;
	certainty_search(&b);
	p1c_arena_scratch_free(arena, list, (size_t)out->nroots + 1, sizeof(*list));
	p1c_arena_scratch_free(arena, b.queue, n, sizeof(uint32_t));
	return true;
}

/* ---- paths ---- */

/* Steps from the parent chain of v, up to max function steps (each with the edge that reaches
 * it), written backwards from end (v's step at end[-1]), so they read root first. Returns how
 * many. */
static uint32_t walk_up(const struct p1c_callgraph *g, const struct p1c_cg_reach *r, uint32_t v,
			uint32_t max, struct p1c_cg_step *end)
{
	uint32_t n = 0;
	while (v != NONE && n < max) {
		uint32_t p = r->parent[v];
		uint8_t edge = P1C_CG_CALL;
		if (p != NONE && p >= g->nfuncs) {
			edge = g->node_kind[p];
			p = r->parent[p];
		}
		*--end = p1c_cg_step_of(v, edge);
		n++;
		v = p;
	}
	return n;
}

/* The n steps walk_up wrote before at + want, moved to at when they are fewer than want. */
static uint32_t settle(struct p1c_cg_step *at, uint32_t want, uint32_t n)
{
	if (n < want)
		memmove(at, at + want - n, n * sizeof(*at));
	return n;
}

/* The first P1C_CG_PATH_HEAD steps of the tree path through anchor, written at steps: from
 * the memo when it holds that anchor's, else walked (and kept in the memo). Returns how many. */
static uint32_t tree_head(const struct p1c_callgraph *g, const struct p1c_cg_reach *r,
			  uint32_t anchor, struct p1c_cg_head_memo *memo, struct p1c_cg_step *steps)
{
	const uint32_t head_max = P1C_CG_PATH_HEAD;
	if (memo && memo->valid && memo->anchor == anchor) {
		memcpy(steps, memo->steps, memo->n * sizeof(*steps));
		return memo->n;
	}
	uint32_t n = settle(steps, head_max, walk_up(g, r, anchor, head_max, steps + head_max));
	if (memo) {
		*memo = (struct p1c_cg_head_memo){.valid = true, .anchor = anchor, .n = n};
		memcpy(memo->steps, steps, n * sizeof(*steps));
	}
	return n;
}

uint32_t p1c_cg_tree_root(const struct p1c_cg_reach *r, uint32_t v,
			  const struct p1c_cg_head_memo *memo)
{
	uint32_t u = r->anchor[v];
	if (memo && memo->valid && memo->anchor == u && memo->n) /* a head starts at its root */
		return memo->steps[0].func;
	while (r->parent[u] != NONE)
		u = r->parent[u];
	return u;
}

bool p1c_cg_tree_path(const struct p1c_callgraph *g, const struct p1c_cg_reach *r, uint32_t v,
		      struct p1c_arena *arena, struct p1c_cg_head_memo *memo, struct p1c_cg_path *out)
{
	memset(out, 0, sizeof(*out));
	if (v >= g->nfuncs || !(r->reach[v] & P1C_CG_REACH_ROOT))
		return false;
	uint32_t depth = r->depth[v];
	bool elide = depth > P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL;
	uint32_t keep = elide ? P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL : depth;
	struct p1c_cg_step *steps = p1c_arena_array(arena, keep, sizeof(*steps));
	if (!steps)
		return false;
	out->steps = steps;
	if (!elide) {
		out->nsteps = settle(steps, depth, walk_up(g, r, v, depth, steps + depth));
	} else {
		const uint32_t tail_max = P1C_CG_PATH_TAIL;
		uint32_t head = tree_head(g, r, r->anchor[v], memo, steps);
		uint32_t tail = settle(steps + head, tail_max,
				       walk_up(g, r, v, tail_max, steps + head + tail_max));
		out->nsteps = head + tail;
		out->elided_at = head;
		out->elided = depth == P1C_CG_DEPTH_MAX ? UINT32_MAX : depth - head - tail;
	}
	out->steps[0].edge = P1C_CG_CALL;
	return true;
}

bool p1c_cg_path_extend(const struct p1c_cg_path *head, struct p1c_cg_step last,
			struct p1c_arena *arena, struct p1c_cg_path *out)
{
	const uint32_t keep = P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL;
	bool full = head->nsteps >= keep; /* the tail's first step makes room for the new one */
	*out = *head;
	out->steps = p1c_arena_array(arena, full ? keep : (size_t)head->nsteps + 1, sizeof(*out->steps));
	if (!out->steps)
		return false;
	if (!full) {
		memcpy(out->steps, head->steps, head->nsteps * sizeof(*out->steps));
		out->steps[out->nsteps++] = last;
		return true;
	}
	memcpy(out->steps, head->steps, P1C_CG_PATH_HEAD * sizeof(*out->steps));
	memcpy(out->steps + P1C_CG_PATH_HEAD, head->steps + P1C_CG_PATH_HEAD + 1,
	       (keep - P1C_CG_PATH_HEAD - 1) * sizeof(*out->steps));
	out->steps[keep - 1] = last;
	out->nsteps = keep;
	out->elided_at = P1C_CG_PATH_HEAD;
	out->elided = head->elided == UINT32_MAX ? UINT32_MAX : head->elided + 1;
	return true;
}

/* ---- backward searches ---- */

bool p1c_cg_reverse_build(const struct p1c_callgraph *g, struct p1c_arena *arena,
			  struct p1c_cg_reverse *out)
{
	uint32_t nedges = g->edge_start[g->nnodes];
	size_t n = (size_t)g->nnodes + 1;
	uint32_t *start = p1c_arena_array(arena, n, sizeof(*start));
	uint32_t *from = p1c_arena_array(arena, (size_t)nedges + 1, sizeof(*from));
	uint32_t *fill = p1c_arena_scratch(arena, n, sizeof(*fill));
	if (!start || !from || !fill) {
		p1c_arena_scratch_free(arena, fill, n, sizeof(*fill));
		return false;
	}
	for (uint32_t i = 0; i < nedges; i++)
		start[g->edge_to[i] + 1]++;
	for (uint32_t v = 0; v < g->nnodes; v++)
		start[v + 1] += start[v];
	memcpy(fill, start, n * sizeof(*fill));
	for (uint32_t u = 0; u < g->nnodes; u++)
		for (uint32_t i = g->edge_start[u]; i < g->edge_start[u + 1]; i++)
			from[fill[g->edge_to[i]]++] = u;
	p1c_arena_scratch_free(arena, fill, n, sizeof(*fill));
	out->start = start;
	out->from = from;
	return true;
}

bool p1c_cg_search_init(struct p1c_cg_search *s, const struct p1c_callgraph *g,
			const struct p1c_cg_reverse *rev, struct p1c_arena *arena)
{
	size_t n = (size_t)g->nnodes + 1;
	memset(s, 0, sizeof(*s));
	s->g = g;
	s->rev = rev;
	s->seen = p1c_arena_alloc(arena, n / 8 + 1);
	s->queue = p1c_arena_array(arena, n, sizeof(*s->queue));
	s->next = p1c_arena_array(arena, n, sizeof(*s->next));
	return s->seen && s->queue && s->next;
}

static void discover(struct p1c_cg_search *s, uint32_t v, uint32_t next)
{
	s->seen[v >> 3] = (uint8_t)(s->seen[v >> 3] | (1u << (v & 7)));
	s->next[v] = next;
	s->queue[s->tail++] = v;
}

void p1c_cg_search_start(struct p1c_cg_search *s, uint32_t target, uint64_t budget)
{
	for (uint32_t i = 0; i < s->tail; i++) /* what the last search marked, and only that */
		s->seen[s->queue[i] >> 3] = 0;
	s->head = s->tail = 0;
	s->layer_end = 1;
	s->dist = 0;
	s->budget = budget;
	s->exhausted = false;
	if (target < s->g->nnodes)
		discover(s, target, NONE);
}

uint32_t p1c_cg_search_next(struct p1c_cg_search *s)
{
	if (s->head == s->tail)
		return NONE;
	uint32_t v = s->queue[s->head];
	uint64_t cost = 1 + (uint64_t)(s->rev->start[v + 1] - s->rev->start[v]);
	if (cost > s->budget) {
		s->exhausted = true;
		s->head = s->tail;
		return NONE;
	}
	s->budget -= cost;
	if (s->head == s->layer_end) { /* the first node one step further out */
		s->dist++;
		s->layer_end = s->tail;
	}
	s->head++;
	const uint32_t *from = s->rev->from;
	uint8_t *seen = s->seen;
	uint32_t tail = s->tail;
	for (uint32_t i = s->rev->start[v], end = s->rev->start[v + 1]; i < end; i++) {
		uint32_t u = from[i];
		if ((seen[u >> 3] >> (u & 7)) & 1)
			continue;
		seen[u >> 3] = (uint8_t)(seen[u >> 3] | (1u << (u & 7))); /* discover(), in place */
		s->next[u] = v;
		s->queue[tail++] = u;
	}
	s->tail = tail;
	return v;
}

/* Function steps of the chain from `from` along next[] (dispatch nodes skipped). */
static uint32_t chain_steps(const struct p1c_cg_search *s, uint32_t from)
{
	uint32_t n = 0;
	for (uint32_t u = from; u != NONE; u = s->next[u])
		n += u < s->g->nfuncs;
	return n;
}

bool p1c_cg_path_from(const struct p1c_cg_search *s, uint32_t from, struct p1c_arena *arena,
		      struct p1c_cg_path *out)
{
	memset(out, 0, sizeof(*out));
	if (from >= s->g->nfuncs || !p1c_cg_search_seen(s, from))
		return false;
	uint32_t total = chain_steps(s, from);
	bool elide = total > P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL;
	out->steps = p1c_arena_array(arena, elide ? P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL : total,
				     sizeof(*out->steps));
	if (!out->steps)
		return false;
	uint8_t edge = P1C_CG_CALL;
	uint32_t index = 0;
	for (uint32_t u = from; u != NONE; u = s->next[u]) {
		if (u >= s->g->nfuncs) { /* a dispatch node: the next step is reached through it */
			edge = s->g->node_kind[u];
			continue;
		}
		if (!elide || index < P1C_CG_PATH_HEAD || index >= total - P1C_CG_PATH_TAIL)
			out->steps[out->nsteps++] = p1c_cg_step_of(u, edge);
		index++;
		edge = P1C_CG_CALL;
	}
	if (elide) {
		out->elided_at = P1C_CG_PATH_HEAD;
		out->elided = total - P1C_CG_PATH_HEAD - P1C_CG_PATH_TAIL;
	}
	return true;
}
