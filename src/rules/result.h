/* What the reporters format: one audited input (its bytes, module, analysis and findings) and
 * the whole run. Filled by the run pipeline (cli/run.c); reporters only read it. */
#ifndef P1C_RESULT_H
#define P1C_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "base/arena.h"
#include "base/diag.h"
#include "base/input.h"
#include "profile/profile.h"
#include "rules/rules.h"
#include "wasm/module.h"

struct p1c_file_report {
	const char *path;      /* as given on the command line */
	bool readable;         /* false: io_error says why; nothing else is set */
	char io_error[256];
	uint64_t size;
	struct p1c_input input;
	bool decoded;          /* false: error holds the decode error */
	bool malformed;        /* not decoded, or some function bodies failed to decode */
	struct p1c_error error;
	struct p1c_module module;
	struct p1c_analysis analysis;
	struct p1c_audit audit;
	struct p1c_srcmap srcmap;  /* DWARF line tables (empty without DWARF) */
	/* A component's core modules as parsed (nested[i] is finding.nested i + 1; a malformed
	 * one has no imports), for the findings that refer into them. */
	uint32_t nnested_modules;
	struct p1c_module *nested_modules;
	struct p1c_arena arena;
};

/* What the reporters format: the whole run. */
struct p1c_report {
	const struct p1c_profile *profile;
	const struct p1c_file_report *files; /* every input named, in order; unreadable ones too */
	uint32_t nfiles;
	uint32_t nunreadable;                /* files with readable false: the verdict is "error" */
	bool pass;
	/* Where paths are shown from: absolute and normalized (base/path.h); set by the CLI.
	 * cwd resolves relative input paths; source_root is --source-root (default: cwd). */
	const char *cwd;
	const char *source_root;
	bool source_root_given;
};

#endif
