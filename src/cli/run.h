/* The pipeline for one input: read -> decode -> rules. Shared by main and the fuzzer. */
#ifndef P1C_RUN_H
#define P1C_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "profile/profile.h"
#include "rules/result.h"
#include "rules/rules.h"

struct p1c_run_opts {
	const struct p1c_profile *profile;
	struct p1c_rules_opts rules;
	/* --source-root (absolute, normalized) for choosing a finding's source location, or NULL */
	const char *source_root;
};

/* Audits one in-memory input (no file access). false only when out of memory. */
bool p1c_run_bytes(const uint8_t *data, size_t size, const struct p1c_run_opts *opts,
		   struct p1c_file_report *out);
/* Opens and audits a file; false when it cannot be read (io_error) or memory ran out. */
bool p1c_run_file(const char *path, const struct p1c_run_opts *opts, struct p1c_file_report *out);
void p1c_file_report_free(struct p1c_file_report *report);
/* The whole run's report over the audited files, with its verdict: pass when every file's
 * audit passes and none is malformed. The one verdict main and the fuzzer share. */
struct p1c_report p1c_run_report(const struct p1c_profile *profile,
				 const struct p1c_file_report *files, uint32_t nfiles);

#endif
