/* Waivers for a run: the profile's `waivers:` and a --waivers file, applied to every input,
 * then one P1C061 note per waiver that matched nothing. */
#ifndef P1C_CLI_WAIVE_H
#define P1C_CLI_WAIVE_H

#include "profile/profile.h"
#include "rules/result.h"

struct p1c_waiver_set {
	struct p1c_waiver *items;
	uint32_t count;
};

/* The profile's waivers, then the file's (file may be NULL). Prints the error and returns
 * false for an unreadable or invalid file or a waiver naming no rule. */
bool p1c_cli_load_waivers(const char *file, const struct p1c_profile *profile,
			  struct p1c_arena *arena, struct p1c_waiver_set *out);
/* Applies them to every decoded input; the unused ones go to the first readable input. false
 * only when out of memory. */
bool p1c_cli_apply_waivers(const struct p1c_waiver_set *set, struct p1c_file_report *files,
			   uint32_t nfiles, const struct p1c_rules_opts *opts);

#endif
