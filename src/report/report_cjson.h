/* Shared by the cJSON reporters (JSON, SARIF) only. */
#ifndef P1C_REPORT_CJSON_H
#define P1C_REPORT_CJSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Prints root (then frees it) to out with a final newline; -1 when printing or writing
 * failed. A NULL root (out of memory while building it) is a failure too. */
int p1c_report_cjson_write(FILE *out, cJSON *root);

/* A report printed as it is built, byte for byte what p1c_report_cjson_write prints for the
 * same tree: the root object and the containers opened with p1c_jstream_open are written at
 * once, each value (a cJSON subtree: one file's import, one finding) is printed and freed.
 * Peak memory is the largest value's. Any failure (out of memory, too deep, unbalanced) is
 * kept and returned by p1c_jstream_end with ferror(out). */
#define P1C_JSTREAM_DEPTH 16
struct p1c_jstream {
	FILE *out;
	uint32_t depth;    /* containers open, the root object included */
	uint64_t array;    /* bit per open container: an array */
	uint64_t nonempty; /* bit per open container: something has been written in it */
	bool failed;
};
void p1c_jstream_begin(struct p1c_jstream *s, FILE *out);
/* key: the member's name in an object, ignored in an array. */
void p1c_jstream_open(struct p1c_jstream *s, const char *key, bool array);
void p1c_jstream_close(struct p1c_jstream *s);
/* Prints value (NULL: out of memory, a failure) and frees it. */
void p1c_jstream_value(struct p1c_jstream *s, const char *key, cJSON *value);
/* Closes the root object with a final newline; 0, or -1 on any failure. */
int p1c_jstream_end(struct p1c_jstream *s);

#include "rules/rules.h"

/* One rule of the catalogue as JSON, with its bites on each profile given. */
cJSON *p1c_report_rule_json(enum p1c_rule rule, const struct p1c_profile *const *profiles,
			    uint32_t nprofiles);

#endif
