/* The profile schema: walks the YAML tree of one file and fills a struct layer, checking every
 * key (unknown, duplicate) and every value (type, enum, signature, size). Messages name the
 * key by its dotted path (runtime.init-functions, imports.env.printf...). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile_schema_impl.h"

/* Short names for the shared helpers of profile_schema_util.c. */
#define fail p1c_sch_fail
#define where_of p1c_sch_where
#define type_name p1c_sch_type_name
#define want_type p1c_sch_want_type
#define get_string p1c_sch_get_string
#define check_keys p1c_sch_check_keys
#define walk_map p1c_sch_walk_map
#define parse_sig p1c_sch_parse_sig

static bool nomem(struct sctx *c)
{
	return p1c_prof_nomem(c->err, c->path);
}

static bool get_bool(struct sctx *c, const struct ynode *n, const char *what, bool *out)
{
	static const char *const t[] = {"true", "True", "TRUE"}, *const f[] = {"false", "False", "FALSE"};
	for (size_t i = 0; n->type == YN_SCALAR && n->plain && i < 3; i++) {
		if (strcmp(n->text, t[i]) == 0 || strcmp(n->text, f[i]) == 0) {
			*out = n->text[0] == 't' || n->text[0] == 'T';
			return true;
		}
	}
	if (n->type == YN_SCALAR)
		return fail(c, n, "%s must be true or false, got '%s'%s", what, n->text,
			    n->plain ? "" : " (a quoted string)");
	return fail(c, n, "%s must be true or false, got %s", what, type_name(n));
}

static bool get_enum(struct sctx *c, const struct ynode *n, const char *what,
		     const char *const *names, size_t count, int *out)
{
	P1C_TRY(want_type(c, n, YN_SCALAR, what));
	char list[160] = "";
	for (size_t i = 0; i < count; i++) {
		if (strcmp(n->text, names[i]) == 0) {
			*out = (int)i;
			return true;
		}
		size_t used = strlen(list);
		snprintf(list + used, sizeof(list) - used, "%s%s", i ? (i + 1 == count ? " or " : ", ") : "",
			 names[i]);
	}
	return fail(c, n, "invalid %s '%s' (expected %s)", what, n->text, list);
}

static bool get_strlist(struct sctx *c, const struct ynode *n, const char *what,
			struct p1c_strlist *out)
{
	if (n->type != YN_SEQ)
		return fail(c, n, "%s must be a sequence of strings, got %s", what, type_name(n));
	out->count = n->n;
	out->items = p1c_arena_array(c->arena, n->n ? n->n : 1, sizeof(*out->items));
	if (!out->items)
		return nomem(c);
	for (uint32_t i = 0; i < n->n; i++) {
		const struct ynode *item = n->items[i];
		if (item->type != YN_SCALAR)
			return fail(c, item, "%s[%u] must be a string, got %s", what, i, type_name(item));
		out->items[i] = item->text;
	}
	return true;
}

/* ---- top level ---------------------------------------------------------------------- */

static bool valid_profile_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) || strlen(s) > MAX_NAME_LEN)
		return false;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		      *s == '-'))
			return false;
	}
	return true;
}

static bool on_profile(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	P1C_TRY(get_string(c, v, "profile", &c->L->name));
	if (!valid_profile_name(v->text))
		return fail(c, v, "invalid profile name '%s' (expected [a-z0-9][a-z0-9._-]*, at most %u "
			    "characters)", v->text, MAX_NAME_LEN);
	c->L->name_at = where_of(v);
	return true;
}

static bool on_description(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	return get_string(c, v, "description", &c->L->description);
}

static bool on_extends(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	struct layer *L = c->L;
	if (v->type == YN_SCALAR) {
		L->extends.items = p1c_arena_alloc(c->arena, sizeof(*L->extends.items));
		L->extends_at = p1c_arena_alloc(c->arena, sizeof(*L->extends_at));
		if (!L->extends.items || !L->extends_at)
			return nomem(c);
		L->extends.items[0] = v->text;
		L->extends.count = 1;
		L->extends_at[0] = where_of(v);
	} else {
		if (v->type != YN_SEQ)
			return fail(c, v, "extends must be a profile name or path, or a sequence of "
				    "them, got %s", type_name(v));
		P1C_TRY(get_strlist(c, v, "extends", &L->extends));
		L->extends_at = p1c_arena_array(c->arena, v->n ? v->n : 1, sizeof(*L->extends_at));
		if (!L->extends_at)
			return nomem(c);
		for (uint32_t i = 0; i < v->n; i++)
			L->extends_at[i] = where_of(v->items[i]);
	}
	for (uint32_t i = 0; i < L->extends.count; i++) {
		if (!L->extends.items[i][0])
			return p1c_prof_fail(c->err, c->path, L->extends_at[i].line,
					     L->extends_at[i].column, "extends: empty profile name");
	}
	return true;
}

static bool on_libc(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	c->L->libc.set = true;
	return get_strlist(c, v, "libc-entry-points", &c->L->libc.list);
}

/* ---- runtime ------------------------------------------------------------------------ */

static bool on_unresolved(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	const char *names[] = {p1c_unresolved_policy_name(P1C_UNRESOLVED_TRAP_ON_CALL),
			       p1c_unresolved_policy_name(P1C_UNRESOLVED_LINK_ERROR)};
	int i = 0;
	P1C_TRY(get_enum(c, v, "runtime.unresolved-imports", names, 2, &i));
	c->L->has_unresolved = true;
	c->L->unresolved = (enum p1c_unresolved_policy)i;
	return true;
}

static bool on_init(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	return p1c_prof_read_init(v, c->path, c->arena, c->L, c->err);
}

static bool on_import_types(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	static const char *const names[] = {"checked", "coerced"};
	int i = 0;
	P1C_TRY(get_enum(c, v, "runtime.import-types", names, 2, &i));
	c->L->has_import_types = true;
	c->L->import_types_coerced = i == 1;
	return true;
}

static bool on_wasi_modules(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	c->L->wasi_modules.set = true;
	return get_strlist(c, v, "runtime.wasi-modules", &c->L->wasi_modules.list);
}

static bool on_underscore(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	c->L->has_underscore = true;
	return get_bool(c, v, "runtime.import-underscore-fallback", &c->L->underscore);
}

static bool on_memtab(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	c->L->memtab.set = true;
	return get_strlist(c, v, "runtime.memory-table-import-modules", &c->L->memtab.list);
}

static bool on_globals(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	const char *what = "runtime.global-imports";
	c->L->globals.set = true;
	if (v->type == YN_SCALAR && strcmp(v->text, "none") == 0)
		return true;
	if (v->type != YN_SEQ)
		return fail(c, v, "%s must be none or a sequence of \"module#name\" strings, got %s%s%s",
			    what, type_name(v), v->type == YN_SCALAR ? " " : "",
			    v->type == YN_SCALAR ? v->text : "");
	P1C_TRY(get_strlist(c, v, what, &c->L->globals.list));
	for (uint32_t i = 0; i < v->n; i++) {
		if (!strchr(v->items[i]->text, '#'))
			return fail(c, v->items[i], "%s[%u] '%s' must be written \"module#name\"", what, i,
				    v->items[i]->text);
	}
	return true;
}

/* A keyed map: calls fill for each (key, value) pair into a fresh kv array. */
static bool read_kvmap(struct sctx *c, const struct ynode *map, const char *what,
		       struct kvmap *out,
		       bool (*fill)(struct sctx *, const struct ynode *, const struct ynode *, struct kv *))
{
	P1C_TRY(want_type(c, map, YN_MAP, what));
	P1C_TRY(check_keys(c, map, what));
	out->items = p1c_arena_array(c->arena, map->n ? map->n : 1, sizeof(*out->items));
	if (!out->items)
		return nomem(c);
	out->n = map->n;
	for (uint32_t i = 0; i < map->n; i++) {
		struct kv *e = &out->items[i];
		const struct ynode *k = map->items[2 * i], *v = map->items[2 * i + 1];
		e->k1 = k->text;
		e->at = where_of(k);
		e->del = v->type == YN_NULL;
		if (!e->del)
			P1C_TRY(fill(c, k, v, e));
	}
	return true;
}

static bool fill_alias(struct sctx *c, const struct ynode *k, const struct ynode *v, struct kv *e)
{
	char what[MAX_NAME_LEN + 64];
	snprintf(what, sizeof(what), "runtime.module-aliases.%s", k->text);
	P1C_TRY(get_string(c, v, what, &e->v.str));
	if (strcmp(k->text, v->text) == 0)
		return fail(c, v, "%s maps the module to itself", what);
	return true;
}

static bool on_aliases(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	return read_kvmap(c, v, "runtime.module-aliases", &c->L->aliases, fill_alias);
}

static bool on_runtime(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	static const struct key_handler h[] = {
		{"unresolved-imports", on_unresolved},
		{"init-functions", on_init},
		{"import-types", on_import_types},
		{"wasi-modules", on_wasi_modules},
		{"import-underscore-fallback", on_underscore},
		{"memory-table-import-modules", on_memtab},
		{"global-imports", on_globals},
		{"module-aliases", on_aliases},
	};
	return walk_map(c, v, "runtime", h, sizeof(h) / sizeof(h[0]));
}

/* ---- imports ------------------------------------------------------------------------ */


/* ---- deny --------------------------------------------------------------------------- */

static bool on_pattern(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	P1C_TRY(get_string(c, v, "deny pattern", &c->deny->pattern));
	if (!v->text[0])
		return fail(c, v, "%s", "deny pattern must not be empty");
	c->deny->literal = (uint32_t)strcspn(c->deny->pattern, "*?[\\");
	return true;
}

static bool on_reason(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	return get_string(c, v, "deny reason", &c->deny->reason);
}

static bool on_deny(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	static const struct key_handler h[] = {{"pattern", on_pattern}, {"reason", on_reason}};
	if (v->type != YN_SEQ)
		return fail(c, v, "deny must be a sequence of {pattern, reason} mappings, got %s",
			    type_name(v));
	c->L->deny = p1c_arena_array(c->arena, v->n ? v->n : 1, sizeof(*c->L->deny));
	if (!c->L->deny)
		return nomem(c);
	c->L->ndeny = v->n;
	for (uint32_t i = 0; i < v->n; i++) {
		char what[32];
		snprintf(what, sizeof(what), "deny[%u]", i);
		c->deny = &c->L->deny[i];
		P1C_TRY(walk_map(c, v->items[i], what, h, 2));
		if (!c->deny->pattern || !c->deny->reason)
			return fail(c, v->items[i], "%s needs both 'pattern' and 'reason'", what);
	}
	return true;
}

/* ---- waivers ----------------------------------------------------------------------- */

static bool waiver_string(struct sctx *c, const struct ynode *k, const struct ynode *v,
			  const char **out)
{
	P1C_TRY(get_string(c, v, k->text, out));
	if (!v->text[0])
		return fail(c, v, "waiver %s must not be empty", k->text);
	return true;
}

static bool on_w_rule(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	return waiver_string(c, k, v, &c->waiver->rule);
}
static bool on_w_import(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	return waiver_string(c, k, v, &c->waiver->import);
}
static bool unknown_feature(struct sctx *c, const struct ynode *k);
/* A feature waiver names one feature exactly: a typo would otherwise only show as P1C061. */
static bool on_w_feature(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	P1C_TRY(waiver_string(c, k, v, &c->waiver->feature));
	return p1c_feature_lookup(v->text) >= 0 || unknown_feature(c, v);
}
static bool on_w_export(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	return waiver_string(c, k, v, &c->waiver->export_name);
}
static bool on_w_limit(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	P1C_TRY(waiver_string(c, k, v, &c->waiver->limit));
	char keys[256] = "";
	for (int id = 0; id < P1C_LIMIT_COUNT; id++) {
		const char *key = p1c_limit_key((enum p1c_limit_id)id);
		if (strcmp(key, v->text) == 0)
			return true;
		snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), "%s%s", id ? ", " : "", key);
	}
	return fail(c, v, "waiver limit '%s' is not a limit key (%s)", v->text, keys);
}
static bool on_w_module(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	return waiver_string(c, k, v, &c->waiver->module);
}
static bool on_w_reason(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	return waiver_string(c, k, v, &c->waiver->reason);
}

static bool read_waivers(struct sctx *c, const struct ynode *v, struct p1c_waiver **out,
			 uint32_t *count)
{
	static const struct key_handler h[] = {
		{"rule", on_w_rule},       {"import", on_w_import}, {"feature", on_w_feature},
		{"export", on_w_export},   {"limit", on_w_limit},   {"module", on_w_module},
		{"reason", on_w_reason},
	};
	if (v->type != YN_SEQ)
		return fail(c, v, "waivers must be a sequence of {rule, reason, ...} mappings, got %s",
			    type_name(v));
	*out = p1c_arena_array(c->arena, v->n ? v->n : 1, sizeof(**out));
	if (!*out)
		return nomem(c);
	*count = v->n;
	for (uint32_t i = 0; i < v->n; i++) {
		char what[32];
		snprintf(what, sizeof(what), "waivers[%u]", i);
		c->waiver = &(*out)[i];
		c->waiver->file = c->path;
		c->waiver->line = v->items[i]->line;
		P1C_TRY(walk_map(c, v->items[i], what, h, sizeof(h) / sizeof(h[0])));
		if (!c->waiver->rule || !c->waiver->reason)
			return fail(c, v->items[i], "%s needs 'rule' and 'reason'", what);
		if (!!c->waiver->import + !!c->waiver->feature + !!c->waiver->export_name +
		    !!c->waiver->limit > 1)
			return fail(c, v->items[i], "%s: give at most one of import, feature, export, limit",
				    what);
	}
	return true;
}

static bool on_waivers(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	return read_waivers(c, v, &c->L->waivers, &c->L->nwaivers);
}

bool p1c_prof_waivers_from_tree(const struct ynode *seq, const char *path, struct p1c_arena *arena,
				struct p1c_waiver **out, uint32_t *count, struct p1c_profile_error *err)
{
	struct sctx c = {.path = path, .arena = arena, .err = err};
	return read_waivers(&c, seq, out, count);
}

/* ---- features ----------------------------------------------------------------------- */

/* Edit distance, for "did you mean"; both strings are short (keys are capped). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static bool unknown_feature(struct sctx *c, const struct ynode *k)
{
	if (p1c_sch_llvm_feature_name(c, k))
		return false;
	const char *best = NULL;
	size_t best_d = 3;
	for (int f = 0; f < P1C_FEATURE_COUNT; f++) {
		size_t d = distance(k->text, p1c_feature_name((enum p1c_feature)f));
		if (d < best_d) {
			best_d = d;
			best = p1c_feature_name((enum p1c_feature)f);
		}
	}
	if (best)
		return fail(c, k, "unknown feature '%s' (did you mean '%s'?)", k->text, best);
	return fail(c, k, "unknown feature '%s' (see FEATURES in wasm-p1check-profile(5))", k->text);
}

static bool on_features(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	P1C_TRY(want_type(c, v, YN_MAP, "features"));
	P1C_TRY(check_keys(c, v, "features"));
	for (uint32_t i = 0; i < v->n; i++) {
		const struct ynode *key = v->items[2 * i], *val = v->items[2 * i + 1];
		int f = p1c_feature_lookup(key->text);
		if (f < 0)
			return unknown_feature(c, key);
		c->L->feature_at[f] = where_of(key);
		if (val->type == YN_NULL) {
			c->L->features[f] = TRI_DELETE;
			continue;
		}
		char what[96];
		snprintf(what, sizeof(what), "features.%s", key->text);
		bool on;
		P1C_TRY(get_bool(c, val, what, &on));
		c->L->features[f] = on ? TRI_TRUE : TRI_FALSE;
	}
	return true;
}

/* ---- module ------------------------------------------------------------------------- */

static bool on_kind(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	const char *names[] = {p1c_kind_req_name(P1C_KIND_ANY), p1c_kind_req_name(P1C_KIND_COMMAND),
			       p1c_kind_req_name(P1C_KIND_REACTOR),
			       p1c_kind_req_name(P1C_KIND_COMMAND_OR_REACTOR)};
	int i = 0;
	P1C_TRY(get_enum(c, v, "module.kind", names, 4, &i));
	c->L->has_kind = true;
	c->L->kind = (enum p1c_kind_req)i;
	return true;
}

static bool on_memexp(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	return p1c_prof_read_memexp(v, c->path, c->arena, c->L, c->err);
}

static bool on_entry_checks(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	return p1c_prof_read_entry_checks(v, c->path, c->arena, c->L, c->err);
}

static bool on_entry_points(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	c->L->entry_points.set = true;
	return get_strlist(c, v, "module.entry-points", &c->L->entry_points.list);
}

static bool on_both(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	const char *names[] = {p1c_both_entries_name(P1C_BOTH_RUN_BOTH),
			       p1c_both_entries_name(P1C_BOTH_REFUSE)};
	int i = 0;
	P1C_TRY(get_enum(c, v, "module.start-and-initialize", names, 2, &i));
	c->L->has_both = true;
	c->L->both = (enum p1c_both_entries)i;
	return true;
}

static bool fill_export(struct sctx *c, const struct ynode *k, const struct ynode *v, struct kv *e)
{
	char what[MAX_NAME_LEN + 32];
	snprintf(what, sizeof(what), "module.exports.%.*s", (int)MAX_NAME_LEN, k->text);
	P1C_TRY(want_type(c, v, YN_SCALAR, what));
	e->v.exp.name = k->text;
	for (uint8_t i = 0; i < P1C_EXTERN_COUNT; i++) {
		if (strcmp(v->text, p1c_extern_kind_name(i)) == 0) {
			e->v.exp.kind = i; /* enum p1c_extern_kind */
			return true;
		}
	}
	char why[128];
	if (!p1c_prof_functype_parse(v->text, c->arena, &e->v.exp.type, why, sizeof(why)))
		return fail(c, v, "%s must be a signature such as \"() -> ()\" or one of func, table, "
			    "memory, global, tag (\"%.40s\": %s)", what, v->text, why);
	e->v.exp.kind = P1C_EXTERN_FUNC;
	e->v.exp.has_type = true;
	return true;
}

static bool on_exports(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	return read_kvmap(c, v, "module.exports", &c->L->exports, fill_export);
}

static bool on_module(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	static const struct key_handler h[] = {
		{"kind", on_kind},
		{"memory-export", on_memexp},
		{"start-and-initialize", on_both},
		{"exports", on_exports},
		{"entry-points", on_entry_points},
		{"entry-checks", on_entry_checks},
	};
	return walk_map(c, v, "module", h, sizeof(h) / sizeof(h[0]));
}

/* ---- limits ------------------------------------------------------------------------- */

static bool why_fail(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool why_fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return false;
}

/* "65536", "16MiB", "16 MiB" (sizes only take the binary suffixes KiB, MiB and GiB).
 * UINT64_MAX itself is refused: it means "unset" (P1C_LIMIT_UNSET). */
static bool parse_number(const char *s, bool is_size, uint64_t *out, char *why, size_t size)
{
	uint64_t v = 0;
	const char *p = s;
	if (*p == '-')
		return why_fail(why, size, "must not be negative");
	if (*p < '0' || *p > '9')
		return why_fail(why, size, "expected %s",
				is_size ? "a size such as 65536 or 16MiB" : "a non-negative integer");
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 1 - (uint64_t)(*p - '0')) / 10)
			return why_fail(why, size, "too large");
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.' || *p == ',')
		return why_fail(why, size, "must be a whole number");
	if (*p == ' ' && is_size)
		p++;
	uint64_t mult = *p ? p1c_size_suffix(p) : 1;
	if (mult > 1 && !is_size)
		return why_fail(why, size, "expected a plain integer (no unit)");
	if (mult) {
		if (v > (UINT64_MAX - 1) / mult)
			return why_fail(why, size, "too large");
		*out = v * mult;
		return true;
	}
	if (is_size)
		return why_fail(why, size, "unknown size suffix '%.16s' (expected KiB, MiB or GiB)", p);
	return why_fail(why, size, "expected a non-negative integer");
}

static bool on_limit(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	int id = 0;
	while (strcmp(p1c_limit_key((enum p1c_limit_id)id), k->text) != 0)
		id++; /* walk_map only calls on_limit for a key of limits.def */
	c->L->limit_at[id] = where_of(k);
	if (v->type == YN_NULL) {
		c->L->limit_state[id] = TRI_DELETE;
		return true;
	}
	char what[64], why[96];
	snprintf(what, sizeof(what), "limits.%s", k->text);
	P1C_TRY(want_type(c, v, YN_SCALAR, what));
	if (!parse_number(v->text, p1c_limit_is_size((enum p1c_limit_id)id), &c->L->limit[id], why,
			  sizeof(why)))
		return fail(c, v, "invalid %s '%.40s': %s", what, v->text, why);
	c->L->limit_state[id] = TRI_TRUE;
	return true;
}

static bool on_limits(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	static const struct key_handler h[] = {
#define LIMIT(id, key, field, is_size, what) {key, on_limit},
#include "profile/limits.def"
#undef LIMIT
	};
	return walk_map(c, v, "limits", h, sizeof(h) / sizeof(h[0]));
}

/* ---- the whole file ----------------------------------------------------------------- */

static int kv_qsort_cmp(const void *a, const void *b)
{
	return p1c_prof_kv_cmp(a, b);
}

static void sort_kvmap(struct kvmap *m)
{
	if (m->n > 1)
		qsort(m->items, m->n, sizeof(*m->items), kv_qsort_cmp);
}

bool p1c_prof_layer_from_tree(const struct ynode *root, const char *path, struct p1c_arena *arena,
			      struct layer *out, struct p1c_profile_error *err)
{
	static const struct key_handler h[] = {
		{"profile", on_profile},   {"description", on_description},
		{"extends", on_extends},   {"runtime", on_runtime},
		{"imports", p1c_sch_on_imports},   {"import-sets", p1c_sch_on_import_sets},
		{"deny", on_deny},         {"waivers", on_waivers},
		{"features", on_features}, {"module", on_module},
		{"limits", on_limits},     {"libc-entry-points", on_libc},
	};
	memset(out, 0, sizeof(*out));
	out->path = path;
	out->nranks = 1;
	struct sctx c = {.path = path, .arena = arena, .err = err, .L = out};
	if (root->type != YN_MAP)
		return fail(&c, root, "a profile must be a YAML mapping, got %s", type_name(root));
	P1C_TRY(walk_map(&c, root, "the profile", h, sizeof(h) / sizeof(h[0])));
	if (!out->name)
		return fail(&c, root, "%s", "missing required key 'profile'");
	sort_kvmap(&out->imports);
	P1C_TRY(p1c_sch_check_duplicate_imports(&c, &out->imports));
	sort_kvmap(&out->exports);
	sort_kvmap(&out->aliases);
	return true;
}
