/* The call graph builder's state, shared by its construction steps: callgraph.c (events,
 * dispatch nodes, the CSR) and callgraph_targets.c (each dispatch node's target set). */
#ifndef P1C_CALLGRAPH_INTERNAL_H
#define P1C_CALLGRAPH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/callgraph.h"

#define NONE P1C_NO_INDEX

struct site {
	uint32_t caller;
	uint32_t slot;  /* 0: every address-taken function; t + 1: closed table t's segments */
	uint32_t canon; /* canonical type */
	uint32_t kind;  /* P1C_CG_INDIRECT or P1C_CG_REF */
	uint32_t node;  /* dispatch node, assigned in build */
};

/* One dispatch node's key: what its sites have in common. */
struct dispatch_key {
	uint32_t slot, canon, kind;
	uint32_t id; /* while they are numbered: the order in which it was first seen */
};

struct vec {
	void *items;
	size_t count, cap, size;
};

/* Direct calls arrive body by body in function order, so they are kept as the graph will
 * hold them: each caller's targets together (call_start), each target once per caller (its
 * last position in calls, + 1, in call_seen), SURE_BIT when any of its sites always runs.
 * Sites stay in arrival order, so in caller order; `keys` lists their distinct dispatch keys
 * sorted by (slot, canon, kind): key i is dispatch node nfuncs + i. */
struct p1c_cg_builder {
	const struct p1c_module *m;
	struct p1c_arena *arena;
	struct vec calls;       /* uint32_t: target | SURE_BIT */
	uint32_t *call_start;   /* nfuncs + 1: where each caller's targets begin in calls */
	uint32_t *call_seen;    /* per function: its last position in calls + 1; 0: never */
	uint32_t caller;        /* the function whose calls are being appended */
	struct vec sites;       /* struct site, canon not yet known: type index in canon */
	struct dispatch_key *keys; /* nkeys (scratch, from build) */
	uint32_t nkeys;
	uint8_t *ref_taken;     /* per function: named by ref.func in code */
	uint8_t *table_written; /* per table */
	bool failed;
};

static inline uint32_t p1c_cg_func_canon(const struct p1c_module *m, const uint32_t *canon,
					 uint32_t f)
{
	return m->func_types[f] < m->ntypes ? canon[m->func_types[f]] : NONE;
}

/* The target sets of the dispatch nodes: every address-taken function (slot 0) and each
 * closed table's members that some site calls through (slot t + 1), grouped by canonical
 * type. Either routed straight into the CSR (few closed tables, a small key range: each
 * function's slots marked, counted per node, then written) or kept as a sorted list. */
struct p1c_cg_targets {
	bool routed;
	uint8_t *mark;       /* routed: per function, bit k for the k-th slot it belongs to */
	uint32_t nrows;      /* routed: slots called through (slot 0 first, then closed tables) */
	uint32_t *key_node;  /* routed: nrows x (ntypes + 1) keys: first dispatch node + 1, or 0 */
	uint8_t *twin;       /* routed: per dispatch node, the next one has the same key */
	uint32_t *count;     /* routed: per dispatch node, its targets, then its next free edge */
	size_t nedges;       /* edges the dispatch nodes need at most */
	void *members;       /* sorted: (slot, canon, func) by slot, canon, func */
	size_t nmembers, nalloc;
};

/* canon: canonical type per type index; wanted: ntables + 1 slots some site calls through;
 * called: per table, closed and called through. false: out of memory. */
bool p1c_cg_targets_prepare(struct p1c_cg_builder *b, const uint32_t *canon,
			    const uint8_t *wanted, const uint8_t *called,
			    struct p1c_cg_targets *out);
/* Each dispatch node's targets (function order, each once) from edge `out` on; returns the
 * end. */
uint32_t p1c_cg_targets_write(struct p1c_cg_builder *b, struct p1c_callgraph *g,
			      const uint32_t *canon, struct p1c_cg_targets *t, uint32_t out);
void p1c_cg_targets_free(struct p1c_cg_builder *b, struct p1c_cg_targets *t);

#endif
