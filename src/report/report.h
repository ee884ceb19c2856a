/* Reporters: format an immutable run result. They never re-parse and never decide severity.
 * Each returns 0, or -1 when writing failed (ferror on out). */
#ifndef P1C_REPORT_H
#define P1C_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "rules/result.h"

struct p1c_text_opts {
	bool color;
};

int p1c_report_text(FILE *out, const struct p1c_report *report, const struct p1c_text_opts *opts);
int p1c_report_json(FILE *out, const struct p1c_report *report);
int p1c_report_dot(FILE *out, const struct p1c_report *report);
int p1c_report_sarif(FILE *out, const struct p1c_report *report);

/* Helpers shared by the reporters. */
/* "func[4] name" style display name of a function: name section, export, import, or func[N]. */
int p1c_report_func_label(char *buf, size_t size, const struct p1c_module *m, uint32_t func);

#endif
