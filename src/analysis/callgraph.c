/* Call graph construction: events -> canonical types -> address-taken sets -> dispatch
 * nodes -> CSR (each dispatch node's targets: callgraph_targets.c). Everything is linear in
 * functions + edges + sites (only the distinct dispatch keys are sorted); the graph's arrays
 * come from the per-file arena; the lists that grow while the bodies are walked are arena
 * scratch (counted against its limit), doubled and copied. */
#include <stdlib.h>
#include <string.h>

#include "analysis/callgraph_internal.h"

/* In a direct call target until the graph's edge_sure bitmap is written: the call site always
 * runs (function indices stay below P1C_MAX_FUNCTIONS, far under this bit). */
#define SURE_BIT 0x80000000u

static bool vec_grow(struct p1c_cg_builder *b, struct vec *v)
{
	size_t cap = v->cap ? v->cap * 2 : 256;
	void *items = p1c_arena_scratch(b->arena, cap, v->size);
	if (!items) {
		b->failed = true;
		return false;
	}
	if (v->count)
		memcpy(items, v->items, v->count * v->size);
	p1c_arena_scratch_free(b->arena, v->items, v->cap, v->size);
	v->items = items;
	v->cap = cap;
	return true;
}

static inline void *vec_push(struct p1c_cg_builder *b, struct vec *v)
{
	if (v->count == v->cap && !vec_grow(b, v))
		return NULL;
	return (char *)v->items + v->size * v->count++;
}

struct p1c_cg_builder *p1c_cg_builder_new(const struct p1c_module *m, struct p1c_arena *arena)
{
	struct p1c_cg_builder *b = p1c_arena_alloc(arena, sizeof(*b));
	if (!b)
		return NULL;
	b->m = m;
	b->arena = arena;
	b->calls.size = sizeof(uint32_t);
	b->sites.size = sizeof(struct site);
	b->call_start = p1c_arena_scratch(arena, (size_t)m->nfuncs + 1, sizeof(*b->call_start));
	b->call_seen = p1c_arena_scratch(arena, (size_t)m->nfuncs + 1, sizeof(*b->call_seen));
	b->ref_taken = p1c_arena_alloc(arena, (size_t)m->nfuncs + 1);
	b->table_written = p1c_arena_alloc(arena, (size_t)m->ntables + 1);
	if (b->call_start && b->call_seen && b->ref_taken && b->table_written)
		return b;
	p1c_arena_scratch_free(arena, b->call_start, (size_t)m->nfuncs + 1, sizeof(*b->call_start));
	p1c_arena_scratch_free(arena, b->call_seen, (size_t)m->nfuncs + 1, sizeof(*b->call_seen));
	return NULL;
}

/* The callers before func have all been seen: their ranges end where func's begin. */
static void start_caller(struct p1c_cg_builder *b, uint32_t func)
{
	while (b->caller < func)
		b->call_start[++b->caller] = (uint32_t)b->calls.count;
}

/* The calls that follow are func's: false when they come out of function order. */
static bool set_caller(struct p1c_cg_builder *b, uint32_t func)
{
	if (func == b->caller)
		return true;
	if (func < b->caller || func >= b->m->nfuncs) {
		b->failed = true; /* not body by body in function order */
		return false;
	}
	start_caller(b, func);
	return true;
}

/* A direct call of the current caller to t (< nfuncs); sure: SURE_BIT or 0; start: where the
 * caller's calls begin (call_start). */
static inline void add_call(struct p1c_cg_builder *b, uint32_t t, uint32_t sure, uint32_t start)
{
	uint32_t seen = b->call_seen[t];
	if (seen > start) { /* a repeat: one edge, sure if any site is */
		((uint32_t *)b->calls.items)[seen - 1] |= sure;
		return;
	}
	uint32_t *slot = vec_push(b, &b->calls);
	if (slot) {
		*slot = t | sure;
		b->call_seen[t] = (uint32_t)b->calls.count;
	}
}

static bool is_func_type(const struct p1c_module *m, uint32_t type)
{
	return type < m->ntypes && m->types[type].form == P1C_TYPE_FUNC;
}

static void add_site(struct p1c_cg_builder *b, const struct p1c_code_event *ev, uint32_t kind)
{
	if (!is_func_type(b->m, ev->type_index))
		return;
	const struct site *last = b->sites.count ? (const struct site *)b->sites.items +
							   b->sites.count - 1 : NULL;
	if (last && ev->func < last->caller) {
		b->failed = true; /* not body by body in function order */
		return;
	}
	struct site *s = vec_push(b, &b->sites);
	if (s)
		*s = (struct site){ev->func, ev->table, ev->type_index, kind, NONE};
}

void p1c_cg_on_event(struct p1c_cg_builder *b, const struct p1c_code_event *ev)
{
	const struct p1c_module *m = b->m;
	switch (ev->kind) {
	case P1C_EV_CALL:
		if (ev->target < m->nfuncs && set_caller(b, ev->func))
			add_call(b, ev->target, ev->certain ? SURE_BIT : 0, b->call_start[b->caller]);
		break;
	case P1C_EV_CALL_INDIRECT:
		add_site(b, ev, P1C_CG_INDIRECT);
		break;
	case P1C_EV_CALL_REF:
		add_site(b, ev, P1C_CG_REF);
		break;
	case P1C_EV_REF_FUNC:
		if (ev->target < m->nfuncs)
			b->ref_taken[ev->target] = 1;
		break;
	case P1C_EV_TABLE_WRITE:
		if (ev->table < m->ntables)
			b->table_written[ev->table] = 1;
		break;
	case P1C_EV_FEATURE:
		break;
	}
}

_Static_assert(SURE_BIT == P1C_CALL_SURE, "a sink's targets are the builder's call entries");

void p1c_cg_on_calls(void *builder, const struct p1c_call *calls, uint32_t count)
{
	struct p1c_cg_builder *b = builder;
	const uint32_t nfuncs = b->m->nfuncs;
	uint32_t start = b->call_start[b->caller];
	for (uint32_t i = 0; i < count; i++) {
		uint32_t t = calls[i].target & ~SURE_BIT;
		if (t >= nfuncs)
			continue;
		if (calls[i].caller != b->caller) {
			if (!set_caller(b, calls[i].caller))
				return;
			start = b->call_start[b->caller];
		}
		add_call(b, t, calls[i].target & SURE_BIT, start);
	}
}

/* ---- canonical function types: structurally equal MVP types share one id ---- */

static uint64_t hash_functype(const struct p1c_functype *ft)
{
	uint64_t h = 1469598103934665603ull ^ ft->nparams ^ ((uint64_t)ft->nresults << 20);
	for (uint32_t i = 0; i < ft->nparams + ft->nresults; i++) {
		const struct p1c_valtype *vt = i < ft->nparams ? &ft->params[i] : &ft->results[i - ft->nparams];
		h = (h ^ vt->code ^ ((uint64_t)vt->heap << 8)) * 1099511628211ull;
	}
	return h;
}

/* canon[t] for every type: the first structurally equal plain func type, the type itself for
 * GC-encoded types (iso-recursive identity), NONE for non-function types. */
static uint32_t *canonical_types(const struct p1c_module *m, struct p1c_arena *arena)
{
	uint32_t *canon = p1c_arena_array(arena, (size_t)m->ntypes + 1, sizeof(*canon));
	size_t size = 16;
	while (size < 2 * (size_t)m->ntypes)
		size *= 2;
	uint32_t *slots = p1c_arena_array(arena, size, sizeof(*slots));
	if (!canon || !slots)
		return NULL;
	memset(slots, 0xff, size * sizeof(*slots));
	for (uint32_t t = 0; t < m->ntypes; t++) {
		const struct p1c_type *ty = &m->types[t];
		canon[t] = ty->form == P1C_TYPE_FUNC ? t : NONE;
		if (ty->form != P1C_TYPE_FUNC || ty->gc_syntax)
			continue;
		for (size_t i = hash_functype(&ty->func) & (size - 1);; i = (i + 1) & (size - 1)) {
			if (slots[i] == NONE) {
				slots[i] = t;
				break;
			}
			if (p1c_functype_eq(&m->types[slots[i]].func, &ty->func)) {
				canon[t] = slots[i];
				break;
			}
		}
	}
	return canon;
}

/* ---- closed tables, address-taken functions, dispatch nodes ---- */

static int compare_keys(const void *pa, const void *pb)
{
	const struct dispatch_key *a = pa, *b = pb;
	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	if (a->canon != b->canon)
		return a->canon < b->canon ? -1 : 1;
	return a->kind < b->kind ? -1 : a->kind > b->kind;
}

/* A table whose contents only its own initializer and active segments decide: defined, not
 * exported, not written by table.set/grow/fill/copy/init, and no entry read from an
 * imported global (the host decides that one). */
static bool table_closed(const struct p1c_cg_builder *b, uint32_t table)
{
	const struct p1c_module *m = b->m;
	if (table >= m->ntables || m->tables[table].imported || b->table_written[table] ||
	    m->tables[table].init.imported_ref)
		return false;
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == P1C_EXTERN_TABLE && m->exports[i].index == table)
			return false;
	for (uint32_t i = 0; i < m->nelems; i++)
		if (m->elems[i].mode == P1C_SEG_ACTIVE && m->elems[i].table == table &&
		    m->elems[i].imported_ref)
			return false;
	return true;
}

/* Element segment entries (function indices, and expressions whose value is a function)
 * and every ref.func of every constant expression. */
static void mark_address_taken(const struct p1c_module *m, uint8_t *taken)
{
	for (uint32_t i = 0; i < m->nelems; i++)
		for (uint32_t j = 0; j < m->elems[i].count; j++)
			if (m->elems[i].funcs[j] < m->nfuncs)
				taken[m->elems[i].funcs[j]] = 1;
	for (uint32_t i = 0; i < m->nconst_funcs; i++)
		if (m->const_funcs[i].func < m->nfuncs)
			taken[m->const_funcs[i].func] = 1;
}

static uint64_t key_hash(uint32_t slot, uint32_t canon, uint32_t kind)
{
	uint64_t h = ((uint64_t)slot << 34 ^ (uint64_t)canon << 2 ^ kind) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

/* Each site's key is looked up in an open-addressing table of key ids (buckets[h]: id + 1,
 * 0 free; size a power of two above the sites); a new one is appended to b->keys.
 * site.node: the site's key id. */
static void distinct_keys(struct p1c_cg_builder *b, uint32_t *buckets, size_t size)
{
	struct site *sites = b->sites.items;
	for (size_t i = 0; i < b->sites.count; i++) {
		struct site *s = &sites[i];
		size_t h = key_hash(s->slot, s->canon, s->kind) & (size - 1);
		for (;; h = (h + 1) & (size - 1)) {
			if (!buckets[h]) {
				b->keys[b->nkeys] = (struct dispatch_key){s->slot, s->canon, s->kind, b->nkeys};
				buckets[h] = ++b->nkeys;
			}
			const struct dispatch_key *k = &b->keys[buckets[h] - 1];
			if (k->slot == s->slot && k->canon == s->canon && k->kind == s->kind) {
				s->node = buckets[h] - 1;
				break;
			}
		}
	}
}

/* Sites get their slot and canonical type, then one dispatch node per distinct key, numbered
 * in key order: only the distinct keys are sorted. false: out of memory. */
static bool assign_dispatch_nodes(struct p1c_cg_builder *b, const uint32_t *canon,
				  const uint8_t *closed)
{
	struct site *sites = b->sites.items;
	size_t n = b->sites.count, size = 16;
	while (size < 2 * n)
		size *= 2;
	b->keys = p1c_arena_scratch(b->arena, n + 1, sizeof(*b->keys));
	uint32_t *buckets = p1c_arena_scratch(b->arena, size, sizeof(*buckets));
	uint32_t *node_of_key = p1c_arena_scratch(b->arena, n + 1, sizeof(*node_of_key));
	bool ok = b->keys && buckets && node_of_key;
	for (size_t i = 0; ok && i < n; i++) {
		uint32_t table = sites[i].slot;
		sites[i].slot = sites[i].kind == P1C_CG_INDIRECT && table < b->m->ntables && closed[table]
					? table + 1 : 0;
		sites[i].canon = canon[sites[i].canon];
	}
	if (ok) {
		distinct_keys(b, buckets, size);
		qsort(b->keys, b->nkeys, sizeof(*b->keys), compare_keys);
		for (uint32_t r = 0; r < b->nkeys; r++)
			node_of_key[b->keys[r].id] = b->m->nfuncs + r;
		for (size_t i = 0; i < n; i++)
			sites[i].node = node_of_key[sites[i].node];
	}
	p1c_arena_scratch_free(b->arena, buckets, size, sizeof(*buckets));
	p1c_arena_scratch_free(b->arena, node_of_key, n + 1, sizeof(*node_of_key));
	return ok;
}

/* Which slots some site calls through (wanted, ntables + 1), and closed tables narrowed to
 * those (called). */
static void wanted_slots(const struct p1c_cg_builder *b, const uint8_t *closed, uint8_t *wanted,
			 uint8_t *called)
{
	const struct site *sites = b->sites.items;
	for (size_t i = 0; i < b->sites.count; i++)
		wanted[sites[i].slot] = 1;
	for (uint32_t t = 0; t < b->m->ntables; t++)
		called[t] = closed[t] && wanted[t + 1];
}

/* ---- the CSR ---- */

/* The graph's edge arrays, sized for the most edges the builder can produce (each caller's
 * calls and sites, and each dispatch node's targets). */
static bool alloc_edges(struct p1c_cg_builder *b, struct p1c_callgraph *g, size_t ntargets)
{
	size_t most = b->calls.count + b->sites.count + ntargets;
	g->edge_start = p1c_arena_array(b->arena, (size_t)g->nnodes + 1, sizeof(*g->edge_start));
	g->edge_to = p1c_arena_array(b->arena, most + 1, sizeof(*g->edge_to));
	g->edge_sure = p1c_arena_alloc(b->arena, most / 8 + 1);
	return g->edge_start && g->edge_to && g->edge_sure;
}

/* Each calling function's dispatch nodes, ascending: the sites by node (a counting sort),
 * then, stably, by their caller's rank among the functions that have sites (callers ascend in
 * arrival order). The r-th such function's nodes are node[start[r] .. start[r + 1]). Sized by
 * the sites, not the functions. */
struct site_lists {
	uint32_t *start, *node, nranks;
};

/* Site indices in node order (stable), into order. */
static bool sites_by_node(const struct p1c_cg_builder *b, uint32_t *order)
{
	const struct site *sites = b->sites.items;
	uint32_t *next = p1c_arena_scratch(b->arena, (size_t)b->nkeys + 1, sizeof(*next));
	if (!next)
		return false;
	uint32_t nfuncs = b->m->nfuncs;
	for (size_t i = 0; i < b->sites.count; i++)
		if (sites[i].node - nfuncs + 1 < b->nkeys)
			next[sites[i].node - nfuncs + 1]++;
	for (uint32_t k = 1; k < b->nkeys; k++)
		next[k] += next[k - 1];
	for (size_t i = 0; i < b->sites.count; i++)
		order[next[sites[i].node - nfuncs]++] = (uint32_t)i;
	p1c_arena_scratch_free(b->arena, next, (size_t)b->nkeys + 1, sizeof(*next));
	return true;
}

static void free_site_lists(struct p1c_cg_builder *b, struct site_lists *l)
{
	size_t n = b->sites.count;
	p1c_arena_scratch_free(b->arena, l->start, n + 2, sizeof(*l->start));
	p1c_arena_scratch_free(b->arena, l->node, n + 1, sizeof(*l->node));
	l->start = l->node = NULL;
}

static bool sites_by_caller(struct p1c_cg_builder *b, struct site_lists *out)
{
	const struct site *sites = b->sites.items;
	size_t n = b->sites.count;
	memset(out, 0, sizeof(*out));
	if (n == 0)
		return true;
	out->start = p1c_arena_scratch(b->arena, n + 2, sizeof(*out->start));
	out->node = p1c_arena_scratch(b->arena, n + 1, sizeof(*out->node));
	uint32_t *rank = p1c_arena_scratch(b->arena, n + 1, sizeof(*rank));
	uint32_t *order = p1c_arena_scratch(b->arena, n + 1, sizeof(*order));
	bool ok = out->start && out->node && rank && order && sites_by_node(b, order);
	for (size_t i = 0; ok && i < n; i++) {
		if (i && sites[i].caller != sites[i - 1].caller)
			out->nranks++;
		rank[i] = out->nranks;
		out->start[out->nranks + 2]++;
	}
	out->nranks++;
	for (uint32_t r = 0; ok && r < out->nranks; r++)
		out->start[r + 2] += out->start[r + 1];
	for (size_t i = 0; ok && i < n; i++) /* start[r + 1]: the next free place of rank r */
		out->node[out->start[rank[order[i]] + 1]++] = sites[order[i]].node;
	p1c_arena_scratch_free(b->arena, rank, n + 1, sizeof(*rank));
	p1c_arena_scratch_free(b->arena, order, n + 1, sizeof(*order));
	if (!ok)
		free_site_lists(b, out);
	return ok;
}

/* Function f's edges: its direct calls (in the order first seen, each once; edge_sure when
 * any of its sites always runs), then its dispatch nodes, each once. *next_site: the first
 * site (arrival order) of f or a later caller; *rank: its caller's rank. */
static uint32_t function_edges(const struct p1c_cg_builder *b, struct p1c_callgraph *g,
			       uint32_t f, uint32_t out, const struct site_lists *l,
			       size_t *next_site, uint32_t *rank)
{
	const uint32_t *calls = b->calls.items;
	const struct site *sites = b->sites.items;
	g->edge_start[f] = out;
	for (uint32_t i = b->call_start[f]; i < b->call_start[f + 1]; i++) {
		if (calls[i] & SURE_BIT)
			g->edge_sure[out >> 3] = (uint8_t)(g->edge_sure[out >> 3] | (1u << (out & 7)));
		g->edge_to[out++] = calls[i] & ~SURE_BIT;
	}
	if (*next_site >= b->sites.count || sites[*next_site].caller != f)
		return out;
	for (uint32_t i = l->start[*rank]; i < l->start[*rank + 1]; i++)
		if (i == l->start[*rank] || l->node[i] != l->node[i - 1])
			g->edge_to[out++] = l->node[i];
	while (*next_site < b->sites.count && sites[*next_site].caller == f)
		++*next_site;
	++*rank;
	return out;
}

/* The CSR: functions' edges, then dispatch nodes'. */
static bool write_edges(struct p1c_cg_builder *b, struct p1c_callgraph *g, const uint32_t *canon,
			struct p1c_cg_targets *targets)
{
	struct site_lists lists;
	P1C_TRY(alloc_edges(b, g, targets->nedges) && sites_by_caller(b, &lists));
	start_caller(b, b->m->nfuncs);
	uint32_t out = 0, rank = 0;
	size_t next_site = 0;
	for (uint32_t f = 0; f < g->nfuncs; f++)
		out = function_edges(b, g, f, out, &lists, &next_site, &rank);
	out = p1c_cg_targets_write(b, g, canon, targets, out);
	g->edge_start[g->nnodes] = out;
	free_site_lists(b, &lists);
	return true;
}

static void free_call_seen(struct p1c_cg_builder *b)
{
	p1c_arena_scratch_free(b->arena, b->call_seen, (size_t)b->m->nfuncs + 1, sizeof(*b->call_seen));
	b->call_seen = NULL;
}

static void builder_free(struct p1c_cg_builder *b)
{
	free_call_seen(b);
	p1c_arena_scratch_free(b->arena, b->call_start, (size_t)b->m->nfuncs + 1,
			       sizeof(*b->call_start));
	p1c_arena_scratch_free(b->arena, b->keys, b->sites.count + 1, sizeof(*b->keys));
	p1c_arena_scratch_free(b->arena, b->calls.items, b->calls.cap, b->calls.size);
	p1c_arena_scratch_free(b->arena, b->sites.items, b->sites.cap, b->sites.size);
	b->call_start = NULL;
	b->keys = NULL;
	b->calls.items = b->sites.items = NULL;
}

/* Dispatch nodes' kinds and types, from their keys. */
static bool write_nodes(struct p1c_cg_builder *b, struct p1c_callgraph *g)
{
	g->node_kind = p1c_arena_alloc(b->arena, (size_t)g->nnodes + 1);
	g->node_type = p1c_arena_array(b->arena, (size_t)b->nkeys + 1, sizeof(*g->node_type));
	if (!g->node_kind || !g->node_type)
		return false;
	for (uint32_t k = 0; k < b->nkeys; k++) {
		g->node_kind[g->nfuncs + k] = (uint8_t)b->keys[k].kind;
		g->node_type[k] = b->keys[k].canon;
	}
	return true;
}

static bool build_graph(struct p1c_cg_builder *b, struct p1c_callgraph *g)
{
	const struct p1c_module *m = b->m;
	free_call_seen(b); /* the calls are all in */
	uint32_t *canon = canonical_types(m, b->arena);
	uint8_t *closed = p1c_arena_alloc(b->arena, (size_t)m->ntables + 1);
	uint8_t *called = p1c_arena_alloc(b->arena, (size_t)m->ntables + 1);
	uint8_t *wanted = p1c_arena_alloc(b->arena, (size_t)m->ntables + 2);
	if (!canon || !closed || !called || !wanted)
		return false;
	for (uint32_t t = 0; t < m->ntables; t++)
		closed[t] = table_closed(b, t);
	mark_address_taken(m, b->ref_taken);
	g->nfuncs = m->nfuncs;
	P1C_TRY(assign_dispatch_nodes(b, canon, closed));
	g->nnodes = m->nfuncs + b->nkeys;
	g->nindirect_sites = (uint32_t)b->sites.count;
	for (uint32_t f = 0; f < m->nfuncs; f++)
		g->naddress_taken += b->ref_taken[f];
	wanted_slots(b, closed, wanted, called);
	struct p1c_cg_targets targets;
	bool ok = p1c_cg_targets_prepare(b, canon, wanted, called, &targets) &&
		  write_edges(b, g, canon, &targets);
	p1c_cg_targets_free(b, &targets);
	return ok && write_nodes(b, g);
}

struct p1c_callgraph *p1c_cg_build(struct p1c_cg_builder *b)
{
	struct p1c_callgraph *g = p1c_arena_alloc(b->arena, sizeof(*g));
	bool ok = g && !b->failed && build_graph(b, g);
	builder_free(b);
	return ok ? g : NULL;
}
