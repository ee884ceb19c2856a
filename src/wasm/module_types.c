/* The type section: function types, and the GC forms (rec groups, sub/sub final, struct,
 * array). Grammar: spec 3.0 5.2-binary.types.spectec (Brectype, Bsubtype, Bcomptype). Each
 * subtype of a rec group gets its own type index; references may point forward inside the
 * group, so concrete type indices are checked against the end of the current group. */
#include <string.h>

#include "base/caps.h"
#include "wasm/module_internal.h"

#define FORM_REC 0x4E
#define FORM_SUB 0x50
#define FORM_SUB_FINAL 0x4F
/* custom-descriptors: describingcomptype ::= 0x4C x:typeidx describedcomptype,
 * describedcomptype ::= 0x4D x:typeidx comptype, both optional, between the sub prefix and
 * the composite type. Sources: WebAssembly/custom-descriptors proposals/custom-descriptors/
 * Overview.md ("Binary Format", commit 2f554413) and the proposal's reference interpreter
 * interpreter/binary/decode.ml (commit 97b27bd9, `desctype`: -0x34 then -0x33). */
#define CLAUSE_DESCRIBES 0x4C
#define CLAUSE_DESCRIPTOR 0x4D
#define PACKED_I8 0x78
#define PACKED_I16 0x77

/* Makes room for one more entry in m->types (doubling; bounded by P1C_MAX_TYPES). */
static bool reserve_type(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	if (m->ntypes < ps->types_cap)
		return true;
	if (m->ntypes >= P1C_MAX_TYPES)
		return p1c_reader_fail(r, P1C_ERR_LIMIT, "too many types: more than %u",
				       P1C_MAX_TYPES);
	struct p1c_type *types = p1c_mod_grow(ps, r, m->types, m->ntypes, &ps->types_cap,
					      sizeof(*types));
	if (!types)
		return false;
	m->types = types;
	return true;
}

static bool valtype_vec(struct p1c_parser *ps, struct p1c_reader *r, uint32_t cap,
			const char *what, uint32_t bound, uint32_t *out_n,
			const struct p1c_valtype **out)
{
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 1, cap, what, &n));
	struct p1c_valtype *vts = NULL;
	if (n) {
		vts = p1c_mod_alloc(ps, r, n, sizeof(*vts));
		if (!vts)
			return false;
	}
	for (uint32_t i = 0; i < n; i++)
		P1C_TRY(p1c_mod_valtype(r, bound, &vts[i]));
	*out_n = n;
	*out = vts;
	return true;
}

/* A struct or array field: storage type (a value type or packed i8/i16), then mutability. */
static bool field_type(struct p1c_reader *r, uint32_t bound)
{
	uint8_t b;
	P1C_TRY(p1c_reader_peek(r, &b));
	if (b == PACKED_I8 || b == PACKED_I16) {
		r->p++;
	} else {
		struct p1c_valtype vt;
		P1C_TRY(p1c_mod_valtype(r, bound, &vt));
	}
	uint64_t at = p1c_reader_offset(r);
	uint8_t mut;
	P1C_TRY(p1c_reader_u8(r, &mut));
	if (mut > 1)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "invalid field mutability 0x%02x", mut);
	return true;
}

static bool comptype(struct p1c_parser *ps, struct p1c_reader *r, uint32_t bound,
		     struct p1c_type *t)
{
	t->offset = p1c_reader_offset(r);
	uint8_t form;
	P1C_TRY(p1c_reader_u8(r, &form));
	t->form = form;
	switch (form) {
	case P1C_TYPE_FUNC:
		P1C_TRY(valtype_vec(ps, r, P1C_MAX_PARAMS, "param", bound, &t->func.nparams,
				    &t->func.params));
		return valtype_vec(ps, r, P1C_MAX_RESULTS, "result", bound, &t->func.nresults,
				   &t->func.results);
	case P1C_TYPE_STRUCT: {
		uint32_t n;
		P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_STRUCT_FIELDS, "struct field", &n));
		for (uint32_t i = 0; i < n; i++)
			P1C_TRY(field_type(r, bound));
		return true;
	}
	case P1C_TYPE_ARRAY:
		return field_type(r, bound);
	default:
		return p1c_reader_fail_at(r, t->offset, P1C_ERR_MALFORMED, "invalid type form 0x%02x",
					  form);
	}
}

/* One optional clause byte `tag` followed by a type index below `bound`; *out stays
 * P1C_NO_INDEX when the clause is absent. */
static bool desc_clause(struct p1c_reader *r, struct p1c_type *t, uint8_t tag, uint32_t bound,
			const char *what, uint32_t *out)
{
	uint8_t b;
	*out = P1C_NO_INDEX;
	P1C_TRY(p1c_reader_peek(r, &b));
	if (b != tag)
		return true;
	if (!t->desc_at)
		t->desc_at = p1c_reader_offset(r);
	r->p++;
	uint64_t at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u32(r, out));
	/* Naming a type that is not an earlier one is a validation rule of the proposal (P1C003);
	 * an index past the rec group is out of range like any other type index here. */
	if (tag == CLAUSE_DESCRIBES && *out >= bound)
		return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
					  "described type %u must be an earlier type", *out);
	if (*out >= bound)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "%s type %u out of range", what,
					  *out);
	return true;
}

/* One subtype: [sub [final] vec(typeidx)] [describes x] [descriptor y] comptype. Appends it
 * to m->types. A describes clause names an earlier type (the proposal's Overview.md: "describes
 * clauses may only refer to previously defined types"); a descriptor may point forward inside
 * the rec group. */
static bool subtype(struct p1c_parser *ps, struct p1c_reader *r, bool in_rec, uint32_t group,
		    uint32_t group_size, uint32_t bound)
{
	struct p1c_module *m = ps->m;
	P1C_TRY(reserve_type(ps, r));
	struct p1c_type *t = &m->types[m->ntypes];
	memset(t, 0, sizeof(*t));
	t->gc_syntax = in_rec;
	t->rec_group = group;
	t->rec_size = group_size;
	uint8_t b;
	P1C_TRY(p1c_reader_peek(r, &b));
	if (b == FORM_SUB || b == FORM_SUB_FINAL) {
		r->p++;
		t->gc_syntax = true;
		uint32_t nsuper, super;
		P1C_TRY(p1c_reader_count(r, 1, 1, "supertype", &nsuper));
		for (uint32_t i = 0; i < nsuper; i++) {
			uint64_t at = p1c_reader_offset(r);
			P1C_TRY(p1c_reader_u32(r, &super));
			if (super >= m->ntypes)
				return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
							  "supertype %u must be an earlier type", super);
		}
	}
	P1C_TRY(desc_clause(r, t, CLAUSE_DESCRIBES, m->ntypes, "described", &t->describes));
	P1C_TRY(desc_clause(r, t, CLAUSE_DESCRIPTOR, bound, "descriptor", &t->descriptor));
	P1C_TRY(comptype(ps, r, bound, t));
	m->ntypes++;
	return true;
}

bool p1c_mod_type_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_TYPES, "type", &n));
	for (uint32_t group = 0; group < n; group++) {
		ps->loc.item = m->ntypes;
		uint8_t b;
		P1C_TRY(p1c_reader_peek(r, &b));
		if (b != FORM_REC) {
			P1C_TRY(subtype(ps, r, false, group, 1, m->ntypes + 1));
			continue;
		}
		r->p++;
		uint64_t at = p1c_reader_offset(r);
		uint32_t k;
		P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_TYPES, "rec group member", &k));
		if ((uint64_t)m->ntypes + k > P1C_MAX_TYPES)
			return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT, "too many types: %llu (limit %u)",
						  (unsigned long long)m->ntypes + k, P1C_MAX_TYPES);
		uint32_t bound = m->ntypes + k;
		for (uint32_t i = 0; i < k; i++) {
			ps->loc.item = m->ntypes;
			P1C_TRY(subtype(ps, r, true, group, k, bound));
		}
	}
	return true;
}
