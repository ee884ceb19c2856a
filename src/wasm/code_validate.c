/* The validation every runtime's loader does cheaply, instruction by instruction (WebAssembly
 * Core Specification 3.0, section 3.4 "Instructions", and the data count rule of section
 * 5.5.16): every index is in range of its index space, a label exists, a memarg's alignment
 * is at most the natural one, a lane index names a lane. What it does not do is type-check
 * the operand stack (out of scope: see wasm-p1check(1), EXIT STATUS). */
#include "wasm/code_internal.h"

#include <string.h>

/* Lanes of the vector shape an instruction's lane immediate indexes: for v128.loadN_lane and
 * storeN_lane 16 bytes over the lane width its immediate kind records; for the extract/replace
 * lane ops the shape their name starts with (i8x16, i16x8, i32x4/f32x4, i64x2/f64x2). */
static uint32_t lane_count(enum p1c_op op)
{
	enum p1c_imm_kind kind = p1c_op_imm(op);
	if (p1c_imm_is_memarg_lane(kind))
		return 16u >> p1c_imm_natural_align(kind);
	const char *name = p1c_op_name(op);
	unsigned bits = name[1] == '8' ? 8 : name[1] == '1' ? 16 : name[1] == '3' ? 32 : 64;
	return 128 / bits;
}

static bool invalid(struct p1c_code_iter *it, const struct p1c_insn *in, const char *space,
		    uint32_t index, uint32_t count)
{
	return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_INVALID,
				  "%s: unknown %s %u (there are %u)", p1c_op_name(in->op), space,
				  index, count);
}

#define CHECK(space, index, count)                                                                 \
	do {                                                                                       \
		if ((index) >= (count))                                                            \
			return invalid(it, in, space, index, count);                               \
	} while (0)

/* data.drop, memory.init, array.new_data, array.init_data: spec 3.0 5.5.16, a data index in
 * the code section needs the data count section (malformed without it). */
static bool check_data(struct p1c_code_iter *it, const struct p1c_insn *in, uint32_t index)
{
	if (!it->m->has_datacount)
		return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_MALFORMED,
					  "%s: data count section required", p1c_op_name(in->op));
	CHECK("data segment", index, it->m->datacount);
	return true;
}

static bool check_memarg(struct p1c_code_iter *it, const struct p1c_insn *in)
{
	CHECK("memory", in->idx[0], it->m->nmemories);
	uint32_t natural = (uint32_t)p1c_imm_natural_align(p1c_op_imm(in->op));
	if (in->idx[1] > natural)
		return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_INVALID,
					  "%s: alignment 2^%u is larger than natural (2^%u)",
					  p1c_op_name(in->op), in->idx[1], natural);
	return true;
}

static bool check_lane(struct p1c_code_iter *it, const struct p1c_insn *in)
{
	uint32_t lanes = lane_count(in->op);
	if (in->lane >= lanes)
		return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_INVALID,
					  "%s: lane index %u out of range (%u lanes)",
					  p1c_op_name(in->op), in->lane, lanes);
	return true;
}

static bool check_shuffle(struct p1c_code_iter *it, const struct p1c_insn *in)
{
	for (int i = 0; i < 16; i++)
		if (in->bytes[i] >= 32)
			return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_INVALID,
						  "i8x16.shuffle: lane index %u out of range (32 lanes)",
						  in->bytes[i]);
	return true;
}

/* custom-descriptors: the type an instruction's immediate names must have a descriptor
 * clause ("C.types[x] ~ descriptor y ct" in WebAssembly/custom-descriptors proposals/
 * custom-descriptors/Overview.md, "New Instructions", for ref.get_desc x and for the cast
 * target (ref null? (exact x)) of ref.cast_desc and br_on_cast_desc(_fail), and "Exact Types"
 * for struct.new x on a described type, which the reference interpreter's decode.ml, commit
 * 97b27bd9, encodes as struct.new_desc / struct.new_default_desc). `type` is the type index,
 * P1C_NO_INDEX for an abstract heap type. */
static bool check_described(struct p1c_code_iter *it, const struct p1c_insn *in, uint32_t type)
{
	const struct p1c_module *m = it->m;
	if (type == P1C_NO_INDEX)
		return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_INVALID,
					  "%s: the target is an abstract heap type, not a type with a "
					  "descriptor clause",
					  p1c_op_name(in->op));
	CHECK("type", type, m->ntypes);
	if (m->types[type].descriptor == P1C_NO_INDEX)
		return p1c_reader_fail_at(&it->r, in->offset, P1C_ERR_INVALID,
					  "%s: type %u has no descriptor clause", p1c_op_name(in->op),
					  type);
	return true;
}

/* A heap type again, from bytes the decoder has read (well-formed): *heap is the type index,
 * or negative for an abstract heap type; `0x62 x:u32` is exact x (custom-descriptors). */
static bool reread_heaptype(struct p1c_reader *r, int64_t *heap)
{
	uint32_t exact;
	if (r->p < r->end && *r->p == 0x62) {
		r->p++;
		P1C_TRY(p1c_reader_u32(r, &exact));
		*heap = exact;
		return true;
	}
	return p1c_reader_s33(r, heap);
}

static bool check_reread_heap(struct p1c_code_iter *it, const struct p1c_insn *in, int64_t heap)
{
	if (heap >= 0 && (uint64_t)heap >= it->m->ntypes)
		return invalid(it, in, "type", (uint32_t)heap, it->m->ntypes);
	return true;
}

/* The n value types at p (a block type's or select_t's, ending before in->end) name defined
 * types where they are references to a concrete heap type, exact or not ("Heap Types", as
 * for the heap type immediates). The decoder has read these bytes already (they are
 * well-formed) without keeping the index, so they are read again here, rarely: only value
 * types other than the MVP's one-byte ones get here. */
static bool check_valtype_types(struct p1c_code_iter *it, const struct p1c_insn *in,
				const uint8_t *p, uint32_t n)
{
	struct p1c_reader r = it->r;
	r.p = p;
	r.end = it->m->base + in->end;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t b;
		int64_t heap;
		P1C_TRY(p1c_reader_u8(&r, &b));
		if (b != P1C_VT_REF && b != P1C_VT_REF_NULL)
			continue;
		P1C_TRY(reread_heaptype(&r, &heap));
		P1C_TRY(check_reread_heap(it, in, heap));
	}
	return true;
}

/* block, loop, if, try, try_table with a value type (not a type index) as block type, and
 * select_t: the value types' heap types. */
static bool check_inline_valtypes(struct p1c_code_iter *it, const struct p1c_insn *in)
{
	const uint8_t *p = it->m->base + in->offset + 1; /* all one-byte opcodes */
	if (in->op != P1C_OP_SELECT_T)
		return *p == P1C_VT_REF || *p == P1C_VT_REF_NULL ? check_valtype_types(it, in, p, 1)
								  : true;
	struct p1c_reader r = it->r;
	r.p = p;
	r.end = it->m->base + in->end;
	uint32_t n;
	P1C_TRY(p1c_reader_u32(&r, &n));
	return check_valtype_types(it, in, r.p, n);
}

/* br_on_cast*'s source heap type, which the decoder does not keep either: 0xFB, the
 * subopcode, the cast flags, the label, then the heap type. */
static bool check_cast_source(struct p1c_code_iter *it, const struct p1c_insn *in)
{
	struct p1c_reader r = it->r;
	r.p = it->m->base + in->offset + 1;
	r.end = it->m->base + in->end;
	uint32_t skip;
	uint8_t flags;
	int64_t heap;
	P1C_TRY(p1c_reader_u32(&r, &skip));
	P1C_TRY(p1c_reader_u8(&r, &flags));
	P1C_TRY(p1c_reader_u32(&r, &skip));
	P1C_TRY(reread_heaptype(&r, &heap));
	return check_reread_heap(it, in, heap);
}

static bool is_desc_op(enum p1c_op op)
{
	return op == P1C_OP_STRUCT_NEW_DESC || op == P1C_OP_STRUCT_NEW_DEFAULT_DESC ||
	       op == P1C_OP_REF_GET_DESC || op == P1C_OP_REF_CAST_DESC_EQ ||
	       op == P1C_OP_REF_CAST_DESC_EQ_NULL || op == P1C_OP_BR_ON_CAST_DESC_EQ ||
	       op == P1C_OP_BR_ON_CAST_DESC_EQ_FAIL;
}

bool p1c_code_validate(struct p1c_code_iter *it, const struct p1c_insn *in)
{
	const struct p1c_module *m = it->m;
	/* Labels: the instruction's own block is already open for block/loop/if; for br* the
	 * open blocks (the body's included) are the labels. */
	switch (p1c_op_imm(in->op)) {
	case P1C_IMM_LABEL: CHECK("label", in->idx[0], in->depth); return true;
	case P1C_IMM_BR_ON_CAST:
		CHECK("label", in->idx[0], in->depth);
		P1C_TRY(check_cast_source(it, in));
		if (is_desc_op(in->op))
			return check_described(it, in, in->idx[1]);
		if (in->idx[1] != P1C_NO_INDEX)
			CHECK("type", in->idx[1], m->ntypes);
		return true;
	case P1C_IMM_BR_TABLE:
		CHECK("label", in->idx[0], in->depth);
		CHECK("label", in->idx[1], in->depth);
		return true;
	case P1C_IMM_CALL:
	case P1C_IMM_RETURN_CALL:
	case P1C_IMM_REF_FUNC: CHECK("function", in->idx[0], m->nfuncs); return true;
	case P1C_IMM_CALL_INDIRECT:
	case P1C_IMM_RETURN_CALL_INDIRECT:
		CHECK("type", in->idx[0], m->ntypes);
		CHECK("table", in->idx[1], m->ntables);
		return true;
	case P1C_IMM_BLOCKTYPE:
	case P1C_IMM_TRY_TABLE:
		if (in->idx[0] == UINT32_MAX)
			return check_inline_valtypes(it, in);
		CHECK("type", in->idx[0], m->ntypes);
		return true;
	case P1C_IMM_SELECT_T: return check_inline_valtypes(it, in);
	case P1C_IMM_CALL_REF:
	case P1C_IMM_RETURN_CALL_REF:
	case P1C_IMM_TYPE_FIELD:
	case P1C_IMM_TYPE_U32: CHECK("type", in->idx[0], m->ntypes); return true;
	case P1C_IMM_TYPE:
		if (is_desc_op(in->op))
			return check_described(it, in, in->idx[0]);
		CHECK("type", in->idx[0], m->ntypes);
		return true;
	case P1C_IMM_HEAPTYPE: {
		/* A concrete heap type, exact (custom-descriptors: `0x62 x:u32`) or not, names a
		 * defined type (WebAssembly Core Specification 3.0, Validation, "Heap Types"). */
		uint32_t type = (int64_t)in->value >= 0 ? (uint32_t)in->value : P1C_NO_INDEX;
		if (is_desc_op(in->op))
			return check_described(it, in, type);
		if (type != P1C_NO_INDEX)
			CHECK("type", type, m->ntypes);
		return true;
	}
	case P1C_IMM_TYPE_TYPE:
		CHECK("type", in->idx[0], m->ntypes);
		CHECK("type", in->idx[1], m->ntypes);
		return true;
	case P1C_IMM_TYPE_DATA:
		CHECK("type", in->idx[0], m->ntypes);
		return check_data(it, in, in->idx[1]);
	case P1C_IMM_TYPE_ELEM:
		CHECK("type", in->idx[0], m->ntypes);
		CHECK("element segment", in->idx[1], m->nelems);
		return true;
	case P1C_IMM_LOCAL: CHECK("local", in->idx[0], it->nlocals); return true;
	case P1C_IMM_GLOBAL: CHECK("global", in->idx[0], m->nglobals); return true;
	case P1C_IMM_TABLE:
	case P1C_IMM_TABLE_WRITE: CHECK("table", in->idx[0], m->ntables); return true;
	case P1C_IMM_TABLE_TABLE:
		CHECK("table", in->idx[0], m->ntables);
		CHECK("table", in->idx[1], m->ntables);
		return true;
	case P1C_IMM_ELEM_TABLE:
		CHECK("element segment", in->idx[0], m->nelems);
		CHECK("table", in->idx[1], m->ntables);
		return true;
	case P1C_IMM_ELEM: CHECK("element segment", in->idx[0], m->nelems); return true;
	case P1C_IMM_DATA: return check_data(it, in, in->idx[0]);
	case P1C_IMM_MEM: CHECK("memory", in->idx[0], m->nmemories); return true;
	case P1C_IMM_DATA_MEM:
		P1C_TRY(check_data(it, in, in->idx[0]));
		CHECK("memory", in->idx[1], m->nmemories);
		return true;
	case P1C_IMM_MEM_MEM:
		CHECK("memory", in->idx[0], m->nmemories);
		CHECK("memory", in->idx[1], m->nmemories);
		return true;
	case P1C_IMM_MEMARG1:
	case P1C_IMM_MEMARG2:
	case P1C_IMM_MEMARG4:
	case P1C_IMM_MEMARG8:
	case P1C_IMM_MEMARG16: return check_memarg(it, in);
	case P1C_IMM_MEMARG_LANE1:
	case P1C_IMM_MEMARG_LANE2:
	case P1C_IMM_MEMARG_LANE4:
	case P1C_IMM_MEMARG_LANE8: return check_memarg(it, in) && check_lane(it, in);
	case P1C_IMM_LANE: return check_lane(it, in);
	case P1C_IMM_SHUFFLE: return check_shuffle(it, in);
	case P1C_IMM_TAG: CHECK("tag", in->idx[0], m->ntags); return true;
	default: return true;
	}
}
