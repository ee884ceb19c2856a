/* A decoded module: small section tables in an arena, byte offsets kept, names as slices
 * into the mapped file. Code bodies are kept as byte ranges; code.c decodes them. */
#ifndef P1C_MODULE_H
#define P1C_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/reader.h"

enum p1c_section_id {
	P1C_SEC_CUSTOM = 0, P1C_SEC_TYPE = 1, P1C_SEC_IMPORT = 2, P1C_SEC_FUNCTION = 3,
	P1C_SEC_TABLE = 4, P1C_SEC_MEMORY = 5, P1C_SEC_GLOBAL = 6, P1C_SEC_EXPORT = 7,
	P1C_SEC_START = 8, P1C_SEC_ELEMENT = 9, P1C_SEC_CODE = 10, P1C_SEC_DATA = 11,
	P1C_SEC_DATACOUNT = 12, P1C_SEC_TAG = 13,
};

enum p1c_extern_kind {
	P1C_EXTERN_FUNC = 0, P1C_EXTERN_TABLE = 1, P1C_EXTERN_MEMORY = 2, P1C_EXTERN_GLOBAL = 3,
	P1C_EXTERN_TAG = 4, P1C_EXTERN_COUNT
};

enum p1c_format { P1C_FORMAT_UNKNOWN = 0, P1C_FORMAT_CORE, P1C_FORMAT_COMPONENT };

/* Value type bytes (binary encoding). */
enum {
	P1C_VT_I32 = 0x7F, P1C_VT_I64 = 0x7E, P1C_VT_F32 = 0x7D, P1C_VT_F64 = 0x7C, P1C_VT_V128 = 0x7B,
	P1C_VT_FUNCREF = 0x70, P1C_VT_EXTERNREF = 0x6F, P1C_VT_EXNREF = 0x69,
	P1C_VT_REF_NULL = 0x63, P1C_VT_REF = 0x64, /* followed by a heap type */
};

/* code: the first byte. For P1C_VT_REF / P1C_VT_REF_NULL, heap is the heap type read as s33:
 * >= 0 a type index, < 0 an abstract heap type (e.g. -0x10 = func). Otherwise heap is 0.
 * exact: the heap type was written `exact typeidx` (0x62 prefix, custom-descriptors). */
struct p1c_valtype {
	uint8_t code;
	bool exact; /* next to code: the struct stays 16 bytes */
	int64_t heap;
};

struct p1c_functype {
	uint32_t nparams, nresults;
	const struct p1c_valtype *params;
	const struct p1c_valtype *results;
};

enum p1c_type_form { P1C_TYPE_FUNC = 0x60, P1C_TYPE_STRUCT = 0x5F, P1C_TYPE_ARRAY = 0x5E };

struct p1c_type {
	uint8_t form;            /* enum p1c_type_form */
	bool gc_syntax;          /* declared inside rec/sub (GC encoding) */
	/* How many bytes before the form byte the supertype index and the descriptor clause's
	 * index start (a subtype's prefix is at most 23 bytes: two 5-byte LEBs and the clauses);
	 * kept in the padding so the struct stays 64 bytes. */
	uint8_t super_back, descriptor_back;
	uint32_t rec_group;      /* index of its rec group (each plain type is its own group) */
	uint32_t rec_size;       /* number of types in that group */
	uint32_t super;          /* the declared supertype (at most one), P1C_NO_INDEX if none */
	uint64_t offset;         /* of the form byte */
	/* custom-descriptors clauses (0x4C describes x, 0x4D descriptor x): offset of the first
	 * clause byte, 0 when the type has neither (describes comes first: its index starts at
	 * desc_at + 1); the indices are P1C_NO_INDEX when absent. */
	uint64_t desc_at;
	uint32_t describes, descriptor;
	struct p1c_functype func; /* only for P1C_TYPE_FUNC */
};

struct p1c_limits {
	uint8_t flags;   /* raw limits flag byte */
	bool has_max;
	bool shared;
	bool is64;
	bool custom_page_size;
	bool long_leb;           /* 32-bit, and a bound written in more than 5 bytes */
	uint32_t page_size_log2; /* 16 unless custom_page_size */
	uint64_t min, max;
};

struct p1c_tabletype {
	struct p1c_valtype elem;
	struct p1c_limits limits;
	bool has_init_expr; /* 0x40 0x00 form (function references) */
};

struct p1c_globaltype {
	struct p1c_valtype type;
	bool mutable_;
};

/* A constant expression, decoded enough for the rules and the call graph. Every ref.func
 * inside it, wherever it sits, is also in the module's const_funcs. */
struct p1c_constexpr {
	uint64_t offset;     /* first instruction */
	uint32_t size;       /* bytes including the final end */
	bool is_const;       /* a single i32/i64 const (value holds it) */
	int64_t value;
	/* The function the expression evaluates to: a lone `ref.func f`, or a lone `global.get g`
	 * of a defined global whose initializer evaluates to one; else P1C_NO_INDEX. */
	uint32_t ref_func;
	bool imported_ref;   /* a lone global.get of an imported reference global: the host decides */
	bool extended;       /* uses i32/i64 add/sub/mul (extended-const) */
	bool uses_gc;        /* uses 0xFB instructions */
	bool reads_defined_global; /* global.get of a global the module defines (GC allows it) */
	uint64_t desc_at;    /* first custom-descriptors instruction or exact heap type, else 0 */
};

/* A ref.func inside a constant expression (table and global initializers, element
 * expressions, anywhere inside them): the function's address is taken. */
struct p1c_const_func {
	uint32_t func;
	uint64_t offset; /* of the ref.func opcode */
};

/* A local declaration whose type is not a number type (i32, i64, f32, f64): v128 and
 * references, the ones a post-MVP feature brings. */
struct p1c_local_decl {
	uint32_t func;   /* function index, imports included */
	uint32_t count;  /* locals it declares */
	uint64_t offset; /* of the type byte */
	struct p1c_valtype type;
};

/* An import. A table, memory or global import's type is in m->tables, m->memories or
 * m->globals at kind_index (those arrays begin with the imported ones). */
struct p1c_import {
	struct p1c_str module, name;
	uint64_t offset;       /* of the entry's module-name length byte */
	uint32_t kind_index;   /* index in that kind's index space (func[N], memory[N]...) */
	uint32_t type_index;   /* func, tag: its type index; 0 for the other kinds */
	uint8_t kind;          /* enum p1c_extern_kind */
	bool exact;            /* an exact function import (kind byte 0x20, custom-descriptors) */
};

struct p1c_export {
	struct p1c_str name;
	uint8_t kind;
	uint32_t index;
	uint64_t offset;
};

struct p1c_func_export {
	uint32_t func;
	uint32_t position; /* in exports[] */
};

struct p1c_table {
	struct p1c_tabletype type;
	bool imported;
	uint64_t offset;
	struct p1c_constexpr init; /* type.has_init_expr only: every element's initial value */
};

struct p1c_memory {
	struct p1c_limits limits;
	bool imported;
	uint64_t offset;
};

struct p1c_global {
	struct p1c_globaltype type;
	bool imported;
	struct p1c_constexpr init; /* defined globals only */
	uint64_t offset;
};

enum p1c_segment_mode { P1C_SEG_ACTIVE, P1C_SEG_PASSIVE, P1C_SEG_DECLARATIVE };

struct p1c_elem {
	uint32_t flags;         /* 0..7 as encoded */
	uint8_t mode;           /* enum p1c_segment_mode */
	uint32_t table;         /* active segments */
	struct p1c_constexpr offset_expr;
	struct p1c_valtype type;
	uint32_t count;
	uint32_t *funcs;        /* count entries: function index, or P1C_NO_INDEX (ref.null etc.) */
	bool imported_ref;      /* an entry is a global.get of an imported global */
	uint64_t extended_at;   /* first element expression using extended-const, or 0 */
	uint64_t gc_at;         /* first element expression using GC instructions or reading a
				 * defined global, or 0 */
	uint64_t desc_at;       /* first custom-descriptors construct in an element expression, or 0 */
	uint64_t offset;
};

struct p1c_data {
	uint32_t flags;
	uint8_t mode;
	uint32_t memory;
	struct p1c_constexpr offset_expr;
	uint32_t size;
	uint64_t offset;        /* of the segment entry */
	uint64_t bytes_offset;  /* of its bytes */
};

/* Offsets fit in 32 bits: inputs are at most P1C_MAX_FILE_SIZE bytes (a million-function
 * module keeps 12 bytes per body). A body starts where the one before it ends (the first one
 * after the code section's count). */
struct p1c_body {
	uint32_t code_offset;   /* first instruction */
	uint32_t end;           /* one past the last byte (the final end) */
	uint32_t nlocals;       /* parameters + declared locals (these at most P1C_MAX_LOCALS) */
};

struct p1c_section {
	uint8_t id;
	uint64_t offset;         /* of the id byte */
	uint64_t payload_offset; /* first byte of the contents */
	uint32_t size;
	struct p1c_str name;     /* custom sections only */
};

struct p1c_producer_value {
	struct p1c_str name, version;
};

struct p1c_producer_field {
	struct p1c_str name; /* "language", "processed-by", "sdk" */
	uint32_t nvalues;
	struct p1c_producer_value *values;
};

struct p1c_target_feature {
	uint8_t prefix; /* '+', '-' or '=' */
	struct p1c_str name;
};

struct p1c_nested_module {
	uint64_t offset; /* of the nested module's preamble */
	uint32_t size;
};

struct p1c_module {
	const uint8_t *base; /* the mapped file */
	uint64_t begin, end; /* this module's byte range in it */
	enum p1c_format format;
	uint32_t version;    /* preamble version field (u32 LE) */

	uint32_t nsections;
	struct p1c_section *sections;

	uint32_t ntypes;
	struct p1c_type *types;

	uint32_t nimports;
	struct p1c_import *imports;

	/* Index spaces: imported entries first, then defined ones. */
	uint32_t nfuncs, nfunc_imports;
	uint32_t *func_types;       /* nfuncs type indices */
	uint32_t *func_import;      /* nfunc_imports: position in imports[] */
	uint32_t ntables, ntable_imports;
	struct p1c_table *tables;
	uint32_t nmemories, nmemory_imports;
	struct p1c_memory *memories;
	uint32_t nglobals, nglobal_imports;
	struct p1c_global *globals;
	uint32_t ntags, ntag_imports;
	uint32_t *tag_types;

	uint32_t nexports;
	struct p1c_export *exports;
	/* The function exports by function, then position in exports[] (so the first entry of a
	 * function is its first export): nfunc_exports entries, a few per exported function and
	 * none per other one; NULL when there is no export section. */
	struct p1c_func_export *func_exports;
	uint32_t nfunc_exports;

	bool has_start;
	uint32_t start_func;
	uint64_t start_offset;

	uint32_t nelems;
	struct p1c_elem *elems;
	uint32_t nconst_funcs;      /* every ref.func of every constant expression, in file order */
	struct p1c_const_func *const_funcs;

	bool has_datacount;
	uint32_t datacount;

	uint32_t nbodies;           /* equals nfuncs - nfunc_imports when well-formed */
	struct p1c_body *bodies;
	bool bodies_checked;        /* the parser saw each body hold an instruction and end with
				     * 0x0B (the final end) at its last byte */
	uint32_t nlocal_decls;      /* the bodies' non-number local declarations, in body order */
	struct p1c_local_decl *local_decls;
	uint64_t code_size;         /* bytes of the code section payload */

	uint32_t ndata;
	struct p1c_data *data;
	uint64_t data_size;         /* total bytes of all data segments */

	/* name section: decoded after every other section. A malformed one is never fatal:
	 * names_malformed is set, one warning is added, and the names decoded before the first
	 * problem are kept (duplicates keep the first name). See module_custom.c. */
	bool has_names;
	bool names_malformed;
	struct p1c_str module_name;
	struct p1c_str *func_names; /* nfuncs entries; ptr NULL when unnamed */
	uint32_t nlocal_names;

	uint32_t nproducers;
	struct p1c_producer_field *producers;

	bool has_target_features;
	uint32_t ntarget_features;
	struct p1c_target_feature *target_features;

	/* components only: core modules nested at the top level */
	uint32_t nnested;
	struct p1c_nested_module *nested;

	/* Non-fatal problems (a malformed name section...), in file order. */
	uint32_t nwarnings;
	struct p1c_error *warnings;
};

/* Decode the module or component held in base[begin, end). On a decode error returns false
 * with err filled (offset, section, item, message); out then holds what was read before it
 * (counts always match the arrays). All memory comes from arena. A component is only walked
 * at its top level: nested[] lists its core modules, each parseable in place with
 * p1c_module_parse(base, nested.offset, nested.offset + nested.size, ...). Offsets are
 * always absolute in base. err->item is the entry index in its section, except for code
 * bodies (the function index, imports included) and the type section (the type index). */
bool p1c_module_parse(const uint8_t *base, size_t begin, size_t end, struct p1c_arena *arena,
		      struct p1c_module *out, struct p1c_error *err);

/* Lookups; NULL / false when out of range. */
const struct p1c_functype *p1c_module_func_type(const struct p1c_module *m, uint32_t func);
const struct p1c_functype *p1c_module_type_func(const struct p1c_module *m, uint32_t type_index);
const struct p1c_export *p1c_module_find_export(const struct p1c_module *m, const char *name);
/* The section whose bytes (id byte to end of payload) hold offset; NULL for none. */
const struct p1c_section *p1c_module_section_at(const struct p1c_module *m, uint64_t offset);
/* The function's best name: name section, else export name, else import name; len 0 if none. */
struct p1c_str p1c_module_func_name(const struct p1c_module *m, uint32_t func);

bool p1c_valtype_eq(const struct p1c_valtype *a, const struct p1c_valtype *b);
bool p1c_functype_eq(const struct p1c_functype *a, const struct p1c_functype *b);
/* Text forms: "i32", "(ref null 3)", "(i32 i32) -> i32", "() -> ()", "(i32) -> (i32 i64)".
 * Return the length that the full text needs (snprintf-style). */
int p1c_valtype_format(char *buf, size_t size, const struct p1c_valtype *vt);
int p1c_functype_format(char *buf, size_t size, const struct p1c_functype *ft);
/* A function index as users write it (--why, --entry): "N" or "func[N]", N in decimal
 * digits only (no sign, space or other base) and below 2^32. */
bool p1c_func_index_parse(const char *text, uint32_t *out);
const char *p1c_extern_kind_name(uint8_t kind); /* "func", "table", "memory", "global", "tag" */
/* An import's type as text: a signature for functions ("(i32) -> i32"), otherwise
 * "memory 1 2 shared", "table 1 funcref", "global (mut i32)", "tag (i32) -> ()". */
int p1c_import_type_format(char *buf, size_t size, const struct p1c_module *m,
			   const struct p1c_import *imp);

#endif
