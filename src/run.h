/* The pipeline for one input: read -> decode -> rules. Shared by main and the fuzzer. */
#ifndef P1C_RUN_H
#define P1C_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis.h"
#include "arena.h"
#include "input.h"
#include "module.h"
#include "profile.h"
#include "rules.h"

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
	struct p1c_arena arena;
};

struct p1c_run_opts {
	const struct p1c_profile *profile;
	enum p1c_severity fail_on;
	uint32_t max_paths;
	const char *const *entries;
	uint32_t nentries;
	const char *why;
	const struct p1c_baseline *baseline;
};

/* Audits one in-memory input (no file access). false only when out of memory. */
bool p1c_run_bytes(const uint8_t *data, size_t size, const struct p1c_run_opts *opts,
		   struct p1c_file_report *out);
/* Opens and audits a file; false when it cannot be read (io_error) or memory ran out. */
bool p1c_run_file(const char *path, const struct p1c_run_opts *opts, struct p1c_file_report *out);
void p1c_file_report_free(struct p1c_file_report *report);

/* What the reporters format: the whole run. */
struct p1c_report {
	const struct p1c_profile *profile;
	const struct p1c_file_report *files; /* readable files only */
	uint32_t nfiles;
	bool pass;
};

#endif
