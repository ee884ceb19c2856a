/* The profile keys that model what a runtime does with a module's entry points and init
 * functions: runtime.init-functions, module.entry-checks and module.memory-export (its mapping
 * form), all built from conditions ("imports-wasi", "export:_start", "feature:bulk-memory"...).
 * Validated here, evaluated against a module by the rules (rules/init_sequence.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "profile/profile_impl.h"

struct dctx {
	const char *path;
	struct p1c_arena *arena;
	struct p1c_profile_error *err;
};

static bool dfail(struct dctx *c, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool dfail(struct dctx *c, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	p1c_prof_vfail(c->err, c->path, at->line, at->column, fmt, ap);
	va_end(ap);
	return false;
}

static bool pick(struct dctx *c, const struct ynode *v, const char *what, const char *const *names,
		 int count, int *out)
{
	if (v->type == YN_SCALAR) {
		for (int i = 0; i < count; i++) {
			if (strcmp(v->text, names[i]) == 0) {
				*out = i;
				return true;
			}
		}
	}
	char list[96] = "";
	for (int i = 0; i < count; i++) {
		size_t used = strlen(list);
		snprintf(list + used, sizeof(list) - used, "%s%s", i ? (i + 1 == count ? " or " : ", ") : "",
			 names[i]);
	}
	if (v->type == YN_SCALAR)
		return dfail(c, v, "invalid %s '%s' (expected %s)", what, v->text, list);
	return dfail(c, v, "%s must be %s", what, list);
}

/* Mapping keys must be strings, known, and not repeated. */
static bool check_map(struct dctx *c, const struct ynode *map, const char *what,
		      const char *const *known, int nknown)
{
	if (map->type != YN_MAP)
		return dfail(c, map, "%s must be a mapping", what);
	for (uint32_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->items[2 * i];
		if (k->type != YN_SCALAR)
			return dfail(c, k, "keys in %s must be strings", what);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(map->items[2 * j]->text, k->text) == 0)
				return dfail(c, k, "duplicate key '%s' in %s", k->text, what);
		int found = 0;
		for (int j = 0; known && j < nknown; j++)
			found |= strcmp(known[j], k->text) == 0;
		if (known && !found)
			return dfail(c, k, "unknown key '%s' in %s", k->text, what);
	}
	return true;
}

static const struct ynode *map_get(const struct ynode *map, const char *key)
{
	for (uint32_t i = 0; i < map->n; i++)
		if (strcmp(map->items[2 * i]->text, key) == 0)
			return map->items[2 * i + 1];
	return NULL;
}

/* A condition word, or a sequence of them. */
static bool read_conds(struct dctx *c, const struct ynode *v, const char *what, struct p1c_conds *out)
{
	uint32_t n = v->type == YN_SEQ ? v->n : 1;
	if (v->type != YN_SEQ && v->type != YN_SCALAR)
		return dfail(c, v, "%s must be a condition or a sequence of conditions", what);
	out->items = p1c_arena_array(c->arena, n ? n : 1, sizeof(*out->items));
	if (!out->items)
		return p1c_prof_nomem(c->err, c->path);
	out->count = n;
	for (uint32_t i = 0; i < n; i++) {
		const struct ynode *item = v->type == YN_SEQ ? v->items[i] : v;
		if (item->type != YN_SCALAR || !p1c_cond_parse(item->text, &out->items[i]))
			return dfail(c, item, "%s: invalid condition '%s' (expected always, imports-wasi, "
				     "no-wasi-imports, export:NAME, no-export:NAME or feature:NAME)", what,
				     item->type == YN_SCALAR ? item->text : "?");
	}
	return true;
}

static bool read_init_map(struct dctx *c, const struct ynode *v, const char *what,
			  struct p1c_init_function *f)
{
	static const char *const keys[] = {"call", "when", "imported", "wrong-type", "wasi", "proc-exit"};
	static const char *const imported[] = {"run", "skip"}, *const wrong[] = {"skip", "fail", "run"};
	static const char *const wasi[] = {"ready", "unavailable"};
	static const char *const exits[] = {"exits", "fails", "fails-instantiate"}; /* enum p1c_proc_exit */
	P1C_TRY(check_map(c, v, what, keys, 6));
	const struct ynode *call = map_get(v, "call"), *when = map_get(v, "when");
	const struct ynode *imp = map_get(v, "imported"), *wt = map_get(v, "wrong-type");
	const struct ynode *ws = map_get(v, "wasi"), *pe = map_get(v, "proc-exit");
	if (!call || call->type != YN_SCALAR || !call->text[0])
		return dfail(c, v, "%s needs 'call': %s or an export name", what, P1C_INIT_START_FUNCTION);
	f->name = call->text;
	f->start_function = strcmp(call->text, P1C_INIT_START_FUNCTION) == 0;
	int i = 0;
	if (when)
		P1C_TRY(read_conds(c, when, what, &f->when));
	if (imp && !f->start_function)
		return dfail(c, imp, "%s: 'imported' applies to %s only", what, P1C_INIT_START_FUNCTION);
	char key[64];
	if (imp) {
		snprintf(key, sizeof(key), "%s.imported", what);
		P1C_TRY(pick(c, imp, key, imported, 2, &i));
		f->skip_imported = i == 1;
	}
	if (wt) {
		snprintf(key, sizeof(key), "%s.wrong-type", what);
		P1C_TRY(pick(c, wt, key, wrong, 3, &i));
		f->wrong_type = (uint8_t)i;
	}
	if (ws) {
		snprintf(key, sizeof(key), "%s.wasi", what);
		P1C_TRY(pick(c, ws, key, wasi, 2, &i));
		f->wasi_unavailable = i == 1;
	}
	if (pe) {
		snprintf(key, sizeof(key), "%s.proc-exit", what);
		P1C_TRY(pick(c, pe, key, exits, 3, &i));
		f->proc_exit = (uint8_t)i;
	}
	return true;
}

bool p1c_prof_read_init(const struct ynode *v, const char *path, struct p1c_arena *arena,
			struct layer *L, struct p1c_profile_error *err)
{
	struct dctx c = {path, arena, err};
	if (v->type != YN_SEQ)
		return dfail(&c, v, "runtime.init-functions must be a sequence of export names or "
			     "{call, when, imported, wrong-type, wasi, proc-exit} mappings");
	L->init = p1c_arena_array(arena, v->n ? v->n : 1, sizeof(*L->init));
	if (!L->init)
		return p1c_prof_nomem(err, path);
	L->ninit = v->n;
	L->has_init = true;
	for (uint32_t i = 0; i < v->n; i++) {
		const struct ynode *item = v->items[i];
		struct p1c_init_function *f = &L->init[i];
		char what[48];
		snprintf(what, sizeof(what), "runtime.init-functions[%u]", i);
		if (item->type == YN_SCALAR && item->text[0]) {
			f->name = item->text;
			f->start_function = strcmp(item->text, P1C_INIT_START_FUNCTION) == 0;
			continue;
		}
		if (item->type != YN_MAP)
			return dfail(&c, item, "%s must be an export name or a mapping", what);
		P1C_TRY(read_init_map(&c, item, what, f));
	}
	return true;
}

static bool read_entry_check(struct dctx *c, const struct ynode *k, const struct ynode *v,
			     struct p1c_entry_check *e)
{
	static const char *const keys[] = {"type", "defined", "bites", "when"};
	static const char *const stages[] = {"load", "instantiate", "call"}, *const yn[] = {"false", "true"};
	char what[160];
	snprintf(what, sizeof(what), "module.entry-checks.%.100s", k->text);
	P1C_TRY(check_map(c, v, what, keys, 4));
	e->name = k->text;
	const struct ynode *type = map_get(v, "type"), *defined = map_get(v, "defined");
	const struct ynode *bites = map_get(v, "bites"), *when = map_get(v, "when");
	if (!bites)
		return dfail(c, v, "%s needs 'bites': load, instantiate or call", what);
	int i = 0;
	char key[192];
	snprintf(key, sizeof(key), "%s.bites", what);
	P1C_TRY(pick(c, bites, key, stages, 3, &i));
	e->bites = (uint8_t)i;
	if (defined) {
		snprintf(key, sizeof(key), "%s.defined", what);
		P1C_TRY(pick(c, defined, key, yn, 2, &i));
		e->defined = i == 1;
	}
	if (when)
		P1C_TRY(read_conds(c, when, what, &e->when));
	if (!type || (type->type == YN_SCALAR && strcmp(type->text, "func") == 0))
		return true;
	uint32_t n = type->type == YN_SEQ ? type->n : 1;
	e->types = p1c_arena_array(c->arena, n ? n : 1, sizeof(*e->types));
	if (!e->types)
		return p1c_prof_nomem(c->err, c->path);
	for (uint32_t j = 0; j < n; j++) {
		const struct ynode *t = type->type == YN_SEQ ? type->items[j] : type;
		char why[128];
		if (t->type != YN_SCALAR || !p1c_prof_functype_parse(t->text, c->arena, &e->types[j], why, sizeof(why)))
			return dfail(c, t, "%s.type must be func, a signature such as \"() -> ()\" or a "
				     "sequence of signatures", what);
	}
	e->ntypes = n;
	return n > 0 || dfail(c, type, "%s.type: an empty sequence (write func)", what);
}

bool p1c_prof_read_entry_checks(const struct ynode *v, const char *path, struct p1c_arena *arena,
				struct layer *L, struct p1c_profile_error *err)
{
	struct dctx c = {path, arena, err};
	P1C_TRY(check_map(&c, v, "module.entry-checks", NULL, 0));
	L->entry_checks = p1c_arena_array(arena, v->n ? v->n : 1, sizeof(*L->entry_checks));
	if (!L->entry_checks)
		return p1c_prof_nomem(err, path);
	L->nentry_checks = v->n;
	L->has_entry_checks = true;
	for (uint32_t i = 0; i < v->n; i++)
		P1C_TRY(read_entry_check(&c, v->items[2 * i], v->items[2 * i + 1], &L->entry_checks[i]));
	return true;
}

/* The conditions that `memory-export: required` stands for: a module that imports WASI or
 * exports _start or _initialize (WAMR's loader, core/iwasm/interpreter/wasm_loader.c
 * check_wasi_abi_compatibility, WAMR 2.4.5). */
bool p1c_prof_memexp_default(struct p1c_arena *arena, struct p1c_conds *out)
{
	static const char *const words[] = {"imports-wasi", "export:_start", "export:_initialize"};
	out->items = p1c_arena_array(arena, 3, sizeof(*out->items));
	if (!out->items)
		return false;
	out->count = 3;
	for (uint32_t i = 0; i < 3; i++)
		p1c_cond_parse(words[i], &out->items[i]);
	return true;
}

bool p1c_prof_read_memexp(const struct ynode *v, const char *path, struct p1c_arena *arena,
			  struct layer *L, struct p1c_profile_error *err)
{
	static const char *const keys[] = {"required-if-any", "bites"};
	static const char *const words[] = {"required", "optional"};
	static const char *const stages[] = {"load", "instantiate", "call"};
	struct dctx c = {path, arena, err};
	int i = 0;
	L->has_memexp = true;
	L->memexp_bites = P1C_STAGE_LOAD;
	if (v->type == YN_SCALAR) {
		P1C_TRY(pick(&c, v, "module.memory-export", words, 2, &i));
		L->memexp = i == 0;
		return !L->memexp || p1c_prof_memexp_default(arena, &L->memexp_when) ||
		       p1c_prof_nomem(err, path);
	}
	P1C_TRY(check_map(&c, v, "module.memory-export", keys, 2));
	const struct ynode *when = map_get(v, "required-if-any"), *bites = map_get(v, "bites");
	if (!when)
		return dfail(&c, v, "module.memory-export needs 'required-if-any' (or write required "
			     "or optional)");
	P1C_TRY(read_conds(&c, when, "module.memory-export.required-if-any", &L->memexp_when));
	if (bites) {
		P1C_TRY(pick(&c, bites, "module.memory-export.bites", stages, 3, &i));
		L->memexp_bites = (uint8_t)i;
	}
	L->memexp = true;
	return true;
}
