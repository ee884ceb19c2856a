/* A profile's init sequence (runtime.init-functions) evaluated against one module: for each
 * step, is it there, do its conditions hold, has it the type the runtime calls? The steps that
 * run are the init roots: an unresolved import they reach fails instantiation. */
#include "rules/init_sequence.h"

#include <string.h>


const struct p1c_export *p1c_func_export(const struct p1c_module *m, const char *name)
{
	const struct p1c_export *e = p1c_module_find_export(m, name);
	return e && e->kind == P1C_EXTERN_FUNC && e->index < m->nfuncs ? e : NULL;
}

bool p1c_func_is_nullary(const struct p1c_module *m, uint32_t func)
{
	const struct p1c_functype *ft = p1c_module_func_type(m, func);
	return ft && ft->nparams == 0 && ft->nresults == 0;
}

bool p1c_module_imports_wasi(const struct p1c_module *m, const struct p1c_profile *p)
{
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		if (imp->kind == P1C_EXTERN_FUNC && p1c_strlist_contains(&p->wasi_modules, imp->module))
			return true;
	}
	return false;
}

bool p1c_cond_holds(const struct p1c_cond *c, const struct p1c_module *m, const struct p1c_profile *p)
{
	switch ((enum p1c_cond_kind)c->kind) {
	case P1C_COND_ALWAYS:
		return true;
	case P1C_COND_IMPORTS_WASI:
		return p1c_module_imports_wasi(m, p);
	case P1C_COND_NO_WASI_IMPORTS:
		return !p1c_module_imports_wasi(m, p);
	case P1C_COND_EXPORT:
		return p1c_func_export(m, c->name) != NULL;
	case P1C_COND_NO_EXPORT:
		return p1c_func_export(m, c->name) == NULL;
	case P1C_COND_FEATURE:
		return p1c_profile_feature_allowed(p, (enum p1c_feature)c->feature);
	}
	return false;
}

const struct p1c_cond *p1c_conds_first_false(const struct p1c_conds *conds, const struct p1c_module *m,
					     const struct p1c_profile *p)
{
	for (uint32_t i = 0; i < conds->count; i++)
		if (!p1c_cond_holds(&conds->items[i], m, p))
			return &conds->items[i];
	return NULL;
}

const struct p1c_cond *p1c_conds_first_true(const struct p1c_conds *conds, const struct p1c_module *m,
					    const struct p1c_profile *p)
{
	for (uint32_t i = 0; i < conds->count; i++)
		if (p1c_cond_holds(&conds->items[i], m, p))
			return &conds->items[i];
	return NULL;
}

/* "wasi_snapshot_preview1 or wasi_unstable" */
static const char *module_names(const struct p1c_strlist *list, struct p1c_arena *arena)
{
	const char *text = "";
	for (uint32_t i = 0; i < list->count && text; i++)
		text = p1c_arena_printf(arena, "%s%s%s", text,
					i == 0 ? "" : i + 1 == list->count ? " or " : ", ", list->items[i]);
	return text;
}

/* Why a condition that does not hold keeps the step from running. */
static const char *cond_reason(const struct p1c_cond *c, const struct p1c_profile *p, struct p1c_arena *arena)
{
	switch ((enum p1c_cond_kind)c->kind) {
	case P1C_COND_IMPORTS_WASI: {
		const char *mods = module_names(&p->wasi_modules, arena);
		return mods ? p1c_arena_printf(arena, "the module imports no function from %s", mods) : NULL;
	}
	case P1C_COND_NO_WASI_IMPORTS: {
		const char *mods = module_names(&p->wasi_modules, arena);
		return mods ? p1c_arena_printf(arena, "the module imports functions from %s", mods) : NULL;
	}
	case P1C_COND_EXPORT:
		return p1c_arena_printf(arena, "the module does not export %s", c->name);
	case P1C_COND_NO_EXPORT:
		return p1c_arena_printf(arena, "the module exports %s", c->name);
	case P1C_COND_FEATURE:
		return p1c_arena_printf(arena, "the runtime is built without %s",
					p1c_feature_name((enum p1c_feature)c->feature));
	case P1C_COND_ALWAYS:
		break;
	}
	return "";
}

/* The function a step names, or P1C_NO_INDEX with the reason it is absent. */
static uint32_t step_func(const struct p1c_init_function *f, const struct p1c_module *m, const char **why)
{
	if (f->start_function) {
		*why = "the module has no start section";
		return m->has_start && m->start_func < m->nfuncs ? m->start_func : P1C_NO_INDEX;
	}
	const struct p1c_export *e = p1c_module_find_export(m, f->name);
	*why = e ? "exported, but not as a function" : "not exported";
	return e && e->kind == P1C_EXTERN_FUNC && e->index < m->nfuncs ? e->index : P1C_NO_INDEX;
}

static const char *type_reason(const struct p1c_init_function *f, const struct p1c_module *m, uint32_t func,
			       struct p1c_arena *arena)
{
	char text[256] = "(invalid type)";
	const struct p1c_functype *ft = p1c_module_func_type(m, func);
	if (ft)
		p1c_functype_format(text, sizeof(text), ft);
	return p1c_arena_printf(arena, "its type is %s, not () -> (): %s", text,
				f->wrong_type == P1C_WRONG_TYPE_FAIL ? "instantiation fails" : "not called");
}

static bool eval_step(const struct p1c_init_function *f, const struct p1c_module *m,
		      const struct p1c_profile *p, struct p1c_arena *arena, struct p1c_init_step *out)
{
	const char *why = NULL;
	*out = (struct p1c_init_step){.name = f->name, .func = step_func(f, m, &why),
				      .wasi_unavailable = f->wasi_unavailable,
				      .proc_exit = f->proc_exit};
	out->outcome = P1C_INIT_ABSENT;
	out->reason = why;
	if (out->func == P1C_NO_INDEX)
		return true;
	const struct p1c_cond *unmet = p1c_conds_first_false(&f->when, m, p);
	out->outcome = P1C_INIT_SKIPPED;
	if (unmet)
		out->reason = cond_reason(unmet, p, arena);
	else if (f->start_function && f->skip_imported && out->func < m->nfunc_imports)
		out->reason = "the start function is an import: the runtime does not run it";
	else if (!f->start_function && f->wrong_type != P1C_WRONG_TYPE_RUN &&
		 !p1c_func_is_nullary(m, out->func)) {
		out->reason = type_reason(f, m, out->func, arena);
		if (f->wrong_type == P1C_WRONG_TYPE_FAIL)
			out->outcome = P1C_INIT_FAILS;
	} else {
		out->outcome = P1C_INIT_RUNS;
		out->reason = NULL;
	}
	return out->outcome == P1C_INIT_RUNS || out->reason != NULL;
}

bool p1c_init_sequence_eval(const struct p1c_module *m, const struct p1c_profile *p,
			    struct p1c_arena *arena, struct p1c_init_sequence *out)
{
	memset(out, 0, sizeof(*out));
	out->imports_wasi = p1c_module_imports_wasi(m, p);
	out->steps = p1c_arena_array(arena, (size_t)p->ninit + 1, sizeof(*out->steps));
	out->runs = p1c_arena_array(arena, (size_t)p->ninit + 1, sizeof(*out->runs));
	if (!out->steps || !out->runs)
		return false;
	for (uint32_t i = 0; i < p->ninit; i++) {
		struct p1c_init_step *s = &out->steps[out->nsteps++];
		if (!eval_step(&p->init[i], m, p, arena, s))
			return false;
		if (s->outcome == P1C_INIT_RUNS)
			out->runs[out->nruns++] = s->func;
	}
	return true;
}

const char *p1c_init_outcome_name(enum p1c_init_outcome o)
{
	static const char *const names[] = {"runs", "skipped", "fails", "absent"};
	return (unsigned)o < 4 ? names[o] : "?";
}

const struct p1c_init_step *p1c_init_step_of(const struct p1c_init_sequence *s, const char *name)
{
	for (uint32_t i = 0; i < s->nsteps; i++)
		if (strcmp(s->steps[i].name, name) == 0)
			return &s->steps[i];
	return NULL;
}
