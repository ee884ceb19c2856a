/* Device profiles: YAML (libyaml) -> struct p1c_profile, with `extends`, full validation,
 * and errors as file:line:column. No output, no exit. */
#ifndef P1C_PROFILE_H
#define P1C_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "wasm/features.h"
#include "wasm/module.h"


enum p1c_unresolved_policy {
	P1C_UNRESOLVED_TRAP_ON_CALL, /* WAMR: unresolved function imports trap when called */
	P1C_UNRESOLVED_LINK_ERROR,   /* wasmtime, Node: any unresolved import fails instantiation */
};

enum p1c_kind_req {
	P1C_KIND_ANY,                /* no requirement */
	P1C_KIND_COMMAND,            /* must export _start */
	P1C_KIND_REACTOR,            /* must export _initialize and no _start */
	P1C_KIND_COMMAND_OR_REACTOR, /* must have an entry point */
};

enum p1c_both_entries {
	P1C_BOTH_RUN_BOTH, /* WAMR: _initialize while instantiating, then _start */
	P1C_BOTH_REFUSE,   /* Node: refuses a module exporting both */
};

struct p1c_strlist {
	const char **items;
	uint32_t count;
};

/* When the runtime does something: one condition over the module and the profile. Written in a
 * profile as "always", "imports-wasi", "no-wasi-imports", "export:NAME", "no-export:NAME" or
 * "feature:NAME" (the profile allows that feature, i.e. the runtime was built with it). */
enum p1c_cond_kind {
	P1C_COND_ALWAYS,
	P1C_COND_IMPORTS_WASI,    /* >= 1 function import from a runtime.wasi-modules module */
	P1C_COND_NO_WASI_IMPORTS,
	P1C_COND_EXPORT,          /* the module exports `name` (any kind) */
	P1C_COND_NO_EXPORT,
	P1C_COND_FEATURE,         /* the profile allows `feature` */
};

struct p1c_cond {
	uint8_t kind;        /* enum p1c_cond_kind */
	uint8_t feature;     /* enum p1c_feature, for P1C_COND_FEATURE */
	const char *name;    /* export name, for P1C_COND_EXPORT / P1C_COND_NO_EXPORT */
	const char *text;    /* as written in the profile */
};

struct p1c_conds {
	struct p1c_cond *items;
	uint32_t count;
};

/* What happens to an init function or an entry point of another type than () -> (). */
enum p1c_wrong_type {
	P1C_WRONG_TYPE_SKIP, /* WAMR: not called, silently */
	P1C_WRONG_TYPE_FAIL, /* instantiation fails */
	P1C_WRONG_TYPE_RUN,  /* called anyway (JS hosts coerce the arguments) */
};

/* The stage at which a shape problem bites. */
enum p1c_stage { P1C_STAGE_LOAD, P1C_STAGE_INSTANTIATE, P1C_STAGE_CALL };

#define P1C_INIT_START_FUNCTION "start-function"

/* What a proc_exit during an init step does (runtime.init-functions proc-exit). */
enum p1c_proc_exit {
	P1C_EXIT_EXITS,              /* the module ends as asked */
	P1C_EXIT_FAILS,              /* the host's call of the step fails, after instantiation */
	P1C_EXIT_FAILS_INSTANTIATE,  /* the step runs while instantiating, which fails */
};

/* One step of what the runtime runs while instantiating (runtime.init-functions). */
struct p1c_init_function {
	const char *name;       /* an export name, or P1C_INIT_START_FUNCTION */
	bool start_function;    /* the start section's function */
	bool skip_imported;     /* start function only: an imported one is not run */
	uint8_t wrong_type;     /* enum p1c_wrong_type */
	bool wasi_unavailable;  /* the host sets WASI up only after this step: WASI calls fail */
	uint8_t proc_exit;      /* enum p1c_proc_exit: what a proc_exit during this step does */
	struct p1c_conds when;  /* all must hold */
};

/* module.entry-checks: an export the runtime checks when it is present. */
struct p1c_entry_check {
	const char *name;
	uint32_t ntypes;        /* the types it may have; 0: only "must be a function" */
	struct p1c_functype *types;
	bool defined;           /* must be a function the module defines (not a re-exported import) */
	uint8_t bites;          /* enum p1c_stage */
	struct p1c_conds when;  /* checked only when all hold */
};

struct p1c_profile_import {
	const char *module;
	const char *name;
	struct p1c_functype type;  /* the core type (derived from a WAMR signature) */
	const char *signature;     /* a WAMR native signature as written ("(i*~)i"), or NULL */
	bool unchecked;            /* WAMR signature "": the runtime does not check the type */
	const char *stub;          /* what a stub does instead ("returns ENOSYS..."), or NULL */
	const char *set;           /* the import-sets entry it came from, or NULL */
};

struct p1c_module_alias {
	const char *from; /* e.g. wasi_unstable */
	const char *to;   /* e.g. wasi_snapshot_preview1 */
};

struct p1c_deny {
	const char *pattern; /* fnmatch-style glob over "module#name", or over the module alone */
	const char *reason;
	uint32_t literal;    /* the pattern's literal start: bytes before its first *, ?, [ or \ */
};

/* An accepted finding (profile `waivers:` or a --waivers file): the rule (id or slug as
 * written), at most one subject (an import glob over "module#name", a feature name, an export
 * name, a limit key of limits.def), an optional glob over the input's path, and why it is
 * accepted. */
struct p1c_waiver {
	const char *rule;
	const char *import;
	const char *feature;
	const char *export_name;
	const char *limit;
	const char *module;
	const char *reason;
	const char *file;  /* where it is written */
	uint32_t line;
};

struct p1c_required_export {
	const char *name;
	uint8_t kind;           /* enum p1c_extern_kind */
	bool has_type;          /* functions: exact type required */
	struct p1c_functype type;
};

#define P1C_LIMIT_UNSET UINT64_MAX

/* One field per limit key of limits.def (max_initial_memory, max_memory...), in bytes or a
 * count as the .def says; P1C_LIMIT_UNSET when the profile does not set it. */
struct p1c_profile_limits {
#define LIMIT(id, key, field, is_size, what) uint64_t field;
#include "profile/limits.def"
#undef LIMIT
};

enum p1c_limit_id {
#define LIMIT(id, key, field, is_size, what) P1C_LIMIT_##id,
#include "profile/limits.def"
#undef LIMIT
	P1C_LIMIT_COUNT
};

/* The key ("max-memory"), whether it takes a size suffix, and the field of each limit. */
const char *p1c_limit_key(enum p1c_limit_id id);
bool p1c_limit_is_size(enum p1c_limit_id id);
uint64_t p1c_limit_get(const struct p1c_profile_limits *l, enum p1c_limit_id id);
uint64_t *p1c_limit_field(struct p1c_profile_limits *l, enum p1c_limit_id id);
/* The largest binary unit ("GiB", "MiB", "KiB") that divides bytes exactly, with *count
 * set to bytes in that unit; NULL (and *count = bytes) when none does, or bytes is 0. The
 * one rule for writing sizes: "16MiB" in a printed profile, "16 MiB" in a finding. */
const char *p1c_size_unit(uint64_t bytes, uint64_t *count);
/* The bytes in one "KiB", "MiB" or "GiB"; 0 for any other text. */
uint64_t p1c_size_suffix(const char *suffix);

struct p1c_profile {
	const char *name;
	const char *description;
	const char *path;              /* file it was loaded from */
	struct p1c_strlist extends;    /* as written in the file (already merged) */

	enum p1c_unresolved_policy unresolved;
	bool import_types_coerced;     /* runtime.import-types: coerced (a mistyped import links) */
	uint32_t ninit;
	struct p1c_init_function *init; /* runtime.init-functions, in the order they run */
	struct p1c_strlist wasi_modules; /* runtime.wasi-modules: what "imports WASI" means */
	bool underscore_fallback;
	struct p1c_strlist memory_table_import_modules;
	struct p1c_strlist global_imports; /* "module#name" the host resolves; empty = none */
	uint32_t nmodule_aliases;
	struct p1c_module_alias *module_aliases;

	uint32_t nimports;
	struct p1c_profile_import *imports; /* sorted by (module, name) */
	/* A hash index over imports by (module, name): import_slots + 1 slots (a power of two),
	 * each 1 + an index into imports or 0 (empty), linear probing. NULL: none (lookups
	 * search the sorted imports). Built by the loader. */
	uint32_t *import_slots;
	uint32_t import_slot_mask;

	uint32_t ndeny;
	struct p1c_deny *deny;
	/* Built by the loader (deny_first_set): bit b of deny_first is set when some pattern can
	 * match a subject ("module#name") whose first byte is b: its literal start begins with b,
	 * or it has none. Without it, every pattern is tried. */
	bool deny_first_set;
	uint8_t deny_first[32];

	uint32_t nwaivers;             /* from every file of the extends chain, parents first */
	struct p1c_waiver *waivers;

	uint64_t features_allowed; /* bit (1 << enum p1c_feature) */

	enum p1c_kind_req kind;          /* the host: runs an entry point, calls exports, either */
	struct p1c_strlist entry_points; /* module.entry-points: what a command host runs, first found */
	uint32_t nentry_checks;
	struct p1c_entry_check *entry_checks;
	bool memory_export_required;
	struct p1c_conds memory_export_when; /* required when any holds */
	uint8_t memory_export_bites;         /* enum p1c_stage */
	enum p1c_both_entries start_and_initialize;
	uint32_t nrequired_exports;
	struct p1c_required_export *required_exports;

	struct p1c_profile_limits limits;
	struct p1c_strlist libc_entry_points;
};

struct p1c_profile_error {
	char file[512];
	uint32_t line, column; /* 1-based; 0 when not tied to a place in the file */
	char msg[256];
};

/* A profile compiled into the binary (generated at build time from the YAML files in profiles/). */
struct p1c_profile_builtin {
	const char *name; /* the file name without ".yaml" */
	const char *text; /* the YAML, NUL-terminated */
	size_t len;
	/* The text as the YAML reader parses it (profile_tree.c), read instead of parsing the
	 * text again (also for a file with exactly these bytes); NULL: parse it. */
	const unsigned char *tree;
	size_t tree_len;
};
extern const struct p1c_profile_builtin p1c_builtin_profiles[];
extern const size_t p1c_builtin_profile_count;

/* Where profiles are found by name, in order: the directories, then the built-in copies. */
struct p1c_profile_search {
	const char *const *dirs;
	size_t ndirs;
	const struct p1c_profile_builtin *builtins;
	size_t nbuiltins;
};

/* The path a built-in profile is shown with in messages and listings. */
#define P1C_BUILTIN_PREFIX "<built-in>/"

/* name_or_path: a profile name looked up as <dir>/<name>.yaml along the search path (then
 * among the built-in copies), or a path when it ends in ".yaml"/".yml" or contains '/'. A name
 * in `extends` is first looked for next to the file that names it (for a built-in profile:
 * among the built-in copies), then along the search path. */
bool p1c_profile_load(const char *name_or_path, const struct p1c_profile_search *search,
		      struct p1c_arena *arena, struct p1c_profile *out, struct p1c_profile_error *err);
/* Parse YAML text already in memory (used by tests and the fuzzer); `extends` is resolved
 * through search. display_path is used in messages. */
bool p1c_profile_load_text(const char *text, size_t len, const char *display_path,
			   const struct p1c_profile_search *search, struct p1c_arena *arena,
			   struct p1c_profile *out, struct p1c_profile_error *err);

struct p1c_profile_entry {
	const char *name;
	const char *description;
	const char *path; /* P1C_BUILTIN_PREFIX "<name>.yaml" for a built-in copy */
	bool builtin;
};
/* Every profile along the search path (first one of a name wins), sorted by name. */
bool p1c_profile_list(const struct p1c_profile_search *search, struct p1c_arena *arena,
		      struct p1c_profile_entry **out, uint32_t *out_count,
		      struct p1c_profile_error *err);

/* A --waivers FILE: a YAML mapping whose one key `waivers` is a list like the profile's. */
bool p1c_waivers_load(const char *path, struct p1c_arena *arena, struct p1c_waiver **out,
		      uint32_t *count, struct p1c_profile_error *err);

/* Lookups used by the rules. */
const struct p1c_profile_import *p1c_profile_find_import(const struct p1c_profile *p,
							 struct p1c_str module, struct p1c_str name);
/* For an import from a WASI 0.2 interface the profile does not provide: the provided module
 * ("wasi:io/streams@0.2.0") of that interface nearest in version (one that has the function
 * first), or NULL when it provides nothing of that interface. */
const char *p1c_profile_nearest_provided(const struct p1c_profile *p, struct p1c_str module,
					 struct p1c_str name, bool *has_function);
bool p1c_profile_feature_allowed(const struct p1c_profile *p, enum p1c_feature f);
/* The first deny entry matching module#name, or NULL. Only for imports the profile does not
 * list: a listed import beats the deny patterns of its own layer and its parents, and one a
 * child's pattern takes away is not in the resolved list at all. */
const struct p1c_deny *p1c_profile_denied(const struct p1c_profile *p, struct p1c_str module,
					  struct p1c_str name);
bool p1c_strlist_contains(const struct p1c_strlist *list, struct p1c_str s);
/* NULL when a and b are the same profile (every key after merging), else the first part
 * that differs ("limits", "imports"...). */
const char *p1c_profile_diff(const struct p1c_profile *a, const struct p1c_profile *b);
/* WAMR native signatures (the NativeSymbol signature string). Parse: the core type it
 * stands for; on failure *at is the index of the offending character and why says what is
 * wrong. Match: whether WAMR accepts an import of type ft for it (an empty signature
 * accepts any type). */
bool p1c_wamr_sig_parse(const char *text, struct p1c_arena *arena, struct p1c_functype *out,
			size_t *at, char *why, size_t size);
bool p1c_wamr_sig_matches(const char *sig, const struct p1c_functype *ft);
/* Whether a provided entry accepts an import of type ft (core syntax: equal types). */
bool p1c_profile_import_accepts(const struct p1c_profile_import *e, const struct p1c_functype *ft);
/* Parse "(i32 i64) -> i32" into an arena-backed type; false on a syntax error. */
bool p1c_functype_parse(const char *text, struct p1c_arena *arena, struct p1c_functype *out);

/* The words profiles use for these values ("trap-on-call", "command-or-reactor", "refuse"...),
 * the inverse of what the loader accepts; NULL for a value out of range. */
const char *p1c_unresolved_policy_name(enum p1c_unresolved_policy v);
const char *p1c_kind_req_name(enum p1c_kind_req v);
const char *p1c_both_entries_name(enum p1c_both_entries v);
const char *p1c_wrong_type_name(enum p1c_wrong_type v);
const char *p1c_stage_name(enum p1c_stage v);
/* Parses one condition word ("imports-wasi", "export:_start", "feature:bulk-memory"...);
 * false when it is none of them. */
bool p1c_cond_parse(const char *text, struct p1c_cond *out);
/* "i32", "i64", "f32", "f64", "v128", "funcref", "externref", "exnref": the value types a
 * profile signature can name; NULL for any other code. */
const char *p1c_profile_valtype_name(uint8_t code);

#endif
