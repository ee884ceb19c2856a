/* Import, function, table, memory, tag, global, export and start sections.
 * Grammar: spec 3.0 5.4-binary.modules.spectec; compact imports: wasmparser
 * crates/wasmparser/src/readers/core/imports.rs. Index spaces list imported entries
 * first; each defining section re-allocates its space as imports + its own count, so the
 * arrays always hold exactly n<kind>s entries. Errors carry item = entry index. */
#include <stdlib.h>
#include <string.h>

#include "base/caps.h"
#include "wasm/module_internal.h"

/* A new array of have + add elements holding the first `have` of old. */
static void *extend(struct p1c_parser *ps, struct p1c_reader *r, const void *old, uint32_t have,
		    uint32_t add, size_t elem)
{
	void *arr = p1c_mod_alloc(ps, r, (size_t)have + add, elem);
	if (arr && have)
		memcpy(arr, old, have * elem);
	return arr;
}

/* count of a defined-entries section whose index space also holds imports */
static bool space_count(struct p1c_reader *r, uint32_t min_size, uint32_t imported, uint32_t cap,
			const char *what, uint32_t *out)
{
	uint64_t at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_count(r, min_size, cap, what, out));
	if ((uint64_t)imported + *out > cap)
		return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT,
					  "too many %s entries: %llu with imports (limit %u)", what,
					  (unsigned long long)imported + *out, cap);
	return true;
}

#define IMPORT_FUNC_EXACT 0x20

/* Room for one more table, memory or global import type (zero: p1c_mod_grow's slots past n
 * were never written, and the arena's memory comes zeroed). */
static bool next_desc(struct p1c_parser *ps, struct p1c_reader *r, union p1c_import_desc **out)
{
	union p1c_import_desc *descs = p1c_mod_grow(ps, r, ps->import_descs, ps->nimport_descs,
						    &ps->import_descs_cap, sizeof(*descs));
	if (!descs)
		return false;
	ps->import_descs = descs;
	*out = &descs[ps->nimport_descs++];
	return true;
}

static bool import_desc(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_import *imp,
			uint32_t counts[5])
{
	uint64_t at = p1c_reader_offset(r);
	union p1c_import_desc *desc;
	P1C_TRY(p1c_reader_u8(r, &imp->kind));
	/* custom-descriptors: kind 0x20 imports a function with an exact type (a function of
	 * the index space, typeidx as for kind 0x00). Source: WebAssembly/custom-descriptors
	 * interpreter/binary/decode.ml (commit 97b27bd9, `externtype`: 0x20 -> ExternFuncT
	 * (Exact, typeuse idx)); wasmparser's TypeRef::FuncExact reads a var_u32 the same way
	 * (bytecodealliance/wasm-tools crates/wasmparser/src/readers/core/imports.rs). */
	imp->exact = imp->kind == IMPORT_FUNC_EXACT;
	if (imp->exact)
		imp->kind = P1C_EXTERN_FUNC;
	if (imp->kind > P1C_EXTERN_TAG)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "invalid import kind 0x%02x",
					  imp->kind);
	if (imp->kind == P1C_EXTERN_MEMORY && counts[P1C_EXTERN_MEMORY] >= P1C_MAX_MEMORIES)
		return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT, "too many memories (limit %u)",
					  P1C_MAX_MEMORIES);
	imp->kind_index = counts[imp->kind];
	switch (imp->kind) {
	case P1C_EXTERN_FUNC:
		P1C_TRY(p1c_mod_functype_index(ps, r, &imp->type_index));
		break;
	case P1C_EXTERN_TABLE:
		P1C_TRY(next_desc(ps, r, &desc));
		P1C_TRY(p1c_mod_tabletype(ps, r, &desc->table));
		break;
	case P1C_EXTERN_MEMORY:
		P1C_TRY(next_desc(ps, r, &desc));
		P1C_TRY(p1c_mod_limits(r, true, &desc->memory));
		break;
	case P1C_EXTERN_GLOBAL:
		P1C_TRY(next_desc(ps, r, &desc));
		P1C_TRY(p1c_mod_globaltype(ps, r, &desc->global));
		break;
	default: {
		uint8_t attr;
		at = p1c_reader_offset(r);
		P1C_TRY(p1c_reader_u8(r, &attr));
		if (attr != 0)
			return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
						  "invalid tag attribute 0x%02x", attr);
		P1C_TRY(p1c_mod_functype_index(ps, r, &imp->type_index));
	}
	}
	counts[imp->kind]++;
	return true;
}

static bool import_entry(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_import *imp,
			 uint32_t counts[5])
{
	memset(imp, 0, sizeof(*imp));
	imp->offset = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_name(r, &imp->module));
	P1C_TRY(p1c_reader_name(r, &imp->name));
	uint8_t b;
	if (imp->name.len == 0 && p1c_reader_peek(r, &b) && (b == 0x7F || b == 0x7E))
		return p1c_reader_fail(r, P1C_ERR_MALFORMED,
				       "compact import encoding (0x%02x group) is not supported by p1 runtimes",
				       b);
	return import_desc(ps, r, imp, counts);
}

/* Builds the imported part of every index space from imports[0, nimports). */
static bool index_imports(struct p1c_parser *ps, struct p1c_reader *r, const uint32_t counts[5])
{
	struct p1c_module *m = ps->m;
	m->func_types = p1c_mod_alloc(ps, r, counts[0], sizeof(uint32_t));
	m->func_import = p1c_mod_alloc(ps, r, counts[0], sizeof(uint32_t));
	m->tables = p1c_mod_alloc(ps, r, counts[1], sizeof(struct p1c_table));
	m->memories = p1c_mod_alloc(ps, r, counts[2], sizeof(struct p1c_memory));
	m->globals = p1c_mod_alloc(ps, r, counts[3], sizeof(struct p1c_global));
	m->tag_types = p1c_mod_alloc(ps, r, counts[4], sizeof(uint32_t));
	if (!m->func_types || !m->func_import || !m->tables || !m->memories || !m->globals ||
	    !m->tag_types)
		return false;
	const union p1c_import_desc *desc = ps->import_descs;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		uint32_t k = imp->kind_index;
		switch (imp->kind) {
		case P1C_EXTERN_FUNC:
			m->func_types[k] = imp->type_index;
			m->func_import[k] = i;
			break;
		case P1C_EXTERN_TABLE:
			m->tables[k] = (struct p1c_table){.type = (desc++)->table, .imported = true,
							  .offset = imp->offset,
							  .init.ref_func = P1C_NO_INDEX};
			break;
		case P1C_EXTERN_MEMORY:
			m->memories[k] = (struct p1c_memory){(desc++)->memory, true, imp->offset};
			break;
		case P1C_EXTERN_GLOBAL:
			m->globals[k].type = (desc++)->global;
			m->globals[k].imported = true;
			m->globals[k].offset = imp->offset;
			m->globals[k].init.ref_func = P1C_NO_INDEX;
			break;
		default:
			m->tag_types[k] = imp->type_index;
		}
	}
	m->nfuncs = m->nfunc_imports = counts[0];
	m->ntables = m->ntable_imports = counts[1];
	m->nmemories = m->nmemory_imports = counts[2];
	m->nglobals = m->nglobal_imports = counts[3];
	m->ntags = m->ntag_imports = counts[4];
	return true;
}

bool p1c_mod_import_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n, counts[5] = {0, 0, 0, 0, 0};
	P1C_TRY(p1c_reader_count(r, 4, P1C_MAX_IMPORTS, "import", &n));
	m->imports = p1c_mod_alloc(ps, r, n, sizeof(*m->imports));
	if (!m->imports)
		return false;
	bool ok = true;
	for (uint32_t i = 0; i < n && ok; i++) {
		ps->loc.item = i;
		ok = import_entry(ps, r, &m->imports[i], counts);
		if (ok)
			m->nimports++;
	}
	/* Index the imports read so far even after an error, so that counts match arrays. */
	bool indexed = index_imports(ps, r, counts);
	return ok && indexed;
}

bool p1c_mod_function_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 1, P1C_MAX_FUNCTIONS, "function", &n)); /* defined ones */
	uint32_t *types = extend(ps, r, m->func_types, m->nfuncs, n, sizeof(uint32_t));
	if (!types)
		return false;
	m->func_types = types;
	ps->ndeclared_funcs = n;
	for (uint32_t i = 0; i < n; i++) {
		ps->loc.item = i;
		uint8_t b = r->p < r->end ? *r->p : 0x80; /* a one-byte index of a function type */
		if (b < 0x80 && b < m->ntypes && m->types[b].form == P1C_TYPE_FUNC) {
			m->func_types[m->nfuncs++] = b;
			r->p++;
			continue;
		}
		P1C_TRY(p1c_mod_functype_index(ps, r, &m->func_types[m->nfuncs]));
		m->nfuncs++;
	}
	return true;
}

static bool table_entry(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_table *t)
{
	memset(t, 0, sizeof(*t));
	t->offset = p1c_reader_offset(r);
	t->init.ref_func = P1C_NO_INDEX;
	uint8_t b;
	P1C_TRY(p1c_reader_peek(r, &b));
	if (b != 0x40)
		return p1c_mod_tabletype(ps, r, &t->type);
	r->p++;
	uint64_t at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u8(r, &b));
	if (b != 0x00)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "invalid table encoding 0x40 0x%02x (expected 0x40 0x00)", b);
	P1C_TRY(p1c_mod_tabletype(ps, r, &t->type));
	t->type.has_init_expr = true;
	return p1c_mod_constexpr(ps, r, &t->init);
}

bool p1c_mod_table_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(space_count(r, 3, m->ntable_imports, P1C_MAX_TABLES, "table", &n));
	struct p1c_table *tables = extend(ps, r, m->tables, m->ntables, n, sizeof(*tables));
	if (!tables)
		return false;
	m->tables = tables;
	for (uint32_t i = 0; i < n; i++) {
		ps->loc.item = i;
		P1C_TRY(table_entry(ps, r, &m->tables[m->ntables]));
		m->ntables++;
	}
	return true;
}

bool p1c_mod_memory_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(space_count(r, 2, m->nmemory_imports, P1C_MAX_MEMORIES, "memory", &n));
	struct p1c_memory *mems = extend(ps, r, m->memories, m->nmemories, n, sizeof(*mems));
	if (!mems)
		return false;
	m->memories = mems;
	for (uint32_t i = 0; i < n; i++) {
		ps->loc.item = i;
		struct p1c_memory *mem = &m->memories[m->nmemories];
		memset(mem, 0, sizeof(*mem));
		mem->offset = p1c_reader_offset(r);
		P1C_TRY(p1c_mod_limits(r, true, &mem->limits));
		m->nmemories++;
	}
	return true;
}

bool p1c_mod_tag_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_TAGS, "tag", &n)); /* defined ones */
	uint32_t *tags = extend(ps, r, m->tag_types, m->ntags, n, sizeof(uint32_t));
	if (!tags)
		return false;
	m->tag_types = tags;
	for (uint32_t i = 0; i < n; i++) {
		ps->loc.item = i;
		uint64_t at = p1c_reader_offset(r);
		uint8_t attr;
		P1C_TRY(p1c_reader_u8(r, &attr));
		if (attr != 0)
			return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
						  "invalid tag attribute 0x%02x", attr);
		P1C_TRY(p1c_mod_functype_index(ps, r, &m->tag_types[m->ntags]));
		m->ntags++;
	}
	return true;
}

bool p1c_mod_global_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 3, P1C_MAX_GLOBALS, "global", &n)); /* defined ones */
	struct p1c_global *globals = extend(ps, r, m->globals, m->nglobals, n, sizeof(*globals));
	if (!globals)
		return false;
	m->globals = globals;
	for (uint32_t i = 0; i < n; i++) {
		ps->loc.item = i;
		struct p1c_global *g = &m->globals[m->nglobals];
		memset(g, 0, sizeof(*g));
		g->offset = p1c_reader_offset(r);
		P1C_TRY(p1c_mod_globaltype(ps, r, &g->type));
		P1C_TRY(p1c_mod_constexpr(ps, r, &g->init));
		m->nglobals++;
	}
	return true;
}

static uint32_t name_hash(struct p1c_str s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (uint32_t i = 0; i < s.len; i++)
		h = (h ^ s.ptr[i]) * 16777619u;
	return h;
}

static bool str_same(struct p1c_str a, struct p1c_str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Open-addressing set of export names (slots hold index + 1); false on a duplicate. */
static bool insert_export_name(uint32_t *slots, uint32_t mask, const struct p1c_export *exports,
			       uint32_t idx)
{
	uint32_t h = name_hash(exports[idx].name) & mask;
	while (slots[h]) {
		if (str_same(exports[slots[h] - 1].name, exports[idx].name))
			return false;
		h = (h + 1) & mask;
	}
	slots[h] = idx + 1;
	return true;
}

static bool export_index(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_export *e)
{
	static const char *const many[] = {"functions", "tables", "memories", "globals", "tags"};
	const struct p1c_module *m = ps->m;
	uint64_t at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u8(r, &e->kind));
	/* custom-descriptors has exact function imports (kind 0x20) but no exact exports: "An
	 * export section using [that kind] is malformed" (WebAssembly/custom-descriptors
	 * proposals/custom-descriptors/Overview.md, "Binary Format", "Exact Function Imports"); its
	 * interpreter's decode.ml `externidx` (commit 97b27bd9) reads export kinds 0x00-0x04 only. */
	if (e->kind > P1C_EXTERN_TAG)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "invalid export kind 0x%02x",
					  e->kind);
	at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u32(r, &e->index));
	const uint32_t bound[] = {m->nfuncs, m->ntables, m->nmemories, m->nglobals, m->ntags};
	if (e->index >= bound[e->kind])
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "export %s index %u out of range (%u %s)",
					  p1c_extern_kind_name(e->kind), e->index, bound[e->kind],
					  many[e->kind]);
	return true;
}

static int compare_func_exports(const void *a, const void *b)
{
	const struct p1c_func_export *x = a, *y = b;
	if (x->func != y->func)
		return x->func < y->func ? -1 : 1;
	return x->position < y->position ? -1 : x->position > y->position;
}

/* The function exports sorted by function (for p1c_module_func_name): memory for the exports,
 * not for every function (a million functions with two exports cost two entries). */
static bool index_func_exports(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	m->func_exports = p1c_mod_alloc(ps, r, m->nexports, sizeof(*m->func_exports));
	if (!m->func_exports)
		return false;
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == P1C_EXTERN_FUNC && m->exports[i].index < m->nfuncs)
			m->func_exports[m->nfunc_exports++] =
				(struct p1c_func_export){m->exports[i].index, i};
	qsort(m->func_exports, m->nfunc_exports, sizeof(*m->func_exports), compare_func_exports);
	return true;
}

bool p1c_mod_export_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 3, P1C_MAX_EXPORTS, "export", &n));
	uint32_t mask = 1;
	while (mask < 2 * (uint64_t)n)
		mask <<= 1;
	uint32_t *slots = p1c_mod_alloc(ps, r, mask, sizeof(uint32_t));
	m->exports = p1c_mod_alloc(ps, r, n, sizeof(*m->exports));
	if (!slots || !m->exports)
		return false;
	mask--;
	for (uint32_t i = 0; i < n; i++) {
		ps->loc.item = i;
		struct p1c_export *e = &m->exports[i];
		e->offset = p1c_reader_offset(r);
		P1C_TRY(p1c_reader_name(r, &e->name));
		P1C_TRY(export_index(ps, r, e));
		if (!insert_export_name(slots, mask, m->exports, i))
			return p1c_reader_fail_at(r, e->offset, P1C_ERR_MALFORMED,
						  "duplicate export name \"%.*s\"",
						  (int)(e->name.len > 64 ? 64 : e->name.len),
						  (const char *)e->name.ptr);
		m->nexports++;
	}
	return index_func_exports(ps, r);
}

bool p1c_mod_start_section(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	uint64_t at = p1c_reader_offset(r);
	uint32_t f;
	P1C_TRY(p1c_reader_u32(r, &f));
	if (f >= m->nfuncs)
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "start function index %u out of range (%u functions)", f,
					  m->nfuncs);
	m->has_start = true;
	m->start_func = f;
	m->start_offset = at;
	return true;
}
