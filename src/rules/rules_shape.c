/* The module's shape: entry points (P1C030, P1C031) and exports (P1C032-P1C034); the limits
 * (P1C040) are rules_limits.c's. */
#include <stdio.h>
#include <string.h>

#include "rules/rules_internal.h"

#define STR(s) (int)(s).len, (const char *)(s).ptr

static const struct p1c_export *func_export(const struct p1c_module *m, const char *name)
{
	const struct p1c_export *e = p1c_module_find_export(m, name);
	return e && e->kind == P1C_EXTERN_FUNC ? e : NULL;
}

static bool is_nullary(const struct p1c_module *m, uint32_t func)
{
	const struct p1c_functype *ft = p1c_module_func_type(m, func);
	return ft && ft->nparams == 0 && ft->nresults == 0;
}

/* _start / _initialize exported as something other than a defined () -> () function. */
static void check_entry_shape(struct rules_ctx *ctx, const char *name)
{
	const struct p1c_module *m = ctx->module;
	const struct p1c_export *e = p1c_module_find_export(m, name);
	if (!e)
		return;
	const char *problem = NULL;
	if (e->kind != P1C_EXTERN_FUNC)
		problem = p1c_arena_printf(ctx->arena, "is a %s, not a function", p1c_extern_kind_name(e->kind));
	else if (e->index < m->nfunc_imports)
		problem = "is an imported function re-exported; runtimes require a defined function";
	else if (!is_nullary(m, e->index))
		problem = "does not have type () -> ()";
	if (!problem)
		return;
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C031, e->offset, P1C_SEC_EXPORT);
	if (!f)
		return;
	f->bites = P1C_BITES_LOAD;
	f->function = e->kind == P1C_EXTERN_FUNC ? e->index : P1C_NO_FUNC;
	f->message = rules_text(ctx, p1c_arena_printf(ctx->arena, "export \"%s\" %s", name, problem));
}

static void check_both_entries(struct rules_ctx *ctx, const struct p1c_export *start)
{
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C030, start->offset, P1C_SEC_EXPORT);
	if (!f)
		return;
	bool refuse = ctx->profile->start_and_initialize == P1C_BOTH_REFUSE;
	f->severity = refuse ? P1C_SEV_ERROR : P1C_SEV_WARNING;
	f->bites = refuse ? P1C_BITES_INSTANTIATE : P1C_BITES_NEVER;
	f->message = rules_text(ctx, p1c_arena_printf(ctx->arena,
		"exports both _start and _initialize; %s", refuse
			? "the runtime refuses such a module (a command and a reactor are exclusive)"
			: "the runtime calls _initialize while instantiating, then _start"));
}

static const char *kind_problem(enum p1c_kind_req req, bool has_start, bool has_init)
{
	switch (req) {
	case P1C_KIND_COMMAND:
		return has_start ? NULL : "the profile requires a command (exporting _start)";
	case P1C_KIND_REACTOR:
		return has_init && !has_start ? NULL
					      : "the profile requires a reactor (exporting _initialize, no _start)";
	case P1C_KIND_COMMAND_OR_REACTOR:
		return has_start || has_init ? NULL
					     : "no entry point: the module exports neither _start (command) "
					       "nor _initialize (reactor)";
	case P1C_KIND_ANY:
		break;
	}
	return NULL;
}

void check_entry_points(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	const struct p1c_export *start = func_export(m, "_start");
	const struct p1c_export *init = func_export(m, "_initialize");
	check_entry_shape(ctx, "_start");
	check_entry_shape(ctx, "_initialize");
	if (start && init)
		check_both_entries(ctx, start);
	const char *problem = kind_problem(ctx->profile->kind, start != NULL, init != NULL);
	if (!problem)
		return;
	uint64_t offset = start ? start->offset : init ? init->offset
						     : rules_section_offset(m, P1C_SEC_EXPORT);
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C031, offset, P1C_SEC_EXPORT);
	if (!f)
		return;
	f->has_offset = true;
	f->bites = P1C_BITES_LOAD;
	f->message = rules_text(ctx, p1c_arena_printf(ctx->arena, "module is a %s; %s",
		p1c_module_kind_name(p1c_module_kind_of(m)), problem));
}

static bool imports_wasi(const struct p1c_module *m)
{
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		if (imp->kind == P1C_EXTERN_FUNC && (p1c_str_eq(imp->module, "wasi_snapshot_preview1") ||
						     p1c_str_eq(imp->module, "wasi_unstable")))
			return true;
	}
	return false;
}

/* WASI hosts read and write guest memory through the export named "memory". */
static void check_memory_export(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	if (!ctx->profile->memory_export_required)
		return;
	if (!imports_wasi(m) && !func_export(m, "_start") && !func_export(m, "_initialize"))
		return;
	const struct p1c_export *e = p1c_module_find_export(m, "memory");
	if (e && e->kind == P1C_EXTERN_MEMORY)
		return;
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C032,
					  e ? e->offset : rules_section_offset(m, P1C_SEC_EXPORT), P1C_SEC_EXPORT);
	if (!f)
		return;
	f->has_offset = true;
	f->bites = P1C_BITES_LOAD;
	f->message = rules_text(ctx, p1c_arena_printf(ctx->arena,
		"%s; a module that uses WASI or has an entry point must export its memory as \"memory\"",
		e ? "export \"memory\" is not a memory"
		  : m->nmemories ? "the memory is not exported as \"memory\"" : "the module has no memory"));
}

static const char *export_problem(struct rules_ctx *ctx, const struct p1c_required_export *want,
				  const struct p1c_export *have)
{
	const struct p1c_module *m = ctx->module;
	if (!have)
		return "is missing";
	if (have->kind != want->kind)
		return p1c_arena_printf(ctx->arena, "is a %s, the profile requires a %s",
					p1c_extern_kind_name(have->kind), p1c_extern_kind_name(want->kind));
	if (!want->has_type)
		return NULL;
	const struct p1c_functype *ft = p1c_module_func_type(m, have->index);
	if (ft && p1c_functype_eq(ft, &want->type))
		return NULL;
	char got[256] = "(invalid type)", need[256];
	if (ft)
		p1c_functype_format(got, sizeof(got), ft);
	p1c_functype_format(need, sizeof(need), &want->type);
	return p1c_arena_printf(ctx->arena, "has type %s, the profile requires %s", got, need);
}

static void check_required_exports(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	for (uint32_t i = 0; i < ctx->profile->nrequired_exports; i++) {
		const struct p1c_required_export *want = &ctx->profile->required_exports[i];
		const struct p1c_export *have = p1c_module_find_export(m, want->name);
		const char *problem = export_problem(ctx, want, have);
		if (!problem)
			continue;
		struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C033,
			have ? have->offset : rules_section_offset(m, P1C_SEC_EXPORT), P1C_SEC_EXPORT);
		if (!f)
			return;
		f->has_offset = true;
		f->bites = P1C_BITES_INSTANTIATE;
		f->message = rules_text(ctx, p1c_arena_printf(ctx->arena, "export \"%s\" %s", want->name,
							      rules_text(ctx, problem)));
	}
}

static bool is_component_abi_export(struct p1c_str name)
{
	if (p1c_str_eq(name, "cabi_realloc") || p1c_str_has_prefix(name, "cabi_post_") ||
	    p1c_str_has_prefix(name, "cm32p2"))
		return true;
	for (uint32_t i = 0; i < name.len; i++)
		if (name.ptr[i] == '#') /* "wasi:cli/run@0.2.0#run" */
			return true;
	return false;
}

static void check_component_abi(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct p1c_export *e = &m->exports[i];
		if (!is_component_abi_export(e->name))
			continue;
		struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C034, e->offset, P1C_SEC_EXPORT);
		if (!f)
			return;
		f->bites = P1C_BITES_NEVER;
		f->function = e->kind == P1C_EXTERN_FUNC ? e->index : P1C_NO_FUNC;
		f->message = rules_text(ctx, p1c_arena_printf(ctx->arena,
			"export \"%.*s\" belongs to the component-model canonical ABI: the module was "
			"built to become a WASI 0.2 component", STR(e->name)));
	}
}

void check_exports(struct rules_ctx *ctx)
{
	check_memory_export(ctx);
	check_required_exports(ctx);
	check_component_abi(ctx);
}
