/* The instruction table (opcodes.def) as C: the op enum, immediate kinds, per-op lookups and
 * the byte -> op lookup the body decoder uses. Tables only; no state, no output. */
#ifndef P1C_OPCODES_H
#define P1C_OPCODES_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm/features.h"

/* Every instruction, in (prefix, code) order; P1C_OP_INVALID (0) is "no such opcode". */
enum p1c_op {
	P1C_OP_INVALID = 0,
#define OP(name, prefix, code, text, imm, feature) P1C_OP_##name,
#include "wasm/opcodes.def"
#undef OP
	P1C_OP_COUNT
};

/* What follows the opcode. The decoder (code.c) switches on these, never on the opcode.
 * "u32" is an unsigned LEB128, "s33" a signed one; lane indices and the few flag bytes are
 * raw bytes. Kinds that also say what an instruction does to the call graph or to the block
 * structure (END, CALL, TABLE_WRITE...) are kept apart from look-alikes for that reason. */
enum p1c_imm_kind {
	P1C_IMM_NONE,                 /* nothing */
	P1C_IMM_END,                  /* nothing; closes the innermost block (end) */
	P1C_IMM_BLOCKTYPE,            /* blocktype; opens a block (block, loop, if, try) */
	P1C_IMM_TRY_TABLE,            /* blocktype, vec(catch clause); opens a block */
	P1C_IMM_LABEL,                /* labelidx */
	P1C_IMM_DELEGATE,             /* labelidx; closes the innermost block (legacy try) */
	P1C_IMM_BR_TABLE,             /* vec(labelidx), labelidx */
	P1C_IMM_CALL,                 /* funcidx: direct call */
	P1C_IMM_RETURN_CALL,          /* funcidx: direct tail call */
	P1C_IMM_CALL_INDIRECT,        /* typeidx, tableidx */
	P1C_IMM_RETURN_CALL_INDIRECT, /* typeidx, tableidx: tail call */
	P1C_IMM_CALL_REF,             /* typeidx */
	P1C_IMM_RETURN_CALL_REF,      /* typeidx: tail call */
	P1C_IMM_REF_FUNC,             /* funcidx: takes the function's address */
	P1C_IMM_LOCAL,                /* localidx */
	P1C_IMM_GLOBAL,               /* globalidx */
	P1C_IMM_TABLE,                /* tableidx, read only (table.get, table.size) */
	P1C_IMM_TABLE_WRITE,          /* tableidx, written (table.set, table.grow, table.fill) */
	P1C_IMM_TABLE_TABLE,          /* tableidx (destination, written), tableidx (source) */
	P1C_IMM_ELEM_TABLE,           /* elemidx, tableidx (written): table.init */
	P1C_IMM_ELEM,                 /* elemidx */
	P1C_IMM_DATA,                 /* dataidx */
	P1C_IMM_MEM,                  /* memidx (memory.size/grow/fill) */
	P1C_IMM_DATA_MEM,             /* dataidx, memidx: memory.init */
	P1C_IMM_MEM_MEM,              /* memidx (destination), memidx (source): memory.copy */
	/* memarg: align flags u32 [memidx u32 if flags bit 6], offset u64. The digit is the access's
	 * natural width in bytes (spec 3.0 3.4.7: the alignment may not exceed it). */
	P1C_IMM_MEMARG1,
	P1C_IMM_MEMARG2,
	P1C_IMM_MEMARG4,
	P1C_IMM_MEMARG8,
	P1C_IMM_MEMARG16,
	/* memarg, lane byte: v128.loadN_lane / storeN_lane; the digit is the lane's width in bytes
	 * (natural width and 16 / width lanes). */
	P1C_IMM_MEMARG_LANE1,
	P1C_IMM_MEMARG_LANE2,
	P1C_IMM_MEMARG_LANE4,
	P1C_IMM_MEMARG_LANE8,
	P1C_IMM_I32,                  /* s32 */
	P1C_IMM_I64,                  /* s64 */
	P1C_IMM_F32,                  /* 4 bytes */
	P1C_IMM_F64,                  /* 8 bytes */
	P1C_IMM_V128,                 /* 16 bytes */
	P1C_IMM_SHUFFLE,              /* 16 lane bytes */
	P1C_IMM_LANE,                 /* 1 lane byte */
	P1C_IMM_SELECT_T,             /* vec(valtype) */
	P1C_IMM_HEAPTYPE,             /* heaptype (s33) */
	P1C_IMM_TAG,                  /* tagidx */
	P1C_IMM_TYPE,                 /* typeidx */
	P1C_IMM_TYPE_FIELD,           /* typeidx, fieldidx */
	P1C_IMM_TYPE_TYPE,            /* typeidx, typeidx: array.copy */
	P1C_IMM_TYPE_U32,             /* typeidx, u32 count: array.new_fixed */
	P1C_IMM_TYPE_DATA,            /* typeidx, dataidx */
	P1C_IMM_TYPE_ELEM,            /* typeidx, elemidx */
	P1C_IMM_BR_ON_CAST,           /* cast flags byte, labelidx, heaptype, heaptype */
	P1C_IMM_ZERO_BYTE,            /* one 0x00 byte: atomic.fence */
	P1C_IMM_COUNT
};

/* Per-op attributes (opcodes.c expands opcodes.def into this table). */
struct p1c_op_info {
	const char *name; /* text name */
	uint32_t code;    /* opcode byte or sub-opcode */
	uint8_t prefix;   /* 0 or 0xFB..0xFE */
	uint8_t imm;      /* enum p1c_imm_kind */
	int8_t feature;   /* enum p1c_feature, P1C_FEATURE_NONE for MVP rows */
};
extern const struct p1c_op_info p1c_op_infos[P1C_OP_COUNT];

/* (prefix, code) -> op, dense: slot * P1C_OP_SPACE + code, slot 0 for single-byte opcodes
 * and 1..4 for 0xFB..0xFE; 0 (P1C_OP_INVALID) where no instruction is defined. */
#define P1C_OP_SPACE 512u
extern const uint16_t p1c_op_by_code[5 * P1C_OP_SPACE];
/* The slot of a prefix (0 for single-byte opcodes, 1..4 for 0xFB..0xFE). */
#define P1C_OP_SLOT(prefix)                                                                        \
	((prefix) == 0 ? 0u : (prefix) >= 0xFB && (prefix) <= 0xFE ? (prefix) - 0xFAu : 5u)
/* Same layout: how the decoder's fast loop (code.c) may take a "plain" instruction (MVP,
 * unprefixed) in place when its immediates are short and in range; P1C_PLAIN_NO: never (the
 * loop takes some prefixed ones by their immediate kind instead). */
enum p1c_plain_kind {
	P1C_PLAIN_NO,      /* the full decoder */
	P1C_PLAIN_BARE,    /* no immediate, no effect on control */
	P1C_PLAIN_LOCAL,   /* localidx */
	P1C_PLAIN_GLOBAL,  /* globalidx */
	P1C_PLAIN_CONST32, /* i32.const: s32 */
	P1C_PLAIN_CONST64, /* i64.const: s64 */
	P1C_PLAIN_F32,     /* f32.const: 4 bytes */
	P1C_PLAIN_F64,     /* f64.const: 8 bytes */
	P1C_PLAIN_MEMARG,  /* MVP load/store: memarg */
	P1C_PLAIN_END,     /* end */
	P1C_PLAIN_BLOCK,   /* block, loop: blocktype */
	P1C_PLAIN_IF,      /* if: blocktype; the arm may be skipped */
	P1C_PLAIN_BR,      /* br, br_if: labelidx; the rest of the target may be skipped */
	P1C_PLAIN_LEAVE,   /* return, unreachable: the rest of the body may be skipped */
	P1C_PLAIN_CALL,    /* call: funcidx, a call event */
	P1C_PLAIN_CALL_INDIRECT, /* call_indirect: typeidx, table 0 in one byte; its event */
	P1C_PLAIN_BR_TABLE /* br_table: vec(labelidx), labelidx */
};
extern const uint8_t p1c_op_plain_kind[5 * P1C_OP_SPACE];
/* The kind of an opcodes.def row: the values of p1c_op_plain_kind, and the kind code.c's fast
 * loop folds into its case for the row's opcode byte. unreachable (0x00) and return (0x0F) are
 * the IMM_NONE rows that end what runs. */
#define P1C_PLAIN_IMM(imm)                                                                         \
	(P1C_IMM_##imm == P1C_IMM_NONE ? P1C_PLAIN_BARE                                            \
	 : P1C_IMM_##imm == P1C_IMM_LOCAL ? P1C_PLAIN_LOCAL                                        \
	 : P1C_IMM_##imm == P1C_IMM_GLOBAL ? P1C_PLAIN_GLOBAL                                      \
	 : P1C_IMM_##imm == P1C_IMM_I32 ? P1C_PLAIN_CONST32                                        \
	 : P1C_IMM_##imm == P1C_IMM_I64 ? P1C_PLAIN_CONST64                                        \
	 : P1C_IMM_##imm == P1C_IMM_F32 ? P1C_PLAIN_F32                                            \
	 : P1C_IMM_##imm == P1C_IMM_F64 ? P1C_PLAIN_F64                                            \
	 : P1C_IMM_##imm >= P1C_IMM_MEMARG1 && P1C_IMM_##imm <= P1C_IMM_MEMARG16 ? P1C_PLAIN_MEMARG \
	 : P1C_IMM_##imm == P1C_IMM_END ? P1C_PLAIN_END                                            \
	 : P1C_IMM_##imm == P1C_IMM_LABEL ? P1C_PLAIN_BR                                           \
	 : P1C_IMM_##imm == P1C_IMM_CALL ? P1C_PLAIN_CALL                                          \
	 : P1C_IMM_##imm == P1C_IMM_CALL_INDIRECT ? P1C_PLAIN_CALL_INDIRECT                        \
	 : P1C_IMM_##imm == P1C_IMM_BR_TABLE ? P1C_PLAIN_BR_TABLE : P1C_PLAIN_NO)
#define P1C_PLAIN_KIND(prefix, code, imm, feature)                                                 \
	((prefix) != 0 || P1C_FEATURE_##feature != P1C_FEATURE_NONE ? P1C_PLAIN_NO                 \
	 : (code) == 0x00 || (code) == 0x0F ? P1C_PLAIN_LEAVE                                      \
	 : P1C_IMM_##imm == P1C_IMM_BLOCKTYPE ? ((code) == 0x04 ? P1C_PLAIN_IF : P1C_PLAIN_BLOCK)  \
	 : P1C_PLAIN_IMM(imm))

/* Same layout: log2 of a memarg op's natural alignment (its MEMARGn kind), 0 for other ops. */
extern const uint8_t p1c_op_natural_align[5 * P1C_OP_SPACE];
/* The value for a row, from its immediate kind (MEMARG1..MEMARG16, MEMARG_LANE1..8). */
#define P1C_NATURAL_ALIGN(imm)                                                                     \
	(P1C_IMM_##imm == P1C_IMM_MEMARG2 || P1C_IMM_##imm == P1C_IMM_MEMARG_LANE2   ? 1          \
	 : P1C_IMM_##imm == P1C_IMM_MEMARG4 || P1C_IMM_##imm == P1C_IMM_MEMARG_LANE4 ? 2          \
	 : P1C_IMM_##imm == P1C_IMM_MEMARG8 || P1C_IMM_##imm == P1C_IMM_MEMARG_LANE8 ? 3          \
	 : P1C_IMM_##imm == P1C_IMM_MEMARG16                                        ? 4 : 0)

/* The lookups are inline: the body decoder calls them once per instruction.
 * Out-of-range ops read as P1C_OP_INVALID: name "<invalid>", imm NONE, feature -1. */
static inline const struct p1c_op_info *p1c_op_info(enum p1c_op op)
{
	return &p1c_op_infos[(unsigned)op < P1C_OP_COUNT ? (unsigned)op : 0u];
}
static inline const char *p1c_op_name(enum p1c_op op)
{
	return p1c_op_info(op)->name;
}
static inline uint8_t p1c_op_prefix(enum p1c_op op)
{
	return p1c_op_info(op)->prefix;
}
static inline uint32_t p1c_op_code(enum p1c_op op)
{
	return p1c_op_info(op)->code;
}
static inline enum p1c_imm_kind p1c_op_imm(enum p1c_op op)
{
	return (enum p1c_imm_kind)p1c_op_info(op)->imm;
}
/* enum p1c_feature, or P1C_FEATURE_NONE (-1) for MVP instructions. */
static inline int p1c_op_feature(enum p1c_op op)
{
	return p1c_op_info(op)->feature;
}
/* 0xFB..0xFE: a u32 sub-opcode follows. */
static inline bool p1c_op_is_prefix(uint8_t byte)
{
	return byte >= 0xFB && byte <= 0xFE;
}
/* The op for (prefix, code): prefix 0 for single-byte opcodes. P1C_OP_INVALID if unknown. */
static inline enum p1c_op p1c_op_lookup(uint8_t prefix, uint32_t code)
{
	if (prefix == 0)
		return code <= 0xFF ? (enum p1c_op)p1c_op_by_code[code] : P1C_OP_INVALID;
	if (!p1c_op_is_prefix(prefix) || code >= P1C_OP_SPACE)
		return P1C_OP_INVALID;
	return (enum p1c_op)p1c_op_by_code[(prefix - 0xFAu) * P1C_OP_SPACE + code];
}
/* log2 of the natural alignment of a memarg immediate kind (MEMARG4: 2), or -1 for other kinds. */
static inline int p1c_imm_natural_align(enum p1c_imm_kind kind)
{
	switch (kind) {
	case P1C_IMM_MEMARG1: case P1C_IMM_MEMARG_LANE1: return 0;
	case P1C_IMM_MEMARG2: case P1C_IMM_MEMARG_LANE2: return 1;
	case P1C_IMM_MEMARG4: case P1C_IMM_MEMARG_LANE4: return 2;
	case P1C_IMM_MEMARG8: case P1C_IMM_MEMARG_LANE8: return 3;
	case P1C_IMM_MEMARG16: return 4;
	default: return -1;
	}
}
static inline bool p1c_imm_is_memarg_lane(enum p1c_imm_kind kind)
{
	return kind >= P1C_IMM_MEMARG_LANE1 && kind <= P1C_IMM_MEMARG_LANE8;
}
/* "MEMARG4"... for messages and tests. */
const char *p1c_imm_kind_name(enum p1c_imm_kind kind);

#endif
