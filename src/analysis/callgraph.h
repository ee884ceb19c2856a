/* The call graph: nodes are the function index space plus one "dispatch" node per distinct
 * indirect-call target set, so call_indirect sites cost one edge each and every target set is
 * stored once (linear in module size). Built from the code walk's events; solved per profile
 * (roots, init roots); paths are shortest witness paths. No output. */
#ifndef P1C_CALLGRAPH_H
#define P1C_CALLGRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "wasm/code.h"
#include "wasm/module.h"

enum p1c_cg_edge { P1C_CG_CALL, P1C_CG_INDIRECT, P1C_CG_REF };

struct p1c_cg_builder; /* collects events during the code walk */

struct p1c_callgraph {
	uint32_t nfuncs;        /* nodes [0, nfuncs) are functions */
	uint32_t nnodes;        /* nodes [nfuncs, nnodes) are dispatch nodes */
	uint32_t *edge_start;   /* nnodes + 1: CSR offsets into edge_to */
	uint32_t *edge_to;
	uint8_t *node_kind;     /* dispatch nodes: enum p1c_cg_edge of the edges leaving them */
	uint32_t *rev_start;    /* reverse CSR: built on demand by p1c_cg_reverse */
	uint32_t *rev_from;
	uint32_t naddress_taken;
	uint32_t nindirect_sites;
	/* solve(): */
	uint8_t *reach;         /* per node: P1C_CG_REACH_* bits */
	uint32_t *parent;       /* per node: predecessor on a shortest path from a root */
	uint8_t *root;          /* per function: P1C_CG_ROOT_* bits */
	uint32_t nroots;
};

enum { P1C_CG_REACH_ROOT = 1, P1C_CG_REACH_INIT = 2 };
enum { P1C_CG_ROOT_EXPORT = 1, P1C_CG_ROOT_START = 2, P1C_CG_ROOT_TABLE = 4, P1C_CG_ROOT_ENTRY = 8,
       P1C_CG_ROOT_INIT = 16 };

struct p1c_cg_builder *p1c_cg_builder_new(const struct p1c_module *m, struct p1c_arena *arena);
/* Feed every code event of every body (in any order). */
void p1c_cg_on_event(struct p1c_cg_builder *b, const struct p1c_code_event *ev);
/* Finish: address-taken sets, dispatch nodes, CSR. NULL when memory ran out. Frees b. */
struct p1c_callgraph *p1c_cg_build(struct p1c_cg_builder *b);

struct p1c_cg_roots {
	const char *const *init_exports; /* export names the runtime calls while instantiating */
	uint32_t ninit_exports;
	const char *const *entries;      /* --entry: export name, function name, or index */
	uint32_t nentries;
};

/* Roots: exported functions, the start function, functions in imported or exported tables,
 * entries. Init roots: the start function and the init exports. Computes reach and parent.
 * out_unmatched: the first entry that names no function, or NULL. false: out of memory. */
bool p1c_cg_solve(struct p1c_callgraph *g, const struct p1c_module *m,
		  const struct p1c_cg_roots *roots, struct p1c_arena *arena, const char **out_unmatched);

/* A path root -> ... -> target, dispatch nodes removed; steps[0].edge is P1C_CG_CALL. */
struct p1c_cg_step {
	uint32_t func;
	uint8_t edge; /* enum p1c_cg_edge: how this step is reached from the previous one */
};
struct p1c_cg_path {
	uint32_t nsteps;
	struct p1c_cg_step *steps;
};

/* A backward breadth-first search from one target, pulled node by node so that callers stop
 * as soon as they have what they need. Arrays are reused across targets (a generation stamp
 * replaces clearing them). */
struct p1c_cg_search {
	const struct p1c_callgraph *g;
	uint32_t *dist, *stamp, *queue;
	uint32_t gen, head, tail;
};

/* The reverse edges (for searches), once; false when memory ran out. */
bool p1c_cg_reverse(struct p1c_callgraph *g, struct p1c_arena *arena);
/* g must have its reverse edges (p1c_cg_reverse). */
bool p1c_cg_search_init(struct p1c_cg_search *s, const struct p1c_callgraph *g);
void p1c_cg_search_free(struct p1c_cg_search *s);
void p1c_cg_search_start(struct p1c_cg_search *s, uint32_t target);
/* The next node that reaches the target, in nondecreasing distance (the target first);
 * UINT32_MAX when there is none left. */
uint32_t p1c_cg_search_next(struct p1c_cg_search *s);
/* Distance from v to the target, UINT32_MAX if v has not been found (yet). */
static inline uint32_t p1c_cg_search_dist(const struct p1c_cg_search *s, uint32_t v)
{
	return s->stamp[v] == s->gen ? s->dist[v] : UINT32_MAX;
}
/* The shortest path from `from` (already returned by search_next) to the target. */
bool p1c_cg_path_from(const struct p1c_cg_search *s, uint32_t from, struct p1c_arena *arena,
		      struct p1c_cg_path *out);

#endif
