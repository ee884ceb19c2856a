/* One pass over every function body, feeding the feature scan and the call graph builder,
 * after the module-level scans. No output. */
#ifndef P1C_ANALYSIS_H
#define P1C_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "analysis/callgraph.h"
#include "base/diag.h"
#include "analysis/featureset.h"
#include "wasm/module.h"

struct p1c_analysis {
	struct p1c_feature_set features;
	uint32_t nbody_errors;         /* bodies that failed to decode (all of them counted) */
	uint32_t nbody_errors_kept;    /* the first P1C_MAX_WARNINGS are kept */
	struct p1c_error *body_errors;
	struct p1c_callgraph *cg;      /* core modules; NULL for components */
};

/* false only when memory ran out. Bodies that fail to decode are recorded; the others are
 * still analysed. From P1C_PARALLEL_WALK_BYTES of code on, two threads share the bodies; the
 * analysis is the same either way. */
bool p1c_analyze(const struct p1c_module *m, struct p1c_arena *arena, struct p1c_analysis *out);
/* p1c_analyze with the threshold given: bodies shared from min_shared bytes of code on (0:
 * whenever there are two bodies; UINT64_MAX: never). For tests that compare the two walks. */
bool p1c_analyze_split(const struct p1c_module *m, struct p1c_arena *arena,
		       struct p1c_analysis *out, uint64_t min_shared);

#endif
