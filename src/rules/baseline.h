/* Baselines: the import set a module is allowed to have (P1C050). A lock file written by
 * --write-baseline, or another .wasm whose imports are the baseline. No output. */
#ifndef P1C_BASELINE_H
#define P1C_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "wasm/module.h"

/* One import as text: kind ("func"...), module, name, type ("(i32) -> i32", "memory 1"). */
struct p1c_baseline_entry {
	const char *kind, *module, *name, *type;
};

struct p1c_baseline {
	const char *path;
	uint32_t count;
	struct p1c_baseline_entry *entries; /* sorted */
};

/* Loads FILE: a .wasm (its imports), or a lock file. false with msg on an error. */
bool p1c_baseline_load(const char *path, struct p1c_arena *arena, struct p1c_baseline *out,
		       char *msg, size_t msg_size);
/* The lock-file line parts of one import, into the arena; false when memory ran out. */
bool p1c_baseline_entry_of(const struct p1c_module *m, const struct p1c_import *imp,
			   struct p1c_arena *arena, struct p1c_baseline_entry *out);
bool p1c_baseline_contains(const struct p1c_baseline *b, const struct p1c_baseline_entry *e);
/* The lock file of a module's imports (one escaped tab-separated line each). -1 on a write
 * error. */
int p1c_baseline_write(FILE *out, const struct p1c_module *m, const char *source,
		       struct p1c_arena *arena);

#endif
