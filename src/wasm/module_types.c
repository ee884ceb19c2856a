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
			const char *what, uint32_t *out, uint64_t *out_at)
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
	*out_at = at;
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
	t->super = P1C_NO_INDEX;
	uint64_t super_at = 0;
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
			t->super = super;
			super_at = at;
		}
	}
	uint64_t describes_at = 0, descriptor_at = 0;
	P1C_TRY(desc_clause(r, t, CLAUSE_DESCRIBES, m->ntypes, "described", &t->describes,
			    &describes_at));
	P1C_TRY(desc_clause(r, t, CLAUSE_DESCRIPTOR, bound, "descriptor", &t->descriptor,
			    &descriptor_at));
	P1C_TRY(comptype(ps, r, bound, t));
	if (t->super != P1C_NO_INDEX)
		t->super_back = (uint8_t)(t->offset - super_at);
	if (t->descriptor != P1C_NO_INDEX)
		t->descriptor_back = (uint8_t)(t->offset - descriptor_at);
	m->ntypes++;
	return true;
}

/* The custom-descriptors validation rules of WebAssembly/custom-descriptors proposals/
 * custom-descriptors/Overview.md, "Custom Descriptor Definitions" (the revision with the
 * "Exact Function Imports" section), checked once a rec group is complete (a descriptor
 * clause may point forward inside it). Each failure is P1C003 at the index it concerns. */

/* "describes and descriptor clauses ... only on struct type definitions". */
static bool check_desc_struct(struct p1c_reader *r, const struct p1c_type *t, uint32_t x)
{
	if (t->form == P1C_TYPE_STRUCT || !t->desc_at)
		return true;
	return p1c_reader_fail_at(r, t->desc_at, P1C_ERR_INVALID,
				  "%s clause on type %u, which is not a struct type",
				  t->describes != P1C_NO_INDEX ? "describes" : "descriptor", x);
}

/* "descriptor and describes clauses must agree": x's (descriptor y) needs y's (describes x),
 * and x's (describes y) needs y's (descriptor x). */
static bool check_desc_agree(struct p1c_reader *r, const struct p1c_module *m,
			     const struct p1c_type *t, uint32_t x)
{
	if (t->descriptor != P1C_NO_INDEX && m->types[t->descriptor].describes != x)
		return p1c_reader_fail_at(r, t->offset - t->descriptor_back, P1C_ERR_INVALID,
					  "descriptor type %u of type %u has no (describes %u) clause",
					  t->descriptor, x, x);
	if (t->describes != P1C_NO_INDEX && m->types[t->describes].descriptor != x)
		return p1c_reader_fail_at(r, t->desc_at + 1, P1C_ERR_INVALID,
					  "described type %u of type %u has no (descriptor %u) clause",
					  t->describes, x, x);
	return true;
}

/* Whether type a may be the same type as b (WebAssembly Core Specification 3.0, Validation,
 * "Type Equivalence": iso-recursive, so two rec groups that read alike define equal types):
 * false only when that is impossible, that is they are distinct members of one rec group,
 * or differ in rec group size, form or clauses. */
static bool maybe_same_type(const struct p1c_module *m, uint32_t a, uint32_t b)
{
	const struct p1c_type *ta = &m->types[a], *tb = &m->types[b];
	if (a == b)
		return true;
	return ta->rec_group != tb->rec_group && ta->rec_size == tb->rec_size &&
	       ta->form == tb->form &&
	       (ta->describes == P1C_NO_INDEX) == (tb->describes == P1C_NO_INDEX) &&
	       (ta->descriptor == P1C_NO_INDEX) == (tb->descriptor == P1C_NO_INDEX);
}

/* Supertype chains longer than this are not followed (engines cap subtyping depth at 63). */
#define DESC_CHAIN_MAX 64

/* False only when type c is certainly not a subtype of type y: no type on c's chain of
 * declared supertypes (c included) may be y. */
static bool maybe_subtype(const struct p1c_module *m, uint32_t c, uint32_t y)
{
	for (int depth = 0; depth < DESC_CHAIN_MAX; depth++) {
		if (maybe_same_type(m, c, y))
			return true;
		c = m->types[c].super;
		if (c == P1C_NO_INDEX)
			return false;
	}
	return true;
}

/* The subtyping rules for one clause kind (describes when `describes`, else descriptor): a
 * type whose clause names c has a declared supertype whose clause is absent (allowed for
 * descriptor only) or names a supertype y of c ("where $y is a declared supertype of $x"; the
 * reference interpreter's valid.ml `check_desctype_sub`, commit 09abbe7b, matches c against y
 * with the subtyping relation); a type without the clause has a supertype without it. */
static bool check_desc_super(struct p1c_reader *r, const struct p1c_module *m,
			     const struct p1c_type *t, bool describes)
{
	const struct p1c_type *s = &m->types[t->super];
	uint32_t c = describes ? t->describes : t->descriptor;
	uint32_t y = describes ? s->describes : s->descriptor;
	const char *clause = describes ? "describes" : "descriptor";
	uint64_t at = t->offset - t->super_back;
	if (c == P1C_NO_INDEX && y == P1C_NO_INDEX)
		return true;
	if (c == P1C_NO_INDEX)
		return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
					  "supertype %u has a %s clause, its subtype none", t->super,
					  clause);
	if (y == P1C_NO_INDEX) {
		if (!describes)
			return true;
		return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
					  "supertype %u of a type with a describes clause has none",
					  t->super);
	}
	if (maybe_subtype(m, c, y))
		return true;
	return p1c_reader_fail_at(r, at, P1C_ERR_INVALID,
				  "supertype %u has (%s %u), but %s type %u is not a subtype of type %u",
				  t->super, clause, y, describes ? "described" : "descriptor", c, y);
}

/* Every rule for the types [first, end) of one complete rec group. */
static bool check_desc_group(struct p1c_parser *ps, struct p1c_reader *r, uint32_t first,
			     uint32_t end)
{
	const struct p1c_module *m = ps->m;
	for (uint32_t x = first; x < end; x++) {
		const struct p1c_type *t = &m->types[x];
		ps->loc.item = x;
		P1C_TRY(check_desc_struct(r, t, x));
		P1C_TRY(check_desc_agree(r, m, t, x));
		if (t->super == P1C_NO_INDEX)
			continue;
		P1C_TRY(check_desc_super(r, m, t, false));
		P1C_TRY(check_desc_super(r, m, t, true));
	}
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
		uint32_t first = m->ntypes;
		if (b != FORM_REC) {
			P1C_TRY(subtype(ps, r, false, group, 1, m->ntypes + 1));
			P1C_TRY(check_desc_group(ps, r, first, m->ntypes));
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
		P1C_TRY(check_desc_group(ps, r, first, m->ntypes));
	}
	return true;
}
