/* Call graph construction: events -> canonical types -> address-taken sets -> dispatch
 * nodes -> CSR. Everything is linear in functions + edges + sites; the graph's arrays come
 * from the per-file arena (the edge lists grow with realloc while the bodies are walked). */
#include "analysis/callgraph.h"

#include <stdlib.h>
#include <string.h>

#define NONE P1C_NO_INDEX
/* In a direct call target until the graph's edge_sure bitmap is written: the call site always
 * runs (function indices stay below P1C_MAX_FUNCTIONS, far under this bit). */
#define SURE_BIT 0x80000000u

struct site {
	uint32_t caller;
	uint32_t slot;  /* 0: every address-taken function; t + 1: closed table t's segments */
	uint32_t canon; /* canonical type */
	uint32_t kind;  /* P1C_CG_INDIRECT or P1C_CG_REF */
	uint32_t node;  /* dispatch node, assigned in build */
};

struct vec {
	void *items;
	size_t count, cap, size;
};

/* Direct calls arrive body by body in function order, so they are kept as the graph will
 * hold them: each caller's targets together (call_start), each target once per caller (its
 * last position in calls, + 1, in call_seen), SURE_BIT when any of its sites always runs. */
struct p1c_cg_builder {
	const struct p1c_module *m;
	struct p1c_arena *arena;
	struct vec calls;       /* uint32_t: target | SURE_BIT */
	uint32_t *call_start;   /* nfuncs + 1: where each caller's targets begin in calls */
	uint32_t *call_seen;    /* per function: its last position in calls + 1; 0: never */
	uint32_t caller;        /* the function whose calls are being appended */
	struct vec sites;       /* struct site, canon not yet known: type index in canon */
	uint8_t *ref_taken;     /* per function: named by ref.func in code */
	uint8_t *table_written; /* per table */
	bool failed;
};

static bool vec_grow(struct p1c_cg_builder *b, struct vec *v)
{
	size_t cap = v->cap ? v->cap * 2 : 256;
	void *items = realloc(v->items, cap * v->size);
	if (!items) {
		b->failed = true;
		return false;
	}
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

static void add_call(struct p1c_cg_builder *b, const struct p1c_code_event *ev)
{
	if (ev->func != b->caller) {
		if (ev->func < b->caller || ev->func >= b->m->nfuncs) {
			b->failed = true; /* not body by body in function order */
			return;
		}
		start_caller(b, ev->func);
	}
	uint32_t t = ev->target, sure = ev->certain ? SURE_BIT : 0;
	uint32_t seen = b->call_seen[t];
	if (seen > b->call_start[b->caller]) { /* a repeat: one edge, sure if any site is */
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
	struct site *s = vec_push(b, &b->sites);
	if (s)
		*s = (struct site){ev->func, ev->table, ev->type_index, kind, NONE};
}

void p1c_cg_on_event(struct p1c_cg_builder *b, const struct p1c_code_event *ev)
{
	const struct p1c_module *m = b->m;
	switch (ev->kind) {
	case P1C_EV_CALL:
		if (ev->target < m->nfuncs)
			add_call(b, ev);
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

/* ---- address-taken functions and the target set of each dispatch node ---- */

struct member {
	uint32_t slot, canon, func;
};

/* Linear sorting: a stable counting sort by one key, applied least significant key first (an
 * LSD radix sort), so each dispatch key's members come out grouped and in function order. */
/* KEY_SLOT_CANON: (slot, canon) as one key, slot * (ntypes + 1) + canon, for one pass when
 * that range is small. */
enum member_key { KEY_FUNC, KEY_CANON, KEY_SLOT, KEY_SLOT_CANON };

/* none: the key of canon NONE (ntypes: it sorts last). */
static uint32_t member_key(const struct member *mb, enum member_key key, uint32_t none)
{
	uint32_t canon = mb->canon == NONE ? none : mb->canon;
	switch (key) {
	case KEY_FUNC: return mb->func;
	case KEY_CANON: return canon;
	case KEY_SLOT: return mb->slot;
	case KEY_SLOT_CANON: return mb->slot * (none + 1) + canon;
	}
	return 0;
}

/* range: the largest key's bound (none for KEY_CANON and KEY_SLOT_CANON: ntypes); keys go
 * up to nkeys - 1. */
static bool counting_sort_members(struct member *items, struct member *tmp, size_t n,
				  enum member_key key, uint32_t range, size_t nkeys)
{
	size_t *count = calloc(nkeys + 2, sizeof(*count));
	if (!count)
		return false;
	for (size_t i = 0; i < n; i++)
		count[member_key(&items[i], key, range) + 1]++;
	for (size_t k = 0; k <= nkeys; k++)
		count[k + 1] += count[k];
	for (size_t i = 0; i < n; i++)
		tmp[count[member_key(&items[i], key, range)]++] = items[i];
	memcpy(items, tmp, n * sizeof(*items));
	free(count);
	return true;
}

/* Already in (slot, func) order: the function pass of the radix sort can be skipped (the
 * usual case: slot 0 comes out in function order, and toolchains write table entries in
 * function order). */
static bool sorted_by_slot_func(const struct member *items, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (items[i].slot < items[i - 1].slot ||
		    (items[i].slot == items[i - 1].slot && items[i].func < items[i - 1].func))
			return false;
	return true;
}

/* By (slot, canon, func); canon NONE sorts last. by_func: already in (slot, func) order. */
static bool sort_members(const struct p1c_module *m, struct member *items, size_t n, bool by_func)
{
	struct member *tmp = malloc((n + 1) * sizeof(*tmp));
	if (!tmp)
		return false;
	size_t composite = ((size_t)m->ntables + 1) * ((size_t)m->ntypes + 1);
	bool ok;
	if (by_func && composite <= n + 4096) /* one pass over (slot, canon): linear in n */
		ok = counting_sort_members(items, tmp, n, KEY_SLOT_CANON, m->ntypes, composite);
	else
		ok = (by_func || counting_sort_members(items, tmp, n, KEY_FUNC, m->nfuncs, m->nfuncs)) &&
		     counting_sort_members(items, tmp, n, KEY_CANON, m->ntypes, m->ntypes) &&
		     counting_sort_members(items, tmp, n, KEY_SLOT, m->ntables + 1,
					   (size_t)m->ntables + 1);
	free(tmp);
	return ok;
}

static int compare_sites(const void *pa, const void *pb)
{
	const struct site *a = pa, *b = pb;
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

static uint32_t func_canon(const struct p1c_module *m, const uint32_t *canon, uint32_t f)
{
	return m->func_types[f] < m->ntypes ? canon[m->func_types[f]] : NONE;
}

/* Closed tables' members, in segment order. */
static size_t collect_tables(const struct p1c_module *m, const uint32_t *canon,
			     const uint8_t *closed, struct member *out, size_t n)
{
	for (uint32_t t = 0; t < m->ntables; t++) {
		uint32_t f = m->tables[t].init.ref_func;
		if (closed[t] && m->tables[t].type.has_init_expr && f < m->nfuncs)
			out[n++] = (struct member){t + 1, func_canon(m, canon, f), f};
	}
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct p1c_elem *e = &m->elems[i];
		bool narrowed = e->mode == P1C_SEG_ACTIVE && e->table < m->ntables && closed[e->table];
		for (uint32_t j = 0; narrowed && j < e->count; j++)
			if (e->funcs[j] < m->nfuncs)
				out[n++] = (struct member){e->table + 1, func_canon(m, canon, e->funcs[j]),
							   e->funcs[j]};
	}
	return n;
}

/* With few closed tables: each one's members (initializer value and active segments) marked
 * per function, then listed once each in function order, so the sort by function is not
 * needed (a repeated entry gives the same one edge as the sorted list did). */
#define FEW_CLOSED_TABLES 4
static size_t collect_table_marked(const struct p1c_module *m, const uint32_t *canon,
				   uint32_t t, uint8_t *mark, struct member *out, size_t n)
{
	memset(mark, 0, m->nfuncs);
	uint32_t f = m->tables[t].init.ref_func;
	if (m->tables[t].type.has_init_expr && f < m->nfuncs)
		mark[f] = 1;
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct p1c_elem *e = &m->elems[i];
		if (e->mode != P1C_SEG_ACTIVE || e->table != t)
			continue;
		for (uint32_t j = 0; j < e->count; j++)
			if (e->funcs[j] < m->nfuncs)
				mark[e->funcs[j]] = 1;
	}
	for (f = 0; f < m->nfuncs; f++)
		if (mark[f])
			out[n++] = (struct member){t + 1, func_canon(m, canon, f), f};
	return n;
}

/* Slot 0: every address-taken function (ref_taken, after mark_address_taken); slot t + 1:
 * closed table t's initializer value and active segments. Only the slots some site calls
 * through: wanted[0] for slot 0, closed[t] (closed and called through) for the tables. */
static struct member *collect_members(struct p1c_cg_builder *b, const uint32_t *canon,
				      const uint8_t *wanted, const uint8_t *closed,
				      size_t *out_count, size_t *out_alloc)
{
	const struct p1c_module *m = b->m;
	size_t n = 0;
	for (uint32_t f = 0; f < m->nfuncs; f++)
		n += b->ref_taken[f];
	for (uint32_t i = 0; i < m->nelems; i++)
		n += m->elems[i].count;
	n += m->ntables;
	struct member *out = p1c_arena_scratch(b->arena, n + 1, sizeof(*out));
	if (!out)
		return NULL;
	*out_alloc = n + 1;
	n = 0;
	for (uint32_t f = 0; wanted[0] && f < m->nfuncs; f++)
		if (b->ref_taken[f])
			out[n++] = (struct member){0, func_canon(m, canon, f), f};
	uint32_t nclosed = 0;
	for (uint32_t t = 0; t < m->ntables; t++)
		nclosed += closed[t];
	uint8_t *in_table = nclosed && nclosed <= FEW_CLOSED_TABLES
				    ? p1c_arena_scratch(b->arena, (size_t)m->nfuncs + 1, 1) : NULL;
	if (in_table) {
		for (uint32_t t = 0; t < m->ntables; t++)
			if (closed[t])
				n = collect_table_marked(m, canon, t, in_table, out, n);
		p1c_arena_scratch_free(b->arena, in_table, (size_t)m->nfuncs + 1, 1);
	} else {
		n = collect_tables(m, canon, closed, out, n);
	}
	/* Slot 0 and marked tables come out in function order; segments may not. */
	if (!sort_members(m, out, n, in_table || !nclosed || sorted_by_slot_func(out, n))) {
		p1c_arena_scratch_free(b->arena, out, *out_alloc, sizeof(*out));
		return NULL;
	}
	*out_count = n;
	return out;
}

/* Sites get their slot and canonical type, then one dispatch node per distinct key. */
static uint32_t assign_dispatch_nodes(struct p1c_cg_builder *b, const uint32_t *canon,
				      const uint8_t *closed)
{
	struct site *sites = b->sites.items;
	size_t n = b->sites.count;
	for (size_t i = 0; i < n; i++) {
		uint32_t table = sites[i].slot;
		sites[i].slot = sites[i].kind == P1C_CG_INDIRECT && table < b->m->ntables && closed[table]
					? table + 1 : 0;
		sites[i].canon = canon[sites[i].canon];
	}
	if (n)
		qsort(sites, n, sizeof(*sites), compare_sites);
	uint32_t node = b->m->nfuncs;
	for (size_t i = 0; i < n; i++) {
		if (i && compare_sites(&sites[i - 1], &sites[i]) != 0)
			node++;
		sites[i].node = node;
	}
	return n ? node + 1 : node;
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

/* The graph's edge arrays, sized for the most edges the builder can produce (each caller's
 * calls and sites, and each dispatch node's members, twice when two kinds share a key). */
static bool alloc_edges(struct p1c_cg_builder *b, struct p1c_callgraph *g, size_t nmembers)
{
	size_t most = b->calls.count + b->sites.count + 2 * nmembers;
	g->edge_start = p1c_arena_array(b->arena, (size_t)g->nnodes + 1, sizeof(*g->edge_start));
	g->edge_to = p1c_arena_array(b->arena, most + 1, sizeof(*g->edge_to));
	g->edge_sure = p1c_arena_alloc(b->arena, most / 8 + 1);
	return g->edge_start && g->edge_to && g->edge_sure;
}

/* Each caller's dispatch nodes, ascending (sites are sorted by node; a counting sort by caller
 * keeps that order): site_node[site_start[f] .. site_start[f + 1]); both NULL without sites. */
static bool sites_by_caller(struct p1c_cg_builder *b, uint32_t **out_start, uint32_t **out_node)
{
	uint32_t nfuncs = b->m->nfuncs;
	const struct site *sites = b->sites.items;
	size_t n = b->sites.count;
	*out_start = *out_node = NULL;
	if (n == 0)
		return true;
	uint32_t *start = p1c_arena_scratch(b->arena, (size_t)nfuncs + 2, sizeof(*start));
	uint32_t *node = p1c_arena_scratch(b->arena, n + 1, sizeof(*node));
	if (!start || !node) {
		p1c_arena_scratch_free(b->arena, start, (size_t)nfuncs + 2, sizeof(*start));
		p1c_arena_scratch_free(b->arena, node, n + 1, sizeof(*node));
		return false;
	}
	for (size_t i = 0; i < n; i++)
		start[sites[i].caller + 2]++;
	for (uint32_t f = 0; f < nfuncs; f++)
		start[f + 2] += start[f + 1];
	for (size_t i = 0; i < n; i++) /* start[f + 1]: the next free place of caller f */
		node[start[sites[i].caller + 1]++] = sites[i].node;
	*out_start = start;
	*out_node = node;
	return true;
}

/* Function f's edges: its direct calls (in the order first seen, each once; edge_sure when
 * any of its sites always runs), then its dispatch nodes, each once. */
static uint32_t function_edges(const struct p1c_cg_builder *b, struct p1c_callgraph *g,
			       uint32_t f, uint32_t out, const uint32_t *site_start,
			       const uint32_t *site_node)
{
	const uint32_t *calls = b->calls.items;
	g->edge_start[f] = out;
	for (uint32_t i = b->call_start[f]; i < b->call_start[f + 1]; i++) {
		if (calls[i] & SURE_BIT)
			g->edge_sure[out >> 3] = (uint8_t)(g->edge_sure[out >> 3] | (1u << (out & 7)));
		g->edge_to[out++] = calls[i] & ~SURE_BIT;
	}
	for (uint32_t i = site_start ? site_start[f] : 0; site_start && i < site_start[f + 1]; i++)
		if (i == site_start[f] || site_node[i] != site_node[i - 1])
			g->edge_to[out++] = site_node[i];
	return out;
}

/* Dispatch node -> each member of its target set (members sorted by slot, canon, func; sites
 * by node, so both advance together). */
static uint32_t dispatch_edges(const struct p1c_cg_builder *b, struct p1c_callgraph *g,
			       uint32_t out, const struct member *members, size_t nmembers)
{
	const struct site *sites = b->sites.items;
	size_t lo = 0;
	for (size_t i = 0; i < b->sites.count; i++) {
		if (i && sites[i].node == sites[i - 1].node)
			continue;
		g->edge_start[sites[i].node] = out;
		while (lo < nmembers && (members[lo].slot < sites[i].slot ||
					 (members[lo].slot == sites[i].slot && members[lo].canon < sites[i].canon)))
			lo++;
		for (size_t j = lo; j < nmembers && members[j].slot == sites[i].slot &&
				    members[j].canon == sites[i].canon; j++)
			if (j == lo || members[j].func != members[j - 1].func)
				g->edge_to[out++] = members[j].func;
	}
	return out;
}

/* The CSR: functions' edges, then dispatch nodes'. */
static bool write_edges(struct p1c_cg_builder *b, struct p1c_callgraph *g,
			const struct member *members, size_t nmembers)
{
	uint32_t *site_start, *site_node;
	P1C_TRY(alloc_edges(b, g, nmembers) && sites_by_caller(b, &site_start, &site_node));
	start_caller(b, b->m->nfuncs);
	uint32_t out = 0;
	for (uint32_t f = 0; f < g->nfuncs; f++)
		out = function_edges(b, g, f, out, site_start, site_node);
	out = dispatch_edges(b, g, out, members, nmembers);
	g->edge_start[g->nnodes] = out;
	p1c_arena_scratch_free(b->arena, site_start, (size_t)b->m->nfuncs + 2, sizeof(*site_start));
	p1c_arena_scratch_free(b->arena, site_node, b->sites.count + 1, sizeof(*site_node));
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
	free(b->calls.items);
	free(b->sites.items);
	b->call_start = NULL;
	b->calls.items = b->sites.items = NULL;
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
	g->nnodes = assign_dispatch_nodes(b, canon, closed);
	g->nindirect_sites = (uint32_t)b->sites.count;
	for (uint32_t f = 0; f < m->nfuncs; f++)
		g->naddress_taken += b->ref_taken[f];
	wanted_slots(b, closed, wanted, called);
	size_t nmembers = 0, nmembers_alloc = 0;
	struct member *members = collect_members(b, canon, wanted, called, &nmembers, &nmembers_alloc);
	if (!members)
		return false;
	bool ok = write_edges(b, g, members, nmembers);
	p1c_arena_scratch_free(b->arena, members, nmembers_alloc, sizeof(*members));
	g->node_kind = p1c_arena_alloc(b->arena, (size_t)g->nnodes + 1);
	g->node_type = p1c_arena_array(b->arena, (size_t)(g->nnodes - g->nfuncs) + 1, sizeof(*g->node_type));
	if (!ok || !g->node_kind || !g->node_type)
		return false;
	const struct site *sites = b->sites.items;
	for (size_t i = 0; i < b->sites.count; i++) {
		g->node_kind[sites[i].node] = (uint8_t)sites[i].kind;
		g->node_type[sites[i].node - g->nfuncs] = sites[i].canon;
	}
	return true;
}

struct p1c_callgraph *p1c_cg_build(struct p1c_cg_builder *b)
{
	struct p1c_callgraph *g = p1c_arena_alloc(b->arena, sizeof(*g));
	bool ok = g && !b->failed && build_graph(b, g);
	builder_free(b);
	return ok ? g : NULL;
}
