/* Element, data count, code and data sections. Grammar: spec 3.0 5.4-binary.modules.spectec
 * (Belem flags 0..7, Bdata flags 0..2, Bcode). Code bodies are not decoded here: only their
 * byte ranges and local declarations are kept; code.c walks the instructions. */
#include <stdio.h>
#include <string.h>

#include "base/caps.h"
#include "wasm/module_internal.h"

/* Table (active element segments) and memory (active data segments) index checks. */
static bool index_in(struct p1c_reader *r, uint64_t at, uint32_t idx, uint32_t bound,
		     const char *what, const char *many)
{
	if (idx < bound)
		return true;
	return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "%s index %u out of range (%u %s)",
				  what, idx, bound, many);
}

/* Flags bit 0: passive or declarative; bit 1: explicit table index (active) or declarative;
 * bit 2: entries are expressions. Forms 1, 2, 3, 5, 6, 7 carry an elemkind or a reftype. */
static bool elem_header(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_elem *e)
{
	uint64_t at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u32(r, &e->flags));
	if (e->flags > 7)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "invalid element segment flags %u", e->flags);
	e->type.code = P1C_VT_FUNCREF;
	if (!(e->flags & 1)) {
		e->mode = P1C_SEG_ACTIVE;
		at = p1c_reader_offset(r);
		if (e->flags & 2)
			P1C_TRY(p1c_reader_u32(r, &e->table));
		P1C_TRY(index_in(r, at, e->table, ps->m->ntables, "table", "tables"));
		P1C_TRY(p1c_mod_constexpr(ps, r, &e->offset_expr));
	} else {
		e->mode = (e->flags & 2) ? P1C_SEG_DECLARATIVE : P1C_SEG_PASSIVE;
	}
	if (!(e->flags & 3))
		return true;
	if (e->flags & 4)
		return p1c_mod_reftype(r, ps->m->ntypes, &e->type);
	at = p1c_reader_offset(r);
	uint8_t kind;
	P1C_TRY(p1c_reader_u8(r, &kind));
	if (kind != 0x00)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "invalid element kind 0x%02x",
					  kind);
	return true;
}

/* A segment of function indices (flags without bit 2). */
static bool elem_indices(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_elem *e,
			 uint32_t n)
{
	uint32_t nfuncs = ps->m->nfuncs, *funcs = e->funcs;
	for (uint32_t j = 0; j < n; j++) {
		uint64_t at = p1c_reader_offset(r);
		if (!p1c_reader_u32_word(r, &funcs[j]) ||
		    !index_in(r, at, funcs[j], nfuncs, "function", "functions")) {
			e->count = j;
			return false;
		}
	}
	e->count = n;
	return true;
}

static bool elem_entry(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_elem *e)
{
	memset(e, 0, sizeof(*e));
	e->offset = p1c_reader_offset(r);
	P1C_TRY(elem_header(ps, r, e));
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 1, P1C_MAX_ELEMENT_SEGMENTS, "element", &n));
	e->funcs = p1c_mod_alloc(ps, r, n, sizeof(uint32_t));
	if (!e->funcs)
		return false;
	if (!(e->flags & 4))
		return elem_indices(ps, r, e, n);
	for (uint32_t j = 0; j < n; j++) {
		struct p1c_constexpr expr;
		P1C_TRY(p1c_mod_constexpr(ps, r, &expr));
		e->funcs[j] = expr.ref_func;
		e->imported_ref |= expr.imported_ref;
		if (expr.extended && !e->extended_at)
			e->extended_at = expr.offset;
		if ((expr.uses_gc || expr.reads_defined_global) && !e->gc_at)
			e->gc_at = expr.offset;
		if (expr.desc_at && !e->desc_at)
			e->desc_at = expr.desc_at;
		e->count = j + 1;
	}
	return true;
}

bool p1c_mod_element_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 3, P1C_MAX_ELEMENT_SEGMENTS, "element segment", &n));
	m->elems = p1c_mod_alloc(ps, r, n, sizeof(*m->elems));
	if (!m->elems)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		ps->loc.item = i;
		P1C_TRY(elem_entry(ps, r, &m->elems[i]));
		m->nelems++;
	}
	return true;
}

bool p1c_mod_datacount_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	uint64_t at = p1c_reader_offset(r);
	uint32_t n;
	P1C_TRY(p1c_reader_u32(r, &n));
	if (n > P1C_MAX_DATA_SEGMENTS)
		return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT, "too many data segments: %u (limit %u)",
					  n, P1C_MAX_DATA_SEGMENTS);
	ps->m->has_datacount = true;
	ps->m->datacount = n;
	ps->datacount_offset = at;
	return true;
}

/* Keeps a local declaration of a type that is not a number type (see p1c_local_decl). */
static bool keep_local_decl(struct p1c_parser *ps, struct p1c_reader *r,
			    const struct p1c_local_decl *d)
{
	uint8_t c = d->type.code;
	if (c == P1C_VT_I32 || c == P1C_VT_I64 || c == P1C_VT_F32 || c == P1C_VT_F64)
		return true;
	struct p1c_module *m = ps->m;
	struct p1c_local_decl *list = p1c_mod_grow(ps, r, m->local_decls, m->nlocal_decls,
						   &ps->local_decls_cap, sizeof(*list));
	if (!list)
		return false;
	m->local_decls = list;
	list[m->nlocal_decls++] = *d;
	return true;
}

/* Parameters of defined function func (its type was checked by the function section). */
static uint32_t param_count(const struct p1c_module *m, uint32_t func)
{
	uint32_t type = m->func_types[func];
	return type < m->ntypes && m->types[type].form == P1C_TYPE_FUNC ? m->types[type].func.nparams
									  : 0;
}

/* One local declaration: a one-byte count of a number type is taken in place (number types
 * are not kept); the rest go through the reader. *nlocals: the body's locals so far, its
 * `params` parameters included, as the JS API's limit counts them ("The maximum number of
 * locals declared in a function, including implicitly declared as parameters, is 50,000",
 * WebAssembly JavaScript Interface, "Limits"; V8 in Node 20 refuses one more). */
static bool local_decl(struct p1c_parser *ps, struct p1c_reader *body, uint32_t func,
		       uint32_t params, uint64_t *nlocals)
{
	const uint8_t *p = body->p;
	uint64_t at = p1c_reader_offset(body);
	if (body->end - p >= 2 && p[0] < 0x80 && p[1] >= P1C_VT_F64 && p[1] <= P1C_VT_I32) {
		body->p += 2;
		*nlocals += p[0];
	} else {
		struct p1c_local_decl d = {.func = func};
		P1C_TRY(p1c_reader_u32(body, &d.count));
		d.offset = p1c_reader_offset(body);
		P1C_TRY(p1c_mod_valtype(body, ps->m->ntypes, &d.type));
		P1C_TRY(keep_local_decl(ps, body, &d));
		*nlocals += d.count;
	}
	if (*nlocals <= P1C_MAX_LOCALS)
		return true;
	if (params)
		return p1c_reader_fail_at(body, at, P1C_ERR_LIMIT,
					  "function %u has too many locals: %llu with its %u parameters (limit %u)",
					  func, (unsigned long long)*nlocals, params, P1C_MAX_LOCALS);
	return p1c_reader_fail_at(body, at, P1C_ERR_LIMIT,
				  "function %u has too many locals: %llu (limit %u)", func,
				  (unsigned long long)*nlocals, P1C_MAX_LOCALS);
}

static bool body_locals(struct p1c_parser *ps, struct p1c_reader *body, uint32_t func,
			struct p1c_body *out)
{
	uint32_t ndecl;
	uint32_t params = param_count(ps->m, func);
	uint64_t nlocals = params;
	P1C_TRY(p1c_reader_count(body, 2, P1C_MAX_LOCALS, "local declaration", &ndecl));
	for (uint32_t i = 0; i < ndecl; i++)
		P1C_TRY(local_decl(ps, body, func, params, &nlocals));
	out->nlocals = (uint32_t)nlocals;
	out->code_offset = p1c_reader_offset32(body);
	if (p1c_reader_at_end(body))
		return p1c_reader_fail(body, P1C_ERR_TRUNCATED,
				       "unexpected end of function body %u (no instructions)", func);
	if (body->end[-1] != 0x0B)
		return p1c_reader_fail_at(body, out->end - 1, P1C_ERR_MALFORMED,
					  "function body %u does not end with 0x0b (end)", func);
	return true;
}

/* The common small body, read in place: a one-byte size, no local declarations (a zero count
 * byte), and the final end (0x0B) in its last byte. What the general path checks holds: the
 * size is within the limit and the section, at least one instruction byte follows the count,
 * and the parameters are the body's only locals (at most P1C_MAX_PARAMS, under P1C_MAX_LOCALS). */
static bool small_body(const struct p1c_parser *ps, struct p1c_reader *r, uint32_t func,
		       struct p1c_body *out)
{
	const uint8_t *p = r->p;
	size_t size = p < r->end ? p[0] : 0x80;
	if (size < 2 || size >= 0x80 || (size_t)(r->end - p) <= size || p[1] != 0 || p[size] != 0x0B)
		return false;
	out->code_offset = p1c_reader_offset32(r) + 2;
	out->end = p1c_reader_offset32(r) + 1 + (uint32_t)size;
	out->nlocals = param_count(ps->m, func);
	r->p = p + 1 + size;
	return true;
}

static bool code_entry(struct p1c_parser *ps, struct p1c_reader *r, uint32_t func,
		       struct p1c_body *out)
{
	if (small_body(ps, r, func, out))
		return true;
	uint64_t at = p1c_reader_offset(r);
	out->code_offset = out->end = out->nlocals = 0;
	uint32_t size;
	P1C_TRY(p1c_reader_u32_word(r, &size));
	if (size > P1C_MAX_FUNCTION_SIZE)
		return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT,
					  "function body %u size %u over the limit %u", func, size,
					  P1C_MAX_FUNCTION_SIZE);
	if (size > p1c_reader_left(r))
		return p1c_reader_fail_at(r, at, P1C_ERR_TRUNCATED,
					  "function body %u size %u past end of code section (%zu bytes left)",
					  func, size, p1c_reader_left(r));
	out->end = p1c_reader_offset32(r) + size;
	struct p1c_reader body;
	P1C_TRY(p1c_reader_sub(r, size, &body));
	uint32_t kept = ps->m->nlocal_decls;
	if (body_locals(ps, &body, func, out))
		return true;
	ps->m->nlocal_decls = kept; /* a failed body keeps nothing */
	struct p1c_error *err = ps->err;
	if (err->code == P1C_ERR_TRUNCATED && err->offset == out->end &&
	    strcmp(err->msg, "unexpected end") == 0)
		snprintf(err->msg, sizeof(err->msg), "unexpected end of function body %u", func);
	return false;
}

bool p1c_mod_code_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint64_t at = p1c_reader_offset(r);
	uint32_t n;
	m->code_size = p1c_reader_left(r);
	P1C_TRY(p1c_reader_count(r, 3, P1C_MAX_FUNCTIONS, "function body", &n));
	if (n != ps->ndeclared_funcs)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "code section has %u function bodies but the function section declares %u functions",
					  n, ps->ndeclared_funcs);
	m->bodies = p1c_mod_alloc(ps, r, n, sizeof(*m->bodies));
	if (!m->bodies)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t func = m->nfunc_imports + i;
		ps->loc.item = func;
		/* The section is read once front to back, a body per cache line or so: the page
		 * ahead is asked for early (a hint; the hardware prefetcher stops at 4 KiB pages). */
		if (p1c_reader_left(r) > 4096)
			__builtin_prefetch(r->p + 4096);
		P1C_TRY(code_entry(ps, r, func, &m->bodies[i]));
		m->nbodies++;
	}
	m->bodies_checked = true; /* body_locals checked each one's last byte */
	return true;
}

static bool data_entry(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_data *d)
{
	memset(d, 0, sizeof(*d));
	d->offset = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u32(r, &d->flags));
	if (d->flags > 2)
		return p1c_reader_fail_at(r, d->offset, P1C_ERR_MALFORMED,
					  "invalid data segment flags %u", d->flags);
	d->mode = d->flags == 1 ? P1C_SEG_PASSIVE : P1C_SEG_ACTIVE;
	if (d->mode == P1C_SEG_ACTIVE) {
		uint64_t at = p1c_reader_offset(r);
		if (d->flags == 2)
			P1C_TRY(p1c_reader_u32(r, &d->memory));
		P1C_TRY(index_in(r, at, d->memory, ps->m->nmemories, "memory", "memories"));
		P1C_TRY(p1c_mod_constexpr(ps, r, &d->offset_expr));
	}
	uint32_t len;
	const uint8_t *bytes;
	P1C_TRY(p1c_reader_u32(r, &len));
	d->bytes_offset = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_bytes(r, len, &bytes));
	d->size = len;
	return true;
}

bool p1c_mod_data_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint64_t at = p1c_reader_offset(r);
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_DATA_SEGMENTS, "data segment", &n));
	ps->has_data_section = true;
	if (m->has_datacount && n != m->datacount)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "data section has %u segments but the data count section says %u",
					  n, m->datacount);
	m->data = p1c_mod_alloc(ps, r, n, sizeof(*m->data));
	if (!m->data)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		ps->loc.item = i;
		P1C_TRY(data_entry(ps, r, &m->data[i]));
		m->data_size += m->data[i].size;
		m->ndata++;
	}
	return true;
}
