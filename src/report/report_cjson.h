/* Shared by the cJSON reporters (JSON, SARIF) only. */
#ifndef P1C_REPORT_CJSON_H
#define P1C_REPORT_CJSON_H

#include <cjson/cJSON.h>
#include <stdio.h>

/* Prints root (then frees it) to out with a final newline; -1 when printing or writing
 * failed. A NULL root (out of memory while building it) is a failure too. */
int p1c_report_cjson_write(FILE *out, cJSON *root);

#include "rules/rules.h"

/* One rule of the catalogue as JSON, with its bites on each profile given. */
cJSON *p1c_report_rule_json(enum p1c_rule rule, const struct p1c_profile *const *profiles,
			    uint32_t nprofiles);

#endif
