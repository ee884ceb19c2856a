/* --why IMPORT: every root and libc entry point that reaches one import, a path each. */
#include <stdlib.h>
#include <string.h>

#include "base/caps.h"
#include "rules/rules_internal.h"

/* "module#name", "func[N]" or N: the position in module->imports, or P1C_NO_INDEX. */
static uint32_t find_import(const struct p1c_module *m, const char *arg)
{
	const char *hash = strrchr(arg, '#');
	for (uint32_t i = 0; hash && i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		size_t mlen = (size_t)(hash - arg);
		if (imp->kind == P1C_EXTERN_FUNC && imp->module.len == mlen &&
		    memcmp(imp->module.ptr, arg, mlen) == 0 && p1c_str_eq(imp->name, hash + 1))
			return i;
	}
	uint32_t n;
	return p1c_func_index_parse(arg, &n) && n < m->nfunc_imports ? m->func_import[n]
								     : P1C_NO_INDEX;
}

static bool add_entry(struct rules_ctx *ctx, struct p1c_why_entry *list, uint32_t *n, uint32_t func,
		      uint8_t root_bits)
{
	struct p1c_why_entry *e = &list[*n];
	e->func = func;
	e->root_bits = root_bits;
	if (!p1c_cg_path_from(&ctx->search, func, ctx->arena, &e->path))
		return false;
	(*n)++;
	return true;
}

static bool collect(struct rules_ctx *ctx, struct p1c_why *why, uint32_t target)
{
	const struct p1c_callgraph *g = ctx->graph;
	why->roots = p1c_arena_array(ctx->arena, P1C_MAX_WHY_ENTRIES, sizeof(*why->roots));
	why->libc = p1c_arena_array(ctx->arena, P1C_MAX_WHY_ENTRIES, sizeof(*why->libc));
	P1C_TRY(why->roots && why->libc);
	const uint8_t *root = ctx->reach->root;
	p1c_cg_search_start(&ctx->search, target, UINT64_MAX); /* one import: linear anyway */
	for (uint32_t f; (f = p1c_cg_search_next(&ctx->search)) != P1C_NO_INDEX;) {
		if (f >= g->nfuncs)
			continue;
		if (root[f]) {
			why->nroots_total++;
			if (why->nroots < P1C_MAX_WHY_ENTRIES)
				P1C_TRY(add_entry(ctx, why->roots, &why->nroots, f, root[f]));
		}
		if (ctx->is_libc[f] && f != target) {
			why->nlibc_total++;
			if (why->nlibc < P1C_MAX_WHY_ENTRIES)
				P1C_TRY(add_entry(ctx, why->libc, &why->nlibc, f, 0));
		}
	}
	return true;
}

bool rules_why(struct rules_ctx *ctx, const char *arg, struct p1c_audit *out)
{
	const struct p1c_module *m = ctx->module;
	struct p1c_why *why = p1c_arena_alloc(ctx->arena, sizeof(*why));
	P1C_TRY(why);
	out->why = why;
	why->import = find_import(m, arg);
	why->found = why->import != P1C_NO_INDEX && ctx->graph;
	if (!why->found)
		return true;
	P1C_TRY(rules_search_ready(ctx));
	uint32_t func = m->imports[why->import].kind_index;
	why->reachable = rules_reached(ctx, func);
	return collect(ctx, why, func);
}
