/* Reporters: format an immutable run result. They never re-parse and never decide severity.
 * Each returns 0, or -1 when writing failed (ferror on out). */
#ifndef P1C_REPORT_H
#define P1C_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "rules/result.h"

struct p1c_text_opts {
	bool color;
	bool verbose;  /* every finding; without it, WASI 0.2 findings are grouped by interface */
};

int p1c_report_text(FILE *out, const struct p1c_report *report, const struct p1c_text_opts *opts);
int p1c_report_json(FILE *out, const struct p1c_report *report);
int p1c_report_dot(FILE *out, const struct p1c_report *report);
int p1c_report_sarif(FILE *out, const struct p1c_report *report);
/* GitHub Actions workflow commands (::error file=...::...), sorted by severity, at most
 * P1C_GITHUB_MAX_PER_KIND per kind (GitHub keeps no more per step) ending in a summary. */
#define P1C_GITHUB_MAX_PER_KIND 10
int p1c_report_github(FILE *out, const struct p1c_report *report);
/* Markdown for $GITHUB_STEP_SUMMARY or a PR comment, under P1C_MARKDOWN_MAX bytes (cut with
 * a note beyond: GitHub refuses a larger step summary). */
#define P1C_MARKDOWN_MAX (1024u * 1024u)
int p1c_report_markdown(FILE *out, const struct p1c_report *report);

/* The rule catalogue: --list-rules (text or JSON), --explain (with what the rule means on
 * each of the given profiles), the man page's RULES section, the SARIF rule help. */
int p1c_report_rule_list(FILE *out, bool json);
int p1c_report_rule_explain(FILE *out, enum p1c_rule rule, const struct p1c_profile *const *profiles,
			    uint32_t nprofiles, bool json);
int p1c_report_rules_roff(FILE *out);
size_t p1c_rule_help_markdown(char *buf, size_t size, enum p1c_rule rule);
size_t p1c_rule_help_text(char *buf, size_t size, enum p1c_rule rule);

/* Helpers shared by the reporters. */
/* "func[4] name" style display name of a function: name section, export, import, or func[N]. */
int p1c_report_func_label(char *buf, size_t size, const struct p1c_module *m, uint32_t func);
/* The module a finding's function, import and paths refer to: the file's, or for a
 * component's finding about one of its core modules that module (empty if malformed). */
const struct p1c_module *p1c_report_finding_module(const struct p1c_file_report *f,
						   const struct p1c_finding *fi);
/* A path as a URI reference: relative to the source root (percent-encoded; true), or an
 * absolute file:// URI when it lies outside it (false). */
bool p1c_report_uri(const struct p1c_report *report, const char *path, char *uri, size_t size);
/* A source path as shown to the user: an absolute one relative to --source-root when inside
 * it, else as it is. */
const char *p1c_report_shown_path(const struct p1c_report *report, const char *path, char *buf,
				  size_t size);
/* An input path (relative to where the tool runs, or absolute) as shown in CI annotations:
 * relative to --source-root when inside it, else absolute. */
const char *p1c_report_input_path(const struct p1c_report *report, const char *path, char *buf,
				  size_t size);

#endif
