/* `extends`: overlaying one layer on the resolved chain below it, and turning the result into
 * a struct p1c_profile with the defaults filled in.
 *
 * Rules (also in wasm-p1check-profile(5)): scalars given later win; keyed maps (imports per
 * module and name, features, module.exports, limits, module-aliases) merge key by key, and `~`
 * deletes an inherited entry (deleting what no parent defines is an error: it is most likely a
 * typo); lists are replaced as a whole; deny entries append. */
#include <string.h>

#include "profile/profile_impl.h"

int p1c_prof_kv_cmp(const struct kv *a, const struct kv *b)
{
	int r = strcmp(a->k1, b->k1);
	if (r)
		return r;
	return strcmp(a->k2 ? a->k2 : "", b->k2 ? b->k2 : "");
}

static bool not_inherited(const struct layer *top, const struct where *at, const char *what,
			  const char *k1, const char *k2, struct p1c_profile_error *err)
{
	return p1c_prof_fail(err, top->path, at->line, at->column,
			     "cannot remove %s.%.128s%s%.128s: no parent profile defines it", what, k1,
			     k2 ? "." : "", k2 ? k2 : "");
}

/* Both maps are sorted; the result is too. Entries from top get their rank moved above
 * every layer already in acc (base). */
static bool merge_kvmap(struct kvmap *acc, const struct kvmap *top, const struct layer *top_layer,
			const char *what, uint32_t base, struct p1c_arena *arena,
			struct p1c_profile_error *err)
{
	if (top->n == 0)
		return true;
	struct kv *out = p1c_arena_array(arena, (size_t)acc->n + top->n, sizeof(*out));
	if (!out)
		return p1c_prof_nomem(err, top_layer->path);
	uint32_t i = 0, j = 0, n = 0;
	while (i < acc->n || j < top->n) {
		int r = i == acc->n ? 1 : j == top->n ? -1 : p1c_prof_kv_cmp(&acc->items[i], &top->items[j]);
		if (r < 0) {
			out[n++] = acc->items[i++];
			continue;
		}
		const struct kv *t = &top->items[j++];
		if (r == 0)
			i++; /* replaced or deleted */
		if (!t->del) {
			out[n] = *t;
			out[n++].rank += base;
		} else if (r != 0)
			return not_inherited(top_layer, &t->at, what, t->k1, t->k2, err);
	}
	acc->items = out;
	acc->n = n;
	return true;
}

/* Waivers of every file of the chain apply, parents first. */
static bool append_waivers(struct layer *acc, const struct layer *top, struct p1c_arena *arena,
			   struct p1c_profile_error *err)
{
	if (top->nwaivers == 0)
		return true;
	size_t n = (size_t)acc->nwaivers + top->nwaivers;
	struct p1c_waiver *w = p1c_arena_array(arena, n, sizeof(*w));
	if (!w)
		return p1c_prof_nomem(err, top->path);
	if (acc->nwaivers)
		memcpy(w, acc->waivers, acc->nwaivers * sizeof(*w));
	memcpy(w + acc->nwaivers, top->waivers, top->nwaivers * sizeof(*w));
	acc->waivers = w;
	acc->nwaivers = (uint32_t)n;
	return true;
}

static bool append_deny(struct layer *acc, const struct layer *top, uint32_t base,
			struct p1c_arena *arena, struct p1c_profile_error *err)
{
	if (top->ndeny == 0)
		return true;
	size_t n = (size_t)acc->ndeny + top->ndeny;
	struct p1c_deny *d = p1c_arena_array(arena, n, sizeof(*d));
	uint32_t *rank = p1c_arena_array(arena, n, sizeof(*rank));
	if (!d || !rank)
		return p1c_prof_nomem(err, top->path);
	if (acc->ndeny) {
		memcpy(d, acc->deny, acc->ndeny * sizeof(*d));
		memcpy(rank, acc->deny_rank, acc->ndeny * sizeof(*rank));
	}
	memcpy(d + acc->ndeny, top->deny, top->ndeny * sizeof(*d));
	for (uint32_t i = 0; i < top->ndeny; i++)
		rank[acc->ndeny + i] = base + (top->deny_rank ? top->deny_rank[i] : 0);
	acc->deny = d;
	acc->deny_rank = rank;
	acc->ndeny += top->ndeny;
	return true;
}

/* `imports: { MODULE: ~ }` and `import-sets: { NAME: ~ }`: every inherited import of that
 * module, or from that set, goes; removing what nothing inherited is an error (a typo). */
static bool apply_group_deletions(struct layer *acc, const struct layer *top,
				  struct p1c_profile_error *err)
{
	for (int sets = 0; sets < 2; sets++) {
		const struct kvmap *dels = sets ? &top->set_dels : &top->module_dels;
		for (uint32_t d = 0; d < dels->n; d++) {
			const char *key = dels->items[d].k1;
			uint32_t n = 0;
			for (uint32_t i = 0; i < acc->imports.n; i++) {
				const struct kv *e = &acc->imports.items[i];
				const char *group = sets ? e->v.imp.set : e->k1;
				if (!group || strcmp(group, key) != 0)
					acc->imports.items[n++] = *e;
			}
			if (n == acc->imports.n)
				return not_inherited(top, &dels->items[d].at,
						     sets ? "import-sets" : "imports", key, NULL, err);
			acc->imports.n = n;
		}
	}
	return true;
}

static bool apply_features(struct layer *acc, const struct layer *top,
			   struct p1c_profile_error *err)
{
	for (int f = 0; f < P1C_FEATURE_COUNT; f++) {
		if (top->features[f] == TRI_UNSET)
			continue;
		if (top->features[f] != TRI_DELETE) {
			acc->features[f] = top->features[f];
			continue;
		}
		if (acc->features[f] == TRI_UNSET)
			return not_inherited(top, &top->feature_at[f], "features",
					     p1c_feature_name((enum p1c_feature)f), NULL, err);
		acc->features[f] = TRI_UNSET;
	}
	return true;
}

static bool apply_limits(struct layer *acc, const struct layer *top, struct p1c_profile_error *err)
{
	for (int i = 0; i < P1C_LIMIT_COUNT; i++) {
		if (top->limit_state[i] == TRI_UNSET)
			continue;
		if (top->limit_state[i] != TRI_DELETE) {
			acc->limit_state[i] = TRI_TRUE;
			acc->limit[i] = top->limit[i];
			continue;
		}
		if (acc->limit_state[i] == TRI_UNSET)
			return not_inherited(top, &top->limit_at[i], "limits",
					     p1c_limit_key((enum p1c_limit_id)i), NULL, err);
		acc->limit_state[i] = TRI_UNSET;
	}
	return true;
}

static void apply_scalars(struct layer *acc, const struct layer *top)
{
	if (top->has_unresolved) {
		acc->has_unresolved = true;
		acc->unresolved = top->unresolved;
	}
	if (top->has_underscore) {
		acc->has_underscore = true;
		acc->underscore = top->underscore;
	}
	if (top->has_kind) {
		acc->has_kind = true;
		acc->kind = top->kind;
	}
	if (top->has_memexp) {
		acc->has_memexp = true;
		acc->memexp = top->memexp;
		acc->memexp_when = top->memexp_when;
		acc->memexp_bites = top->memexp_bites;
	}
	if (top->has_import_types) {
		acc->has_import_types = true;
		acc->import_types_coerced = top->import_types_coerced;
	}
	if (top->has_init) {
		acc->has_init = true;
		acc->ninit = top->ninit;
		acc->init = top->init;
	}
	if (top->has_entry_checks) {
		acc->has_entry_checks = true;
		acc->nentry_checks = top->nentry_checks;
		acc->entry_checks = top->entry_checks;
	}
	if (top->has_both) {
		acc->has_both = true;
		acc->both = top->both;
	}
	if (top->wasi_modules.set)
		acc->wasi_modules = top->wasi_modules;
	if (top->entry_points.set)
		acc->entry_points = top->entry_points;
	if (top->memtab.set)
		acc->memtab = top->memtab;
	if (top->globals.set)
		acc->globals = top->globals;
	if (top->libc.set)
		acc->libc = top->libc;
}

bool p1c_prof_apply(struct layer *acc, const struct layer *top, struct p1c_arena *arena,
		    struct p1c_profile_error *err)
{
	uint32_t base = acc->nranks;
	apply_scalars(acc, top);
	P1C_TRY(merge_kvmap(&acc->aliases, &top->aliases, top, "runtime.module-aliases", base, arena,
			    err));
	P1C_TRY(apply_group_deletions(acc, top, err));
	P1C_TRY(merge_kvmap(&acc->imports, &top->imports, top, "imports", base, arena, err));
	P1C_TRY(merge_kvmap(&acc->exports, &top->exports, top, "module.exports", base, arena, err));
	P1C_TRY(append_deny(acc, top, base, arena, err));
	P1C_TRY(append_waivers(acc, top, arena, err));
	acc->nranks = base + (top->nranks ? top->nranks : 1);
	P1C_TRY(apply_features(acc, top, err));
	return apply_limits(acc, top, err);
}

/* ---- finalize ------------------------------------------------------------------------ */

/* An import a deny pattern of a later layer (a child) matches is not provided: the child
 * took it away. What a layer lists beats the patterns of its own layer and of its parents,
 * so the resolved profile keeps only imports that beat every deny entry. */
static bool denied_later(const struct layer *acc, const struct kv *e)
{
	struct p1c_str module = {(const uint8_t *)e->k1, (uint32_t)strlen(e->k1)};
	struct p1c_str name = {(const uint8_t *)e->k2, (uint32_t)strlen(e->k2)};
	for (uint32_t i = 0; i < acc->ndeny; i++) {
		if (acc->deny_rank[i] > e->rank && p1c_prof_deny_matches(&acc->deny[i], module, name))
			return true;
	}
	return false;
}

static bool finalize_maps(const struct layer *acc, struct p1c_arena *arena, struct p1c_profile *out)
{
	out->imports = p1c_arena_array(arena, acc->imports.n ? acc->imports.n : 1, sizeof(*out->imports));
	out->required_exports = p1c_arena_array(arena, acc->exports.n ? acc->exports.n : 1,
						sizeof(*out->required_exports));
	out->module_aliases = p1c_arena_array(arena, acc->aliases.n ? acc->aliases.n : 1,
					      sizeof(*out->module_aliases));
	if (!out->imports || !out->required_exports || !out->module_aliases)
		return false;
	uint32_t n = 0;
	for (uint32_t i = 0; i < acc->imports.n; i++) {
		const struct kv *e = &acc->imports.items[i];
		if (denied_later(acc, e))
			continue;
		out->imports[n] = e->v.imp;
		out->imports[n].module = e->k1;
		out->imports[n++].name = e->k2;
	}
	out->nimports = n;
	if (!p1c_prof_index_imports(out, arena))
		return false;
	for (uint32_t i = 0; i < acc->exports.n; i++)
		out->required_exports[i] = acc->exports.items[i].v.exp;
	out->nrequired_exports = acc->exports.n;
	for (uint32_t i = 0; i < acc->aliases.n; i++) {
		const struct kv *e = &acc->aliases.items[i];
		out->module_aliases[i] = (struct p1c_module_alias){e->k1, e->v.str};
	}
	out->nmodule_aliases = acc->aliases.n;
	return true;
}

static void finalize_scalars(const struct layer *acc, struct p1c_profile *out)
{
	out->unresolved = acc->has_unresolved ? acc->unresolved : P1C_UNRESOLVED_LINK_ERROR;
	out->underscore_fallback = acc->has_underscore && acc->underscore;
	out->kind = acc->has_kind ? acc->kind : P1C_KIND_ANY;
	out->memory_export_required = acc->has_memexp && acc->memexp;
	out->memory_export_when = out->memory_export_required ? acc->memexp_when : (struct p1c_conds){0};
	out->memory_export_bites = acc->memexp_bites;
	out->import_types_coerced = acc->has_import_types && acc->import_types_coerced;
	out->ninit = acc->ninit;
	out->init = acc->init;
	out->nentry_checks = acc->nentry_checks;
	out->entry_checks = acc->entry_checks;
	out->start_and_initialize = acc->has_both ? acc->both : P1C_BOTH_REFUSE;
	out->memory_table_import_modules = acc->memtab.list;
	out->global_imports = acc->globals.list;
	out->libc_entry_points = acc->libc.list;
	for (int f = 0; f < P1C_FEATURE_COUNT; f++) {
		if (acc->features[f] == TRI_TRUE)
			out->features_allowed |= UINT64_C(1) << f;
	}
	/* A whole feature includes its lime1 part: WAMR's BULK_MEMORY implies BULK_MEMORY_OPT and
	 * REF_TYPES implies CALL_INDIRECT_OVERLONG (build-scripts/config_common.cmake, WAMR main). */
	if (out->features_allowed & (UINT64_C(1) << P1C_FEATURE_BULK_MEMORY))
		out->features_allowed |= UINT64_C(1) << P1C_FEATURE_BULK_MEMORY_OPT;
	if (out->features_allowed & (UINT64_C(1) << P1C_FEATURE_REFERENCE_TYPES))
		out->features_allowed |= UINT64_C(1) << P1C_FEATURE_CALL_INDIRECT_OVERLONG;
	for (int i = 0; i < P1C_LIMIT_COUNT; i++) {
		*p1c_limit_field(&out->limits, (enum p1c_limit_id)i) =
			acc->limit_state[i] == TRI_TRUE ? acc->limit[i] : P1C_LIMIT_UNSET;
	}
}

static bool default_list(struct p1c_arena *arena, struct p1c_strlist *out, const char *const *items,
			 uint32_t n)
{
	out->items = p1c_arena_array(arena, n, sizeof(*out->items));
	if (!out->items)
		return false;
	memcpy(out->items, items, n * sizeof(*items));
	out->count = n;
	return true;
}

/* Unset lists get the WebAssembly and WASI defaults: the start function and then _initialize
 * run while instantiating (core spec 4.5.4 "Instantiation"; the WASI application ABI's
 * reactor), a command host runs _start, "imports WASI" means preview 1 or preview 0. */
static bool finalize_defaults(const struct layer *acc, struct p1c_arena *arena, struct p1c_profile *out)
{
	static const char *const wasi[] = {"wasi_snapshot_preview1", "wasi_unstable"};
	static const char *const entry[] = {"_start"};
	if (!acc->wasi_modules.set && !default_list(arena, &out->wasi_modules, wasi, 2))
		return false;
	if (acc->wasi_modules.set)
		out->wasi_modules = acc->wasi_modules.list;
	if (!acc->entry_points.set && !default_list(arena, &out->entry_points, entry, 1))
		return false;
	if (acc->entry_points.set)
		out->entry_points = acc->entry_points.list;
	if (acc->has_init)
		return true;
	out->init = p1c_arena_array(arena, 2, sizeof(*out->init));
	if (!out->init)
		return false;
	out->init[0] = (struct p1c_init_function){.name = P1C_INIT_START_FUNCTION, .start_function = true};
	out->init[1] = (struct p1c_init_function){.name = "_initialize"};
	out->ninit = 2;
	return true;
}

bool p1c_prof_finalize(const struct layer *acc, struct p1c_arena *arena, struct p1c_profile *out,
		       struct p1c_profile_error *err)
{
	memset(out, 0, sizeof(*out));
	out->name = acc->name;
	out->description = acc->description ? acc->description : "";
	out->path = acc->path;
	out->extends = acc->extends;
	finalize_scalars(acc, out);
	if (!finalize_defaults(acc, arena, out))
		return p1c_prof_nomem(err, acc->path);
	out->ndeny = acc->ndeny;
	out->deny = acc->deny;
	p1c_prof_index_deny(out);
	out->nwaivers = acc->nwaivers;
	out->waivers = acc->waivers;
	if (!finalize_maps(acc, arena, out))
		return p1c_prof_nomem(err, acc->path);
	return true;
}
