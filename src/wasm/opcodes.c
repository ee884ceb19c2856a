/* Expansions of opcodes.def: per-op attributes and the (prefix, code) -> op lookup. */
#include "wasm/opcodes.h"

#include <stddef.h>

_Static_assert(P1C_IMM_COUNT <= UINT8_MAX, "imm kind must fit p1c_op_info.imm");
_Static_assert(P1C_FEATURE_COUNT <= INT8_MAX, "feature must fit p1c_op_info.feature");
_Static_assert(P1C_OP_COUNT <= UINT16_MAX, "ops must fit p1c_op_by_code");

const struct p1c_op_info p1c_op_infos[P1C_OP_COUNT] = {
	[P1C_OP_INVALID] = {"<invalid>", 0, 0, P1C_IMM_NONE, P1C_FEATURE_NONE},
#define OP(name, prefix, code, text, imm, feature)                                                 \
	[P1C_OP_##name] = {text, code, prefix, P1C_IMM_##imm, P1C_FEATURE_##feature},
#include "wasm/opcodes.def"
#undef OP
};

/* Each (prefix, code) pair has its own element, so a duplicate row is a repeated designated
 * initializer, which -Woverride-init (in -Wextra) reports; an unknown prefix indexes past the
 * array, which is a compile error. 5 KiB. */

const uint16_t p1c_op_by_code[5 * P1C_OP_SPACE] = {
#define OP(name, prefix, code, text, imm, feature)                                                 \
	[P1C_OP_SLOT(prefix) * P1C_OP_SPACE + (code)] = P1C_OP_##name,
#include "wasm/opcodes.def"
#undef OP
};

const uint8_t p1c_op_plain_kind[5 * P1C_OP_SPACE] = {
#define OP(name, prefix, code, text, imm, feature)                                                 \
	[P1C_OP_SLOT(prefix) * P1C_OP_SPACE + (code)] = P1C_PLAIN_KIND(prefix, code, imm, feature),
#include "wasm/opcodes.def"
#undef OP
};

/* log2 of each memarg op's natural alignment, from its immediate kind (MEMARG1..MEMARG16). */
const uint8_t p1c_op_natural_align[5 * P1C_OP_SPACE] = {
#define OP(name, prefix, code, text, imm, feature)                                                 \
	[P1C_OP_SLOT(prefix) * P1C_OP_SPACE + (code)] = P1C_NATURAL_ALIGN(imm),
#include "wasm/opcodes.def"
#undef OP
};

static const char *const imm_names[P1C_IMM_COUNT] = {
	[P1C_IMM_NONE] = "NONE",
	[P1C_IMM_END] = "END",
	[P1C_IMM_BLOCKTYPE] = "BLOCKTYPE",
	[P1C_IMM_TRY_TABLE] = "TRY_TABLE",
	[P1C_IMM_LABEL] = "LABEL",
	[P1C_IMM_DELEGATE] = "DELEGATE",
	[P1C_IMM_BR_TABLE] = "BR_TABLE",
	[P1C_IMM_CALL] = "CALL",
	[P1C_IMM_RETURN_CALL] = "RETURN_CALL",
	[P1C_IMM_CALL_INDIRECT] = "CALL_INDIRECT",
	[P1C_IMM_RETURN_CALL_INDIRECT] = "RETURN_CALL_INDIRECT",
	[P1C_IMM_CALL_REF] = "CALL_REF",
	[P1C_IMM_RETURN_CALL_REF] = "RETURN_CALL_REF",
	[P1C_IMM_REF_FUNC] = "REF_FUNC",
	[P1C_IMM_LOCAL] = "LOCAL",
	[P1C_IMM_GLOBAL] = "GLOBAL",
	[P1C_IMM_TABLE] = "TABLE",
	[P1C_IMM_TABLE_WRITE] = "TABLE_WRITE",
	[P1C_IMM_TABLE_TABLE] = "TABLE_TABLE",
	[P1C_IMM_ELEM_TABLE] = "ELEM_TABLE",
	[P1C_IMM_ELEM] = "ELEM",
	[P1C_IMM_DATA] = "DATA",
	[P1C_IMM_MEM] = "MEM",
	[P1C_IMM_DATA_MEM] = "DATA_MEM",
	[P1C_IMM_MEM_MEM] = "MEM_MEM",
	[P1C_IMM_MEMARG1] = "MEMARG1",
	[P1C_IMM_MEMARG2] = "MEMARG2",
	[P1C_IMM_MEMARG4] = "MEMARG4",
	[P1C_IMM_MEMARG8] = "MEMARG8",
	[P1C_IMM_MEMARG16] = "MEMARG16",
	[P1C_IMM_MEMARG_LANE1] = "MEMARG_LANE1",
	[P1C_IMM_MEMARG_LANE2] = "MEMARG_LANE2",
	[P1C_IMM_MEMARG_LANE4] = "MEMARG_LANE4",
	[P1C_IMM_MEMARG_LANE8] = "MEMARG_LANE8",
	[P1C_IMM_I32] = "I32",
	[P1C_IMM_I64] = "I64",
	[P1C_IMM_F32] = "F32",
	[P1C_IMM_F64] = "F64",
	[P1C_IMM_V128] = "V128",
	[P1C_IMM_SHUFFLE] = "SHUFFLE",
	[P1C_IMM_LANE] = "LANE",
	[P1C_IMM_SELECT_T] = "SELECT_T",
	[P1C_IMM_HEAPTYPE] = "HEAPTYPE",
	[P1C_IMM_TAG] = "TAG",
	[P1C_IMM_TYPE] = "TYPE",
	[P1C_IMM_TYPE_FIELD] = "TYPE_FIELD",
	[P1C_IMM_TYPE_TYPE] = "TYPE_TYPE",
	[P1C_IMM_TYPE_U32] = "TYPE_U32",
	[P1C_IMM_TYPE_DATA] = "TYPE_DATA",
	[P1C_IMM_TYPE_ELEM] = "TYPE_ELEM",
	[P1C_IMM_BR_ON_CAST] = "BR_ON_CAST",
	[P1C_IMM_ZERO_BYTE] = "ZERO_BYTE",
};

const char *p1c_imm_kind_name(enum p1c_imm_kind kind)
{
	return (unsigned)kind < P1C_IMM_COUNT ? imm_names[kind] : "<invalid>";
}
