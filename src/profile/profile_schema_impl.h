/* Internal to the profile schema (profile_schema.c and profile_schema_imports.c): the walk's
 * context, key handlers, and the helpers both files use. */
#ifndef P1C_PROFILE_SCHEMA_IMPL_H
#define P1C_PROFILE_SCHEMA_IMPL_H

#include "profile/profile_impl.h"

#define MAX_NAME_LEN 128u

struct sctx {
	const char *path;
	struct p1c_arena *arena;
	struct p1c_profile_error *err;
	struct layer *L;
	struct p1c_deny *deny; /* the deny entry being read */
	struct p1c_waiver *waiver; /* the waiver being read */
	struct p1c_profile_import *imp; /* the import entry being read */
	const char *imp_what;
	bool imp_has_sig;
	const char *set;       /* the import set being read, or NULL */
};

struct key_handler {
	const char *key;
	bool (*fn)(struct sctx *c, const struct ynode *key, const struct ynode *val);
};

bool p1c_sch_fail(struct sctx *c, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct where p1c_sch_where(const struct ynode *n);
const char *p1c_sch_type_name(const struct ynode *n);
bool p1c_sch_want_type(struct sctx *c, const struct ynode *n, uint8_t type, const char *what);
bool p1c_sch_get_string(struct sctx *c, const struct ynode *n, const char *what, const char **out);
/* Keys must be strings and unique. */
bool p1c_sch_check_keys(struct sctx *c, const struct ynode *map, const char *what);
bool p1c_sch_walk_map(struct sctx *c, const struct ynode *map, const char *what,
		      const struct key_handler *h, size_t nh);
/* A core signature "(i32) -> i32". */
bool p1c_sch_parse_sig(struct sctx *c, const struct ynode *v, const char *what,
		       struct p1c_functype *out);

/* profile_schema_imports.c: `imports`, `import-sets`, and feature names as LLVM spells them. */
bool p1c_sch_on_imports(struct sctx *c, const struct ynode *k, const struct ynode *v);
bool p1c_sch_on_import_sets(struct sctx *c, const struct ynode *k, const struct ynode *v);
bool p1c_sch_check_duplicate_imports(struct sctx *c, const struct kvmap *m);
/* True when k is a feature name as LLVM or target_features spell it (the error is filled). */
bool p1c_sch_llvm_feature_name(struct sctx *c, const struct ynode *k);

#endif
