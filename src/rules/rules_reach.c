/* Reachability for import findings: when the device fails on an import (bites), the shortest
 * witness paths from roots, and the libc entry points that reach it. */
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"

const char *rules_type_text(struct rules_ctx *ctx, uint32_t type)
{
	char buf[256];
	const struct p1c_functype *ft = p1c_module_type_func(ctx->module, type);
	if (!ft)
		return NULL;
	if (!ctx->type_texts)
		ctx->type_texts = p1c_arena_array(ctx->arena, (size_t)ctx->module->ntypes + 1,
						  sizeof(*ctx->type_texts));
	if (ctx->type_texts && ctx->type_texts[type])
		return ctx->type_texts[type];
	p1c_functype_format(buf, sizeof(buf), ft);
	const char *text = rules_text(ctx, p1c_arena_strdup(ctx->arena, buf));
	if (ctx->type_texts && !ctx->failed)
		ctx->type_texts[type] = text;
	return text;
}

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
	if (!ctx->is_libc)
		return false;
	if (!m->func_names || !list->count)
		return true; /* no function has a name (or no name counts): none is flagged */
	const char **sorted = p1c_arena_array(ctx->arena, (size_t)list->count + 1, sizeof(*sorted));
	if (!sorted)
		return false;
	memcpy(sorted, list->items, list->count * sizeof(*sorted));
	qsort(sorted, list->count, sizeof(*sorted), compare_strings);
	for (uint32_t f = 0; f < m->nfuncs; f++) {
		ctx->is_libc[f] = name_in_sorted(m->func_names[f], sorted, list->count);
		ctx->nlibc_funcs += ctx->is_libc[f];
	}
	return true;
}

/* The functions the runtime runs while instantiating: the steps of the profile's init
 * sequence that run for this module (rules/init_sequence.c). */
static bool init_roots(struct rules_ctx *ctx, struct p1c_cg_roots *roots)
{
	const struct p1c_init_sequence *seq = ctx->init;
	struct p1c_cg_init_root *init = p1c_arena_array(ctx->arena, (size_t)seq->nsteps + 1, sizeof(*init));
	P1C_TRY(init);
	uint32_t n = 0;
	for (uint32_t i = 0; i < seq->nsteps; i++) {
		const struct p1c_init_step *s = &seq->steps[i];
		if (s->outcome != P1C_INIT_RUNS)
			continue;
		init[n++] = (struct p1c_cg_init_root){s->func, strcmp(s->name, P1C_INIT_START_FUNCTION) == 0
			? "the start function"
			: rules_text(ctx, p1c_arena_printf(ctx->arena, "the runtime calls %s while instantiating",
							   s->name))};
	}
	roots->init = init;
	roots->ninit = n;
	return true;
}

/* Per import, the backward search may look at its share of a few times the graph (and at
 * least a fixed amount): all of them together stay linear in the module. */
#define SEARCH_GRAPH_FACTOR 64u
#define SEARCH_MIN_BUDGET 256u

bool rules_reach_setup(struct rules_ctx *ctx, const struct p1c_rules_opts *opts, struct p1c_audit *out)
{
	const struct p1c_callgraph *g = ctx->analysis ? ctx->analysis->cg : NULL;
	out->unmatched_entry = NULL;
	if (!g)
		return true;
	const struct p1c_init_step *start = p1c_init_step_of(ctx->init, P1C_INIT_START_FUNCTION);
	struct p1c_cg_roots roots = {.entries = opts->entries, .nentries = opts->nentries,
				     .start_not_run = start && start->outcome == P1C_INIT_SKIPPED};
	struct p1c_cg_reach *reach = p1c_arena_alloc(ctx->arena, sizeof(*reach));
	P1C_TRY(reach && init_roots(ctx, &roots));
	P1C_TRY(p1c_cg_solve(g, ctx->module, &roots, ctx->arena, reach, &out->unmatched_entry));
	out->reach = ctx->reach = reach;
	ctx->graph = g;
	ctx->max_paths = opts->max_paths;
	uint64_t graph_size = (uint64_t)g->nnodes + g->edge_start[g->nnodes];
	uint64_t share = SEARCH_GRAPH_FACTOR * graph_size / (ctx->module->nfunc_imports + 1u);
	ctx->search_budget = share > SEARCH_MIN_BUDGET ? share : SEARCH_MIN_BUDGET;
	return mark_libc_entry_points(ctx) && rules_provenance_setup(ctx);
}

/* The reverse graph and the backward search are each set up on first use: a module with
 * nothing to explain pays for neither, and one whose imports need only their callers (every
 * finding satisfied by its tree path) not for the search's queue. */
bool rules_reverse_ready(struct rules_ctx *ctx)
{
	if (ctx->rev.start || p1c_cg_reverse_build(ctx->graph, ctx->arena, &ctx->rev))
		return true;
	ctx->failed = true;
	return false;
}

bool rules_search_ready(struct rules_ctx *ctx)
{
	if (ctx->search.queue)
		return true;
	if (rules_reverse_ready(ctx) &&
	    p1c_cg_search_init(&ctx->search, ctx->graph, &ctx->rev, ctx->arena))
		return true;
	ctx->failed = true;
	return false;
}

bool rules_reached(const struct rules_ctx *ctx, uint32_t func)
{
	return ctx->reach && (ctx->reach->reach[func] & P1C_CG_REACH_ROOT);
}

enum p1c_reach rules_import_reach(const struct rules_ctx *ctx, uint32_t func)
{
	if (!ctx->graph)
		return P1C_REACH_NA;
	return rules_reached(ctx, func) ? P1C_REACH_YES : P1C_REACH_NO;
}

/* Does the search tree's path from a root to func pass a dispatch node? */
bool rules_via_indirect(const struct rules_ctx *ctx, uint32_t func)
{
	return rules_reached(ctx, func) && (ctx->reach->reach[func] & P1C_CG_REACH_INDIRECT);
}

/* Is candidate a better path start than best? Init roots first when init matters, then
 * roots that are not mere table elements, then shorter paths (the search order). */
static bool better_root(const struct rules_ctx *ctx, bool init_first, uint32_t candidate, uint32_t best)
{
	const uint8_t *root = ctx->reach->root;
	bool ci = root[candidate] & P1C_CG_ROOT_INIT, bi = root[best] & P1C_CG_ROOT_INIT;
	if (init_first && ci != bi)
		return ci;
	bool ct = root[candidate] == P1C_CG_ROOT_TABLE, bt = root[best] == P1C_CG_ROOT_TABLE;
	return !ct && bt;
}

/* Keeps the best `max` roots seen so far in order (insertion; max is small). */
static void offer_root(const struct rules_ctx *ctx, bool init_first, uint32_t f, uint32_t *best,
		       uint32_t *n, uint32_t max)
{
	if (max == 0)
		return;
	uint32_t i = *n < max ? (*n)++ : max;
	if (i == max && !better_root(ctx, init_first, f, best[max - 1]))
		return;
	if (i == max)
		i = max - 1;
	for (; i > 0 && better_root(ctx, init_first, f, best[i - 1]); i--)
		best[i] = best[i - 1];
	best[i] = f;
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

/* What the search has gathered for one import. */
struct gathered {
	uint32_t skip;  /* the root of the tree path, already shown */
	uint32_t via_dispatch, in_table; /* the first dispatch node, element function met */
	bool unreached;                  /* search on: what would reach it, and why it does not */
	uint32_t *roots, nroots, max_roots;
	bool init_first, have_init, want_libc;
	struct libc_hit *libc;
	uint32_t nlibc;
};

static bool satisfied(const struct gathered *g)
{
	return !g->want_libc && !g->unreached && g->nroots == g->max_roots &&
	       (!g->init_first || g->have_init);
}

static void gather(struct rules_ctx *ctx, uint32_t target, struct gathered *out)
{
	const struct p1c_callgraph *g = ctx->graph;
	const uint8_t *root = ctx->reach->root;
	p1c_cg_search_start(&ctx->search, target, ctx->search_budget);
	for (uint32_t v; !satisfied(out) && (v = p1c_cg_search_next(&ctx->search)) != P1C_NO_INDEX;) {
		if (v >= g->nfuncs) {
			if (out->via_dispatch == P1C_NO_INDEX)
				out->via_dispatch = v;
			continue;
		}
		if (out->in_table == P1C_NO_INDEX && ctx->in_elem && v != target &&
		    ((ctx->in_elem[v >> 3] >> (v & 7)) & 1))
			out->in_table = v;
		if (root[v] && v != out->skip) {
			offer_root(ctx, out->init_first, v, out->roots, &out->nroots, out->max_roots);
			out->have_init |= (root[v] & P1C_CG_ROOT_INIT) != 0;
		}
		if (out->want_libc && ctx->is_libc[v] && v != target)
			out->libc[out->nlibc++] = (struct libc_hit){
				ctx->module->func_names[v].ptr[0] == '_', p1c_cg_search_dist(&ctx->search), v};
	}
}

/* ---- ranking distinct paths ---- */

#define MAX_CALLER_PATHS 64u /* callers of the import whose tree paths are candidates */

/* Functions whose paths run at exit, not in the program's own code. */
static bool is_exit_function(struct p1c_str name)
{
	static const char *const names[] = {"__wasm_call_dtors", "__stdio_exit", "exit", "_exit",
					    "_Exit", "__funcs_on_exit", "__libc_exit_fini",
					    "__cxa_finalize", "__prepare_for_exit"};
	for (size_t i = 0; name.ptr && i < sizeof(names) / sizeof(names[0]); i++)
		if (p1c_str_eq(name, names[i]))
			return true;
	return false;
}

struct ranked {
	struct p1c_cg_path path;
	bool scored;        /* the fields below are set (rank): only once there is a second to compare */
	bool sure;          /* an `always` finding's chain of certain calls, every step shown */
	bool not_init;      /* bites at instantiation, but this path starts elsewhere */
	uint32_t indirect;  /* indirect or ref edges shown */
	bool exit;          /* passes a destructor or exit function */
	uint64_t length;    /* steps, the elided ones included */
};

/* What explaining one import needs only while it runs, allocated once per module: the roots
 * met, the libc entry points met, the ranked candidate paths. Only the chosen paths and names
 * are kept in the finding (the arena holds every finding's for the whole run). */
struct rules_explain_scratch {
	uint32_t *roots;        /* max_paths + 1 */
	struct libc_hit *libc;  /* nlibc_funcs + 1 */
	struct ranked *best;    /* max_paths + 1 */
};

static struct rules_explain_scratch *explain_scratch(struct rules_ctx *ctx)
{
	struct rules_explain_scratch *s = ctx->explain;
	if (s)
		return s;
	s = p1c_arena_alloc(ctx->arena, sizeof(*s));
	if (s) {
		s->roots = p1c_arena_array(ctx->arena, (size_t)ctx->max_paths + 1, sizeof(*s->roots));
		s->libc = p1c_arena_array(ctx->arena, (size_t)ctx->nlibc_funcs + 1, sizeof(*s->libc));
		s->best = p1c_arena_array(ctx->arena, (size_t)ctx->max_paths + 1, sizeof(*s->best));
	}
	if (!s || !s->roots || !s->libc || !s->best) {
		ctx->failed = true;
		return NULL;
	}
	return ctx->explain = s;
}

/* Is the call from `from` to `to` certain (a direct call whose site runs on every run of
 * `from`: the edges the `always` certainty follows)? */
static bool edge_is_sure(const struct p1c_callgraph *g, uint32_t from, uint32_t to)
{
	for (uint32_t i = g->edge_start[from]; i < g->edge_start[from + 1]; i++)
		if (g->edge_to[i] == to && ((g->edge_sure[i >> 3] >> (i & 7)) & 1))
			return true;
	return false;
}

/* Every step of the path, none left out, a certain call. */
static bool path_is_sure(const struct p1c_callgraph *g, const struct p1c_cg_path *p)
{
	if (p->elided)
		return false;
	for (uint32_t i = 1; i < p->nsteps; i++)
		if (p->steps[i].edge != P1C_CG_CALL || !edge_is_sure(g, p->steps[i - 1].func, p->steps[i].func))
			return false;
	return true;
}

/* What the ranking favours for one finding: init roots (it bites at instantiation), certain
 * chains (its certainty is `always`). */
struct path_order {
	bool init_first, always;
};

static void rank(const struct rules_ctx *ctx, struct path_order order, struct ranked *r)
{
	const struct p1c_cg_path *p = &r->path;
	r->scored = true;
	r->sure = order.always && path_is_sure(ctx->graph, p);
	r->not_init = order.init_first && !(ctx->reach->root[p->steps[0].func] & P1C_CG_ROOT_INIT);
	r->length = (uint64_t)p->nsteps + (p->elided == UINT32_MAX ? P1C_CG_DEPTH_MAX : p->elided);
	for (uint32_t i = 0; i < p->nsteps; i++) {
		r->indirect += i > 0 && p->steps[i].edge != P1C_CG_CALL;
		r->exit |= ctx->module->func_names && is_exit_function(ctx->module->func_names[p->steps[i].func]);
	}
}

/* For an `always` finding its chain of certain calls first (the path the claim is about);
 * then init roots first when the finding bites at instantiation, then fewer indirect edges,
 * then the program's own code before destructor and exit paths, then shorter. */
static int compare_ranked(const struct ranked *a, const struct ranked *b)
{
	if (a->sure != b->sure)
		return a->sure ? -1 : 1;
	if (a->not_init != b->not_init)
		return a->not_init ? 1 : -1;
	if (a->indirect != b->indirect)
		return a->indirect < b->indirect ? -1 : 1;
	if (a->exit != b->exit)
		return a->exit ? 1 : -1;
	return a->length < b->length ? -1 : a->length > b->length;
}

static bool same_path(const struct p1c_cg_path *a, const struct p1c_cg_path *b)
{
	if (a->nsteps != b->nsteps || a->elided != b->elided)
		return false;
	for (uint32_t i = 0; i < a->nsteps; i++)
		if (a->steps[i].func != b->steps[i].func || a->steps[i].edge != b->steps[i].edge)
			return false;
	return true;
}

/* Inserts a candidate into the best `max` (kept sorted; max is small), dropping repeats. A
 * lone candidate is not ranked: ranking only orders candidates. */
static void offer_path(const struct rules_ctx *ctx, struct path_order order, struct ranked *best,
		       uint32_t *n, uint32_t max, const struct p1c_cg_path *path)
{
	struct ranked r = {.path = *path};
	if (!path->nsteps)
		return;
	for (uint32_t i = 0; i < *n; i++)
		if (same_path(&best[i].path, path))
			return;
	if (*n == 0) {
		best[(*n)++] = r;
		return;
	}
	if (!best[0].scored)
		rank(ctx, order, &best[0]);
	rank(ctx, order, &r);
	uint32_t i = *n < max ? (*n)++ : max;
	if (i == max && compare_ranked(&r, &best[max - 1]) >= 0)
		return;
	if (i == max)
		i = max - 1;
	for (; i > 0 && compare_ranked(&r, &best[i - 1]) < 0; i--)
		best[i] = best[i - 1];
	best[i] = r;
}

/* The tree path to caller, then the step into target (through a dispatch node or not). */
static bool caller_path(struct rules_ctx *ctx, uint32_t caller, uint32_t target, uint8_t edge,
			struct p1c_cg_path *out)
{
	struct p1c_cg_path head;
	return p1c_cg_tree_path(ctx->graph, ctx->reach, caller, ctx->arena, &ctx->head_memo, &head) &&
	       p1c_cg_path_extend(&head, p1c_cg_step_of(target, edge), ctx->arena, out);
}

/* Candidates: the search tree's path (from the most telling kind of root), the tree path
 * through each reached caller of the import (distinct last calls), and the searched paths
 * from other roots; the best max_paths of them, ranked, without repeats. */
static void add_paths(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t target,
		      const struct gathered *got)
{
	uint32_t max = ctx->max_paths, n = 0;
	struct ranked *best = ctx->explain->best;
	if (max == 0)
		return;
	struct p1c_cg_path path;
	struct path_order order = {got->init_first, f->certainty == P1C_CERTAINTY_ALWAYS};
	if (got->skip != P1C_NO_INDEX &&
	    p1c_cg_tree_path(ctx->graph, ctx->reach, target, ctx->arena, &ctx->head_memo, &path))
		offer_path(ctx, order, best, &n, max, &path);
	const struct p1c_callgraph *g = ctx->graph;
	/* Other callers' paths, where it has some (without building the reverse graph when none
	 * has: an import called from one place, or reached only over its tree path). */
	if (got->skip != P1C_NO_INDEX && p1c_cg_called_again(ctx->reach, target) &&
	    rules_reverse_ready(ctx)) {
		const struct p1c_cg_reverse *rev = &ctx->rev;
		for (uint32_t i = rev->start[target], k = 0; i < rev->start[target + 1] && k < MAX_CALLER_PATHS; i++) {
			uint32_t c = rev->from[i];
			uint8_t edge = P1C_CG_CALL;
			if (c == ctx->reach->parent[target]) /* the import's own tree path, offered above */
				continue;
			if (c >= g->nfuncs) { /* a dispatch node: its first reached caller */
				edge = g->node_kind[c];
				c = ctx->reach->parent[c];
			}
			if (c < g->nfuncs && rules_reached(ctx, c) && caller_path(ctx, c, target, edge, &path)) {
				offer_path(ctx, order, best, &n, max, &path);
				k++;
			}
		}
	}
	for (uint32_t i = 0; i < got->nroots; i++)
		if (p1c_cg_path_from(&ctx->search, got->roots[i], ctx->arena, &path))
			offer_path(ctx, order, best, &n, max, &path);
	f->paths = n ? p1c_arena_array(ctx->arena, n, sizeof(*f->paths)) : NULL;
	if (n && !f->paths) {
		ctx->failed = true;
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		f->paths[f->npaths++] = best[i].path;
}

/* ---- why nothing reaches an import ---- */

static bool mark_elements(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	if (ctx->in_elem)
		return true;
	ctx->in_elem = p1c_arena_alloc(ctx->arena, (size_t)m->nfuncs / 8 + 1);
	if (!ctx->in_elem) {
		ctx->failed = true;
		return false;
	}
	ctx->slot_scan_left = 4u << 20;
	for (uint32_t i = 0; i < m->nelems; i++)
		for (uint32_t j = 0; j < m->elems[i].count; j++) {
			uint32_t f = m->elems[i].funcs[j];
			if (f < m->nfuncs)
				ctx->in_elem[f >> 3] = (uint8_t)(ctx->in_elem[f >> 3] | (1u << (f & 7)));
		}
	for (uint32_t i = 0; i < m->nconst_funcs; i++) {
		uint32_t f = m->const_funcs[i].func;
		if (f < m->nfuncs)
			ctx->in_elem[f >> 3] = (uint8_t)(ctx->in_elem[f >> 3] | (1u << (f & 7)));
	}
	return true;
}

/* ", table T slot N" for the first active segment entry holding f with a constant offset,
 * "" when there is none (or the per-file budget for these lookups is spent). */
static const char *slot_text(struct rules_ctx *ctx, uint32_t f)
{
	const struct p1c_module *m = ctx->module;
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct p1c_elem *e = &m->elems[i];
		if (ctx->slot_scan_left < e->count)
			return "";
		ctx->slot_scan_left -= e->count;
		for (uint32_t j = 0; e->mode == P1C_SEG_ACTIVE && e->offset_expr.is_const && j < e->count; j++)
			if (e->funcs[j] == f)
				return rules_printf(ctx, ", table %u slot %lld", e->table,
						    (long long)e->offset_expr.value + j);
	}
	return "";
}

static const char *func_text(struct rules_ctx *ctx, uint32_t f)
{
	struct p1c_str name = p1c_module_func_name(ctx->module, f);
	return name.len ? rules_printf(ctx, "func[%u] %.*s", f, (int)name.len, (const char *)name.ptr)
			: rules_printf(ctx, "func[%u]", f);
}

/* Why nothing reaches it, in words; NULL when the audit's texts are skipped. */
static const char *unreached_note(struct rules_ctx *ctx, const struct gathered *got)
{
	const struct p1c_callgraph *g = ctx->graph;
	const struct p1c_module *m = ctx->module;
	if (ctx->skip_texts)
		return NULL;
	if (got->via_dispatch != P1C_NO_INDEX) {
		uint32_t d = got->via_dispatch, member = ctx->search.next[d];
		const char *type = rules_type_text(ctx, g->node_type[d - g->nfuncs]);
		const char *call = g->node_kind[d] == P1C_CG_REF ? "call_ref" : "call_indirect";
		return rules_printf(ctx,
			"no root reaches it; %s (type %s%s) would, but no reachable %s of that type calls it",
			func_text(ctx, member), type ? type : "?", slot_text(ctx, member), call);
	}
	if (got->in_table != P1C_NO_INDEX && !ctx->search.exhausted) {
		uint32_t f = got->in_table;
		const char *type = f < m->nfuncs ? rules_type_text(ctx, m->func_types[f]) : NULL;
		return rules_printf(ctx,
			"no root reaches it; %s (type %s%s) would, but no call_indirect or call_ref in "
			"the module can call it", func_text(ctx, f), type ? type : "?", slot_text(ctx, f));
	}
	return "no root reaches it: no export, start function, --entry name or function in an "
	       "imported or exported table";
}

/* The libc entry points that reach the target: public names first, nearest first. */
static void add_libc_entry_points(struct rules_ctx *ctx, struct p1c_finding *f, struct gathered *got)
{
	const struct p1c_module *m = ctx->module;
	if (!got->nlibc)
		return;
	qsort(got->libc, got->nlibc, sizeof(*got->libc), compare_hits);
	const char **names = p1c_arena_array(ctx->arena, got->nlibc < MAX_LIBC_ENTRY_POINTS
					     ? got->nlibc : MAX_LIBC_ENTRY_POINTS, sizeof(*names));
	if (!names) {
		ctx->failed = true;
		return;
	}
	f->libc_entry_points.items = names;
	for (uint32_t i = 0; i < got->nlibc && i < MAX_LIBC_ENTRY_POINTS; i++) {
		struct p1c_str name = m->func_names[got->libc[i].func];
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

/* The first dispatch node on func's tree path (looking at most 256 steps up), or NONE. */
static uint32_t tree_dispatch(const struct rules_ctx *ctx, uint32_t func)
{
	const struct p1c_cg_reach *r = ctx->reach;
	for (uint32_t v = func, n = 0; v != P1C_NO_INDEX && n < 256; v = r->parent[v], n++)
		if (v >= ctx->graph->nfuncs)
			return v;
	return P1C_NO_INDEX;
}

static const char *indirect_note(struct rules_ctx *ctx, uint32_t func)
{
	if (ctx->skip_texts)
		return NULL;
	uint32_t d = tree_dispatch(ctx, func);
	const char *type = d == P1C_NO_INDEX ? NULL
			   : rules_type_text(ctx, ctx->graph->node_type[d - ctx->graph->nfuncs]);
	if (!type)
		return "indirect: only through call_indirect or call_ref, when a table slot or "
		       "reference of the called type holds a function that reaches it";
	return rules_printf(ctx, "indirect: only through %s of type %s",
			    ctx->graph->node_kind[d] == P1C_CG_REF ? "call_ref" : "call_indirect", type);
}

/* The certainty of a reachable call that bites at instantiation through an init root or at
 * call (a link-error runtime fails on the import's presence: certain, not a reach claim). */
static void set_certainty(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t func, uint8_t reach)
{
	bool init = reach & P1C_CG_REACH_INIT;
	if (ctx->profile->unresolved == P1C_UNRESOLVED_LINK_ERROR || !(reach & P1C_CG_REACH_ROOT))
		return;
	uint8_t always = init ? P1C_CG_REACH_ALWAYS_INIT : P1C_CG_REACH_ALWAYS;
	uint8_t direct = init ? P1C_CG_REACH_DIRECT_INIT : P1C_CG_REACH_DIRECT;
	if (reach & always) {
		f->certainty = P1C_CERTAINTY_ALWAYS;
		f->certainty_note = init ? "always: the runtime's start-up calls it on every start"
					 : "always: a root calls it on every run";
		struct p1c_str name = ctx->reach->ninit == 1 /* one init root: it is the caller */
			? p1c_module_func_name(ctx->module, ctx->reach->init[0].func) : (struct p1c_str){NULL, 0};
		if (init && name.len)
			f->certainty_note = rules_printf(ctx, "always: %.*s calls it on every start",
							 (int)name.len, (const char *)name.ptr);
	} else if (reach & direct) {
		f->certainty = P1C_CERTAINTY_CONDITIONAL;
		f->certainty_note = init ? "conditional: every direct path from the start-up to it "
					   "passes a branch that can skip it"
					 : "conditional: every direct path to it passes a branch that can "
					   "skip it";
	} else {
		f->certainty = P1C_CERTAINTY_INDIRECT;
		f->certainty_note = indirect_note(ctx, func);
	}
}

void rules_explain_import(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t func)
{
	if (!ctx->graph) {
		assume_reachable(ctx, f);
		return;
	}
	uint8_t reach = ctx->reach->reach[func];
	f->reachable = reach & P1C_CG_REACH_ROOT ? P1C_REACH_YES : P1C_REACH_NO;
	if (ctx->profile->unresolved == P1C_UNRESOLVED_LINK_ERROR || (reach & P1C_CG_REACH_INIT))
		f->bites = P1C_BITES_INSTANTIATE;
	else if (reach & P1C_CG_REACH_ROOT)
		f->bites = P1C_BITES_CALL;
	else
		f->bites = P1C_BITES_NEVER;
	if (f->bites == P1C_BITES_NEVER)
		f->severity = P1C_SEV_WARNING;
	set_certainty(ctx, f, func, reach);
	rules_provenance_apply(ctx, f);
	bool shown = ctx->max_paths > 0 && (reach & P1C_CG_REACH_ROOT);
	const struct rules_explain_scratch *scratch = explain_scratch(ctx);
	if (!scratch)
		return;
	struct gathered got = {
		.skip = shown ? p1c_cg_tree_root(ctx->reach, func, &ctx->head_memo) : P1C_NO_INDEX,
		.via_dispatch = P1C_NO_INDEX, .in_table = P1C_NO_INDEX,
		.max_roots = ctx->max_paths - shown < ctx->reach->nroots - shown
				     ? ctx->max_paths - shown : ctx->reach->nroots - shown,
		.init_first = (reach & P1C_CG_REACH_INIT) != 0,
		.want_libc = ctx->nlibc_funcs > 0,
		.roots = scratch->roots,
		.libc = scratch->libc,
	};
	got.have_init = shown && (ctx->reach->root[got.skip] & P1C_CG_ROOT_INIT);
	got.unreached = f->reachable == P1C_REACH_NO;
	if (got.unreached && !mark_elements(ctx))
		return;
	if (!satisfied(&got)) {
		if (!rules_search_ready(ctx))
			return;
		gather(ctx, func, &got);
		f->search_bounded = ctx->search.exhausted;
	}
	if (f->reachable == P1C_REACH_NO)
		f->unreached_note = unreached_note(ctx, &got);
	add_paths(ctx, f, func, &got);
	add_libc_entry_points(ctx, f, &got);
}

void rules_explain_unreached(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t func)
{
	uint32_t root;
	struct gathered got = {.skip = P1C_NO_INDEX, .via_dispatch = P1C_NO_INDEX, .in_table = P1C_NO_INDEX,
			       .unreached = true, .roots = &root};
	if (!ctx->graph || !mark_elements(ctx) || !rules_search_ready(ctx))
		return;
	gather(ctx, func, &got);
	f->unreached_note = unreached_note(ctx, &got);
}
