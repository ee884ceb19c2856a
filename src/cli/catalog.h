/* --list-rules and --explain: the rule catalogue on standard output. */
#ifndef P1C_CLI_CATALOG_H
#define P1C_CLI_CATALOG_H

#include <stdbool.h>

#include "profile/profile.h"

/* Each returns the exit status: 0, or 2 (an unknown rule, a write error). */
int p1c_cli_list_rules(bool json);
/* RULE is an id or a slug; the profiles along the search path say when it bites on each. */
int p1c_cli_explain(const char *rule, const struct p1c_profile_search *search, bool json);

#endif
