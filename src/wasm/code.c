/* Function bodies: decode each instruction by its immediate kind (opcodes.def), track block
 * depth with a counter, and turn what the call graph and the feature rules need into events.
 *
 * Encodings follow spec 3.0 5.3-binary.instructions (blocktype, memarg with the memidx flag
 * bit 6, catch clauses, cast flags) and wasmparser's crates/wasmparser/src/binary_reader.rs.
 * This is a decoder, not a validator: indices are not range-checked
 * against the module (consumers must check them), types are not checked. */
#include "wasm/code_internal.h"

#include <string.h>

#include "base/caps.h"
#include "base/compiler.h"

#define BIT(f) (1u << (f))

_Static_assert(P1C_FEATURE_COUNT <= 32, "features must fit p1c_insn.features");

/* s33 value of the single-byte abstract heap types 0x69 (exn) .. 0x74 (noexn). */
#define HEAP_MIN (0x69 - 0x80)
#define HEAP_MAX (0x74 - 0x80)

/* Inline fast paths for the one-byte encodings that dominate real code; the reader handles
 * longer encodings and every error. */
static inline bool u8(struct p1c_reader *r, uint8_t *out)
{
	if (r->p < r->end) {
		*out = *r->p++;
		return true;
	}
	return p1c_reader_u8(r, out);
}

static inline bool u32(struct p1c_reader *r, uint32_t *out)
{
	if (r->p < r->end && *r->p < 0x80) {
		*out = *r->p++;
		return true;
	}
	return p1c_reader_u32(r, out);
}

static inline bool u64(struct p1c_reader *r, uint64_t *out)
{
	if (r->p < r->end && *r->p < 0x80) {
		*out = *r->p++;
		return true;
	}
	return p1c_reader_u64(r, out);
}

/* One-byte signed LEB: bit 6 is the sign. */
static inline bool s64(struct p1c_reader *r, int64_t *out)
{
	if (r->p < r->end && *r->p < 0x80) {
		uint8_t b = *r->p++;
		*out = (b & 0x40) ? (int64_t)b - 0x80 : (int64_t)b;
		return true;
	}
	return p1c_reader_s64(r, out);
}

static inline bool s32(struct p1c_reader *r, int32_t *out)
{
	if (r->p < r->end && *r->p < 0x80) {
		uint8_t b = *r->p++;
		*out = (b & 0x40) ? (int32_t)b - 0x80 : (int32_t)b;
		return true;
	}
	return p1c_reader_s32(r, out);
}

/* The feature an abstract heap type (as s33) or a concrete one (>= 0) implies. */
static uint32_t heap_features(int64_t heap)
{
	if (heap >= 0)
		return BIT(P1C_FEATURE_FUNCTION_REFERENCES);
	switch (heap + 0x80) {
	case 0x70: /* func */
	case 0x6F: /* extern */
		return BIT(P1C_FEATURE_REFERENCE_TYPES);
	case 0x69: /* exn */
	case 0x74: /* noexn */
		return BIT(P1C_FEATURE_EXCEPTIONS);
	default: /* any eq i31 struct array none noextern nofunc */
		return BIT(P1C_FEATURE_GC);
	}
}

/* An exact heap type is `0x62 x:u32` (custom-descriptors; WebAssembly/custom-descriptors
 * interpreter/binary/decode.ml, commit 97b27bd9, `heaptype`); 0x62 read as an s33 would be
 * the invalid abstract heap type -0x1e, so the prefix cannot be confused with an index. */
static bool read_exact_heaptype(struct p1c_code_iter *it, struct p1c_insn *in, int64_t *out)
{
	uint32_t idx;
	it->r.p++;
	P1C_TRY(u32(&it->r, &idx));
	in->features |= BIT(P1C_FEATURE_CUSTOM_DESCRIPTORS) | heap_features(idx);
	*out = idx;
	return true;
}

static bool read_heaptype(struct p1c_code_iter *it, struct p1c_insn *in, int64_t *out)
{
	uint64_t at = p1c_reader_offset(&it->r);
	int64_t heap;
	if (it->r.p < it->r.end && *it->r.p == 0x62)
		return read_exact_heaptype(it, in, out);
	P1C_TRY(p1c_reader_s33(&it->r, &heap));
	if (heap < 0 && (heap < HEAP_MIN || heap > HEAP_MAX))
		return p1c_reader_fail_at(&it->r, at, P1C_ERR_MALFORMED, "invalid heap type 0x%02x",
					  (unsigned)(heap + 0x80) & 0x7Fu);
	in->features |= heap_features(heap);
	*out = heap;
	return true;
}

static bool is_valtype_start(uint8_t b)
{
	return (b >= 0x7B && b <= 0x7F) || (b >= 0x69 && b <= 0x74) || b == 0x63 || b == 0x64;
}

/* A value type in a block type or typed select; notes the feature it implies. */
static bool read_valtype(struct p1c_code_iter *it, struct p1c_insn *in)
{
	uint64_t at = p1c_reader_offset(&it->r);
	uint8_t b;
	P1C_TRY(u8(&it->r, &b));
	if (b >= 0x7C && b <= 0x7F)
		return true;
	if (b == 0x7B) {
		in->features |= BIT(P1C_FEATURE_SIMD);
		return true;
	}
	if (b >= 0x69 && b <= 0x74) {
		in->features |= heap_features((int64_t)b - 0x80);
		return true;
	}
	if (b == 0x63 || b == 0x64) {
		int64_t heap;
		in->features |= BIT(P1C_FEATURE_FUNCTION_REFERENCES);
		return read_heaptype(it, in, &heap);
	}
	return p1c_reader_fail_at(&it->r, at, P1C_ERR_MALFORMED, "invalid value type 0x%02x", b);
}

static bool read_blocktype(struct p1c_code_iter *it, struct p1c_insn *in)
{
	uint64_t at = p1c_reader_offset(&it->r);
	uint8_t b;
	P1C_TRY(p1c_reader_peek(&it->r, &b));
	in->idx[0] = P1C_NO_INDEX;
	if (b == 0x40) {
		it->r.p++;
		return true;
	}
	if (is_valtype_start(b))
		return read_valtype(it, in);
	int64_t type;
	P1C_TRY(p1c_reader_s33(&it->r, &type));
	if (type < 0)
		return p1c_reader_fail_at(&it->r, at, P1C_ERR_MALFORMED,
					  "invalid block type 0x%02x", b);
	in->idx[0] = (uint32_t)type;
	/* A type index that says what the MVP's single value type cannot: multi-value. */
	const struct p1c_functype *ft = p1c_module_type_func(it->m, in->idx[0]);
	if (ft && (ft->nparams > 0 || ft->nresults > 1))
		in->features |= BIT(P1C_FEATURE_MULTI_VALUE);
	return true;
}

static bool open_block(struct p1c_code_iter *it, uint64_t at)
{
	if (it->depth >= P1C_MAX_BLOCK_DEPTH)
		return p1c_reader_fail_at(&it->r, at, P1C_ERR_LIMIT, "blocks nested deeper than %u",
					  P1C_MAX_BLOCK_DEPTH);
	it->depth++;
	return true;
}

/* end or delegate: the final one must close the body's own block at its last byte. */
static bool close_block(struct p1c_code_iter *it, const struct p1c_insn *in)
{
	if (it->depth == 1 && p1c_op_imm(in->op) != P1C_IMM_END)
		return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_MALFORMED,
					  "%s closes the function body", p1c_op_name(in->op));
	if (it->depth == 1 && !p1c_reader_at_end(&it->r))
		return p1c_reader_fail_at(&it->r, p1c_reader_offset(&it->r), P1C_ERR_MALFORMED,
					  "%zu byte(s) after the function's final end",
					  p1c_reader_left(&it->r));
	it->depth--;
	return true;
}

static bool read_memarg(struct p1c_code_iter *it, struct p1c_insn *in)
{
	uint64_t at = p1c_reader_offset(&it->r);
	uint32_t flags;
	P1C_TRY(u32(&it->r, &flags));
	if (flags >= 0x80)
		return p1c_reader_fail_at(&it->r, at, P1C_ERR_MALFORMED,
					  "malformed memarg flags 0x%x", flags);
	if (flags & 0x40) {
		/* Spec 3.0: flags 64..127 carry a memory index (multi-memory). */
		P1C_TRY(u32(&it->r, &in->idx[0]));
		in->features |= BIT(P1C_FEATURE_MULTI_MEMORY);
	}
	in->idx[1] = flags & 0x3F;
	return u64(&it->r, &in->value);
}

static bool read_memidx(struct p1c_code_iter *it, struct p1c_insn *in, int which)
{
	P1C_TRY(u32(&it->r, &in->idx[which]));
	if (in->idx[which] != 0)
		in->features |= BIT(P1C_FEATURE_MULTI_MEMORY);
	return true;
}

static bool read_tableidx(struct p1c_code_iter *it, struct p1c_insn *in, int which)
{
	const uint8_t *start = it->r.p;
	P1C_TRY(u32(&it->r, &in->idx[which]));
	/* LLVM 19+ pads the call_indirect table index to 5 bytes (a relocation): still table 0,
	 * but MVP decoders demand one 0x00 byte; reference types allow both. */
	if (it->r.p - start > 1)
		in->overlong_table = true;
	if (in->idx[which] != 0)
		in->features |= BIT(P1C_FEATURE_REFERENCE_TYPES);
	else if (in->overlong_table)
		in->features |= BIT(P1C_FEATURE_CALL_INDIRECT_OVERLONG);
	return true;
}

static bool read_le(struct p1c_code_iter *it, size_t n, uint64_t *out)
{
	const uint8_t *b;
	P1C_TRY(p1c_reader_bytes(&it->r, n, &b));
	uint64_t v = 0;
	for (size_t i = n; i-- > 0;)
		v = (v << 8) | b[i];
	*out = v;
	return true;
}

/* The count of an immediate vector whose entries take at least min_size bytes each (plus
 * `extra` bytes after it): a count the rest of the body cannot hold is refused at the count,
 * as counts in sections are, rather than at the end of the body after reading it all. */
static bool vec_count(struct p1c_code_iter *it, const char *what, size_t min_size, size_t extra,
		      uint32_t *out)
{
	uint64_t at = p1c_reader_offset(&it->r);
	P1C_TRY(u32(&it->r, out));
	size_t left = p1c_reader_left(&it->r);
	if (left < extra || *out > (left - extra) / min_size)
		return p1c_reader_fail_at(&it->r, at, P1C_ERR_TRUNCATED,
					  "%s count %u exceeds what the function body can hold "
					  "(%zu bytes left)", what, *out, left);
	return true;
}

/* The rest of the blocks from the one `label` names (from the innermost) out to the
 * innermost may be skipped. */
static void doubt_label(struct p1c_code_iter *it, uint32_t label)
{
	uint32_t target = label < it->depth ? it->depth - label : 1;
	if (!it->doubt || target < it->doubt)
		it->doubt = target;
}

static bool read_br_table(struct p1c_code_iter *it, struct p1c_insn *in)
{
	uint32_t n;
	P1C_TRY(vec_count(it, "br_table label", 1, 1, &n));
	in->value = n;
	/* Each label takes at least one byte, so this loop is bounded by the body's size. */
	uint32_t label, max = 0;
	for (uint32_t i = 0; i < n; i++) {
		P1C_TRY(u32(&it->r, &label));
		doubt_label(it, label);
		max = label > max ? label : max;
	}
	in->idx[1] = max;
	P1C_TRY(u32(&it->r, &in->idx[0]));
	doubt_label(it, in->idx[0]);
	return true;
}

static bool read_select_t(struct p1c_code_iter *it, struct p1c_insn *in)
{
	uint32_t n;
	P1C_TRY(vec_count(it, "select type", 1, 0, &n));
	in->value = n;
	if (n > 1)
		in->features |= BIT(P1C_FEATURE_MULTI_VALUE);
	for (uint32_t i = 0; i < n; i++)
		P1C_TRY(read_valtype(it, in));
	return true;
}

static bool read_try_table(struct p1c_code_iter *it, struct p1c_insn *in)
{
	uint32_t n, ignored;
	P1C_TRY(read_blocktype(it, in));
	P1C_TRY(vec_count(it, "try_table catch clause", 2, 0, &n)); /* kind, [tag], label */
	in->value = n;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t at = p1c_reader_offset(&it->r);
		uint8_t kind;
		P1C_TRY(u8(&it->r, &kind));
		/* 0 catch, 1 catch_ref: tag, label; 2 catch_all, 3 catch_all_ref: label */
		if (kind > 3)
			return p1c_reader_fail_at(&it->r, at, P1C_ERR_MALFORMED,
						  "invalid catch clause kind 0x%02x", kind);
		if (kind <= 1)
			P1C_TRY(u32(&it->r, &ignored));
		P1C_TRY(u32(&it->r, &ignored));
		doubt_label(it, ignored); /* a caught exception leaves for that label */
	}
	return open_block(it, in->offset);
}

static bool read_br_on_cast(struct p1c_code_iter *it, struct p1c_insn *in)
{
	uint64_t at = p1c_reader_offset(&it->r);
	uint8_t flags;
	int64_t heap;
	P1C_TRY(u8(&it->r, &flags));
	if (flags > 3) /* bit 0: source nullable, bit 1: target nullable */
		return p1c_reader_fail_at(&it->r, at, P1C_ERR_MALFORMED,
					  "invalid cast flags 0x%02x", flags);
	in->value = flags;
	P1C_TRY(u32(&it->r, &in->idx[0]));
	P1C_TRY(read_heaptype(it, in, &heap));
	P1C_TRY(read_heaptype(it, in, &heap));
	in->idx[1] = heap >= 0 ? (uint32_t)heap : P1C_NO_INDEX; /* the target's type index */
	return true;
}

static bool read_two(struct p1c_code_iter *it, struct p1c_insn *in)
{
	P1C_TRY(u32(&it->r, &in->idx[0]));
	return u32(&it->r, &in->idx[1]);
}

/* The immediates of in->op, by kind. */
static bool read_immediates(struct p1c_code_iter *it, struct p1c_insn *in)
{
	struct p1c_reader *r = &it->r;
	int64_t heap;
	uint64_t at;
	uint8_t byte;
	switch (p1c_op_imm(in->op)) {
	case P1C_IMM_NONE:
	case P1C_IMM_COUNT:
		return true;
	case P1C_IMM_END:
		return close_block(it, in);
	case P1C_IMM_BLOCKTYPE:
		P1C_TRY(read_blocktype(it, in));
		return open_block(it, in->offset);
	case P1C_IMM_TRY_TABLE:
		return read_try_table(it, in);
	case P1C_IMM_DELEGATE:
		P1C_TRY(u32(r, &in->idx[0]));
		return close_block(it, in);
	case P1C_IMM_BR_TABLE:
		return read_br_table(it, in);
	case P1C_IMM_CALL_REF:
	case P1C_IMM_RETURN_CALL_REF:
		in->features |= BIT(P1C_FEATURE_FUNCTION_REFERENCES);
		return u32(r, &in->idx[0]);
	case P1C_IMM_LABEL:
	case P1C_IMM_CALL:
	case P1C_IMM_RETURN_CALL:
	case P1C_IMM_REF_FUNC:
	case P1C_IMM_LOCAL:
	case P1C_IMM_GLOBAL:
	case P1C_IMM_ELEM:
	case P1C_IMM_DATA:
	case P1C_IMM_TAG:
	case P1C_IMM_TYPE:
		return u32(r, &in->idx[0]);
	case P1C_IMM_TABLE:
	case P1C_IMM_TABLE_WRITE:
		return u32(r, &in->idx[0]);
	case P1C_IMM_CALL_INDIRECT:
	case P1C_IMM_RETURN_CALL_INDIRECT:
		P1C_TRY(u32(r, &in->idx[0]));
		return read_tableidx(it, in, 1);
	case P1C_IMM_TABLE_TABLE:
		P1C_TRY(read_tableidx(it, in, 0));
		P1C_TRY(read_tableidx(it, in, 1));
		in->overlong_table = false; /* reported for call_indirect only */
		return true;
	case P1C_IMM_ELEM_TABLE:
		P1C_TRY(u32(r, &in->idx[0]));
		P1C_TRY(read_tableidx(it, in, 1));
		in->overlong_table = false;
		return true;
	case P1C_IMM_MEM:
		return read_memidx(it, in, 0);
	case P1C_IMM_DATA_MEM:
		P1C_TRY(u32(r, &in->idx[0]));
		return read_memidx(it, in, 1);
	case P1C_IMM_MEM_MEM:
		P1C_TRY(read_memidx(it, in, 0));
		return read_memidx(it, in, 1);
	case P1C_IMM_MEMARG1:
	case P1C_IMM_MEMARG2:
	case P1C_IMM_MEMARG4:
	case P1C_IMM_MEMARG8:
	case P1C_IMM_MEMARG16:
		return read_memarg(it, in);
	case P1C_IMM_MEMARG_LANE1:
	case P1C_IMM_MEMARG_LANE2:
	case P1C_IMM_MEMARG_LANE4:
	case P1C_IMM_MEMARG_LANE8:
		P1C_TRY(read_memarg(it, in));
		return u8(r, &in->lane);
	case P1C_IMM_I32: {
		int32_t v;
		P1C_TRY(s32(r, &v));
		in->value = (uint64_t)(int64_t)v;
		return true;
	}
	case P1C_IMM_I64: {
		int64_t v;
		P1C_TRY(s64(r, &v));
		in->value = (uint64_t)v;
		return true;
	}
	case P1C_IMM_F32:
		return read_le(it, 4, &in->value);
	case P1C_IMM_F64:
		return read_le(it, 8, &in->value);
	case P1C_IMM_V128:
	case P1C_IMM_SHUFFLE:
		return p1c_reader_bytes(r, 16, &in->bytes);
	case P1C_IMM_LANE:
		return u8(r, &in->lane);
	case P1C_IMM_SELECT_T:
		return read_select_t(it, in);
	case P1C_IMM_HEAPTYPE:
		P1C_TRY(read_heaptype(it, in, &heap));
		in->value = (uint64_t)heap;
		return true;
	case P1C_IMM_TYPE_FIELD:
	case P1C_IMM_TYPE_TYPE:
	case P1C_IMM_TYPE_U32:
	case P1C_IMM_TYPE_DATA:
	case P1C_IMM_TYPE_ELEM:
		return read_two(it, in);
	case P1C_IMM_BR_ON_CAST:
		return read_br_on_cast(it, in);
	case P1C_IMM_ZERO_BYTE:
		at = p1c_reader_offset(r);
		P1C_TRY(u8(r, &byte));
		if (byte != 0)
			return p1c_reader_fail_at(&it->r, at, P1C_ERR_MALFORMED,
						  "expected a zero byte, got 0x%02x", byte);
		return true;
	}
	return true;
}

bool p1c_code_begin(struct p1c_code_iter *it, const struct p1c_module *m, uint32_t func,
		    struct p1c_error *err)
{
	/* Cleared field by field: the message buffer is written only when an error is. */
	err->code = P1C_ERR_NONE;
	err->offset = 0;
	err->section = 0;
	err->item = 0;
	err->msg[0] = '\0';
	it->m = m;
	it->func = func;
	it->loc.section = P1C_SEC_CODE;
	it->loc.item = func;
	it->depth = 1; /* the body is a block; its final end closes it */
	it->doubt = 0;
	it->failed = false;
	it->r.base = m->base;
	it->r.err = err;
	it->r.loc = &it->loc;
	if (func < m->nfunc_imports || func - m->nfunc_imports >= m->nbodies) {
		it->r.p = it->r.end = m->base + m->begin;
		it->depth = 0;
		it->nlocals = 0;
		it->failed = true;
		return p1c_reader_fail_at(&it->r, m->begin, P1C_ERR_MALFORMED,
					  "function %u has no body", func);
	}
	const struct p1c_body *body = &m->bodies[func - m->nfunc_imports];
	it->r.p = m->base + body->code_offset;
	it->r.end = m->base + (body->end < body->code_offset ? body->code_offset : body->end);
	it->nlocals = body->nlocals;
	return true;
}

/* The opcode at the cursor: one byte, or a prefix byte and a u32 sub-opcode. */
static bool read_opcode(struct p1c_code_iter *it, struct p1c_insn *in)
{
	uint8_t b;
	uint32_t sub = 0;
	P1C_TRY(u8(&it->r, &b));
	if (!p1c_op_is_prefix(b)) {
		in->op = p1c_op_lookup(0, b);
		if (in->op == P1C_OP_INVALID)
			return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_MALFORMED,
						  "unknown opcode 0x%02x", b);
		return true;
	}
	P1C_TRY(u32(&it->r, &sub));
	in->op = p1c_op_lookup(b, sub);
	if (in->op == P1C_OP_INVALID)
		return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_MALFORMED,
					  "unknown opcode 0x%02x 0x%x", b, sub);
	return true;
}

/* What an instruction does to must-execute (br_table and try_table labels are done as they
 * are read). before: blocks open before it. */
static void track_doubt(struct p1c_code_iter *it, const struct p1c_insn *in, uint32_t before)
{
	switch (p1c_op_imm(in->op)) {
	case P1C_IMM_END:
	case P1C_IMM_DELEGATE: /* the block closes: a doubt that began in it ends */
		if (it->doubt >= before)
			it->doubt = 0;
		return;
	case P1C_IMM_LABEL: /* br, br_if, br_on_null, br_on_non_null; rethrow leaves the body */
		if (in->op == P1C_OP_RETHROW)
			it->doubt = 1;
		else
			doubt_label(it, in->idx[0]);
		return;
	case P1C_IMM_BR_ON_CAST:
		doubt_label(it, in->idx[0]);
		return;
	case P1C_IMM_RETURN_CALL:
	case P1C_IMM_RETURN_CALL_INDIRECT:
	case P1C_IMM_RETURN_CALL_REF:
		it->doubt = 1;
		return;
	default:
		break;
	}
	if (in->op == P1C_OP_IF || in->op == P1C_OP_CATCH || in->op == P1C_OP_CATCH_ALL) {
		uint32_t arm = in->op == P1C_OP_IF ? it->depth : before; /* the arm's own block */
		if (!it->doubt || arm < it->doubt)
			it->doubt = arm;
	} else if (in->op == P1C_OP_RETURN || in->op == P1C_OP_UNREACHABLE ||
		   in->op == P1C_OP_THROW || in->op == P1C_OP_THROW_REF) {
		it->doubt = 1;
	}
}

bool p1c_code_next(struct p1c_code_iter *it, struct p1c_insn *in)
{
	if (it->failed || it->depth == 0)
		return false;
	it->r.loc = &it->loc; /* the iterator may have been copied */
	memset(in, 0, sizeof(*in));
	in->offset = p1c_reader_offset(&it->r);
	in->certain = it->doubt == 0;
	uint32_t before = it->depth;
	if (p1c_reader_at_end(&it->r)) {
		it->failed = true;
		return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_MALFORMED,
					  "missing end: %u block(s) open at the end of the body",
					  it->depth);
	}
	if (!read_opcode(it, in)) {
		it->failed = true;
		return false;
	}
	int feature = p1c_op_feature(in->op);
	if (feature >= 0)
		in->features = BIT((unsigned)feature);
	if (!read_immediates(it, in)) {
		it->failed = true;
		return false;
	}
	in->end = p1c_reader_offset(&it->r);
	in->depth = it->depth;
	track_doubt(it, in, before);
	return true;
}

/* Where a walk's events go: all of them to visit, but the direct calls to sink when there is
 * one (p1c_call_sink). */
struct deliver {
	p1c_code_visit_fn visit;
	void *user;
	struct p1c_call_sink *sink;
};

static void emit(const struct p1c_code_iter *it, const struct p1c_insn *in,
		 enum p1c_code_event_kind kind, const struct deliver *to, struct p1c_code_event *ev)
{
	ev->kind = kind;
	ev->certain = in->certain;
	ev->offset = in->offset;
	ev->func = it->func;
	ev->op = in->op;
	to->visit(to->user, ev);
}

void p1c_call_sink_flush(struct p1c_call_sink *sink)
{
	if (sink->count)
		sink->flush(sink->user, sink->calls, sink->count);
	sink->count = 0;
}

/* A direct call in the sink, if the module has its target. */
static inline void sink_call(const struct p1c_code_iter *it, struct p1c_call_sink *sink,
			     uint32_t target, bool certain)
{
	if (target >= it->m->nfuncs)
		return;
	if (sink->count == sink->cap)
		p1c_call_sink_flush(sink);
	sink->calls[sink->count++] = (struct p1c_call){it->func,
						       target | (certain ? P1C_CALL_SURE : 0)};
}

/* The call-graph event of an instruction, by kind; none for most. */
static void emit_kind_event(const struct p1c_code_iter *it, const struct p1c_insn *in,
			    const struct deliver *to)
{
	struct p1c_code_event ev;
	memset(&ev, 0, sizeof(ev));
	switch (p1c_op_imm(in->op)) {
	case P1C_IMM_RETURN_CALL:
		ev.tail = true;
		P1C_FALLTHROUGH;
	case P1C_IMM_CALL:
		ev.target = in->idx[0];
		if (to->sink)
			sink_call(it, to->sink, ev.target, in->certain);
		else
			emit(it, in, P1C_EV_CALL, to, &ev);
		return;
	case P1C_IMM_RETURN_CALL_INDIRECT:
		ev.tail = true;
		P1C_FALLTHROUGH;
	case P1C_IMM_CALL_INDIRECT:
		ev.type_index = in->idx[0];
		ev.table = in->idx[1];
		ev.overlong_table = in->overlong_table;
		emit(it, in, P1C_EV_CALL_INDIRECT, to, &ev);
		return;
	case P1C_IMM_RETURN_CALL_REF:
		ev.tail = true;
		P1C_FALLTHROUGH;
	case P1C_IMM_CALL_REF:
		ev.type_index = in->idx[0];
		emit(it, in, P1C_EV_CALL_REF, to, &ev);
		return;
	case P1C_IMM_REF_FUNC:
		ev.target = in->idx[0];
		emit(it, in, P1C_EV_REF_FUNC, to, &ev);
		return;
	case P1C_IMM_TABLE_WRITE:
	case P1C_IMM_TABLE_TABLE: /* the destination */
		ev.table = in->idx[0];
		emit(it, in, P1C_EV_TABLE_WRITE, to, &ev);
		return;
	case P1C_IMM_ELEM_TABLE:
		ev.table = in->idx[1];
		emit(it, in, P1C_EV_TABLE_WRITE, to, &ev);
		return;
	default:
		return;
	}
}

/* The fast loop: the most common instructions (p1c_op_plain_kind, from opcodes.def) taken in
 * place while their immediates are short LEBs (that no rule of read_leb can reject) and in
 * range, with the same depth, must-execute and events as the full decoder (check_code.c
 * compares them on every fixture). Anything else, or any doubt, stops the loop at that
 * instruction for p1c_code_next, which decodes and validates it fully (and reports the
 * error, if there is one). */

/* The length of the LEB128 at p when it ends within max bytes before end, else 0. With 8
 * bytes in the window, the first byte without the continuation bit is found in one word. */
static inline size_t short_leb(const uint8_t *p, const uint8_t *end, size_t max)
{
	if (p < end && !(*p & 0x80))
		return 1;
	if (end - p >= 8) {
		size_t n = p1c_leb_len8(p);
		if (n)
			return n <= max ? n : 0;
	}
	size_t n = (size_t)(end - p) < max ? (size_t)(end - p) : max;
	for (size_t i = 0; i < n; i++)
		if (!(p[i] & 0x80))
			return i + 1;
	return 0;
}

/* An unsigned LEB of at most 4 bytes (28 bits: always a valid u32); len 0 when it is not. */
static inline uint32_t short_u32(const uint8_t *p, const uint8_t *end, size_t *len)
{
	if (p < end && !(*p & 0x80)) {
		*len = 1;
		return *p;
	}
	*len = short_leb(p, end, 4);
	uint32_t v = 0;
	for (size_t i = *len; i-- > 0;)
		v = (v << 7) | (p[i] & 0x7Fu);
	return v;
}

/* The blocks from the one `label` names out to the innermost may be skipped (doubt_label). */
static inline uint32_t doubt_of(uint32_t doubt, uint32_t depth, uint32_t label)
{
	uint32_t target = label < depth ? depth - label : 1;
	return !doubt || target < doubt ? target : doubt;
}

/* end: the body's last byte, its final end (0x0B, checked when the code section is read).
 * Immediates stay before it, so an instruction taken here leaves p at end at the latest, and
 * the only one taken at end is that final end: the loop needs no bounds check of its own. */
struct fast {
	const uint8_t *p, *end;
	uint32_t depth, doubt;
	bool memory; /* the module has one */
	/* Below these, a one-byte local or global index is in range (counts capped at 128,
	 * where a one-byte LEB's values end). */
	uint32_t locals1, globals1;
};

/* The bound of a one-byte index among count items. */
static inline uint32_t one_byte_bound(uint32_t count)
{
	return count < 0x80 ? count : 0x80;
}

/* The event of the instruction at p: a call's target, a call_indirect's type (table 0), a
 * feature (its op's row). doubt: f->doubt before it. */
static inline void fast_event(const struct p1c_code_iter *it, const uint8_t *p, uint32_t doubt,
			      enum p1c_code_event_kind kind, enum p1c_op op, uint32_t value,
			      const struct deliver *to)
{
	struct p1c_code_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.offset = (uint64_t)(p - it->r.base);
	ev.func = it->func;
	ev.op = op;
	ev.certain = doubt == 0;
	if (kind == P1C_EV_CALL)
		ev.target = value;
	else if (kind == P1C_EV_CALL_INDIRECT)
		ev.type_index = value;
	else
		ev.feature = (int)value;
	to->visit(to->user, &ev);
}

/* What a rare case of the fast loop returns (its helpers take values, not the loop's state,
 * which stays in registers): the instruction's size, 0 for the full path, and the doubt after. */
struct fast_step {
	size_t size;
	uint32_t doubt;
};

/* br_table at p with short labels, every one of them (the default last) an open block: the
 * rest of each target may be skipped. The labels stay before the final end, so the count is
 * one the body can hold (vec_count). */
static P1C_NOINLINE struct fast_step fast_br_table(const uint8_t *p, const uint8_t *end,
						   uint32_t depth, uint32_t doubt)
{
	struct fast_step none = {0, doubt};
	size_t n;
	uint32_t count = short_u32(p + 1, end, &n);
	const uint8_t *q = p + 1 + n;
	if (!n)
		return none;
	for (uint32_t i = 0; i <= count; i++) {
		uint32_t label = short_u32(q, end, &n);
		if (!n || label >= depth)
			return none;
		doubt = doubt_of(doubt, depth, label);
		q += n;
	}
	return (struct fast_step){(size_t)(q - p), doubt};
}

/* An instruction after the prefix byte 0xFC, 0xFD or 0xFE at p whose immediates are none, a
 * memarg (memory 0, alignment at most natural, as for MVP loads), memory 0 in one byte each,
 * or 16 bytes: none of these implies a feature beyond its row's, which is its one event. Its
 * size, or 0. */
static P1C_NOINLINE size_t fast_prefixed(const struct p1c_code_iter *it, const uint8_t *p,
					 const uint8_t *end, uint32_t doubt,
					 const struct deliver *to)
{
	size_t n;
	uint32_t sub = short_u32(p + 1, end, &n);
	if (!n || sub >= P1C_OP_SPACE)
		return 0;
	unsigned code = P1C_OP_SLOT(*p) * P1C_OP_SPACE + sub;
	enum p1c_op op = (enum p1c_op)p1c_op_by_code[code];
	if (op == P1C_OP_INVALID)
		return 0;
	const uint8_t *q = p + 1 + n; /* the immediates; q <= end */
	size_t left = (size_t)(end - q), len;
	bool memory = it->m->nmemories > 0;
	switch (p1c_op_imm(op)) {
	case P1C_IMM_NONE:
		len = 0;
		break;
	case P1C_IMM_MEMARG1:
	case P1C_IMM_MEMARG2:
	case P1C_IMM_MEMARG4:
	case P1C_IMM_MEMARG8:
	case P1C_IMM_MEMARG16:
		if (left < 2 || *q > p1c_op_natural_align[code] || !memory)
			return 0;
		len = short_leb(q + 1, end, 9);
		if (!len)
			return 0;
		len++;
		break;
	case P1C_IMM_MEM:
		if (left < 1 || q[0] != 0 || !memory)
			return 0;
		len = 1;
		break;
	case P1C_IMM_MEM_MEM:
		if (left < 2 || q[0] != 0 || q[1] != 0 || !memory)
			return 0;
		len = 2;
		break;
	case P1C_IMM_V128:
		if (left < 16)
			return 0;
		len = 16;
		break;
	default:
		return 0;
	}
	int feature = p1c_op_feature(op);
	if (feature >= 0)
		fast_event(it, p, doubt, P1C_EV_FEATURE, op, (uint32_t)feature, to);
	return 1 + n + len;
}

/* The size of the plain instruction at f->p, of kind `kind`, updating depth and doubt; 0: the
 * full path (f unchanged). */
static P1C_ALWAYS_INLINE size_t fast_kind(const struct p1c_code_iter *it, struct fast *f,
					  enum p1c_plain_kind kind, unsigned align,
					  const struct deliver *to)
{
	const uint8_t *p = f->p;
	size_t n = 0;
	uint32_t v;
	switch (kind) {
	case P1C_PLAIN_BARE:
		return 1;
	case P1C_PLAIN_LEAVE:
		f->doubt = 1;
		return 1;
	case P1C_PLAIN_CONST32: /* a 5th byte: its bits 3..6 (value bits 31..34) equal */
		if (p[1] < 0x80 && p + 1 < f->end) /* p < f->end: p[1] is in the body */
			return 2;
		n = short_leb(p + 1, f->end, 4);
		if (!n && short_leb(p + 1, f->end, 5) == 5 && ((p[5] & 0x78) == 0 || (p[5] & 0x78) == 0x78))
			n = 5;
		return n ? n + 1 : 0;
	case P1C_PLAIN_CONST64: /* a 10th byte: 0x00 or 0x7F (value bits 63..69 equal) */
		n = short_leb(p + 1, f->end, 9);
		if (!n && short_leb(p + 1, f->end, 10) == 10 && (p[10] == 0 || p[10] == 0x7F))
			n = 10;
		return n ? n + 1 : 0;
	case P1C_PLAIN_F32:
		return f->end - p >= 5 ? 5 : 0;
	case P1C_PLAIN_F64:
		return f->end - p >= 9 ? 9 : 0;
	case P1C_PLAIN_LOCAL:
		if (p[1] < f->locals1 && p + 1 < f->end)
			return 2;
		v = short_u32(p + 1, f->end, &n);
		return n && v < it->nlocals ? n + 1 : 0;
	case P1C_PLAIN_GLOBAL:
		if (p[1] < f->globals1 && p + 1 < f->end)
			return 2;
		v = short_u32(p + 1, f->end, &n);
		return n && v < it->m->nglobals ? n + 1 : 0;
	case P1C_PLAIN_MEMARG: /* the memory exists, alignment at most natural (align, at most 4:
				* no memidx flag) */
		if (f->end - p < 3 || p[1] > align || !f->memory)
			return 0;
		if (p[2] < 0x80)
			return 3;
		n = short_leb(p + 2, f->end, 9);
		return n ? n + 2 : 0;
	case P1C_PLAIN_BR:
		v = short_u32(p + 1, f->end, &n);
		if (!n || v >= f->depth)
			return 0;
		f->doubt = doubt_of(f->doubt, f->depth, v);
		return n + 1;
	case P1C_PLAIN_CALL:
		v = short_u32(p + 1, f->end, &n);
		if (!n || v >= it->m->nfuncs)
			return 0;
		if (to->sink)
			sink_call(it, to->sink, v, f->doubt == 0);
		else
			fast_event(it, p, f->doubt, P1C_EV_CALL, P1C_OP_CALL, v, to);
		return n + 1;
	case P1C_PLAIN_CALL_INDIRECT: /* the type, then table 0 in one byte (no feature) */
		v = short_u32(p + 1, f->end, &n);
		if (!n || v >= it->m->ntypes || p + n + 1 >= f->end || p[n + 1] != 0 ||
		    it->m->ntables == 0)
			return 0;
		fast_event(it, p, f->doubt, P1C_EV_CALL_INDIRECT, P1C_OP_CALL_INDIRECT, v, to);
		return n + 2;
	case P1C_PLAIN_BR_TABLE: {
		struct fast_step step = fast_br_table(p, f->end, f->depth, f->doubt);
		f->doubt = step.doubt;
		return step.size;
	}
	case P1C_PLAIN_END: /* the final one at the body's last byte only: close_block or
			     * p1c_code_next report the others */
		if ((f->depth == 1) != (p == f->end))
			return 0;
		if (f->doubt >= f->depth)
			f->doubt = 0;
		f->depth--;
		return 1;
	case P1C_PLAIN_BLOCK: /* empty or one MVP number type */
	case P1C_PLAIN_IF:
		if (f->end - p < 2 || f->depth >= P1C_MAX_BLOCK_DEPTH ||
		    !(p[1] == 0x40 || (p[1] >= P1C_VT_F64 && p[1] <= P1C_VT_I32)))
			return 0;
		f->depth++;
		if (kind == P1C_PLAIN_IF && (!f->doubt || f->depth < f->doubt))
			f->doubt = f->depth; /* the arm's own block */
		return 2;
	case P1C_PLAIN_NO:
		break;
	}
	return 0;
}

/* Dispatch on the opcode byte itself, one case per single-byte row of opcodes.def with its
 * kind (P1C_PLAIN_KIND, as p1c_op_plain_kind holds it) folded in: one jump per instruction
 * instead of a kind lookup and a second jump. Rows with a prefix have case values from 512
 * up, which a byte never takes; the prefix bytes themselves (no row of their own) go to
 * fast_prefixed, except 0xFB (GC, rare so far). */
static inline size_t fast_one(const struct p1c_code_iter *it, struct fast *f,
			      const struct deliver *to)
{
	switch ((unsigned)*f->p) {
#define OP(name, prefix, code, text, imm, feature)                                                 \
	case P1C_OP_SLOT(prefix) * P1C_OP_SPACE + (code):                                          \
		return fast_kind(it, f, P1C_PLAIN_KIND(prefix, code, imm, feature),              \
				 P1C_NATURAL_ALIGN(imm), to);
#include "wasm/opcodes.def"
#undef OP
	case 0xFC:
	case 0xFD:
	case 0xFE:
		return fast_prefixed(it, f->p, f->end, f->doubt, to);
	default:
		return 0;
	}
}

static void run_plain(struct p1c_code_iter *it, const struct deliver *to)
{
	/* The loop needs the final end at the body's last byte (struct fast): the parser has
	 * checked it for a module it read (a second look would be a cache miss per body). */
	if (it->depth == 0 || it->r.p >= it->r.end ||
	    (!it->m->bodies_checked && it->r.end[-1] != 0x0B))
		return;
	struct fast f = {it->r.p, it->r.end - 1, it->depth, it->doubt, it->m->nmemories > 0,
			 one_byte_bound(it->nlocals), one_byte_bound(it->m->nglobals)};
	while (f.depth > 0) {
		size_t n = fast_one(it, &f, to);
		if (n == 0)
			break;
		f.p += n;
	}
	it->r.p = f.p;
	it->depth = f.depth;
	it->doubt = f.doubt;
}

static bool walk(const struct p1c_module *m, uint32_t func, const struct deliver *to,
		 struct p1c_error *err, bool validate)
{
	struct p1c_code_iter it;
	struct p1c_insn in;
	P1C_TRY(p1c_code_begin(&it, m, func, err));
	for (;;) {
		run_plain(&it, to);
		if (it.depth == 0 || !p1c_code_next(&it, &in))
			break; /* the final end, or an error */
		if (validate && !p1c_code_validate(&it, &in)) {
			it.failed = true;
			break;
		}
		emit_kind_event(&it, &in, to);
		for (uint32_t f = in.features; f != 0; f &= f - 1) {
			struct p1c_code_event ev;
			memset(&ev, 0, sizeof(ev));
			unsigned bit = 0;
			while (!(f & BIT(bit)))
				bit++;
			ev.feature = (int)bit;
			ev.overlong_table = in.overlong_table;
			emit(&it, &in, P1C_EV_FEATURE, to, &ev);
		}
	}
	return !it.failed;
}

bool p1c_code_walk(const struct p1c_module *m, uint32_t func, p1c_code_visit_fn visit, void *user,
		   struct p1c_error *err)
{
	struct deliver to = {visit, user, NULL};
	return walk(m, func, &to, err, false);
}

bool p1c_code_walk_validate(const struct p1c_module *m, uint32_t func, p1c_code_visit_fn visit,
			    void *user, struct p1c_error *err)
{
	struct deliver to = {visit, user, NULL};
	return walk(m, func, &to, err, true);
}

bool p1c_code_walk_validate_calls(const struct p1c_module *m, uint32_t func,
				  p1c_code_visit_fn visit, void *user, struct p1c_call_sink *sink,
				  struct p1c_error *err)
{
	struct deliver to = {visit, user, sink};
	return walk(m, func, &to, err, true);
}
