/* Private to module*.c: the parser state and the section decoders it dispatches to. */
#ifndef P1C_MODULE_INTERNAL_H
#define P1C_MODULE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "wasm/module.h"
#include "base/reader.h"

struct p1c_parser {
	struct p1c_module *m;
	struct p1c_arena *arena;
	struct p1c_error *err;
	struct p1c_loc loc;          /* every reader points here */
	uint32_t types_cap;          /* allocated length of m->types */
	uint32_t sections_cap;       /* allocated length of m->sections */
	uint32_t nested_cap;         /* allocated length of m->nested */
	uint32_t const_funcs_cap;    /* allocated length of m->const_funcs */
	uint32_t local_decls_cap;    /* allocated length of m->local_decls */
	uint32_t ncustom;            /* custom sections read */
	bool seen[14];               /* known section ids already read */
	uint32_t ndeclared_funcs;    /* function section count */
	uint64_t sec_offset[14];     /* id byte of each known section read */
	uint64_t sec_payload[14];    /* its first payload byte */
	bool has_data_section;
	uint64_t datacount_offset;   /* of the data count value */
	/* the first `name` custom section, decoded after all other sections */
	bool has_name_section;
	uint64_t name_begin, name_end;  /* its payload after the section name */
	uint64_t name_section_offset;   /* of its id byte */
	bool has_producers, has_target_features_sec;
	/* the import section's table, memory and global types, in order, until index_imports
	 * puts them in m->tables, m->memories and m->globals */
	union p1c_import_desc *import_descs;
	uint32_t nimport_descs, import_descs_cap;
};

union p1c_import_desc {
	struct p1c_tabletype table;
	struct p1c_limits memory;
	struct p1c_globaltype global;
};

/* Allocation failure as a decode error (P1C_ERR_NOMEM). Always false. */
bool p1c_mod_nomem(struct p1c_reader *r);
void *p1c_mod_alloc(struct p1c_parser *ps, struct p1c_reader *r, size_t count, size_t size);
/* Room for entry n of a growable array: arr itself while n < *cap, else a copy twice as long
 * (*cap updated; the old block is simply abandoned in the arena). NULL on failure. */
void *p1c_mod_grow(struct p1c_parser *ps, struct p1c_reader *r, void *arr, uint32_t n,
		   uint32_t *cap, size_t elem);
/* A non-fatal problem; kept in m->warnings up to P1C_MAX_WARNINGS. */
void p1c_mod_warn(struct p1c_parser *ps, const struct p1c_error *w);

/* module_expr.c: types inside other entries, and constant expressions. type_bound is the
 * exclusive upper bound for concrete type indices at that point. */
bool p1c_mod_heaptype(struct p1c_reader *r, uint32_t type_bound, int64_t *out, bool *exact);
bool p1c_mod_valtype(struct p1c_reader *r, uint32_t type_bound, struct p1c_valtype *out);
bool p1c_mod_reftype(struct p1c_reader *r, uint32_t type_bound, struct p1c_valtype *out);
bool p1c_mod_constexpr(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_constexpr *out);
bool p1c_mod_limits(struct p1c_reader *r, bool memory, struct p1c_limits *out);
bool p1c_mod_tabletype(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_tabletype *out);
bool p1c_mod_globaltype(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_globaltype *out);
/* A type index that must name a function type. */
bool p1c_mod_functype_index(struct p1c_parser *ps, struct p1c_reader *r, uint32_t *out);

/* module_types.c */
bool p1c_mod_type_section(struct p1c_parser *ps, struct p1c_reader *r);

/* module_sections.c */
bool p1c_mod_import_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_function_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_table_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_memory_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_tag_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_global_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_export_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_start_section(struct p1c_parser *ps, struct p1c_reader *r);

/* module_segments.c */
bool p1c_mod_element_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_datacount_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_code_section(struct p1c_parser *ps, struct p1c_reader *r);
bool p1c_mod_data_section(struct p1c_parser *ps, struct p1c_reader *r);

/* module_custom.c: r holds the payload after the custom section's name. */
void p1c_mod_name_section(struct p1c_parser *ps, struct p1c_reader *r);
void p1c_mod_producers_section(struct p1c_parser *ps, struct p1c_reader *r);
void p1c_mod_target_features_section(struct p1c_parser *ps, struct p1c_reader *r);

#endif
