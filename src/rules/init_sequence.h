/* What a profile's runtime runs while instantiating one module (runtime.init-functions
 * evaluated against the module): which steps run, which are skipped and why. The functions
 * that run are the init roots of the reachability analysis. No output. */
#ifndef P1C_INIT_SEQUENCE_H
#define P1C_INIT_SEQUENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "profile/profile.h"
#include "wasm/module.h"

enum p1c_init_outcome {
	P1C_INIT_RUNS,    /* called while instantiating */
	P1C_INIT_SKIPPED, /* present, but this runtime does not call it (reason says why) */
	P1C_INIT_FAILS,   /* present with the wrong type: instantiation fails */
	P1C_INIT_ABSENT,  /* the module has no such function */
};

struct p1c_init_step {
	const char *name;   /* export name, or P1C_INIT_START_FUNCTION */
	uint32_t func;      /* function index, or P1C_NO_INDEX when absent */
	uint8_t outcome;    /* enum p1c_init_outcome */
	bool wasi_unavailable; /* runs before the host has set WASI up (runtime.init-functions) */
	uint8_t proc_exit;     /* enum p1c_proc_exit: what a proc_exit during it does (runtime.init-functions) */
	const char *reason; /* why it is skipped, fails or absent; NULL when it runs */
};

struct p1c_init_sequence {
	bool imports_wasi;  /* >= 1 function import from a runtime.wasi-modules module */
	uint32_t nsteps;    /* one per runtime.init-functions entry, in order */
	struct p1c_init_step *steps;
	uint32_t nruns;     /* steps that run */
	uint32_t *runs;     /* their functions, in order: the init roots */
};

/* Does the condition hold for this module under this profile? */
bool p1c_cond_holds(const struct p1c_cond *c, const struct p1c_module *m, const struct p1c_profile *p);
/* The first condition of the list that does not hold, or NULL when all hold. */
const struct p1c_cond *p1c_conds_first_false(const struct p1c_conds *conds, const struct p1c_module *m,
					     const struct p1c_profile *p);
/* The first condition of the list that holds, or NULL. */
const struct p1c_cond *p1c_conds_first_true(const struct p1c_conds *conds, const struct p1c_module *m,
					    const struct p1c_profile *p);
bool p1c_module_imports_wasi(const struct p1c_module *m, const struct p1c_profile *p);
/* The defined-or-imported function exported under name, or NULL. */
const struct p1c_export *p1c_func_export(const struct p1c_module *m, const char *name);
bool p1c_func_is_nullary(const struct p1c_module *m, uint32_t func);

/* false only when the arena runs out of memory. */
bool p1c_init_sequence_eval(const struct p1c_module *m, const struct p1c_profile *p,
			    struct p1c_arena *arena, struct p1c_init_sequence *out);
const char *p1c_init_outcome_name(enum p1c_init_outcome o);
/* The step for an export name, or NULL when the profile's sequence has none. */
const struct p1c_init_step *p1c_init_step_of(const struct p1c_init_sequence *s, const char *name);

#endif
