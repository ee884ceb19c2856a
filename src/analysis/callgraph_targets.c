/* Each dispatch node's target set: the address-taken functions (slot 0) or a closed table's
 * members (slot t + 1) whose canonical type is the node's, in function order, each once.
 * Linear in functions + table entries + types. */
#include <stdlib.h>
#include <string.h>

#include "analysis/callgraph_internal.h"

/* ---- routed: each function's slots marked, its edges written where its nodes' lists go ---- */

/* More closed tables called through than this (each one a bit of a function's mark, slot 0
 * the first), or a key range larger than the module, and the targets are sorted instead. */
#define FEW_CLOSED_TABLES 4

/* Slot 0 (when some site calls through it) and the called closed tables' initializer values
 * and active segments, bit k for row k. */
static void mark_slots(const struct p1c_cg_builder *b, const uint8_t *wanted,
		       const uint8_t *called, uint8_t *mark)
{
	const struct p1c_module *m = b->m;
	for (uint32_t f = 0; wanted[0] && f < m->nfuncs; f++)
		mark[f] = b->ref_taken[f];
	uint8_t bit = 2;
	for (uint32_t t = 0; t < m->ntables; t++) {
		if (!called[t])
			continue;
		uint32_t f = m->tables[t].init.ref_func;
		if (m->tables[t].type.has_init_expr && f < m->nfuncs)
			mark[f] |= bit;
		for (uint32_t i = 0; i < m->nelems; i++) {
			const struct p1c_elem *e = &m->elems[i];
			if (e->mode != P1C_SEG_ACTIVE || e->table != t)
				continue;
			for (uint32_t j = 0; j < e->count; j++)
				if (e->funcs[j] < m->nfuncs)
					mark[e->funcs[j]] |= bit;
		}
		bit = (uint8_t)(bit << 1);
	}
}

/* key_node and twin from the dispatch keys: a key's nodes are neighbours (INDIRECT, then
 * REF). Cells are laid out column (canonical type) first, so one function's are together. */
static void index_keys(const struct p1c_cg_builder *b, const uint8_t *row_of_slot,
		       struct p1c_cg_targets *t)
{
	for (uint32_t d = 0; d < b->nkeys; d++) {
		const struct dispatch_key *k = &b->keys[d];
		uint32_t *cell = &t->key_node[(size_t)k->canon * t->nrows + row_of_slot[k->slot]];
		if (*cell)
			t->twin[d - 1] = 1;
		else
			*cell = d + 1;
	}
}

/* The cells (column of f's canonical type, then its slots' rows) of function f. */
static size_t first_cell(const struct p1c_cg_builder *b, const uint32_t *canon,
			 const struct p1c_cg_targets *t, uint32_t f)
{
	uint32_t c = p1c_cg_func_canon(b->m, canon, f);
	return (size_t)(c == NONE ? b->m->ntypes : c) * t->nrows;
}

/* Targets per key: every marked (function, slot) counted in its cell. */
static void count_cells(const struct p1c_cg_builder *b, const uint32_t *canon,
			const struct p1c_cg_targets *t, uint32_t *cell_count)
{
	for (uint32_t f = 0; f < b->m->nfuncs; f++) {
		unsigned bits = t->mark[f];
		if (!bits)
			continue;
		uint32_t *cells = cell_count + first_cell(b, canon, t, f);
		for (; bits; bits &= bits - 1)
			cells[__builtin_ctz(bits)]++;
	}
}

/* Every marked (function, slot) written where its key's node (and that node's twin) has its
 * next free edge (next[d]). */
static void route(const struct p1c_cg_builder *b, const uint32_t *canon,
		  const struct p1c_cg_targets *t, uint32_t *next, uint32_t *edge_to)
{
	for (uint32_t f = 0; f < b->m->nfuncs; f++) {
		unsigned bits = t->mark[f];
		if (!bits)
			continue;
		const uint32_t *cells = t->key_node + first_cell(b, canon, t, f);
		for (; bits; bits &= bits - 1) {
			uint32_t cell = cells[__builtin_ctz(bits)];
			if (!cell)
				continue;
			edge_to[next[cell - 1]++] = f;
			if (t->twin[cell - 1])
				edge_to[next[cell]++] = f;
		}
	}
}

static bool prepare_routed(struct p1c_cg_builder *b, const uint32_t *canon,
			   const uint8_t *row_of_slot, const uint8_t *wanted, const uint8_t *called,
			   struct p1c_cg_targets *t)
{
	const struct p1c_module *m = b->m;
	size_t ndispatch = b->nkeys;
	struct p1c_arena *arena = b->arena;
	t->mark = p1c_arena_scratch(arena, (size_t)m->nfuncs + 1, 1);
	t->key_node = p1c_arena_scratch(arena, (size_t)t->nrows * (m->ntypes + 1), sizeof(uint32_t));
	t->twin = p1c_arena_scratch(arena, ndispatch + 1, 1);
	t->count = p1c_arena_scratch(arena, ndispatch + 1, sizeof(uint32_t));
	if (!t->mark || !t->key_node || !t->twin || !t->count)
		return false;
	t->routed = true;
	mark_slots(b, wanted, called, t->mark);
	index_keys(b, row_of_slot, t);
	uint32_t *cell_count = p1c_arena_scratch(arena, (size_t)t->nrows * (m->ntypes + 1),
						 sizeof(*cell_count));
	if (!cell_count)
		return false;
	count_cells(b, canon, t, cell_count);
	for (size_t cell = 0; cell < (size_t)t->nrows * (m->ntypes + 1); cell++) {
		uint32_t d = t->key_node[cell];
		if (!d)
			continue;
		t->count[d - 1] = t->count[d - 1 + t->twin[d - 1]] = cell_count[cell];
		t->nedges += (1u + t->twin[d - 1]) * (size_t)cell_count[cell];
	}
	p1c_arena_scratch_free(arena, cell_count, (size_t)t->nrows * (m->ntypes + 1),
			       sizeof(*cell_count));
	return true;
}

/* ---- sorted: a list of (slot, canon, func), for many closed tables or a wide key range ---- */

struct member {
	uint32_t slot, canon, func;
};

/* Linear sorting: a stable counting sort by one key, applied least significant key first (an
 * LSD radix sort), so each dispatch key's members come out grouped and in function order. */
enum member_key { KEY_FUNC, KEY_CANON, KEY_SLOT };

/* none: the key of canon NONE (ntypes: it sorts last). */
static uint32_t member_key(const struct member *mb, enum member_key key, uint32_t none)
{
	switch (key) {
	case KEY_FUNC: return mb->func;
	case KEY_CANON: return mb->canon == NONE ? none : mb->canon;
	case KEY_SLOT: return mb->slot;
	}
	return 0;
}

/* range: the largest key's bound (none for KEY_CANON: ntypes); keys go up to nkeys - 1. */
static bool counting_sort_members(struct p1c_arena *arena, struct member *items, struct member *tmp,
				  size_t n, enum member_key key, uint32_t range, size_t nkeys)
{
	size_t *count = p1c_arena_scratch(arena, nkeys + 2, sizeof(*count));
	if (!count)
		return false;
	for (size_t i = 0; i < n; i++)
		count[member_key(&items[i], key, range) + 1]++;
	for (size_t k = 0; k <= nkeys; k++)
		count[k + 1] += count[k];
	for (size_t i = 0; i < n; i++)
		tmp[count[member_key(&items[i], key, range)]++] = items[i];
	memcpy(items, tmp, n * sizeof(*items));
	p1c_arena_scratch_free(arena, count, nkeys + 2, sizeof(*count));
	return true;
}

/* Already in (slot, func) order: the function pass of the radix sort can be skipped (slot 0
 * comes out in function order, and toolchains write table entries in function order). */
static bool sorted_by_slot_func(const struct member *items, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (items[i].slot < items[i - 1].slot ||
		    (items[i].slot == items[i - 1].slot && items[i].func < items[i - 1].func))
			return false;
	return true;
}

/* By (slot, canon, func); canon NONE sorts last. */
static bool sort_members(struct p1c_arena *arena, const struct p1c_module *m, struct member *items,
			 size_t n)
{
	struct member *tmp = p1c_arena_scratch(arena, n + 1, sizeof(*tmp));
	if (!tmp)
		return false;
	bool ok = (sorted_by_slot_func(items, n) ||
		   counting_sort_members(arena, items, tmp, n, KEY_FUNC, m->nfuncs, m->nfuncs)) &&
		  counting_sort_members(arena, items, tmp, n, KEY_CANON, m->ntypes, m->ntypes) &&
		  counting_sort_members(arena, items, tmp, n, KEY_SLOT, m->ntables + 1,
					(size_t)m->ntables + 1);
	p1c_arena_scratch_free(arena, tmp, n + 1, sizeof(*tmp));
	return ok;
}

/* Slot 0: every address-taken function, when wanted[0]; slot t + 1: closed table t's
 * initializer value and active segment entries, when called[t], in segment order. */
static size_t collect_members(const struct p1c_cg_builder *b, const uint32_t *canon,
			      const uint8_t *wanted, const uint8_t *called, struct member *out)
{
	const struct p1c_module *m = b->m;
	size_t n = 0;
	for (uint32_t f = 0; wanted[0] && f < m->nfuncs; f++)
		if (b->ref_taken[f])
			out[n++] = (struct member){0, p1c_cg_func_canon(m, canon, f), f};
	for (uint32_t t = 0; t < m->ntables; t++) {
		uint32_t f = m->tables[t].init.ref_func;
		if (called[t] && m->tables[t].type.has_init_expr && f < m->nfuncs)
			out[n++] = (struct member){t + 1, p1c_cg_func_canon(m, canon, f), f};
	}
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct p1c_elem *e = &m->elems[i];
		bool narrowed = e->mode == P1C_SEG_ACTIVE && e->table < m->ntables && called[e->table];
		for (uint32_t j = 0; narrowed && j < e->count; j++)
			if (e->funcs[j] < m->nfuncs)
				out[n++] = (struct member){e->table + 1,
							   p1c_cg_func_canon(m, canon, e->funcs[j]),
							   e->funcs[j]};
	}
	return n;
}

static bool prepare_sorted(struct p1c_cg_builder *b, const uint32_t *canon, const uint8_t *wanted,
			   const uint8_t *called, struct p1c_cg_targets *t)
{
	const struct p1c_module *m = b->m;
	size_t n = 0;
	for (uint32_t f = 0; f < m->nfuncs; f++)
		n += b->ref_taken[f];
	for (uint32_t i = 0; i < m->nelems; i++)
		n += m->elems[i].count;
	n += m->ntables;
	struct member *members = p1c_arena_scratch(b->arena, n + 1, sizeof(*members));
	if (!members)
		return false;
	t->members = members;
	t->nalloc = n + 1;
	t->nmembers = collect_members(b, canon, wanted, called, members);
	t->nedges = 2 * t->nmembers; /* two kinds may share a key */
	return sort_members(b->arena, m, members, t->nmembers);
}

/* Dispatch node -> each member of its target set (members sorted by slot, canon, func; keys
 * too, so both advance together). */
static uint32_t write_sorted(const struct p1c_cg_builder *b, struct p1c_callgraph *g,
			     const struct p1c_cg_targets *t, uint32_t out)
{
	const struct member *members = t->members;
	size_t lo = 0, n = t->nmembers;
	for (uint32_t d = 0; d < b->nkeys; d++) {
		const struct dispatch_key *k = &b->keys[d];
		g->edge_start[g->nfuncs + d] = out;
		while (lo < n && (members[lo].slot < k->slot ||
				  (members[lo].slot == k->slot && members[lo].canon < k->canon)))
			lo++;
		for (size_t j = lo; j < n && members[j].slot == k->slot && members[j].canon == k->canon; j++)
			if (j == lo || members[j].func != members[j - 1].func)
				g->edge_to[out++] = members[j].func;
	}
	return out;
}

/* ---- the two together ---- */

bool p1c_cg_targets_prepare(struct p1c_cg_builder *b, const uint32_t *canon,
			    const uint8_t *wanted, const uint8_t *called,
			    struct p1c_cg_targets *out)
{
	const struct p1c_module *m = b->m;
	memset(out, 0, sizeof(*out));
	if (b->nkeys == 0)
		return true; /* no dispatch node: nothing to route (and an empty sorted list) */
	uint8_t *row_of_slot = p1c_arena_scratch(b->arena, (size_t)m->ntables + 1, 1);
	if (!row_of_slot)
		return false;
	out->nrows = 1; /* slot 0's row, used or not */
	for (uint32_t t = 0; t < m->ntables && out->nrows <= FEW_CLOSED_TABLES + 1; t++)
		if (called[t])
			row_of_slot[t + 1] = (uint8_t)out->nrows++;
	bool routed = out->nrows <= FEW_CLOSED_TABLES + 1 &&
		      (size_t)out->nrows * (m->ntypes + 1) <= (size_t)m->nfuncs + 4096;
	bool ok = routed ? prepare_routed(b, canon, row_of_slot, wanted, called, out)
			 : prepare_sorted(b, canon, wanted, called, out);
	p1c_arena_scratch_free(b->arena, row_of_slot, (size_t)m->ntables + 1, 1);
	return ok;
}

uint32_t p1c_cg_targets_write(struct p1c_cg_builder *b, struct p1c_callgraph *g,
			      const uint32_t *canon, struct p1c_cg_targets *t, uint32_t out)
{
	if (!t->routed)
		return write_sorted(b, g, t, out);
	for (uint32_t d = 0; d < g->nnodes - g->nfuncs; d++) { /* counts -> each node's start */
		uint32_t n = t->count[d];
		g->edge_start[g->nfuncs + d] = out;
		t->count[d] = out;
		out += n;
	}
	route(b, canon, t, t->count, g->edge_to);
	return out;
}

void p1c_cg_targets_free(struct p1c_cg_builder *b, struct p1c_cg_targets *t)
{
	const struct p1c_module *m = b->m;
	size_t ndispatch = b->nkeys;
	p1c_arena_scratch_free(b->arena, t->mark, (size_t)m->nfuncs + 1, 1);
	p1c_arena_scratch_free(b->arena, t->key_node, (size_t)t->nrows * (m->ntypes + 1),
			       sizeof(uint32_t));
	p1c_arena_scratch_free(b->arena, t->twin, ndispatch + 1, 1);
	p1c_arena_scratch_free(b->arena, t->count, ndispatch + 1, sizeof(uint32_t));
	p1c_arena_scratch_free(b->arena, t->members, t->nalloc, sizeof(struct member));
	memset(t, 0, sizeof(*t));
}
