/* Feature evidence outside the instructions: the preamble, sections, limits flags, value and
 * composite types (function types, globals, tables, element segments, and the bodies'
 * local declarations the parser keeps), imports, exports, segment modes, constant expressions and custom sections.
 *
 * What counts as what follows each proposal's Overview.md (WebAssembly/proposals) and,
 * where the proposals overlap, wasmparser's validator (crates/wasmparser/src/validator/
 * core.rs and WasmFeatures' check_value_type): funcref/externref (and `ref null func|extern`) are reference-types
 * outside a table's or element segment's element type; a non-nullable reference or one to a
 * concrete type index is function-references; exn/noexn is exceptions; any other abstract
 * heap type (any, eq, i31, struct, array, none, noextern, nofunc) is gc; struct and array
 * types and the rec/sub type encodings are gc (stricter than wasmparser, which also accepts a
 * one-type `rec` or a `sub final` without supertypes from a module without gc). Tags are
 * evidence both exception proposals share (featureset.h, eh_shared). custom-descriptors
 * (WebAssembly/custom-descriptors proposals/custom-descriptors/Overview.md): a describes or
 * descriptor clause, an exact heap type in any value type, an exact function import, and
 * struct.new_desc or an exact ref.null in a constant expression.
 *
 * Not seen here: field types inside struct/array types; instructions are the code walk's
 * (featureset.c). Linear, no allocation. */
#include <string.h>

#include "analysis/featureset.h"


/* Where a value type sits, for the detail text. */
enum place { IN_FUNCTYPE, IN_GLOBAL, IN_LOCAL, IN_TABLE, IN_ELEM, PLACE_COUNT };

/* What a value type needs, for the detail text. */
enum vclass { VC_V128, VC_REF, VC_EXN, VC_TYPED, VC_GC, VCLASS_COUNT };

static const char *const valtype_details[VCLASS_COUNT][PLACE_COUNT] = {
	[VC_V128] = {"v128 in a function type", "v128 global", "v128 local", "v128 table",
		     "v128 element segment"},
	[VC_REF] = {"funcref/externref in a function type", "funcref/externref global",
		    "funcref/externref local", "externref table", "externref element segment"},
	[VC_EXN] = {"exnref in a function type", "exnref global", "exnref local", "exnref table",
		    "exnref element segment"},
	[VC_TYPED] = {"typed function reference in a function type", "typed function reference global",
		      "typed function reference local", "typed function reference table",
		      "typed function reference element segment"},
	[VC_GC] = {"GC reference in a function type", "GC reference global", "GC reference local",
		   "GC reference table", "GC reference element segment"},
};

/* s33 values of the abstract heap types (byte - 0x80). */
#define HEAP_FUNC (0x70 - 0x80)
#define HEAP_EXTERN (0x6F - 0x80)
#define HEAP_EXN (0x69 - 0x80)
#define HEAP_NOEXN (0x74 - 0x80)

static void note(struct p1c_feature_set *set, enum p1c_feature f, uint64_t offset, uint32_t func,
		 enum p1c_evidence evidence, const char *detail)
{
	p1c_feature_use_note(&set->use[f], offset, func, evidence, detail);
}

/* The feature a heap type needs inside a reference type (nullable or not). */
static enum vclass heap_class(int64_t heap)
{
	if (heap >= 0)
		return VC_TYPED;
	if (heap == HEAP_FUNC || heap == HEAP_EXTERN)
		return VC_REF;
	if (heap == HEAP_EXN || heap == HEAP_NOEXN)
		return VC_EXN;
	return VC_GC;
}

static const enum p1c_feature class_feature[VCLASS_COUNT] = {
	[VC_V128] = P1C_FEATURE_SIMD, [VC_REF] = P1C_FEATURE_REFERENCE_TYPES,
	[VC_EXN] = P1C_FEATURE_EXCEPTIONS, [VC_TYPED] = P1C_FEATURE_FUNCTION_REFERENCES,
	[VC_GC] = P1C_FEATURE_GC,
};

static void note_class(struct p1c_feature_set *set, enum vclass c, enum place where,
		       uint64_t offset, uint32_t func)
{
	note(set, class_feature[c], offset, func, P1C_EVIDENCE_TYPE, valtype_details[c][where]);
}

/* A value type's features. funcref (and `ref null func`) is MVP as a table's or an element
 * segment's element type; anywhere else it is reference-types. */
static const char *const exact_details[PLACE_COUNT] = {
	"exact reference type in a function type", "exact reference type global",
	"exact reference type local", "exact reference type table",
	"exact reference type element segment",
};

static void note_valtype(struct p1c_feature_set *set, const struct p1c_valtype *vt,
			 enum place where, uint64_t offset, uint32_t func)
{
	bool element = where == IN_TABLE || where == IN_ELEM;
	int64_t heap;
	if (vt->exact)
		note(set, P1C_FEATURE_CUSTOM_DESCRIPTORS, offset, func, P1C_EVIDENCE_TYPE,
		     exact_details[where]);
	switch (vt->code) {
	case P1C_VT_I32: case P1C_VT_I64: case P1C_VT_F32: case P1C_VT_F64:
		return;
	case P1C_VT_V128:
		note_class(set, VC_V128, where, offset, func);
		return;
	case P1C_VT_REF:
		/* Non-nullable references came with function-references. */
		note_class(set, VC_TYPED, where, offset, func);
		heap = vt->heap;
		break;
	case P1C_VT_REF_NULL:
		heap = vt->heap;
		break;
	default: /* one-byte abstract reference types */
		heap = (int64_t)vt->code - 0x80;
		break;
	}
	enum vclass c = heap_class(heap);
	if (c == VC_TYPED && vt->code == P1C_VT_REF)
		return; /* already noted */
	if (element && heap == HEAP_FUNC)
		return; /* funcref tables and segments are MVP */
	note_class(set, c, where, offset, func);
}

static void scan_types(const struct p1c_module *m, struct p1c_feature_set *set)
{
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const struct p1c_type *t = &m->types[i];
		if (t->form == P1C_TYPE_STRUCT)
			note(set, P1C_FEATURE_GC, t->offset, P1C_NO_INDEX, P1C_EVIDENCE_TYPE, "struct type");
		else if (t->form == P1C_TYPE_ARRAY)
			note(set, P1C_FEATURE_GC, t->offset, P1C_NO_INDEX, P1C_EVIDENCE_TYPE, "array type");
		else if (t->gc_syntax)
			note(set, P1C_FEATURE_GC, t->offset, P1C_NO_INDEX, P1C_EVIDENCE_TYPE,
			     "rec group or subtype");
		if (t->desc_at)
			note(set, P1C_FEATURE_CUSTOM_DESCRIPTORS, t->desc_at, P1C_NO_INDEX,
			     P1C_EVIDENCE_TYPE, t->descriptor != P1C_NO_INDEX
						? "type with a descriptor clause"
						: "type with a describes clause");
		if (t->form != P1C_TYPE_FUNC)
			continue;
		const struct p1c_functype *ft = &t->func;
		if (ft->nresults > 1)
			note(set, P1C_FEATURE_MULTI_VALUE, t->offset, P1C_NO_INDEX, P1C_EVIDENCE_TYPE,
			     "function type with several results");
		for (uint32_t k = 0; k < ft->nparams; k++)
			note_valtype(set, &ft->params[k], IN_FUNCTYPE, t->offset, P1C_NO_INDEX);
		for (uint32_t k = 0; k < ft->nresults; k++)
			note_valtype(set, &ft->results[k], IN_FUNCTYPE, t->offset, P1C_NO_INDEX);
	}
}

static void scan_limits(struct p1c_feature_set *set, const struct p1c_limits *l, uint64_t offset,
			bool memory)
{
	if (l->is64)
		note(set, P1C_FEATURE_MEMORY64, offset, P1C_NO_INDEX, P1C_EVIDENCE_LIMITS,
		     memory ? "64-bit memory limits flag" : "64-bit table limits flag");
	if (l->shared)
		note(set, P1C_FEATURE_THREADS, offset, P1C_NO_INDEX, P1C_EVIDENCE_LIMITS,
		     "shared memory limits flag");
	if (l->custom_page_size)
		note(set, P1C_FEATURE_CUSTOM_PAGE_SIZES, offset, P1C_NO_INDEX, P1C_EVIDENCE_LIMITS,
		     "custom page size limits flag");
	if (l->long_leb)
		note(set, P1C_FEATURE_U64_LIMITS, offset, P1C_NO_INDEX, P1C_EVIDENCE_LIMITS,
		     memory ? "32-bit memory bound in a LEB longer than 5 bytes"
			    : "32-bit table bound in a LEB longer than 5 bytes");
}

static void scan_constexpr(struct p1c_feature_set *set, const struct p1c_constexpr *e)
{
	if (e->extended)
		note(set, P1C_FEATURE_EXTENDED_CONST, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_CONSTEXPR,
		     "arithmetic in a constant expression");
	if (e->uses_gc)
		note(set, P1C_FEATURE_GC, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_CONSTEXPR,
		     "GC instruction in a constant expression");
	else if (e->reads_defined_global)
		note(set, P1C_FEATURE_GC, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_CONSTEXPR,
		     "global.get of a defined global in a constant expression");
	if (e->desc_at)
		note(set, P1C_FEATURE_CUSTOM_DESCRIPTORS, e->desc_at, P1C_NO_INDEX,
		     P1C_EVIDENCE_CONSTEXPR, "struct.new_desc or exact ref.null in a constant expression");
}

static void scan_memories_tables(const struct p1c_module *m, struct p1c_feature_set *set)
{
	for (uint32_t i = 0; i < m->nmemories; i++) {
		const struct p1c_memory *mem = &m->memories[i];
		scan_limits(set, &mem->limits, mem->offset, true);
		if (i > 0)
			note(set, P1C_FEATURE_MULTI_MEMORY, mem->offset, P1C_NO_INDEX,
			     mem->imported ? P1C_EVIDENCE_IMPORT : P1C_EVIDENCE_SECTION,
			     "more than one memory");
	}
	for (uint32_t i = 0; i < m->ntables; i++) {
		const struct p1c_table *t = &m->tables[i];
		scan_limits(set, &t->type.limits, t->offset, false);
		note_valtype(set, &t->type.elem, IN_TABLE, t->offset, P1C_NO_INDEX);
		if (t->type.has_init_expr) {
			note(set, P1C_FEATURE_FUNCTION_REFERENCES, t->offset, P1C_NO_INDEX,
			     P1C_EVIDENCE_SECTION, "table with an initializer expression");
			scan_constexpr(set, &t->init);
		}
		if (i > 0)
			note(set, P1C_FEATURE_REFERENCE_TYPES, t->offset, P1C_NO_INDEX,
			     t->imported ? P1C_EVIDENCE_IMPORT : P1C_EVIDENCE_SECTION,
			     "more than one table");
	}
}

static void scan_globals(const struct p1c_module *m, struct p1c_feature_set *set)
{
	for (uint32_t i = 0; i < m->nglobals; i++) {
		const struct p1c_global *g = &m->globals[i];
		note_valtype(set, &g->type.type, IN_GLOBAL, g->offset, P1C_NO_INDEX);
		if (g->imported && g->type.mutable_)
			note(set, P1C_FEATURE_MUTABLE_GLOBAL, g->offset, P1C_NO_INDEX, P1C_EVIDENCE_IMPORT,
			     "mutable global import");
		if (!g->imported)
			scan_constexpr(set, &g->init);
	}
}

static void scan_imports(const struct p1c_module *m, struct p1c_feature_set *set)
{
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		if (imp->kind == P1C_EXTERN_TAG)
			p1c_feature_use_note(&set->eh_shared, imp->offset, P1C_NO_INDEX,
					     P1C_EVIDENCE_IMPORT, "tag import");
		else if (imp->exact)
			note(set, P1C_FEATURE_CUSTOM_DESCRIPTORS, imp->offset, P1C_NO_INDEX,
			     P1C_EVIDENCE_IMPORT, "exact function import");
	}
}

static void scan_export(const struct p1c_module *m, struct p1c_feature_set *set,
			const struct p1c_export *e)
{
	if (e->kind == P1C_EXTERN_GLOBAL && e->index < m->nglobals &&
	    m->globals[e->index].type.mutable_)
		note(set, P1C_FEATURE_MUTABLE_GLOBAL, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_EXPORT,
		     "mutable global export");
	else if (e->kind == P1C_EXTERN_TAG)
		p1c_feature_use_note(&set->eh_shared, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_EXPORT,
				     "tag export");
	if (e->kind != P1C_EXTERN_FUNC)
		return;
	/* The wasi-threads ABI (import wasi#thread-spawn, export wasi_thread_start) is not the
	 * threads feature: a loader without threads rejects the shared limits flag and the atomic
	 * opcodes, not an import or export name (WAMR 2.4.5 core/iwasm/interpreter/wasm_loader.c);
	 * the import is an import like any other (P1C011 where the runtime lacks lib-wasi-threads). */
	if (p1c_str_eq(e->name, "cabi_realloc"))
		note(set, P1C_FEATURE_COMPONENT_MODEL, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_EXPORT,
		     "cabi_realloc export");
	else if (p1c_str_has_prefix(e->name, "cabi_post_"))
		note(set, P1C_FEATURE_COMPONENT_MODEL, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_EXPORT,
		     "cabi_post_* export");
}

static void scan_elems(const struct p1c_module *m, struct p1c_feature_set *set)
{
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct p1c_elem *e = &m->elems[i];
		if (e->flags & 4)
			note(set, P1C_FEATURE_REFERENCE_TYPES, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_SEGMENT,
			     "element segment of expressions");
		if (e->mode == P1C_SEG_PASSIVE)
			note(set, P1C_FEATURE_BULK_MEMORY, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_SEGMENT,
			     "passive element segment");
		else if (e->mode == P1C_SEG_DECLARATIVE)
			note(set, P1C_FEATURE_BULK_MEMORY, e->offset, P1C_NO_INDEX, P1C_EVIDENCE_SEGMENT,
			     "declarative element segment");
		else
			scan_constexpr(set, &e->offset_expr);
		if (e->extended_at)
			note(set, P1C_FEATURE_EXTENDED_CONST, e->extended_at, P1C_NO_INDEX,
			     P1C_EVIDENCE_CONSTEXPR, "arithmetic in a constant expression");
		if (e->gc_at)
			note(set, P1C_FEATURE_GC, e->gc_at, P1C_NO_INDEX, P1C_EVIDENCE_CONSTEXPR,
			     "GC instruction or defined-global read in an element expression");
		if (e->desc_at)
			note(set, P1C_FEATURE_CUSTOM_DESCRIPTORS, e->desc_at, P1C_NO_INDEX,
			     P1C_EVIDENCE_CONSTEXPR,
			     "struct.new_desc or exact ref.null in an element expression");
		note_valtype(set, &e->type, IN_ELEM, e->offset, P1C_NO_INDEX);
	}
}

static void scan_data(const struct p1c_module *m, struct p1c_feature_set *set)
{
	for (uint32_t i = 0; i < m->ndata; i++) {
		const struct p1c_data *d = &m->data[i];
		if (d->mode == P1C_SEG_PASSIVE) {
			note(set, P1C_FEATURE_BULK_MEMORY, d->offset, P1C_NO_INDEX, P1C_EVIDENCE_SEGMENT,
			     "passive data segment");
			continue;
		}
		if (d->memory != 0)
			note(set, P1C_FEATURE_MULTI_MEMORY, d->offset, P1C_NO_INDEX, P1C_EVIDENCE_SEGMENT,
			     "data segment for a memory other than 0");
		scan_constexpr(set, &d->offset_expr);
	}
}

static void scan_sections(const struct p1c_module *m, struct p1c_feature_set *set)
{
	for (uint32_t i = 0; i < m->nsections; i++) {
		const struct p1c_section *s = &m->sections[i];
		if (s->id == P1C_SEC_DATACOUNT)
			note(set, P1C_FEATURE_BULK_MEMORY, s->offset, P1C_NO_INDEX, P1C_EVIDENCE_SECTION,
			     "data count section");
		else if (s->id == P1C_SEC_TAG)
			p1c_feature_use_note(&set->eh_shared, s->offset, P1C_NO_INDEX, P1C_EVIDENCE_SECTION,
					     "tag section");
		else if (s->id == P1C_SEC_CUSTOM && p1c_str_has_prefix(s->name, "component-type"))
			note(set, P1C_FEATURE_COMPONENT_MODEL, s->offset, P1C_NO_INDEX, P1C_EVIDENCE_CUSTOM,
			     "component-type custom section");
	}
}

void p1c_features_scan_module(const struct p1c_module *m, struct p1c_feature_set *set)
{
	if (m->format == P1C_FORMAT_COMPONENT) {
		note(set, P1C_FEATURE_COMPONENT_MODEL, m->begin, P1C_NO_INDEX, P1C_EVIDENCE_PREAMBLE,
		     "component preamble (version 0x0d, layer 1)");
		return;
	}
	scan_sections(m, set);
	scan_types(m, set);
	scan_imports(m, set);
	scan_memories_tables(m, set);
	scan_globals(m, set);
	for (uint32_t i = 0; i < m->nexports; i++)
		scan_export(m, set, &m->exports[i]);
	scan_elems(m, set);
	scan_data(m, set);
	for (uint32_t i = 0; i < m->nlocal_decls; i++)
		note_valtype(set, &m->local_decls[i].type, IN_LOCAL, m->local_decls[i].offset,
			     m->local_decls[i].func);
}
