/* Feature uses: the evidence names and the per-use bookkeeping. */
#include "analysis/featureset.h"

#include <string.h>

const char *p1c_evidence_name(enum p1c_evidence e)
{
	static const char *const names[] = {"opcode", "section", "limits", "type", "import",
					    "export", "segment", "constexpr", "custom-section",
					    "preamble"};
	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : NULL;
}

void p1c_features_init(struct p1c_feature_set *set)
{
	memset(set, 0, sizeof(*set));
}

void p1c_feature_use_note(struct p1c_feature_use *use, uint64_t offset, uint32_t func,
			  enum p1c_evidence evidence, const char *detail)
{
	if (use->count == 0 || offset < use->first_offset) {
		use->first_offset = offset;
		use->first_func = func;
		use->evidence = (uint8_t)evidence;
		use->detail = detail;
	}
	if (use->count < UINT32_MAX)
		use->count++;
}

/* The detail of a feature an instruction's immediate implies rather than its opcode row
 * (code.c: memarg memory index, table index, block and select types, heap types). */
static const char *immediate_detail(const struct p1c_code_event *ev)
{
	enum p1c_imm_kind imm = p1c_op_imm(ev->op);
	bool table_imm = imm == P1C_IMM_CALL_INDIRECT || imm == P1C_IMM_RETURN_CALL_INDIRECT ||
			 imm == P1C_IMM_TABLE_TABLE || imm == P1C_IMM_ELEM_TABLE;
	switch (ev->feature) {
	case P1C_FEATURE_MULTI_MEMORY:
		return "memory index immediate";
	case P1C_FEATURE_CALL_INDIRECT_OVERLONG:
		return "overlong table index";
	case P1C_FEATURE_REFERENCE_TYPES:
		if (table_imm)
			return ev->overlong_table ? "overlong table index" : "table index immediate";
		return "funcref/externref type immediate";
	case P1C_FEATURE_MULTI_VALUE:
		return imm == P1C_IMM_SELECT_T ? "typed select with several types"
					       : "block type with parameters or several results";
	case P1C_FEATURE_SIMD:
		return "v128 block or select type";
	case P1C_FEATURE_EXCEPTIONS:
		return "exnref type immediate";
	case P1C_FEATURE_FUNCTION_REFERENCES:
		return "typed reference immediate";
	case P1C_FEATURE_GC:
		return "GC reference type immediate";
	case P1C_FEATURE_CUSTOM_DESCRIPTORS:
		return "exact heap type immediate";
	default:
		return p1c_op_name(ev->op);
	}
}

void p1c_features_on_event(struct p1c_feature_set *set, const struct p1c_code_event *ev)
{
	if (ev->kind != P1C_EV_FEATURE || ev->feature < 0 || ev->feature >= P1C_FEATURE_COUNT)
		return;
	const char *detail = p1c_op_feature(ev->op) == ev->feature ? p1c_op_name(ev->op)
								     : immediate_detail(ev);
	/* `throw` belongs to both exception proposals (features.md §2): shared evidence. */
	struct p1c_feature_use *use = ev->op == P1C_OP_THROW ? &set->eh_shared
							     : &set->use[ev->feature];
	p1c_feature_use_note(use, ev->offset, ev->func, P1C_EVIDENCE_OPCODE, detail);
}

/* Adds `from` to `to`: counts summed (saturating), the earlier first use kept. */
static void merge_use(struct p1c_feature_use *to, const struct p1c_feature_use *from)
{
	if (from->count == 0)
		return;
	if (to->count == 0 || from->first_offset < to->first_offset) {
		to->first_offset = from->first_offset;
		to->first_func = from->first_func;
		to->evidence = from->evidence;
		to->detail = from->detail;
	}
	to->count = from->count > UINT32_MAX - to->count ? UINT32_MAX : to->count + from->count;
}

/* Tags and `throw` are valid under both exception proposals. A module that shows exnref
 * evidence of its own uses the exnref proposal; otherwise the shared evidence counts as
 * legacy exceptions: the proposal that tags first came with, and the only one WAMR
 * implements (WAMR 2.4.5 WAMR_BUILD_EXCE_HANDLING, core/iwasm/interpreter/wasm_loader.c). Call once, after the scan and the code walk. */
void p1c_features_finish(struct p1c_feature_set *set)
{
	enum p1c_feature to = set->use[P1C_FEATURE_EXCEPTIONS].count ? P1C_FEATURE_EXCEPTIONS
								     : P1C_FEATURE_LEGACY_EXCEPTIONS;
	merge_use(&set->use[to], &set->eh_shared);
}
