/* Value, reference, table and global types inside entries, limits, and constant expressions.
 * Grammar: spec 3.0 5.2-binary.types.spectec (valtype, heaptype, limits) and
 * 5.4-binary.modules.spectec (expr in globals, tables, element and data segments); the
 * extended-const proposal (proposals/extended-const/Overview.md) and the GC constant
 * instructions of spec 3.0 3.3-validation.instructions.spectec ("Constant Expressions"). */
#include <inttypes.h>
#include <string.h>

#include "base/caps.h"
#include "wasm/module_internal.h"

#define ABS_HEAP_FIRST 0x69 /* exn */
#define ABS_HEAP_LAST 0x74  /* noexn */

static bool is_abstract_ref(uint8_t b)
{
	return b >= ABS_HEAP_FIRST && b <= ABS_HEAP_LAST;
}

static bool is_numeric(uint8_t b)
{
	return b >= P1C_VT_V128 && b <= P1C_VT_I32;
}

/* Exact heap types (custom-descriptors): `0x62 x:u32` is `exact x`, a u32 type index so that
 * no abstract heap type can be exact. Source: the proposal's reference interpreter,
 * WebAssembly/custom-descriptors interpreter/binary/decode.ml (commit 97b27bd9, `heaptype`:
 * s7 -0x1e -> UseHT (Exact, typeuse s32)). */
#define HEAP_EXACT 0x62

bool p1c_mod_heaptype(struct p1c_reader *r, uint32_t type_bound, int64_t *out, bool *exact)
{
	uint64_t at = p1c_reader_offset(r);
	uint8_t b;
	P1C_TRY(p1c_reader_peek(r, &b));
	*exact = false;
	if (is_abstract_ref(b)) {
		r->p++;
		*out = (int64_t)b - 0x80;
		return true;
	}
	int64_t idx;
	if (b == HEAP_EXACT) {
		r->p++;
		uint32_t x;
		P1C_TRY(p1c_reader_u32(r, &x));
		idx = x;
		*exact = true;
	} else {
		P1C_TRY(p1c_reader_s33(r, &idx));
		if (idx < 0)
			return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "invalid heap type 0x%02x",
						  b);
	}
	if ((uint64_t)idx >= type_bound)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "type index %lld out of range (%u types)", (long long)idx,
					  type_bound);
	*out = idx;
	return true;
}

static bool reftype_after(struct p1c_reader *r, uint8_t b, uint32_t type_bound,
			  struct p1c_valtype *out)
{
	out->code = b;
	out->heap = 0;
	out->exact = false;
	if (b == P1C_VT_REF || b == P1C_VT_REF_NULL)
		return p1c_mod_heaptype(r, type_bound, &out->heap, &out->exact);
	return true;
}

bool p1c_mod_valtype(struct p1c_reader *r, uint32_t type_bound, struct p1c_valtype *out)
{
	uint64_t at = p1c_reader_offset(r);
	uint8_t b;
	P1C_TRY(p1c_reader_u8(r, &b));
	if (is_numeric(b) || is_abstract_ref(b) || b == P1C_VT_REF || b == P1C_VT_REF_NULL)
		return reftype_after(r, b, type_bound, out);
	return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "invalid value type 0x%02x", b);
}

bool p1c_mod_reftype(struct p1c_reader *r, uint32_t type_bound, struct p1c_valtype *out)
{
	uint64_t at = p1c_reader_offset(r);
	uint8_t b;
	P1C_TRY(p1c_reader_u8(r, &b));
	if (is_abstract_ref(b) || b == P1C_VT_REF || b == P1C_VT_REF_NULL)
		return reftype_after(r, b, type_bound, out);
	return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "invalid reference type 0x%02x", b);
}

/* Spec 3.0 3.2.7-3.2.8 (with the custom-page-sizes proposal): min <= max, and each bound
 * within the address range: 2^32 bytes of pages for a 32-bit memory (65536 pages of 64 KiB),
 * 2^64 bytes for a 64-bit one; 2^32 - 1 elements for a 32-bit table. */
static bool limits_valid(struct p1c_reader *r, uint64_t at, bool memory, const struct p1c_limits *l)
{
	uint64_t bound = !memory ? (l->is64 ? UINT64_MAX : UINT32_MAX)
			 : l->is64 ? (l->page_size_log2 ? 1ull << (64 - l->page_size_log2) : UINT64_MAX)
				   : (1ull << 32) >> l->page_size_log2;
	const char *what = memory ? "pages" : "elements";
	if (l->min > bound || (l->has_max && l->max > bound))
		return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
					  "%s limit %" PRIu64 " over the %u-bit maximum of %" PRIu64 " %s",
					  memory ? "memory" : "table", l->has_max && l->max > bound ? l->max : l->min,
					  l->is64 ? 64 : 32, bound, what);
	if (l->has_max && l->min > l->max)
		return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
					  "%s limits: minimum %" PRIu64 " larger than maximum %" PRIu64,
					  memory ? "memory" : "table", l->min, l->max);
	return true;
}

/* Limits flags: bit 0 has max, bit 1 shared, bit 2 64-bit, bit 3 custom page size (memories
 * only; custom-page-sizes Overview.md §Binary Encoding). */
bool p1c_mod_limits(struct p1c_reader *r, bool memory, struct p1c_limits *out)
{
	uint64_t at = p1c_reader_offset(r);
	uint8_t flags;
	P1C_TRY(p1c_reader_u8(r, &flags));
	if (flags & (memory ? 0xF0 : 0xF8))
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "invalid limits flags 0x%02x",
					  flags);
	memset(out, 0, sizeof(*out));
	out->flags = flags;
	out->has_max = flags & 1;
	out->shared = flags & 2;
	out->is64 = flags & 4;
	out->custom_page_size = flags & 8;
	out->page_size_log2 = 16;
	/* Spec 3.0 5.2.4: both bounds are u64 LEBs whatever the address type; what fits the
	 * address type is a validation matter (3.2.7, 3.2.8). A 2.0 decoder (spec 2.0 5.3.7:
	 * u32) rejects a 32-bit bound longer than 5 bytes: recorded for the feature scan. */
	uint64_t from = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u64(r, &out->min));
	bool long_leb = p1c_reader_offset(r) - from > 5;
	if (out->has_max) {
		from = p1c_reader_offset(r);
		P1C_TRY(p1c_reader_u64(r, &out->max));
		long_leb = long_leb || p1c_reader_offset(r) - from > 5;
	}
	out->long_leb = long_leb && !out->is64;
	if (out->custom_page_size) {
		uint64_t pat = p1c_reader_offset(r);
		P1C_TRY(p1c_reader_u32(r, &out->page_size_log2));
		if (out->page_size_log2 != 0 && out->page_size_log2 != 16)
			return p1c_reader_fail_at(r, pat, P1C_ERR_INVALID,
						  "invalid custom page size log2 %u (only 0 and 16 are valid)",
						  out->page_size_log2);
	}
	return limits_valid(r, at, memory, out);
}

bool p1c_mod_tabletype(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_tabletype *out)
{
	memset(out, 0, sizeof(*out));
	P1C_TRY(p1c_mod_reftype(r, ps->m->ntypes, &out->elem));
	return p1c_mod_limits(r, false, &out->limits);
}

bool p1c_mod_globaltype(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_globaltype *out)
{
	P1C_TRY(p1c_mod_valtype(r, ps->m->ntypes, &out->type));
	uint64_t at = p1c_reader_offset(r);
	uint8_t mut;
	P1C_TRY(p1c_reader_u8(r, &mut));
	if (mut > 1)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "invalid global mutability 0x%02x",
					  mut);
	out->mutable_ = mut == 1;
	return true;
}

bool p1c_mod_functype_index(struct p1c_parser *ps, struct p1c_reader *r, uint32_t *out)
{
	uint64_t at = p1c_reader_offset(r);
	uint32_t idx;
	P1C_TRY(p1c_reader_u32(r, &idx));
	if (idx >= ps->m->ntypes)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "type index %u out of range (%u types)", idx, ps->m->ntypes);
	if (ps->m->types[idx].form != P1C_TYPE_FUNC)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "type %u is not a function type",
					  idx);
	*out = idx;
	return true;
}

/* An index immediate that must be below bound ("global index 4 out of range (2 globals)"). */
static bool index_below(struct p1c_reader *r, uint32_t bound, const char *what, const char *many,
			uint32_t *out)
{
	uint64_t at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u32(r, out));
	if (*out >= bound) /* a validation matter (spec 3.0 3.4.14, constant expressions) */
		return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
					  "%s index %u out of range (%u %s)", what, *out, bound, many);
	return true;
}

static bool not_const(struct p1c_reader *r, uint64_t at, uint8_t prefix, uint32_t sub)
{
	if (prefix == 0xFB || prefix == 0xFC || prefix == 0xFD || prefix == 0xFE)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "instruction not valid in a constant expression: 0x%02x %u",
					  prefix, sub);
	return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
				  "instruction not valid in a constant expression: 0x%02x", prefix);
}

/* The first custom-descriptors construct in a constant expression (its offset). */
static void note_desc(struct p1c_constexpr *out, uint64_t at)
{
	if (!out->desc_at)
		out->desc_at = at;
}

/* GC constant instructions (0xFB prefix): struct.new(_default), array.new(_default),
 * array.new_fixed, any.convert_extern, extern.convert_any, ref.i31; and custom-descriptors'
 * struct.new_desc (32) and struct.new_default_desc (33): the proposal's reference
 * interpreter decodes them as StructNew (x, _, Desc) (WebAssembly/custom-descriptors
 * interpreter/syntax/mnemonics.ml, commit 4425a01c), and its valid.ml `is_const` (commit
 * f98d0aaf) accepts every StructNew. */
static bool gc_const(struct p1c_parser *ps, struct p1c_reader *r, uint64_t at,
		     struct p1c_constexpr *out)
{
	uint32_t sub, idx;
	P1C_TRY(p1c_reader_u32(r, &sub));
	switch (sub) {
	case 32: case 33:
		/* ... of a type with a descriptor clause (code_validate.c, check_described) */
		note_desc(out, at);
		P1C_TRY(index_below(r, ps->m->ntypes, "type", "types", &idx));
		if (ps->m->types[idx].descriptor == P1C_NO_INDEX)
			return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
						  "%s: type %u has no descriptor clause",
						  sub == 32 ? "struct.new_desc" : "struct.new_default_desc",
						  idx);
		return true;
	case 0: case 1: case 6: case 7:
		return index_below(r, ps->m->ntypes, "type", "types", &idx);
	case 8:
		P1C_TRY(index_below(r, ps->m->ntypes, "type", "types", &idx));
		return p1c_reader_u32(r, &idx);
	case 26: case 27: case 28:
		return true;
	default:
		return not_const(r, at, 0xFB, sub);
	}
}

/* A ref.func inside a constant expression: its function's address is taken. */
static bool note_const_func(struct p1c_parser *ps, struct p1c_reader *r, uint32_t func,
			    uint64_t at)
{
	struct p1c_module *m = ps->m;
	struct p1c_const_func *list = p1c_mod_grow(ps, r, m->const_funcs, m->nconst_funcs,
						   &ps->const_funcs_cap, sizeof(*list));
	if (!list)
		return false;
	m->const_funcs = list;
	list[m->nconst_funcs++] = (struct p1c_const_func){func, at};
	return true;
}

/* One instruction (the opcode byte at `at` already read): records an i32/i64.const value,
 * each ref.func, and whether extended-const or GC instructions appear. *idx receives the
 * index immediate of global.get and ref.func. */
static bool const_instr(struct p1c_parser *ps, struct p1c_reader *r, uint8_t op, uint64_t at,
			struct p1c_constexpr *out, uint32_t *idx)
{
	int32_t v32;
	int64_t v64;
	bool exact;
	switch (op) {
	case 0x41: P1C_TRY(p1c_reader_s32(r, &v32)); out->value = v32; return true;
	case 0x42: P1C_TRY(p1c_reader_s64(r, &v64)); out->value = v64; return true;
	case 0x43: return p1c_reader_skip(r, 4);
	case 0x44: return p1c_reader_skip(r, 8);
	case 0x23:
		P1C_TRY(index_below(r, ps->m->nglobals, "global", "globals", idx));
		/* spec 3.0 3.4.14: a constant global.get reads an immutable global (defined before
		 * it: nglobals counts only those) */
		if (ps->m->globals[*idx].type.mutable_)
			return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
						  "global.get of mutable global %u in a constant expression",
						  *idx);
		out->reads_defined_global |= *idx >= ps->m->nglobal_imports;
		return true;
	case 0xD0:
		P1C_TRY(p1c_mod_heaptype(r, ps->m->ntypes, &v64, &exact));
		if (exact)
			note_desc(out, at);
		return true;
	case 0xD2:
		P1C_TRY(index_below(r, ps->m->nfuncs, "function", "functions", idx));
		return note_const_func(ps, r, *idx, at);
	case 0x6A: case 0x6B: case 0x6C: case 0x7C: case 0x7D: case 0x7E:
		out->extended = true;
		return true;
	case 0xFB:
		out->uses_gc = true;
		return gc_const(ps, r, at, out);
	case 0xFD:
		P1C_TRY(p1c_reader_u32(r, idx));
		if (*idx != 12)
			return not_const(r, at, 0xFD, *idx);
		return p1c_reader_skip(r, 16);
	default:
		return not_const(r, at, op, 0);
	}
}

/* The value of a one-instruction expression, when it is a function reference. */
static void lone_value(const struct p1c_module *m, uint8_t op, uint32_t idx,
		       struct p1c_constexpr *out)
{
	if (op == 0xD2) {
		out->ref_func = idx;
	} else if (op == 0x23 && idx < m->nglobals) {
		const struct p1c_global *g = &m->globals[idx];
		if (g->imported)
			out->imported_ref = !is_numeric(g->type.type.code);
		else
			out->ref_func = g->init.ref_func;
	}
}

/* The usual segment offset, `i32.const v` with v in one to four LEB bytes (at most 28 bits:
 * always a valid s32), then end: taken in place. False when it is not that (nothing read). */
static bool short_i32_const(struct p1c_reader *r, struct p1c_constexpr *out)
{
	const uint8_t *p = r->p;
	if (r->end - p < 10 || p[0] != 0x41)
		return false;
	uint64_t word = p1c_load_le64(p + 1);
	unsigned n = p1c_leb_len_word(word);
	if (!n || n > 4 || p[1 + n] != 0x0B)
		return false;
	uint32_t w = (uint32_t)word, bits = 7 * n;
	uint32_t v = ((w & 0x7Fu) | ((w >> 1) & 0x3F80u) | ((w >> 2) & 0x1FC000u) |
		      ((w >> 3) & 0xFE00000u)) & ((1u << bits) - 1);
	if (v >> (bits - 1)) /* the sign bit of the last group */
		v |= ~((1u << bits) - 1);
	out->is_const = true;
	out->value = (int32_t)v;
	out->size = n + 2;
	r->p = p + n + 2;
	return true;
}

bool p1c_mod_constexpr(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_constexpr *out)
{
	memset(out, 0, sizeof(*out));
	out->offset = p1c_reader_offset(r);
	out->ref_func = P1C_NO_INDEX;
	if (short_i32_const(r, out))
		return true;
	uint32_t ninstr = 0, idx = P1C_NO_INDEX;
	uint8_t first = 0;
	for (;;) {
		uint64_t at = p1c_reader_offset(r);
		uint8_t op;
		P1C_TRY(p1c_reader_u8(r, &op));
		if (op == 0x0B)
			break;
		P1C_TRY(const_instr(ps, r, op, at, out, &idx));
		if (++ninstr == 1)
			first = op;
	}
	out->is_const = ninstr == 1 && (first == 0x41 || first == 0x42);
	if (!out->is_const)
		out->value = 0;
	if (ninstr == 1)
		lone_value(ps->m, first, idx, out);
	out->size = (uint32_t)(p1c_reader_offset(r) - out->offset);
	return true;
}
