/* The module's shape as the profile's runtime sees it: entry points (P1C030, P1C031), init
 * functions that never run (P1C035), exports (P1C032-P1C034); the limits (P1C040) are
 * rules_limits.c's. */
#include <stdio.h>
#include <string.h>

#include "rules/rules_internal.h"

#define STR(s) (int)(s).len, (const char *)(s).ptr

static const char *stage_text(uint8_t stage)
{
	switch (stage) {
	case P1C_STAGE_LOAD:
		return "the runtime refuses to load the module";
	case P1C_STAGE_INSTANTIATE:
		return "instantiation fails";
	default:
		return "the host's call fails";
	}
}

static enum p1c_bites stage_bites(uint8_t stage)
{
	return stage == P1C_STAGE_LOAD ? P1C_BITES_LOAD
	       : stage == P1C_STAGE_INSTANTIATE ? P1C_BITES_INSTANTIATE : P1C_BITES_CALL;
}

/* What is wrong with an export the profile checks (module.entry-checks), or NULL. */
static const char *entry_problem(struct rules_ctx *ctx, const struct p1c_entry_check *chk,
				 const struct p1c_export *e)
{
	const struct p1c_module *m = ctx->module;
	if (e->kind != P1C_EXTERN_FUNC)
		return p1c_arena_printf(ctx->arena, "is a %s, not a function", p1c_extern_kind_name(e->kind));
	if (chk->defined && e->index < m->nfunc_imports)
		return "is an imported function re-exported, not a function the module defines";
	if (!chk->ntypes)
		return NULL;
	const struct p1c_functype *ft = p1c_module_func_type(m, e->index);
	for (uint32_t k = 0; ft && k < chk->ntypes; k++)
		if (p1c_functype_eq(ft, &chk->types[k]))
			return NULL;
	char got[256] = "(invalid type)", need[256];
	if (ft)
		p1c_functype_format(got, sizeof(got), ft);
	const char *needs = "";
	for (uint32_t k = 0; k < chk->ntypes && needs; k++) {
		p1c_functype_format(need, sizeof(need), &chk->types[k]);
		needs = p1c_arena_printf(ctx->arena, "%s%s%s", needs,
					 k == 0 ? "" : k + 1 == chk->ntypes ? " or " : ", ", need);
	}
	return p1c_arena_printf(ctx->arena, "has type %s, not %s", got, needs ? needs : "?");
}

/* module.entry-checks: _start / _initialize of the wrong kind or type (P1C031). */
static void check_entry_shapes(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	for (uint32_t i = 0; i < ctx->profile->nentry_checks; i++) {
		const struct p1c_entry_check *chk = &ctx->profile->entry_checks[i];
		const struct p1c_export *e = p1c_module_find_export(m, chk->name);
		if (!e || p1c_conds_first_false(&chk->when, m, ctx->profile))
			continue;
		const char *problem = entry_problem(ctx, chk, e);
		if (!problem)
			continue;
		struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C031, e->offset, P1C_SEC_EXPORT);
		if (!f)
			return;
		f->bites = stage_bites(chk->bites);
		f->function = e->kind == P1C_EXTERN_FUNC ? e->index : P1C_NO_FUNC;
		rules_subject(f, P1C_SUBJECT_EXPORT, chk->name);
		f->message = rules_printf(ctx, "export \"%s\" %s: on profile '%s' %s",
			chk->name, problem, ctx->profile->name, stage_text(chk->bites));
	}
}

static void check_both_entries(struct rules_ctx *ctx, const struct p1c_export *start)
{
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C030, start->offset, P1C_SEC_EXPORT);
	if (!f)
		return;
	bool refuse = ctx->profile->start_and_initialize == P1C_BOTH_REFUSE;
	const struct p1c_init_step *init = p1c_init_step_of(ctx->init, "_initialize");
	f->severity = refuse ? P1C_SEV_ERROR : P1C_SEV_WARNING;
	f->bites = refuse ? P1C_BITES_CALL : P1C_BITES_NEVER;
	rules_subject(f, P1C_SUBJECT_EXPORT, "_start");
	f->subject.also = (struct p1c_str){(const uint8_t *)"_initialize", 11};
	const char *what = refuse
		? "the host refuses to start or initialize such a module (a command and a reactor are exclusive)"
		: init && init->outcome == P1C_INIT_RUNS
		? "the runtime calls _initialize while instantiating, then _start when the module is run"
		: p1c_arena_printf(ctx->arena, "the runtime runs only _start: _initialize is never called (%s)",
				   init && init->reason ? init->reason : "not in its init sequence");
	f->message = rules_printf(ctx,
		"exports both _start and _initialize; on profile '%s' %s", ctx->profile->name, what);
}

/* The first of the profile's entry points (module.entry-points) the module exports. */
static const struct p1c_export *entry_point(const struct rules_ctx *ctx)
{
	const struct p1c_strlist *names = &ctx->profile->entry_points;
	for (uint32_t i = 0; i < names->count; i++) {
		const struct p1c_export *e = p1c_func_export(ctx->module, names->items[i]);
		if (e)
			return e;
	}
	return NULL;
}

/* "_start, main or _main" */
static const char *entry_names(struct rules_ctx *ctx)
{
	const struct p1c_strlist *names = &ctx->profile->entry_points;
	const char *text = "";
	for (uint32_t i = 0; i < names->count; i++)
		text = rules_text(ctx, p1c_arena_printf(ctx->arena, "%s%s%s", text,
			i == 0 ? "" : i + 1 == names->count ? " or " : ", ", names->items[i]));
	return names->count ? text : "(none)";
}

/* P1C031 for the host the profile describes (module.kind): a command host runs the entry
 * point, a reactor host calls exports by name, command-or-reactor does whichever fits. */
static void check_host_kind(struct rules_ctx *ctx, const struct p1c_export *entry,
			    const struct p1c_export *init)
{
	const struct p1c_module *m = ctx->module;
	enum p1c_kind_req host = ctx->profile->kind;
	bool library = !entry && !init;
	bool command_only = entry && !init && p1c_str_eq(entry->name, "_start");
	const char *kind = p1c_module_kind_name(p1c_module_kind_of(m));
	const char *problem = NULL;
	if (host == P1C_KIND_COMMAND && !entry)
		problem = p1c_arena_printf(ctx->arena, "module is a %s; profile '%s' runs the module's entry "
			"point (%s) and it has none: the run fails (a host that calls exports by name works)",
			kind, ctx->profile->name, entry_names(ctx));
	else if (host == P1C_KIND_COMMAND_OR_REACTOR && library)
		problem = p1c_arena_printf(ctx->arena, "module is a library (no entry point among %s, no "
			"_initialize); profile '%s' does not refuse a library: a host that runs its entry "
			"point fails, a host that calls its exports by name works", entry_names(ctx),
			ctx->profile->name);
	else if (host == P1C_KIND_REACTOR && command_only)
		problem = p1c_arena_printf(ctx->arena, "module is a command; profile '%s' calls exports by "
			"name: _start, and the initialisation it does, never runs", ctx->profile->name);
	if (!problem)
		return;
	uint64_t offset = entry ? entry->offset : init ? init->offset : rules_section_offset(m, P1C_SEC_EXPORT);
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C031, offset, P1C_SEC_EXPORT);
	if (!f)
		return;
	f->has_offset = true;
	f->severity = host == P1C_KIND_COMMAND ? P1C_SEV_ERROR : P1C_SEV_WARNING;
	f->bites = command_only ? P1C_BITES_NEVER : P1C_BITES_CALL;
	rules_subject(f, P1C_SUBJECT_MODULE, kind);
	f->message = rules_text(ctx, problem);
	f->help = host == P1C_KIND_COMMAND_OR_REACTOR
		? rules_printf(ctx, "if the device runs an entry point, %s; a host that calls the exports "
			       "by name needs no change", rules_exec_model_advice(ctx, false))
		: rules_exec_model_advice(ctx, host == P1C_KIND_REACTOR);
}

void check_entry_points(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	const struct p1c_export *start = p1c_func_export(m, "_start");
	const struct p1c_export *init = p1c_func_export(m, "_initialize");
	check_entry_shapes(ctx);
	if (start && init)
		check_both_entries(ctx, start);
	check_host_kind(ctx, entry_point(ctx), init);
}

/* WASI hosts read and write guest memory through the export named "memory". */
static void check_memory_export(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	const struct p1c_profile *p = ctx->profile;
	const struct p1c_cond *why = p->memory_export_required
		? p1c_conds_first_true(&p->memory_export_when, m, p) : NULL;
	if (!why)
		return;
	const struct p1c_export *e = p1c_module_find_export(m, "memory");
	if (e && e->kind == P1C_EXTERN_MEMORY)
		return;
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C032,
					  e ? e->offset : rules_section_offset(m, P1C_SEC_EXPORT), P1C_SEC_EXPORT);
	if (!f)
		return;
	f->has_offset = true;
	f->bites = stage_bites(p->memory_export_bites);
	rules_subject(f, P1C_SUBJECT_EXPORT, "memory");
	const char *cond = why->kind == P1C_COND_ALWAYS ? "every module"
			   : why->kind == P1C_COND_IMPORTS_WASI ? "a module that imports WASI"
			   : why->kind == P1C_COND_EXPORT ? p1c_arena_printf(ctx->arena, "a module that exports %s", why->name)
			   : p1c_arena_printf(ctx->arena, "a module (%s)", why->text);
	f->message = rules_printf(ctx,
		"%s; on profile '%s' %s must export its memory as \"memory\", else %s",
		e ? "export \"memory\" is not a memory"
		  : m->nmemories ? "the memory is not exported as \"memory\"" : "the module has no memory",
		p->name, cond, stage_text(p->memory_export_bites));
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
		rules_subject(f, P1C_SUBJECT_EXPORT, want->name);
		f->message = rules_printf(ctx, "export \"%s\" %s", want->name, rules_text(ctx, problem));
	}
}

/* One kebab-case WIT word run ("get-random", "HTTP-client"): words of [a-z][a-z0-9]* or
 * [A-Z][A-Z0-9]* joined by '-' (the component model's WIT.md, "Identifiers"). Returns the
 * length consumed, 0 when there is none. */
static uint32_t kebab_len(const uint8_t *s, uint32_t n)
{
	uint32_t i = 0;
	for (;;) {
		if (i >= n || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
		bool lower = s[i] >= 'a' && s[i] <= 'z';
		for (i++; i < n && ((s[i] >= '0' && s[i] <= '9') ||
				    (lower ? s[i] >= 'a' && s[i] <= 'z' : s[i] >= 'A' && s[i] <= 'Z')); i++)
			;
		if (i < n && s[i] == '-')
			i++;
		else
			return i;
	}
}

static bool is_kebab(const uint8_t *s, uint32_t n)
{
	return n && kebab_len(s, n) == n;
}

/* A WIT interface name: "ns:pkg/iface@1.2.3" (version optional, nested packages allowed) or a
 * bare kebab-case name (an interface of the world itself). */
static bool is_wit_interface(const uint8_t *s, uint32_t n)
{
	const uint8_t *colon = memchr(s, ':', n), *slash = memchr(s, '/', n);
	if (!colon && !slash)
		return is_kebab(s, n);
	if (!colon || !slash || slash < colon)
		return false;
	const uint8_t *at = memchr(slash, '@', n - (uint32_t)(slash - s));
	uint32_t name_end = at ? (uint32_t)(at - s) : n;
	for (uint32_t i = 0, w = 0; i <= name_end; i++) {
		if (i < name_end && s[i] != ':' && s[i] != '/')
			continue;
		if (!is_kebab(s + w, i - w))
			return false;
		w = i + 1;
	}
	for (uint32_t i = name_end + 1; at && i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') || s[i] == '.' ||
		      s[i] == '-' || s[i] == '+'))
			return false;
	return !at || name_end + 1 < n;
}

/* A function name after '#': "run", "[method]socket.bind", "[constructor]fields". */
static bool is_wit_function(const uint8_t *s, uint32_t n)
{
	if (n && s[0] == '[') {
		const uint8_t *close = memchr(s, ']', n);
		if (!close)
			return false;
		uint32_t skip = (uint32_t)(close - s) + 1;
		if (!is_kebab(s + 1, skip - 2))
			return false;
		s += skip;
		n -= skip;
	}
	const uint8_t *dot = memchr(s, '.', n);
	if (dot)
		return is_kebab(s, (uint32_t)(dot - s)) && is_kebab(dot + 1, n - (uint32_t)(dot - s) - 1);
	return is_kebab(s, n);
}

/* The names the canonical ABI gives core exports (component model CanonicalABI.md, and
 * wit-bindgen's `cabi_realloc`, `cabi_post_*`): cabi_*, and IFACE#FUNC for an exported
 * interface function. AssemblyScript's "Class#method" names are not among them. */
static bool is_component_abi_export(struct p1c_str name)
{
	if (p1c_str_has_prefix(name, "cabi_") || p1c_str_has_prefix(name, "cm32p2"))
		return true;
	const uint8_t *hash = memchr(name.ptr, '#', name.len);
	if (!hash)
		return false;
	uint32_t left = (uint32_t)(hash - name.ptr);
	return is_wit_interface(name.ptr, left) && is_wit_function(hash + 1, name.len - left - 1);
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
		rules_subject_str(f, P1C_SUBJECT_EXPORT, e->name);
		f->message = rules_printf(ctx,
			"export \"%.*s\" belongs to the component-model canonical ABI: the module was "
			"built to become a WASI 0.2 component", STR(e->name));
	}
}

/* Does something else run the constructors? _start (wasi-libc's crt1-command.c calls
 * __wasm_call_ctors), a running _initialize (crt1-reactor.c), or a running __wasm_call_ctors. */
static bool ctors_run_otherwise(struct rules_ctx *ctx, const char *skipped)
{
	static const char *const runners[] = {"_initialize", "__wasm_call_ctors"};
	if (entry_point(ctx))
		return true;
	for (size_t i = 0; i < 2; i++) {
		const struct p1c_init_step *s = p1c_init_step_of(ctx->init, runners[i]);
		if (strcmp(runners[i], skipped) && s && s->outcome == P1C_INIT_RUNS)
			return true;
	}
	return false;
}

static void report_never_runs(struct rules_ctx *ctx, const struct p1c_export *e, const char *name,
			      const char *reason)
{
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C035, e->offset, P1C_SEC_EXPORT);
	if (!f)
		return;
	f->bites = P1C_BITES_NEVER;
	f->function = e->index;
	rules_subject_str(f, P1C_SUBJECT_EXPORT, e->name);
	f->message = rules_printf(ctx,
		"export \"%s\" is never called by profile '%s' (%s): the constructors it runs never run "
		"unless the host calls it by hand", name, ctx->profile->name, reason);
	f->help = "have the host call the export after instantiating it, or build the module so that this "
		  "runtime runs its initialisation (the report header shows the init sequence)";
}

static void report_init_fails(struct rules_ctx *ctx, const struct p1c_export *e, const struct p1c_init_step *s)
{
	struct p1c_finding *f = NULL;
	for (uint32_t i = 0; i < ctx->count && !f; i++) /* the entry check's finding, if any */
		if (ctx->items[i].rule == P1C_RULE_P1C031 && ctx->items[i].offset == e->offset)
			f = &ctx->items[i];
	if (f && f->bites <= P1C_BITES_INSTANTIATE)
		return;
	if (!f)
		f = rules_add(ctx, P1C_RULE_P1C031, e->offset, P1C_SEC_EXPORT);
	if (!f)
		return;
	f->bites = P1C_BITES_INSTANTIATE;
	f->function = e->index;
	rules_subject_str(f, P1C_SUBJECT_EXPORT, e->name);
	f->message = rules_printf(ctx, "export \"%s\": %s on profile '%s'", s->name, s->reason,
				  ctx->profile->name);
}

/* P1C035: init exports (_initialize, __wasm_call_ctors, and those the profile's sequence names)
 * that this runtime will not call; P1C031 for one whose type makes instantiation fail. */
void check_init_never_runs(struct rules_ctx *ctx)
{
	static const char *const conventional[] = {"_initialize", "__wasm_call_ctors"};
	const struct p1c_init_sequence *seq = ctx->init;
	for (uint32_t i = 0; i < seq->nsteps; i++) {
		const struct p1c_init_step *s = &seq->steps[i];
		const struct p1c_export *e = s->func == P1C_NO_INDEX ? NULL : p1c_func_export(ctx->module, s->name);
		if (!e || !strcmp(s->name, P1C_INIT_START_FUNCTION))
			continue;
		if (s->outcome == P1C_INIT_FAILS)
			report_init_fails(ctx, e, s);
		else if (s->outcome == P1C_INIT_SKIPPED && !ctors_run_otherwise(ctx, s->name))
			report_never_runs(ctx, e, s->name, s->reason);
	}
	for (size_t i = 0; i < 2; i++) {
		const struct p1c_export *e = p1c_func_export(ctx->module, conventional[i]);
		if (e && !p1c_init_step_of(seq, conventional[i]) && !ctors_run_otherwise(ctx, conventional[i]))
			report_never_runs(ctx, e, conventional[i], "not in its init sequence");
	}
}

void check_exports(struct rules_ctx *ctx)
{
	check_memory_export(ctx);
	check_required_exports(ctx);
	check_component_abi(ctx);
}
