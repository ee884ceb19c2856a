/* Printing profiles: --show-profile (the resolved profile as YAML that loads back to an equal
 * profile) and --list-profiles (one line per profile on the search path). */
#ifndef P1C_REPORT_PROFILE_H
#define P1C_REPORT_PROFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "profile/profile.h"

/* The profile after `extends`, in the wasm-p1check-profile(5) format, without `extends`, in a
 * fixed order (maps sorted by key, features in features.def order). 0, or -1 on a write error. */
int p1c_report_profile(FILE *out, const struct p1c_profile *p);
/* A YAML scalar that loads back as s: plain when that is safe and quote is false, else
 * double-quoted with escapes. */
void p1c_profile_put_scalar(FILE *out, const char *s, bool quote);
/* "name  description  (path)" per entry, names padded to one column. 0, or -1 on a write
 * error. */
int p1c_report_profile_list(FILE *out, const struct p1c_profile_entry *entries, uint32_t n);

#endif
