/* Shared by the rules' source files only. */
#ifndef P1C_RULES_INTERNAL_H
#define P1C_RULES_INTERNAL_H

#include "rules/rules.h"

#define RULES_MAX_RESOURCES 64u /* WASI 0.2 names 25 resources */

/* WASI 0.2 resources the module can obtain (rules_provenance.c). */
struct rules_provenance {
	const void **fns;      /* per import: its resource-table row, or NULL */
	uint32_t nres;
	const char *names[RULES_MAX_RESOURCES];  /* "interface#resource" */
	const char *giver[RULES_MAX_RESOURCES];  /* who can give the module one, NULL: nothing */
};

struct rules_ctx {
	const struct p1c_module *module;
	const struct p1c_analysis *analysis;
	const struct p1c_profile *profile;
	const struct p1c_init_sequence *init; /* the profile's init sequence for this module */
	const struct p1c_toolchain_info *toolchain; /* what built it: the help lines name its flags */
	struct p1c_arena *arena;
	struct p1c_finding *items;
	uint32_t count, cap;
	bool failed; /* out of memory */
	bool skip_texts; /* p1c_rules_opts.skip_texts: rules_printf formats nothing */
	/* reachability (rules_reach.c) */
	const struct p1c_callgraph *graph; /* NULL for components */
	const struct p1c_cg_reach *reach;  /* solved for this profile and --entry set (the audit's) */
	uint32_t max_paths;
	struct p1c_cg_head_memo head_memo; /* the last long tree path's head (one reach) */
	struct p1c_cg_reverse rev;         /* built when a first import needs explaining */
	struct p1c_cg_search search;       /* backward search from one import at a time */
	uint64_t search_budget;            /* nodes + edges one import's search may look at */
	uint8_t *is_libc;                  /* per function: a libc entry point by name */
	uint32_t nlibc_funcs;              /* functions flagged in is_libc */
	struct rules_provenance prov;
	uint8_t *in_elem;                  /* bit per function: in an element segment or a ref.func of a
					    * constant expression (built for the first unreached import) */
	uint64_t slot_scan_left;           /* element entries the slot lookups may still read */
	const char **type_texts;           /* per type index: "(i32) -> ()" once formatted */
	struct rules_explain_scratch *explain; /* reused by every import explained (rules_reach.c) */
};

struct p1c_finding *rules_add(struct rules_ctx *ctx, enum p1c_rule rule, uint64_t offset,
			      int section);
const char *rules_text(struct rules_ctx *ctx, const char *text);
/* A finding's text (message, help, a note) formatted into the arena, or NULL, formatting
 * nothing, when the audit's texts are skipped (skip_texts: no reporter reads them). Never
 * for a string whose presence decides anything. Marks the context failed on out-of-memory. */
const char *rules_printf(struct rules_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Room for n findings before the first is added (growing the list by doubling copies it and
 * leaves the old copies in the arena). Best effort: nothing is reserved when n findings would
 * take more than a quarter of what the arena may still hand out. Zeroed arena pages nobody
 * writes are never touched, so room left unused costs no memory, only arena headroom. */
void rules_reserve(struct rules_ctx *ctx, uint32_t n);
/* The finding's subject (struct p1c_subject). A name must outlive the audit: a literal, the
 * profile's, the input's or the arena's. rules_add starts every finding as MODULE "". */
void rules_subject(struct p1c_finding *f, enum p1c_subject_kind kind, const char *name);
void rules_subject_str(struct p1c_finding *f, enum p1c_subject_kind kind, struct p1c_str name);
void rules_subject_import(struct p1c_finding *f, const struct p1c_import *imp);
/* A finding about import `index`, at its offset in the import section, with the import and its
 * subject set; NULL when memory ran out (rules_add). */
struct p1c_finding *rules_add_import(struct rules_ctx *ctx, enum p1c_rule rule, uint32_t index);
/* Counts by severity, the earliest bites, the verdict: suppressed findings left out. */
void rules_recount(const struct p1c_rules_opts *opts, struct p1c_audit *out);
/* Offset of the first section with that id, else of the module's preamble. */
uint64_t rules_section_offset(const struct p1c_module *m, uint8_t id);

/* "(i32) -> ()" for a function type index, formatted once per type; NULL when the index is
 * not a function type. */
const char *rules_type_text(struct rules_ctx *ctx, uint32_t type);

bool rules_reach_setup(struct rules_ctx *ctx, const struct p1c_rules_opts *opts, struct p1c_audit *out);
bool rules_reverse_ready(struct rules_ctx *ctx); /* ctx->rev */
bool rules_search_ready(struct rules_ctx *ctx);  /* ctx->rev and ctx->search */
/* Reachability, bites, severity, paths and libc entry points of an offending function import. */
void rules_explain_import(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t func);
enum p1c_reach rules_import_reach(const struct rules_ctx *ctx, uint32_t func);
bool rules_via_indirect(const struct rules_ctx *ctx, uint32_t func);
bool rules_reached(const struct rules_ctx *ctx, uint32_t func);
/* For an import nothing reaches: what would reach it and why it does not (unreached_note). */
void rules_explain_unreached(struct rules_ctx *ctx, struct p1c_finding *f, uint32_t func);

/* WASI 0.2 resource provenance: what the module can obtain (after reachability), then per
 * finding whether the handle its import takes can exist. */
bool rules_provenance_setup(struct rules_ctx *ctx);
void rules_provenance_apply(struct rules_ctx *ctx, struct p1c_finding *f);
/* The resource-table row of a WASI 0.2 function import, or NULL. */
const void *rules_p2_lookup_import(struct p1c_str module, struct p1c_str name);

bool rules_why(struct rules_ctx *ctx, const char *arg, struct p1c_audit *out);

/* Help text for the toolchain that built the module (advice.c); neutral when unknown. */
const char *rules_feature_advice(struct rules_ctx *ctx, enum p1c_feature f);
const char *rules_wasip1_target_advice(const struct rules_ctx *ctx);
const char *rules_static_link_advice(const struct rules_ctx *ctx);
const char *rules_exec_model_advice(const struct rules_ctx *ctx, bool reactor);

void check_component(struct rules_ctx *ctx);
void check_features(struct rules_ctx *ctx, uint32_t allowed);
void check_imports(struct rules_ctx *ctx, struct p1c_audit *out);
void check_wasip2_build(struct rules_ctx *ctx, struct p1c_audit *out);
void check_entry_points(struct rules_ctx *ctx);
void check_init_never_runs(struct rules_ctx *ctx);
void check_init_wasi_calls(struct rules_ctx *ctx);
void check_exports(struct rules_ctx *ctx);
void check_limits(struct rules_ctx *ctx);
void check_baseline(struct rules_ctx *ctx, const struct p1c_baseline *baseline);

#endif
