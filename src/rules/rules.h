/* Rules: a decoded module + a profile -> findings. No output; reporters format the result. */
#ifndef P1C_RULES_H
#define P1C_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "analysis/dwarf.h"
#include "analysis/toolchain.h"
#include "base/arena.h"
#include "rules/baseline.h"
#include "rules/init_sequence.h"
#include "analysis/callgraph.h"
#include "base/diag.h"
#include "wasm/module.h"
#include "profile/profile.h"

enum p1c_rule {
#define RULE(id, slug, severity, desc) P1C_RULE_##id,
#include "rules/rules.def"
#undef RULE
	P1C_RULE_COUNT
};

enum p1c_severity { P1C_SEV_NOTE, P1C_SEV_WARNING, P1C_SEV_ERROR };

/* When the device fails on a finding. */
enum p1c_bites {
	P1C_BITES_NA,          /* not applicable (no runtime effect to speak of) */
	P1C_BITES_LOAD,        /* the runtime refuses to load the module */
	P1C_BITES_INSTANTIATE, /* loading works, instantiation fails */
	P1C_BITES_CALL,        /* a trap when the offending code runs */
	P1C_BITES_NEVER,       /* tolerated by this runtime */
};

enum p1c_reach { P1C_REACH_NA, P1C_REACH_YES, P1C_REACH_NO };

/* How sure a reachable call is (findings that bite at instantiate through an init root, or at
 * call): every run of a root makes it, only some runs, or only through indirect calls. */
enum p1c_certainty { P1C_CERTAINTY_NA, P1C_CERTAINTY_ALWAYS, P1C_CERTAINTY_CONDITIONAL,
		     P1C_CERTAINTY_INDIRECT };

enum p1c_import_status {
	P1C_IMPORT_PROVIDED,
	P1C_IMPORT_MISSING,    /* function the profile does not provide */
	P1C_IMPORT_MISMATCH,   /* provided under another type */
	P1C_IMPORT_DENIED,     /* listed but matched by a deny pattern */
	P1C_IMPORT_UNRESOLVED, /* memory, table, global or tag the runtime cannot resolve */
};

enum p1c_module_kind {
	P1C_KIND_COMMAND_MODULE,
	P1C_KIND_REACTOR_MODULE,
	P1C_KIND_LIBRARY_MODULE,
	P1C_KIND_COMPONENT_MODULE,
	P1C_KIND_INVALID_MODULE,
};


#define P1C_NO_IMPORT P1C_NO_INDEX /* finding.import: not about an import */
#define P1C_NO_FUNC P1C_NO_INDEX   /* finding.function: not in a function */

/* WASI 0.2 provenance of the resource a [resource-drop]R or [method]R.* import takes. */
struct p1c_provenance {
	const char *resource;  /* "wasi:sockets/udp#udp-socket" */
	const char *producer;  /* what can give the module one, or NULL: nothing can */
	const char *reasoning; /* in words */
};

/* What a finding is about, set by its rule. Waivers match it and SARIF fingerprints hash it,
 * never the message text: rewording a message keeps both. */
enum p1c_subject_kind {
	P1C_SUBJECT_MODULE,  /* the module as a whole; name says what of it (see p1c_subject) */
	P1C_SUBJECT_IMPORT,  /* module and name: the import's */
	P1C_SUBJECT_EXPORT,  /* name: the export's (P1C030: also the second one) */
	P1C_SUBJECT_FEATURE, /* name: the feature's (features.def) */
	P1C_SUBJECT_LIMIT,   /* name: the profile's limit key (limits.def, "max-memory") */
	P1C_SUBJECT_WAIVER,  /* name: the unused waiver as written ("P1C011 import=env#* module=a*") */
};

/* Strings point into the input, the profile or the arena, and live as long as the audit.
 * MODULE names: "component" (P1C001), "encoding" (P1C002), "validation" (P1C003), the
 * module kind the host rejects (P1C031: "command", "library"...). */
struct p1c_subject {
	enum p1c_subject_kind kind;
	struct p1c_str module; /* IMPORT: the import's module name; empty otherwise */
	struct p1c_str name;
	struct p1c_str also;   /* P1C030: "_initialize" (name is "_start"); empty otherwise */
};

/* The 4-byte and 1-byte fields first, then the 8-byte ones: no padding but the last bytes of
 * the first group (216 bytes; a module with an offending import per 22 bytes holds one each). */
struct p1c_finding {
	enum p1c_rule rule;
	enum p1c_severity severity;
	enum p1c_bites bites;
	enum p1c_reach reachable;
	enum p1c_certainty certainty;
	int section;           /* P1C_SECTION_NONE if none */
	uint32_t function;     /* function index the location is in, or P1C_NO_FUNC */
	uint32_t import;       /* position in module->imports, or P1C_NO_IMPORT */
	uint32_t npaths;
	int feature;           /* enum p1c_feature (P1C020), or -1 */
	uint32_t count;        /* P1C020: uses of the feature; 0 otherwise */
	uint32_t waiver_line;  /* see waiver */
	/* A component's finding about one of its core modules: that module's number (1-based;
	 * 0 for the file's own module). function, import, paths index into that module. */
	uint32_t nested;
	bool has_offset;
	bool search_bounded;   /* the search for more paths and libc entry points hit its budget */
	struct p1c_subject subject;
	const char *message;
	const char *help;      /* optional hint, NULL if none */
	uint64_t offset;
	struct p1c_cg_path *paths;     /* shortest witness paths, root first, import last */
	struct p1c_strlist libc_entry_points;
	const char *certainty_note; /* why, in words ("always: ..."), or NULL */
	const struct p1c_provenance *provenance; /* WASI 0.2 resource methods and drops, or NULL */
	const char *unreached_note; /* reachable NO: why nothing reaches it, in words */
	/* Source locations from DWARF (p1c_rules_attach_sources), NULL without: src is where a
	 * reviewer acts (see there); path_src[i][j] where step j of path i is called from (the
	 * call in step j-1; [i][0] the root's first instruction), line 0 when unknown. */
	const struct p1c_srcloc *src;
	struct p1c_srcloc **path_src;
	/* A waiver accepted it (p1c_waivers_apply): its reason and where it is written
	 * ("FILE:LINE", waiver_line its line); a suppressed finding counts toward no severity and
	 * no --fail-on. */
	const char *suppressed;
	const char *waiver;
};

/* --why: everything that reaches one import. */
struct p1c_why_entry {
	uint32_t func;        /* a root, or a libc entry point */
	uint8_t root_bits;    /* P1C_CG_ROOT_* (roots only) */
	struct p1c_cg_path path;
};

struct p1c_why {
	bool found;           /* false: the --why argument names no function import */
	uint32_t import;      /* position in module->imports */
	bool reachable;       /* from some root */
	uint32_t nroots, nroots_total;
	struct p1c_why_entry *roots;
	uint32_t nlibc, nlibc_total;
	struct p1c_why_entry *libc;
};

/* --fail-on: the lowest severity that fails the audit (enum p1c_severity values), or none. */
enum p1c_fail_on { P1C_FAIL_ON_NOTE, P1C_FAIL_ON_WARNING, P1C_FAIL_ON_ERROR, P1C_FAIL_ON_NONE };

struct p1c_rules_opts {
	enum p1c_fail_on fail_on;
	uint32_t max_paths;          /* witness paths per finding */
	const char *const *entries;  /* --entry names: extra roots */
	uint32_t nentries;
	const char *why;             /* --why IMPORT ("module#name" or function index), or NULL */
	const struct p1c_baseline *baseline; /* --baseline, or NULL */
	/* No reporter reads this audit (-q without -o: only the exit status is wanted): the
	 * findings' texts (message, help, certainty and unreached notes, provenance reasoning) may be
	 * left NULL, unformatted. Everything else a finding holds (rule, severity, bites,
	 * reachability, certainty, paths, libc entry points) and so the verdict is the same. */
	bool skip_texts;
};

enum p1c_wasip2_build { P1C_WASIP2_NONE, P1C_WASIP2_MIXED, P1C_WASIP2_PURE };

struct p1c_audit {
	enum p1c_module_kind kind;
	bool has_init;                         /* core modules: init is set */
	struct p1c_init_sequence init;         /* what the runtime runs while instantiating it */
	enum p1c_import_status *import_status; /* one per module import */
	enum p1c_reach *import_reach;          /* one per module import (functions only) */
	bool *import_via_indirect;             /* shortest path from a root uses an indirect edge */
	const struct p1c_cg_reach *reach;      /* roots, reach bits, search tree (core modules) */
	struct p1c_toolchain_info toolchain;   /* what built the module, when it shows (core modules) */
	enum p1c_wasip2_build wasip2_build;    /* a core module that imports WASI 0.2 functions */
	const char *wasip2_verdict;            /* its one-line verdict, or NULL */
	const char *unmatched_entry;           /* an --entry that names no function, or NULL */
	struct p1c_why *why;                   /* --why result (NULL when not asked) */
	uint32_t nfindings;
	struct p1c_finding *findings;          /* sorted by (offset, rule) */
	uint32_t counts[3];                    /* by enum p1c_severity, suppressed ones left out */
	uint32_t nsuppressed;                  /* findings a waiver accepted */
	enum p1c_bites earliest_bites;         /* the earliest stage an error bites at; NA if none */
	/* The earliest stage an error surely bites at: one whose call is not conditional or
	 * indirect (features, limits, shape, link errors, `always` calls); NA if none. Earlier
	 * than that, the module only may fail. */
	enum p1c_bites earliest_certain_bites;
	/* LOAD or INSTANTIATE when a sure failure at loading, or at linking (an import the
	 * runtime cannot link: P1C013, or P1C010-P1C012 on a link-error runtime), comes before
	 * the init sequence, which then never starts (suppressed findings count: the device
	 * still fails); NA otherwise. */
	enum p1c_bites init_blocked;
	bool pass;
	/* Bit f set: the profile accepts feature f as the module uses it (the per-feature verdict
	 * P1C020 reports on and the JSON features list shows as "allowed"). */
	uint32_t features_allowed;
};

const char *p1c_rule_id(enum p1c_rule rule);
const char *p1c_rule_slug(enum p1c_rule rule);
const char *p1c_rule_description(enum p1c_rule rule);
enum p1c_severity p1c_rule_default_severity(enum p1c_rule rule);
const char *p1c_severity_name(enum p1c_severity sev);
const char *p1c_bites_name(enum p1c_bites bites);
const char *p1c_import_status_name(enum p1c_import_status status);
const char *p1c_module_kind_name(enum p1c_module_kind kind);
const char *p1c_edge_name(enum p1c_cg_edge edge);
const char *p1c_certainty_name(enum p1c_certainty c); /* NULL for NA */
const char *p1c_subject_kind_name(enum p1c_subject_kind kind); /* "import", "export"... */

/* A rule's documentation (rules_doc.def): SARIF tags (space separated) and precision, what it
 * checks, when it bites, how to fix it, an example finding. Text with `code` spans. */
struct p1c_rule_doc {
	const char *tags, *precision, *checks, *bites, *fix, *example;
};
const struct p1c_rule_doc *p1c_rule_doc(enum p1c_rule rule);
/* A rule by id (any case) or slug; false when none has that name. */
bool p1c_rule_lookup(const char *name, enum p1c_rule *out);
/* When the rule bites on profile p, as one line (for --explain). */
void p1c_rule_bites_on(enum p1c_rule rule, const struct p1c_profile *p, char *buf, size_t size);

enum p1c_module_kind p1c_module_kind_of(const struct p1c_module *m);
/* WASI 0.2 names: "wasi:*" and "cm32p2|*" modules, and the adapter-only
 * wasi_snapshot_preview1 adapter_* functions. */
bool p1c_is_wasip2_import(struct p1c_str module, struct p1c_str name);

/* The per-feature verdict (p1c_audit.features_allowed): bit f is set when the profile
 * accepts the module's use of feature f: the profile allows it, or f is legacy-exceptions
 * shown only by tags and `throw` (valid under either exception proposal) and the profile
 * allows exceptions. P1C020 reports the used features it rejects, except component-model
 * (see rules_features.c). */
uint32_t p1c_features_allowed(const struct p1c_profile *p, const struct p1c_feature_set *set);

/* Audit a well-formed module (or component) against the profile. false only when the
 * arena runs out of memory. */
bool p1c_rules_run(const struct p1c_module *m, const struct p1c_analysis *a, const struct p1c_profile *p,
		   const struct p1c_rules_opts *opts, struct p1c_arena *arena, struct p1c_audit *out);
/* A component's audit takes in what one of its core modules needs: the nested audit's
 * import, feature and decode findings, their messages prefixed with the module's number and
 * offset, marked with finding.nested = number (their import, function and paths refer into
 * that module; its shape findings are left out). Recounts and re-sorts `into`. */
bool p1c_rules_merge_nested(struct p1c_audit *into, const struct p1c_audit *nested, uint32_t number,
			    uint64_t offset, const struct p1c_rules_opts *opts, struct p1c_arena *arena);
/* Source locations for the audit's findings from the module's line tables: each path step's
 * call site (the caller's first call to the step that always runs when the caller does, else
 * its first call to it), and the finding's own place: the first call site on its first path whose file
 * lies under source_root (an absolute directory, or NULL: any), else the deepest call site
 * that has a location, else the finding's offset when it is code. */
bool p1c_rules_attach_sources(const struct p1c_module *m, const struct p1c_srcmap *map,
			      const char *source_root, struct p1c_audit *audit, struct p1c_arena *arena);
/* Waivers (profile `waivers:` and --waivers): marks the findings of one input (path as given)
 * whose rule and subject (finding.subject) a waiver accepts as suppressed (the first matching
 * waiver's reason), counting each waiver's matches in hits[], then recounts the audit and its
 * verdict without them. */
bool p1c_waivers_apply(const struct p1c_waiver *w, uint32_t n, const char *path,
		       const struct p1c_rules_opts *opts, struct p1c_audit *audit, uint32_t *hits);
/* One P1C061 note per waiver with no hit, added to `into` (at the waiver's file and line). */
bool p1c_waivers_unused(const struct p1c_waiver *w, uint32_t n, const uint32_t *hits,
			const struct p1c_rules_opts *opts, struct p1c_arena *arena,
			struct p1c_audit *into);
/* The audit of an input that failed to decode: one P1C002 finding with the error's offset. */
bool p1c_rules_malformed(const struct p1c_error *err, const struct p1c_rules_opts *opts,
			 struct p1c_arena *arena, struct p1c_audit *out);

#endif
