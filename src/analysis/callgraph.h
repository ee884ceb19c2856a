/* The call graph: nodes are the function index space plus one "dispatch" node per distinct
 * indirect-call target set, so call_indirect sites cost one edge each and every target set is
 * stored once (linear in module size). Built from the code walk's events; solved per profile
 * (roots, init roots); paths are shortest witness paths. No output. */
#ifndef P1C_CALLGRAPH_H
#define P1C_CALLGRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/caps.h"
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
	uint32_t *node_type;    /* dispatch node nfuncs + i: the type index of its calls, at [i] */
	uint8_t *edge_sure;     /* bit per edge: a direct call from a site that runs on every run
				 * of its function (p1c_insn.certain; for any of its sites) */
	uint32_t naddress_taken;
	uint32_t nindirect_sites;
};

struct p1c_cg_builder *p1c_cg_builder_new(const struct p1c_module *m, struct p1c_arena *arena);
/* Feed every code event, body by body in function order (events of a function before the
 * current one make p1c_cg_build fail). */
void p1c_cg_on_event(struct p1c_cg_builder *b, const struct p1c_code_event *ev);
/* Direct calls as a code walk's p1c_call_sink flushes them (builder: the p1c_cg_builder): the
 * same as their P1C_EV_CALL events, in the same order. */
void p1c_cg_on_calls(void *builder, const struct p1c_call *calls, uint32_t count);
/* Finish: address-taken sets, dispatch nodes, CSR. NULL when memory ran out. Frees b. */
struct p1c_callgraph *p1c_cg_build(struct p1c_cg_builder *b);

/* ---- reachability: a value computed per profile and --entry set; the graph stays const ---- */

enum { P1C_CG_REACH_ROOT = 1,     /* some root reaches it */
       P1C_CG_REACH_INIT = 2,     /* some init root reaches it (runs while instantiating) */
       P1C_CG_REACH_INDIRECT = 4, /* its tree path (parent chain) passes a dispatch node */
       P1C_CG_REACH_ALWAYS = 8,   /* a root calls it on every run: a chain of certain calls */
       P1C_CG_REACH_ALWAYS_INIT = 16, /* the same from an init root */
       P1C_CG_REACH_DIRECT = 32,  /* some root reaches it through direct calls only */
       P1C_CG_REACH_DIRECT_INIT = 64, /* the same from an init root */
};
enum { P1C_CG_ROOT_EXPORT = 1, P1C_CG_ROOT_START = 2, P1C_CG_ROOT_TABLE = 4, P1C_CG_ROOT_ENTRY = 8,
       P1C_CG_ROOT_INIT = 16 };

/* A function the runtime calls while instantiating, and why (shown to users). */
struct p1c_cg_init_root {
	uint32_t func;
	const char *reason;
};

struct p1c_cg_roots {
	const struct p1c_cg_init_root *init; /* init roots (the start function included) */
	uint32_t ninit;
	const char *const *entries;          /* --entry: export name, function name, or index */
	uint32_t nentries;
	bool start_not_run;                  /* the runtime skips the start function: not a root */
};

struct p1c_cg_reach {
	uint32_t nroots;
	uint8_t *root;       /* per function: P1C_CG_ROOT_* bits */
	uint8_t *reach;      /* per node: P1C_CG_REACH_* bits */
	/* The search tree: init roots searched first, then exports, the start function and
	 * entries, then table elements, so a node's parent chain starts at the most telling kind
	 * of root that reaches it, and is a shortest path from the roots of that kind. */
	uint32_t *parent;    /* per node: predecessor, P1C_NO_INDEX for roots and unreached nodes */
	uint32_t *anchor;    /* per node: its ancestor P1C_CG_PATH_HEAD function steps deep, or
			      * itself when shallower (paths are drawn without a walk to the root) */
	uint8_t *depth;      /* per node: function steps on its tree path, itself included, up to
			      * P1C_CG_DEPTH_MAX (which stands for that or more) */
	uint8_t *called_again; /* bit per node: a reached node or dispatch node has an edge to it
				* besides its parent's tree edge (p1c_cg_called_again) */
	const struct p1c_cg_init_root *init; /* as given to solve */
	uint32_t ninit;
};

/* Whether v has a caller besides its tree parent that some root reaches (a function, or a
 * dispatch node): when not, the tree path is the only path to v whose last step differs. */
static inline bool p1c_cg_called_again(const struct p1c_cg_reach *r, uint32_t v)
{
	return (r->called_again[v >> 3] >> (v & 7)) & 1;
}

/* Roots: exported functions, the start function, functions in imported or exported tables,
 * entries, and the init roots (marked P1C_CG_ROOT_INIT). Linear in the graph; everything
 * from the arena. out_unmatched: the first entry that names no function, or NULL.
 * false: out of memory. */
bool p1c_cg_solve(const struct p1c_callgraph *g, const struct p1c_module *m,
		  const struct p1c_cg_roots *roots, struct p1c_arena *arena, struct p1c_cg_reach *out,
		  const char **out_unmatched);

/* A path root -> ... -> target, dispatch nodes removed; steps[0].edge is P1C_CG_CALL. Long
 * paths keep their first P1C_CG_PATH_HEAD and last P1C_CG_PATH_TAIL steps: `elided` steps
 * are left out before steps[elided_at] (elided 0: the whole path). */
#define P1C_CG_PATH_HEAD 12u
#define P1C_CG_PATH_TAIL 12u
#define P1C_CG_DEPTH_MAX UINT8_MAX
struct p1c_cg_step { /* 4 bytes: a path of P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL steps is 96 */
	uint32_t func : 24; /* a function index (P1C_MAX_INDEX_SPACE fits) */
	uint32_t edge : 8;  /* enum p1c_cg_edge: how this step is reached from the previous one */
};
_Static_assert(P1C_MAX_INDEX_SPACE < (1u << 24), "a path step's function index has 24 bits");
/* func: a function index. Where bit-fields are laid out from the low bit (GCC and Clang on
 * little-endian targets) the step is built as one word: assigning the two fields makes GCC
 * read, mask and write the word in memory, a third more work on walking a path. */
static inline struct p1c_cg_step p1c_cg_step_of(uint32_t func, uint8_t edge)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	union {
		uint32_t word;
		struct p1c_cg_step step;
	} u = {.word = (func & 0xFFFFFFu) | (uint32_t)edge << 24};
	return u.step;
#else
	return (struct p1c_cg_step){func & 0xFFFFFFu, edge};
#endif
}
struct p1c_cg_path {
	uint32_t nsteps;
	struct p1c_cg_step *steps;
	uint32_t elided_at, elided; /* elided UINT32_MAX: P1C_CG_DEPTH_MAX - 24 or more */
};

/* The head of the last long tree path drawn, for the next one below the same anchor (nodes
 * deep under one function share their first P1C_CG_PATH_HEAD steps). Zeroed: empty. */
struct p1c_cg_head_memo {
	bool valid;
	uint32_t anchor, n;
	struct p1c_cg_step steps[P1C_CG_PATH_HEAD];
};

/* The tree path to v (v reached); O(P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL). memo: NULL, or
 * kept by the caller across calls with the same g and r. */
bool p1c_cg_tree_path(const struct p1c_callgraph *g, const struct p1c_cg_reach *r, uint32_t v,
		      struct p1c_arena *arena, struct p1c_cg_head_memo *memo, struct p1c_cg_path *out);

/* The root at the top of v's tree path: the first step of memo's head when memo holds the
 * head through v's anchor, else found by walking up from the anchor. memo may be NULL. */
uint32_t p1c_cg_tree_root(const struct p1c_cg_reach *r, uint32_t v,
			  const struct p1c_cg_head_memo *memo);

/* head, then one more step, kept within P1C_CG_PATH_HEAD + P1C_CG_PATH_TAIL steps like every
 * path: when head is that long already, the first step of its tail is left out too. */
bool p1c_cg_path_extend(const struct p1c_cg_path *head, struct p1c_cg_step last,
			struct p1c_arena *arena, struct p1c_cg_path *out);

/* Reverse edges, for backward searches (from the arena). */
struct p1c_cg_reverse {
	uint32_t *start; /* nnodes + 1 */
	uint32_t *from;
};
bool p1c_cg_reverse_build(const struct p1c_callgraph *g, struct p1c_arena *arena,
			  struct p1c_cg_reverse *out);

/* A backward breadth-first search from one target, pulled node by node so that callers stop
 * as soon as they have what they need, within a budget of nodes and edges looked at (the
 * search then ends: `exhausted`). Arrays come from the arena once and are reused across
 * targets: a new search clears only the marks the last one set. */
struct p1c_cg_search {
	const struct p1c_callgraph *g;
	const struct p1c_cg_reverse *rev;
	uint8_t *seen;           /* bit per node */
	uint32_t *queue, *next;  /* next[v]: the node v was found from (one step nearer) */
	uint32_t head, tail, layer_end, dist;
	uint64_t budget;
	bool exhausted;
};

bool p1c_cg_search_init(struct p1c_cg_search *s, const struct p1c_callgraph *g,
			const struct p1c_cg_reverse *rev, struct p1c_arena *arena);
/* budget: nodes + edges this search may look at (UINT64_MAX: no bound). */
void p1c_cg_search_start(struct p1c_cg_search *s, uint32_t target, uint64_t budget);
/* The next node that reaches the target, in nondecreasing distance (the target first);
 * P1C_NO_INDEX when there is none left or the budget is spent. */
uint32_t p1c_cg_search_next(struct p1c_cg_search *s);
/* Distance to the target of the node search_next returned last. */
static inline uint32_t p1c_cg_search_dist(const struct p1c_cg_search *s)
{
	return s->dist;
}
/* Has this search found v (yet)? */
static inline bool p1c_cg_search_seen(const struct p1c_cg_search *s, uint32_t v)
{
	return (s->seen[v >> 3] >> (v & 7)) & 1;
}
/* The shortest path from `from` (already returned by search_next) to the target. */
bool p1c_cg_path_from(const struct p1c_cg_search *s, uint32_t from, struct p1c_arena *arena,
		      struct p1c_cg_path *out);

#endif
