/* P1C036: a WASI function reachable from an init step that runs before the host has set WASI
 * up (runtime.init-functions `wasi: unavailable`; Node runs the start function inside
 * WebAssembly.instantiate(), before wasi.start() or wasi.initialize() hands WASI the memory).
 * P1C037: a preview 1 proc_exit reachable from an init step whose host call fails when the
 * module exits (`proc-exit: fails`; Node 20's wasi.initialize() calls _initialize without
 * catching the exit that its proc_exit throws, lib/wasi.js, where wasi.start() catches it), or
 * which runs while instantiating and so fails instantiation (`proc-exit: fails-instantiate`;
 * WAMR's wasi_proc_exit sets the exception "wasi proc exit", libc_wasi_wrapper.c, and
 * execute_post_instantiate_functions fails on any exception, interpreter/wasm_runtime.c).
 * One forward search per such step over the call graph: linear in the graph. */
#include <string.h>

#include "rules/rules_internal.h"

#define STR(s) (int)(s).len, (const char *)(s).ptr
#define NONE UINT32_MAX

/* Breadth-first from root; parent[v] is v's predecessor (NONE for root and unreached). */
static void search_from(const struct p1c_callgraph *g, uint32_t root, uint32_t *parent, uint32_t *queue,
			uint8_t *seen)
{
	uint32_t head = 0, tail = 0;
	memset(seen, 0, g->nnodes);
	seen[root] = 1;
	parent[root] = NONE;
	queue[tail++] = root;
	while (head < tail) {
		uint32_t u = queue[head++];
		for (uint32_t i = g->edge_start[u]; i < g->edge_start[u + 1]; i++) {
			uint32_t v = g->edge_to[i];
			if (seen[v])
				continue;
			seen[v] = 1;
			parent[v] = u;
			queue[tail++] = v;
		}
	}
}

/* The path root -> ... -> target, dispatch nodes folded into the edge kind of the next step. */
static bool path_to(struct rules_ctx *ctx, const uint32_t *parent, uint32_t target, struct p1c_cg_path *out)
{
	const struct p1c_callgraph *g = ctx->graph;
	uint32_t n = 0;
	for (uint32_t v = target; v != NONE && n <= g->nnodes; v = parent[v])
		n += v < g->nfuncs;
	out->steps = p1c_arena_array(ctx->arena, (size_t)n + 1, sizeof(*out->steps));
	if (!out->steps)
		return false;
	out->nsteps = n;
	out->elided_at = 0;
	out->elided = 0;
	uint8_t edge = P1C_CG_CALL;
	for (uint32_t v = target, i = n; v != NONE && i > 0; v = parent[v]) {
		if (v >= g->nfuncs) {
			edge = g->node_kind[v];
			continue;
		}
		out->steps[--i] = p1c_cg_step_of(v, edge);
		edge = P1C_CG_CALL;
	}
	out->steps[0].edge = P1C_CG_CALL;
	return true;
}

/* A finding about an import the init step reaches: the import, its subject, the path the
 * step's search found (shown unless --max-paths is 0); NULL when memory ran out. */
static struct p1c_finding *add_init_finding(struct rules_ctx *ctx, enum p1c_rule rule,
					    enum p1c_bites bites, uint32_t import, const uint32_t *parent)
{
	const struct p1c_import *imp = &ctx->module->imports[import];
	struct p1c_finding *f = rules_add_import(ctx, rule, import);
	if (!f)
		return NULL;
	f->reachable = P1C_REACH_YES;
	f->bites = bites;
	f->paths = p1c_arena_alloc(ctx->arena, sizeof(*f->paths));
	if (!f->paths || !path_to(ctx, parent, imp->kind_index, f->paths)) {
		ctx->failed = true;
		return NULL;
	}
	f->npaths = ctx->max_paths ? 1 : 0;
	return f;
}

static void report(struct rules_ctx *ctx, const struct p1c_init_step *step, uint32_t import,
		   const uint32_t *parent)
{
	const struct p1c_import *imp = &ctx->module->imports[import];
	struct p1c_finding *f = add_init_finding(ctx, P1C_RULE_P1C036, P1C_BITES_INSTANTIATE, import, parent);
	if (!f)
		return;
	f->message = rules_printf(ctx,
		"func[%u] %.*s#%.*s is reachable from %s, which profile '%s' runs before the host sets "
		"WASI up: the call fails while instantiating", imp->kind_index, STR(imp->module),
		STR(imp->name), strcmp(step->name, P1C_INIT_START_FUNCTION) ? step->name : "the start function",
		ctx->profile->name);
	f->help = "move the WASI calls out of the start function (into _initialize or main)";
}

/* P1C037's certainty: the solved reachability's init bits say how the init roots reach the
 * import; they speak for this step when it is the only init root. Otherwise the path found
 * here (paths[0], also when --max-paths 0 shows none) says whether direct calls reach it
 * (conditional) or not (indirect). */
static void exit_certainty(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t func)
{
	const struct p1c_cg_path *path = f->paths;
	bool direct = true;
	for (uint32_t i = 0; path && i < path->nsteps; i++)
		direct = direct && path->steps[i].edge == P1C_CG_CALL;
	uint8_t reach = ctx->reach ? ctx->reach->reach[func] : 0;
	bool only_root = ctx->reach && ctx->reach->ninit == 1;
	if (only_root && (reach & P1C_CG_REACH_ALWAYS_INIT)) {
		f->certainty = P1C_CERTAINTY_ALWAYS;
		f->certainty_note = "always: the host's call of the init step reaches it on every start";
	} else if (only_root ? (reach & P1C_CG_REACH_DIRECT_INIT) : direct) {
		f->certainty = P1C_CERTAINTY_CONDITIONAL;
		f->certainty_note = "conditional: every direct path from the init step to it passes a "
				    "branch that can skip it";
	} else {
		f->certainty = P1C_CERTAINTY_INDIRECT;
		f->certainty_note = "indirect: only through call_indirect or call_ref";
	}
}

static void report_exit(struct rules_ctx *ctx, const struct p1c_init_step *step, uint32_t import,
			const uint32_t *parent)
{
	const struct p1c_import *imp = &ctx->module->imports[import];
	bool at_instantiate = step->proc_exit == P1C_EXIT_FAILS_INSTANTIATE;
	struct p1c_finding *f = add_init_finding(ctx, P1C_RULE_P1C037,
						 at_instantiate ? P1C_BITES_INSTANTIATE : P1C_BITES_CALL, import, parent);
	if (!f)
		return;
	const char *step_name = strcmp(step->name, P1C_INIT_START_FUNCTION) ? step->name : "the start function";
	if (at_instantiate)
		f->message = rules_printf(ctx, "func[%u] %.*s#%.*s is reachable from %s, which profile '%s' "
					  "runs while instantiating: an exit during it fails instantiation",
					  imp->kind_index, STR(imp->module), STR(imp->name), step_name,
					  ctx->profile->name);
	else
		f->message = rules_printf(ctx, "func[%u] %.*s#%.*s is reachable from %s: on profile '%s' the "
					  "host's call of %s fails when the module exits during it", imp->kind_index,
					  STR(imp->module), STR(imp->name), step_name, ctx->profile->name, step_name);
	f->help = "do not exit during initialisation (a constructor calling exit()): report the "
		  "failure from an exported function instead";
	exit_certainty(ctx, f, imp->kind_index);
	/* An exit only on some paths is, in real modules, an exit on a failure (wasi-libc's
	 * __wasilibc_populate_preopens calls _Exit when the host's preopens are broken): the
	 * module would end there anyway, so it warns; an exit on every start is an error. */
	if (f->certainty != P1C_CERTAINTY_ALWAYS) {
		f->severity = P1C_SEV_WARNING;
		f->help = "harmless when it exits only on a failure (wasi-libc's preopen setup calls _Exit "
			  "when the host's preopens are broken); an intended exit during initialisation "
			  "(a constructor calling exit()) belongs in an exported function instead";
	}
}

/* proc_exit from a WASI module, or _proc_exit where the profile binds `_name` to `name`. */
static bool is_proc_exit(const struct rules_ctx *ctx, const struct p1c_import *imp)
{
	return (p1c_str_eq(imp->name, "proc_exit") ||
		(ctx->profile->underscore_fallback && p1c_str_eq(imp->name, "_proc_exit"))) &&
	       p1c_strlist_contains(&ctx->profile->wasi_modules, imp->module);
}

/* What this step would report about import imp, if the step reaches it. */
enum init_report { NOT_REPORTED, REPORT_WASI_CALL, REPORT_EXIT };

static enum init_report reportable(const struct rules_ctx *ctx, const struct p1c_init_step *step,
				   const struct p1c_import *imp)
{
	if (imp->kind != P1C_EXTERN_FUNC)
		return NOT_REPORTED;
	if (step->wasi_unavailable && p1c_strlist_contains(&ctx->profile->wasi_modules, imp->module))
		return REPORT_WASI_CALL;
	return step->proc_exit != P1C_EXIT_EXITS && is_proc_exit(ctx, imp) ? REPORT_EXIT
									    : NOT_REPORTED;
}

/* Worth a search: the step runs, and an import it could report is reached from init code
 * (the solved reachability's init bit: a module without one, or whose init code reaches none,
 * costs no search over the graph). */
static bool wants_search(const struct rules_ctx *ctx, const struct p1c_init_step *step)
{
	if (step->outcome != P1C_INIT_RUNS || step->func >= ctx->graph->nfuncs)
		return false;
	const struct p1c_module *m = ctx->module;
	for (uint32_t i = 0; i < m->nimports; i++)
		if (reportable(ctx, step, &m->imports[i]) != NOT_REPORTED &&
		    (!ctx->reach || (ctx->reach->reach[m->imports[i].kind_index] & P1C_CG_REACH_INIT)))
			return true;
	return false;
}

static void check_step(struct rules_ctx *ctx, const struct p1c_init_step *step, uint32_t *parent,
		       uint32_t *queue, uint8_t *seen)
{
	const struct p1c_module *m = ctx->module;
	search_from(ctx->graph, step->func, parent, queue, seen);
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		enum init_report what = reportable(ctx, step, imp);
		if (what == NOT_REPORTED || !seen[imp->kind_index])
			continue;
		if (what == REPORT_WASI_CALL)
			report(ctx, step, i, parent);
		else
			report_exit(ctx, step, i, parent);
	}
}

void check_init_wasi_calls(struct rules_ctx *ctx)
{
	const struct p1c_callgraph *g = ctx->graph;
	const struct p1c_init_sequence *seq = ctx->init;
	bool any = false;
	for (uint32_t i = 0; g && i < seq->nsteps; i++)
		any |= wants_search(ctx, &seq->steps[i]);
	if (!any)
		return;
	size_t n = (size_t)g->nnodes + 1;
	uint32_t *parent = p1c_arena_array(ctx->arena, n, sizeof(*parent));
	uint32_t *queue = p1c_arena_array(ctx->arena, n, sizeof(*queue));
	uint8_t *seen = p1c_arena_alloc(ctx->arena, n);
	if (!parent || !queue || !seen) {
		ctx->failed = true;
		return;
	}
	for (uint32_t i = 0; i < seq->nsteps; i++)
		if (wants_search(ctx, &seq->steps[i]))
			check_step(ctx, &seq->steps[i], parent, queue, seen);
}
