/* Internal to the profile loader (profile.c, profile_yaml.c, profile_schema.c,
 * profile_merge.c): the YAML tree, one file's "layer" of settings, and shared helpers.
 * Nothing outside profile*.c includes this. */
#ifndef P1C_PROFILE_IMPL_H
#define P1C_PROFILE_IMPL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/caps.h" /* P1C_MAX_PROFILE_SIZE, P1C_MAX_EXTENDS_DEPTH, P1C_MAX_YAML_* */
#include "profile/profile.h"


/* ---- YAML tree (profile_yaml.c) ---------------------------------------------------- */

enum ynode_type { YN_NULL, YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	uint8_t type;          /* enum ynode_type */
	bool plain;            /* scalar written without quotes or tag (may be a boolean) */
	uint32_t line, column; /* 1-based */
	const char *text;      /* scalars: NUL-terminated, no NUL inside */
	size_t len;
	uint32_t n;            /* sequence items, or mapping pairs */
	struct ynode **items;  /* sequence: n items; mapping: 2n (key, value, key, value...) */
	struct ynode *next;    /* sibling, while the tree is built */
};

/* Parses one YAML document (anchors, aliases and tags other than !!str are refused).
 * path is only used in error messages. */
bool p1c_prof_yaml_tree(const char *text, size_t len, const char *path, struct p1c_arena *arena,
			struct ynode **out, struct p1c_profile_error *err);

/* A tree as bytes and back (profile_tree.c): the shipped profiles' trees are compiled in.
 * Encode: false when out of memory. Decode: false for bytes that are not a whole encoded
 * tree within the YAML caps (or out of memory); the texts point into bytes, which must live
 * as long as the tree. */
bool p1c_prof_tree_encode(const struct ynode *root, struct p1c_arena *arena, uint8_t **out,
			  size_t *len);
bool p1c_prof_tree_decode(const uint8_t *bytes, size_t len, struct p1c_arena *arena,
			  struct ynode **out);
/* Same nodes, marks and texts (the build's check, and the tests'). */
bool p1c_prof_tree_equal(const struct ynode *a, const struct ynode *b);

/* ---- One file's settings, or a resolved chain of them (profile_schema.c) -------------- */

struct where {
	uint32_t line, column;
};

enum tri { TRI_UNSET = 0, TRI_FALSE, TRI_TRUE, TRI_DELETE };

/* One entry of a keyed map (imports, module.exports, module-aliases). */
struct kv {
	const char *k1, *k2; /* imports: module, name; the others: key, NULL */
	bool del;            /* written as `~`: removes the inherited entry */
	struct where at;     /* of the key (for "nothing to remove" errors) */
	uint32_t rank;       /* imports: the layer that gave it, 0 = the deepest parent */
	union {
		struct p1c_profile_import imp;  /* imports (imp.module, imp.name unset until final) */
		struct p1c_required_export exp; /* module.exports (exp.name == k1) */
		const char *str;                /* module-aliases: the target module */
	} v;
};

struct kvmap {
	struct kv *items; /* sorted by (k1, k2) once the layer is complete */
	uint32_t n;
};

struct listval {
	bool set;
	struct p1c_strlist list;
};

/* What one file says (with deletions still pending), or the merge of a chain (no deletions).
 * has_* / set flags tell "given" from "inherit or default". */
struct layer {
	const char *path;
	const char *name;
	const char *description; /* NULL when not given */
	struct where name_at;
	struct p1c_strlist extends;
	struct where *extends_at;

	bool has_unresolved;
	enum p1c_unresolved_policy unresolved;
	bool has_import_types, import_types_coerced;
	struct listval memtab, globals, libc, wasi_modules, entry_points;
	bool has_init;                    /* runtime.init-functions (replaces the inherited list) */
	uint32_t ninit;
	struct p1c_init_function *init;
	bool has_entry_checks;            /* module.entry-checks (replaces the inherited map) */
	uint32_t nentry_checks;
	struct p1c_entry_check *entry_checks;
	bool has_underscore, underscore;
	struct kvmap aliases, imports, exports;

	uint32_t ndeny;
	struct p1c_deny *deny;
	uint32_t *deny_rank; /* the layer each deny entry came from */
	uint32_t nwaivers;
	struct p1c_waiver *waivers;
	uint32_t nranks;     /* layers merged into this one (a file: 1) */

	/* Whole-module deletions (`imports: { env: ~ }`) and import-set deletions
	 * (`import-sets: { socket-extension: ~ }`), applied to the inherited imports. */
	struct kvmap module_dels, set_dels;

	uint8_t features[P1C_FEATURE_COUNT]; /* enum tri */
	struct where feature_at[P1C_FEATURE_COUNT];

	bool has_kind, has_memexp, has_both;
	enum p1c_kind_req kind;
	bool memexp;
	struct p1c_conds memexp_when;  /* required when any holds */
	uint8_t memexp_bites;          /* enum p1c_stage */
	enum p1c_both_entries both;

	uint8_t limit_state[P1C_LIMIT_COUNT]; /* TRI_UNSET, TRI_TRUE (set) or TRI_DELETE */
	uint64_t limit[P1C_LIMIT_COUNT];
	struct where limit_at[P1C_LIMIT_COUNT];
};

/* Reads the tree of one file into layer (validating every key and value). */
bool p1c_prof_layer_from_tree(const struct ynode *root, const char *path, struct p1c_arena *arena,
			      struct layer *out, struct p1c_profile_error *err);

/* ---- Init functions, entry checks, memory export (profile_device.c) ------------------- */

bool p1c_prof_read_init(const struct ynode *v, const char *path, struct p1c_arena *arena,
			struct layer *L, struct p1c_profile_error *err);
bool p1c_prof_read_entry_checks(const struct ynode *v, const char *path, struct p1c_arena *arena,
				struct layer *L, struct p1c_profile_error *err);
bool p1c_prof_read_memexp(const struct ynode *v, const char *path, struct p1c_arena *arena,
			  struct layer *L, struct p1c_profile_error *err);
/* The conditions `memory-export: required` stands for; false when memory ran out. */
bool p1c_prof_memexp_default(struct p1c_arena *arena, struct p1c_conds *out);

/* ---- Merging (profile_merge.c) -------------------------------------------------------- */

/* Overlays top on acc (acc is a resolved chain, top a file or another resolved chain):
 * scalars and lists given in top replace acc's, map entries merge key by key (a deletion
 * must hit an inherited entry), deny entries append. */
bool p1c_prof_apply(struct layer *acc, const struct layer *top, struct p1c_arena *arena,
		    struct p1c_profile_error *err);
/* The final profile: acc plus the defaults for everything nobody set. */
bool p1c_prof_finalize(const struct layer *acc, struct p1c_arena *arena, struct p1c_profile *out,
		       struct p1c_profile_error *err);
int p1c_prof_kv_cmp(const struct kv *a, const struct kv *b);

/* ---- Shared helpers (profile_diag.c) --------------------------------------------------- */

/* Fills err (file, 1-based line/column or 0, message); always returns false. The v form
 * serves the node-located wrappers of the schema files (p1c_sch_fail, profile_device.c). */
bool p1c_prof_vfail(struct p1c_profile_error *err, const char *file, uint32_t line,
		    uint32_t column, const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
bool p1c_prof_fail(struct p1c_profile_error *err, const char *file, uint32_t line,
		   uint32_t column, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
bool p1c_prof_nomem(struct p1c_profile_error *err, const char *file);
/* Parses a signature; on failure writes why into why[size]. */
bool p1c_prof_functype_parse(const char *text, struct p1c_arena *arena, struct p1c_functype *out,
			     char *why, size_t size);
/* A provided function of a semver-compatible version of the import's WASI 0.2 interface
 * (profile_semver.c), or NULL. */
const struct p1c_profile_import *p1c_prof_find_semver(const struct p1c_profile *p,
						      struct p1c_str module, struct p1c_str name);
/* The `waivers` list (a YAML sequence) of a profile or a --waivers file (profile_schema.c). */
bool p1c_prof_waivers_from_tree(const struct ynode *seq, const char *path, struct p1c_arena *arena,
				struct p1c_waiver **out, uint32_t *count, struct p1c_profile_error *err);

/* The resolved profile's import hash index (p1c_profile.import_slots); false: out of memory. */
bool p1c_prof_index_imports(struct p1c_profile *p, struct p1c_arena *arena);
void p1c_prof_index_deny(struct p1c_profile *p); /* deny_first */
/* Whether a deny pattern matches "module#name" or the module alone (profile_lookup.c). */
bool p1c_prof_deny_matches(const struct p1c_deny *d, struct p1c_str module, struct p1c_str name);

#endif
