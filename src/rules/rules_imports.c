/* P1C001 (components), P1C010-P1C013 (imports the profile's runtime cannot resolve). */
#include <stdio.h>
#include <string.h>

#include "rules/rules_internal.h"

#define STR(s) (int)(s).len, (const char *)(s).ptr

void check_component(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	char where[160] = "";
	size_t used = 0;
	for (uint32_t i = 0; i < m->nnested && i < 4 && used < sizeof(where); i++) {
		int n = snprintf(where + used, sizeof(where) - used, "%s0x%llx", i ? ", " : "",
				 (unsigned long long)m->nested[i].offset);
		used += n > 0 ? (size_t)n : 0;
	}
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C001, m->begin, P1C_SECTION_NONE);
	if (!f)
		return;
	f->has_offset = true;
	f->bites = P1C_BITES_LOAD;
	rules_subject(f, P1C_SUBJECT_MODULE, "component");
	f->message = rules_printf(ctx,
		"a WebAssembly component (preamble version 0x0d, layer 1), not a core module; "
		"profile '%s' runs WASI preview 1 core modules only; it embeds %u core module%s%s%s%s",
		ctx->profile->name, m->nnested, m->nnested == 1 ? "" : "s",
		m->nnested ? " at " : "", where, m->nnested > 4 ? ", ..." : "");
	f->help = "run it on a WASI 0.2 (component model) host, or build a core module for "
		  "wasm32-wasip1 instead of componentizing it (cargo build --target wasm32-wasip1, "
		  "tinygo build -target=wasip1, clang --target=wasm32-wasip1)";
}

/* The profile entry for an import, honouring the runtime's `_name` -> `name` fallback. */
static const struct p1c_profile_import *lookup(const struct p1c_profile *p, const struct p1c_import *imp)
{
	const struct p1c_profile_import *found = p1c_profile_find_import(p, imp->module, imp->name);
	if (!found && p->underscore_fallback && imp->name.len > 1 && imp->name.ptr[0] == '_') {
		struct p1c_str stripped = {imp->name.ptr + 1, imp->name.len - 1};
		found = p1c_profile_find_import(p, imp->module, stripped);
	}
	return found;
}

static const char *type_text(struct rules_ctx *ctx, const struct p1c_functype *ft);

/* What the profile provides: "(i32) -> i32", or a WAMR signature with its core type. */
static const char *provided_text(struct rules_ctx *ctx, const struct p1c_profile_import *want)
{
	if (!want->signature)
		return type_text(ctx, &want->type);
	return rules_printf(ctx, "WAMR signature \"%s\" (%s)", want->signature,
			    type_text(ctx, &want->type));
}

static const char *type_text(struct rules_ctx *ctx, const struct p1c_functype *ft)
{
	char buf[256];
	if (!ft)
		return "(invalid type)";
	p1c_functype_format(buf, sizeof(buf), ft);
	return rules_text(ctx, p1c_arena_strdup(ctx->arena, buf));
}

/* The imported function's type, formatted once per type index. */
static const char *import_type_text(struct rules_ctx *ctx, const struct p1c_import *imp)
{
	const char *text = rules_type_text(ctx, imp->type_index);
	return text ? text : "(invalid type)";
}

/* P1C010/P1C011's message and help (the finding's texts only). */
static void missing_texts(struct rules_ctx *ctx, struct p1c_finding *f, const struct p1c_import *imp,
			  bool p2, const struct p1c_deny *deny)
{
	bool has_function = false;
	const char *near = p2 ? p1c_profile_nearest_provided(ctx->profile, imp->module, imp->name,
							     &has_function) : NULL;
	const char *near_text = !near ? "" : rules_printf(ctx,
		" (the nearest provided version, %s, %s)", near, has_function
			? "has it but is not semver-compatible: 0.x versions must agree on major.minor"
			: "does not have this function");
	/* "func[N] module#name (type)" and the nearest version: in the one formatting pass */
#define IMPORT_TEXT "func[%u] %.*s#%.*s %s%s"
#define IMPORT_ARGS imp->kind_index, STR(imp->module), STR(imp->name), import_type_text(ctx, imp), near_text
	if (deny)
		f->message = rules_printf(ctx, IMPORT_TEXT ": not provided by profile '%s': %s",
					  IMPORT_ARGS, ctx->profile->name, deny->reason);
	else
		f->message = rules_printf(ctx, IMPORT_TEXT ": %sprofile '%s' does not provide it",
			IMPORT_ARGS, !p2 ? ""
			: p1c_str_has_prefix(imp->name, "adapter_")
				? "an adapter-only name of the WASI preview 1 component adapter; "
				: "a WASI 0.2 interface; ", ctx->profile->name);
#undef IMPORT_TEXT
#undef IMPORT_ARGS
	if (p2 && !p1c_str_has_prefix(imp->name, "adapter_"))
		f->help = rules_printf(ctx, "the module was built for WASI 0.2 (wasm32-wasip2): on a "
			"preview 1 device %s, or link a WASI 0.2 -> preview 1 adapter that provides %.*s; a "
			"WASI 0.2 host needs the core module componentized first",
			rules_wasip1_target_advice(ctx), STR(imp->module));
	else if (p2)
		f->help = rules_printf(ctx, "the module was built for WASI 0.2 (wasm32-wasip2) with the "
			"preview 1 component adapter: %s, or componentize it for a WASI 0.2 host",
			rules_wasip1_target_advice(ctx));
}

static void report_missing(struct rules_ctx *ctx, const struct p1c_import *imp, uint32_t index,
			   const struct p1c_deny *deny)
{
	bool p2 = p1c_is_wasip2_import(imp->module, imp->name);
	struct p1c_finding *f = rules_add_import(ctx, p2 ? P1C_RULE_P1C010 : P1C_RULE_P1C011, index);
	if (!f)
		return;
	rules_explain_import(ctx, f, imp->kind_index);
	if (!ctx->skip_texts)
		missing_texts(ctx, f, imp, p2, deny);
}

static void report_mismatch(struct rules_ctx *ctx, const struct p1c_import *imp, uint32_t index,
			    const struct p1c_profile_import *want)
{
	struct p1c_finding *f = rules_add_import(ctx, P1C_RULE_P1C012, index);
	if (!f)
		return;
	rules_explain_import(ctx, f, imp->kind_index);
	if (!ctx->skip_texts)
		f->message = rules_printf(ctx, "func[%u] %.*s#%.*s is imported as %s, but profile '%s' "
					  "provides %s", imp->kind_index, STR(imp->module), STR(imp->name),
					  import_type_text(ctx, imp), ctx->profile->name,
					  provided_text(ctx, want));
	if (ctx->profile->import_types_coerced) {
		/* A JS host function takes any arguments: the import links and runs. */
		f->bites = P1C_BITES_NEVER;
		f->severity = P1C_SEV_WARNING;
		f->help = "the host links it anyway (its functions coerce their arguments); the values "
			  "it receives may not be what the module means";
		return;
	}
	f->help = ctx->profile->unresolved == P1C_UNRESOLVED_TRAP_ON_CALL
			  ? "the runtime treats an import of the wrong type as unresolved (also when the "
			    "entry replaces a built-in one: there is no fallback): calling it traps"
			  : "the runtime refuses to link an import of the wrong type";
}

/* P1C014: the runtime links the import, but to a stub; a warning when anything reaches it. */
static void check_stub(struct rules_ctx *ctx, const struct p1c_import *imp, uint32_t index,
		       const struct p1c_profile_import *want)
{
	if (ctx->graph && !rules_reached(ctx, imp->kind_index))
		return; /* unreachable: P1C060 says so */
	struct p1c_finding *f = rules_add_import(ctx, P1C_RULE_P1C014, index);
	if (!f)
		return;
	rules_explain_import(ctx, f, imp->kind_index);
	f->severity = P1C_SEV_WARNING;
	f->bites = P1C_BITES_CALL;
	f->message = rules_printf(ctx,
		"func[%u] %.*s#%.*s links, but profile '%s' provides it only as a stub: %s",
		imp->kind_index, STR(imp->module), STR(imp->name), ctx->profile->name, want->stub);
	f->help = "the call links and runs, but does not do what the name says on this device";
}

/* A listed import is provided (the deny patterns of its own layer and its parents do not
 * apply to it; a child's pattern already removed it from the list); deny reasons explain
 * only what is not listed. */
static enum p1c_import_status check_function_import(struct rules_ctx *ctx, const struct p1c_import *imp,
						    uint32_t index)
{
	const struct p1c_profile_import *want = lookup(ctx->profile, imp);
	if (!want) {
		const struct p1c_deny *deny = p1c_profile_denied(ctx->profile, imp->module, imp->name);
		report_missing(ctx, imp, index, deny);
		return deny ? P1C_IMPORT_DENIED : P1C_IMPORT_MISSING;
	}
	const struct p1c_functype *have = p1c_module_type_func(ctx->module, imp->type_index);
	if (!p1c_profile_import_accepts(want, have)) {
		report_mismatch(ctx, imp, index, want);
		return P1C_IMPORT_MISMATCH;
	}
	if (want->stub)
		check_stub(ctx, imp, index, want);
	return P1C_IMPORT_PROVIDED;
}

/* "env, wasi_snapshot_preview1 and \"\"" */
static const char *module_list(struct rules_ctx *ctx, const struct p1c_strlist *list)
{
	const char *text = "";
	for (uint32_t i = 0; i < list->count; i++) {
		const char *sep = i == 0 ? "" : i + 1 == list->count ? " and " : ", ";
		const char *item = list->items[i][0] ? list->items[i] : "\"\"";
		text = rules_text(ctx, p1c_arena_printf(ctx->arena, "%s%s%s", text, sep, item));
	}
	return text;
}

/* A dynamic library (an Emscripten SIDE_MODULE, wasm-ld -shared or -pie) carries a dylink.0
 * custom section, "dylink" before LLVM 13 (WebAssembly/tool-conventions DynamicLinking.md). */
static bool is_dynamic_library(const struct p1c_module *m)
{
	for (uint32_t i = 0; i < m->nsections; i++)
		if (m->sections[i].id == 0 &&
		    (p1c_str_eq(m->sections[i].name, "dylink.0") || p1c_str_eq(m->sections[i].name, "dylink")))
			return true;
	return false;
}

/* Why a non-function import stays unresolved, or NULL when the runtime resolves it. */
static const char *unresolved_reason(struct rules_ctx *ctx, const struct p1c_import *imp)
{
	const struct p1c_profile *p = ctx->profile;
	char key[512];
	switch (imp->kind) {
	case P1C_EXTERN_MEMORY:
	case P1C_EXTERN_TABLE:
		if (p1c_strlist_contains(&p->memory_table_import_modules, imp->module))
			return NULL;
		return p->memory_table_import_modules.count
			       ? rules_text(ctx, p1c_arena_printf(ctx->arena,
					 "the runtime resolves memory and table imports only from %s",
					 module_list(ctx, &p->memory_table_import_modules)))
			       : "the runtime resolves no memory or table imports";
	case P1C_EXTERN_GLOBAL:
		snprintf(key, sizeof(key), "%.*s#%.*s", STR(imp->module), STR(imp->name));
		if (p1c_strlist_contains(&p->global_imports,
					 (struct p1c_str){(const uint8_t *)key, (uint32_t)strlen(key)}))
			return NULL;
		return is_dynamic_library(ctx->module)
			       ? "the runtime resolves no such global import (a dynamic library, as its "
				 "dylink.0 section says: only a dynamic loader, such as Emscripten's, "
				 "supplies its env and GOT.* globals)"
			       : "the runtime resolves no such global import (PIC or dynamically linked build?)";
	default:
		return "the runtime resolves no tag imports";
	}
}

static enum p1c_import_status check_other_import(struct rules_ctx *ctx, const struct p1c_import *imp,
						 uint32_t index)
{
	const char *reason = unresolved_reason(ctx, imp);
	if (!reason)
		return P1C_IMPORT_PROVIDED;
	struct p1c_finding *f = rules_add_import(ctx, P1C_RULE_P1C013, index);
	if (!f)
		return P1C_IMPORT_UNRESOLVED;
	f->bites = P1C_BITES_INSTANTIATE;
	f->message = rules_printf(ctx,
		"%s[%u] %.*s#%.*s: %s; profile '%s' fails instantiation", p1c_extern_kind_name(imp->kind),
		imp->kind_index, STR(imp->module), STR(imp->name), reason, ctx->profile->name);
	if (imp->kind == P1C_EXTERN_GLOBAL && is_dynamic_library(ctx->module))
		f->help = rules_static_link_advice(ctx);
	return P1C_IMPORT_UNRESOLVED;
}

/* P1C060: a provided import no root reaches: harmless, but the binary carries dead code. */
static void check_dead(struct rules_ctx *ctx, const struct p1c_import *imp, uint32_t index)
{
	if (!ctx->graph || rules_reached(ctx, imp->kind_index))
		return;
	struct p1c_finding *f = rules_add_import(ctx, P1C_RULE_P1C060, index);
	if (!f)
		return;
	f->reachable = P1C_REACH_NO;
	f->bites = P1C_BITES_NEVER;
	f->message = rules_printf(ctx, "func[%u] %.*s#%.*s is provided but nothing reaches it",
				  imp->kind_index, STR(imp->module), STR(imp->name));
	rules_explain_unreached(ctx, f, imp->kind_index);
}

void check_imports(struct rules_ctx *ctx, struct p1c_audit *out)
{
	const struct p1c_module *m = ctx->module;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		bool func = imp->kind == P1C_EXTERN_FUNC;
		out->import_status[i] = func ? check_function_import(ctx, imp, i) : check_other_import(ctx, imp, i);
		if (func && out->import_status[i] == P1C_IMPORT_PROVIDED)
			check_dead(ctx, imp, i);
		out->import_reach[i] = func ? rules_import_reach(ctx, imp->kind_index) : P1C_REACH_NA;
		out->import_via_indirect[i] = func && rules_via_indirect(ctx, imp->kind_index);
	}
}

/* P1C050: every import the baseline does not have (same kind, module, name and type). */
void check_baseline(struct rules_ctx *ctx, const struct p1c_baseline *baseline)
{
	const struct p1c_module *m = ctx->module;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		struct p1c_baseline_entry e;
		if (!p1c_baseline_entry_of(m, imp, ctx->arena, &e)) {
			ctx->failed = true;
			return;
		}
		if (p1c_baseline_contains(baseline, &e))
			continue;
		struct p1c_finding *f = rules_add_import(ctx, P1C_RULE_P1C050, i);
		if (!f)
			return;
		f->message = rules_printf(ctx, "%s[%u] %.*s#%.*s %s is not in the baseline %s", e.kind,
					  imp->kind_index, STR(imp->module), STR(imp->name), e.type,
					  baseline->path);
		f->help = "a new import: review it, then refresh the baseline with --write-baseline";
	}
}
