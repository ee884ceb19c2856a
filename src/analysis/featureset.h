/* Post-MVP features a module uses: where first, how often, and what shows it. Filled from
 * the sections (p1c_features_scan_module) and from the code walk (p1c_features_on_event).
 * No output; P1C020 compares the result with the profile. */
#ifndef P1C_FEATURESET_H
#define P1C_FEATURESET_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm/code.h"
#include "wasm/features.h"
#include "wasm/module.h"


enum p1c_evidence {
	P1C_EVIDENCE_OPCODE,    /* an instruction, or an immediate of one */
	P1C_EVIDENCE_SECTION,   /* a section (tag, data count) */
	P1C_EVIDENCE_LIMITS,    /* a limits flag (shared, 64-bit, custom page size) */
	P1C_EVIDENCE_TYPE,      /* a value or composite type (v128, exnref, rec/struct...) */
	P1C_EVIDENCE_IMPORT,    /* an import (mutable global, tag, thread-spawn) */
	P1C_EVIDENCE_EXPORT,    /* an export (mutable global, tag, cabi_realloc) */
	P1C_EVIDENCE_SEGMENT,   /* an element or data segment mode */
	P1C_EVIDENCE_CONSTEXPR, /* an instruction in a constant expression */
	P1C_EVIDENCE_CUSTOM,    /* a custom section (component-type...) */
	P1C_EVIDENCE_PREAMBLE,  /* the binary's preamble (component) */
};

struct p1c_feature_use {
	uint32_t count;         /* 0: not used */
	uint64_t first_offset;  /* smallest offset of a use */
	uint32_t first_func;    /* function of that use, or P1C_NO_INDEX outside code */
	uint8_t evidence;       /* enum p1c_evidence of that use */
	const char *detail;     /* static text naming it: "v128.const", "shared memory" */
};

struct p1c_feature_set {
	struct p1c_feature_use use[P1C_FEATURE_COUNT];
	/* Evidence both exception-handling proposals share (tags, `throw`). Collected apart
	 * during the scans; p1c_features_finish adds it to `exceptions` when the module has
	 * exnref evidence of its own (try_table, throw_ref, exnref types), else to
	 * `legacy-exceptions`. Kept afterwards so the rules can tell "only shared evidence". */
	struct p1c_feature_use eh_shared;
};

const char *p1c_evidence_name(enum p1c_evidence e);
/* One more use: counts it (saturating) and keeps the first (smallest offset) use's place. */
void p1c_feature_use_note(struct p1c_feature_use *use, uint64_t offset, uint32_t func,
			  enum p1c_evidence evidence, const char *detail);
void p1c_features_init(struct p1c_feature_set *set);
/* Everything outside function bodies, plus the locals' types of every body. */
void p1c_features_scan_module(const struct p1c_module *m, struct p1c_feature_set *set);
/* P1C_EV_FEATURE events from the code walk; other events are ignored. */
void p1c_features_on_event(struct p1c_feature_set *set, const struct p1c_code_event *ev);
/* After the scan and the code walk: attribute eh_shared (see above). */
void p1c_features_finish(struct p1c_feature_set *set);

#endif
