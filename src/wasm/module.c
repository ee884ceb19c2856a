/* Preamble, section walker, order and duplicate checks, and the checks that span sections.
 * Binary order (spec 3.0 5.4-binary.modules.spectec, Bmodule): type 1, import 2, function 3,
 * table 4, memory 5, tag 13, global 6, export 7, start 8, element 9, data count 12, code 10,
 * data 11; custom sections (0) anywhere. A component (preamble version 0x0d, layer 1) is only
 * walked at its top level to find the core modules nested in it (component section id 1).
 *
 * Error offsets: the failing byte. For an id byte that is unknown, duplicate or out of order,
 * the id byte; for a section size past the end, its size field; for a truncated entry, the
 * first missing byte (the end of the section); for a count that cannot fit, the count. */
#include <stdio.h>
#include <string.h>

#include "base/caps.h"
#include "wasm/module_internal.h"

typedef bool (*section_decoder)(struct p1c_parser *ps, struct p1c_reader *r);

static const section_decoder decoders[14] = {
	[P1C_SEC_TYPE] = p1c_mod_type_section,
	[P1C_SEC_IMPORT] = p1c_mod_import_section,
	[P1C_SEC_FUNCTION] = p1c_mod_function_section,
	[P1C_SEC_TABLE] = p1c_mod_table_section,
	[P1C_SEC_MEMORY] = p1c_mod_memory_section,
	[P1C_SEC_GLOBAL] = p1c_mod_global_section,
	[P1C_SEC_EXPORT] = p1c_mod_export_section,
	[P1C_SEC_START] = p1c_mod_start_section,
	[P1C_SEC_ELEMENT] = p1c_mod_element_section,
	[P1C_SEC_CODE] = p1c_mod_code_section,
	[P1C_SEC_DATA] = p1c_mod_data_section,
	[P1C_SEC_DATACOUNT] = p1c_mod_datacount_section,
	[P1C_SEC_TAG] = p1c_mod_tag_section,
};

/* Position of each known section id in the required order (custom: 0, unordered). */
static const uint8_t section_rank[14] = {
	[P1C_SEC_TYPE] = 1, [P1C_SEC_IMPORT] = 2, [P1C_SEC_FUNCTION] = 3, [P1C_SEC_TABLE] = 4,
	[P1C_SEC_MEMORY] = 5, [P1C_SEC_TAG] = 6, [P1C_SEC_GLOBAL] = 7, [P1C_SEC_EXPORT] = 8,
	[P1C_SEC_START] = 9, [P1C_SEC_ELEMENT] = 10, [P1C_SEC_DATACOUNT] = 11, [P1C_SEC_CODE] = 12,
	[P1C_SEC_DATA] = 13,
};

/* A warning that is not tied to a decode step. */
static void warn_at(struct p1c_parser *ps, uint64_t offset, int section, const char *msg)
{
	struct p1c_error w = {P1C_ERR_MALFORMED, offset, section, P1C_ITEM_NONE, ""};
	snprintf(w.msg, sizeof(w.msg), "%s", msg);
	p1c_mod_warn(ps, &w);
}

static bool preamble(struct p1c_parser *ps, struct p1c_reader *r)
{
	static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6D};
	static const uint8_t component[4] = {0x0D, 0x00, 0x01, 0x00};
	const uint8_t *p = r->p;
	size_t avail = p1c_reader_left(r);
	uint64_t begin = p1c_reader_offset(r);
	if (memcmp(p, magic, avail < 4 ? avail : 4) != 0)
		return p1c_reader_fail_at(r, begin, P1C_ERR_MALFORMED, "bad magic number");
	if (avail < 8)
		return p1c_reader_fail_at(r, begin + avail, P1C_ERR_TRUNCATED,
					  "unexpected end of file: %zu bytes, the preamble needs 8",
					  avail);
	struct p1c_module *m = ps->m;
	m->version = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
		     (uint32_t)p[7] << 24;
	if (m->version == 1)
		m->format = P1C_FORMAT_CORE;
	else if (memcmp(p + 4, component, 4) == 0)
		m->format = P1C_FORMAT_COMPONENT;
	else if (m->version >> 16)
		return p1c_reader_fail_at(r, begin + 4, P1C_ERR_MALFORMED,
					  "unsupported version 0x%x, layer %u (expected 1: core module, or 0x0d/layer 1: component)",
					  m->version & 0xFFFF, m->version >> 16);
	else
		return p1c_reader_fail_at(r, begin + 4, P1C_ERR_MALFORMED,
					  "unsupported version 0x%x (expected 1: core module, or 0x0d/layer 1: component)",
					  m->version);
	r->p += 8;
	return true;
}

/* Reads a section header: id, size; checks the size against the bytes left. */
static bool section_header(struct p1c_parser *ps, struct p1c_reader *r, uint8_t *id,
			   uint32_t *size, bool known)
{
	uint64_t at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u8(r, id));
	if (known) {
		ps->loc.section = *id;
		if (*id > P1C_SEC_TAG)
			return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
						  "unknown section id 0x%02x", *id);
	}
	uint64_t size_at = p1c_reader_offset(r);
	P1C_TRY(p1c_reader_u32(r, size));
	if (*size > p1c_reader_left(r))
		return p1c_reader_fail_at(r, size_at, P1C_ERR_TRUNCATED,
					  "section size %u past end of %s (%zu bytes left)", *size,
					  ps->m->begin == 0 ? "file" : "module", p1c_reader_left(r));
	return true;
}

static bool check_order(struct p1c_parser *ps, struct p1c_reader *r, uint8_t id, uint64_t at,
			uint8_t *last)
{
	if (id == P1C_SEC_CUSTOM)
		return true;
	if (ps->seen[id])
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "duplicate %s section",
					  p1c_section_name(id));
	if (section_rank[id] < section_rank[*last])
		return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					  "%s section out of order (after the %s section)",
					  p1c_section_name(id), p1c_section_name(*last));
	ps->seen[id] = true;
	*last = id;
	return true;
}

static bool record_section(struct p1c_parser *ps, struct p1c_reader *r, uint8_t id, uint64_t at,
			   uint32_t size)
{
	struct p1c_module *m = ps->m;
	struct p1c_section *secs = p1c_mod_grow(ps, r, m->sections, m->nsections,
						&ps->sections_cap, sizeof(*secs));
	if (!secs)
		return false;
	m->sections = secs;
	struct p1c_section *s = &secs[m->nsections++];
	s->id = id;
	s->offset = at;
	s->payload_offset = p1c_reader_offset(r);
	s->size = size;
	if (id != P1C_SEC_CUSTOM) {
		ps->sec_offset[id] = at;
		ps->sec_payload[id] = s->payload_offset;
	}
	return true;
}

/* A custom section: its name is checked (fatal); known ones are decoded (never fatal). */
static bool custom_section(struct p1c_parser *ps, struct p1c_reader *r, uint64_t at)
{
	struct p1c_module *m = ps->m;
	if (++ps->ncustom > P1C_MAX_CUSTOM_SECTIONS)
		return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT, "too many custom sections (limit %u)",
					  P1C_MAX_CUSTOM_SECTIONS);
	struct p1c_str name;
	P1C_TRY(p1c_reader_name(r, &name));
	m->sections[m->nsections - 1].name = name;
	bool *seen = NULL;
	if (p1c_str_eq(name, "name"))
		seen = &ps->has_name_section;
	else if (p1c_str_eq(name, "producers"))
		seen = &ps->has_producers;
	else if (p1c_str_eq(name, "target_features"))
		seen = &ps->has_target_features_sec;
	if (!seen) {
		r->p = r->end;
		return true;
	}
	if (*seen) {
		char msg[64];
		snprintf(msg, sizeof(msg), "duplicate %.*s section ignored", (int)name.len,
			 (const char *)name.ptr);
		warn_at(ps, at, P1C_SEC_CUSTOM, msg);
	} else if (seen == &ps->has_name_section) {
		ps->name_section_offset = at; /* decoded once every index space is known */
		ps->name_begin = p1c_reader_offset(r);
		ps->name_end = (uint64_t)(r->end - r->base);
	} else if (seen == &ps->has_producers) {
		p1c_mod_producers_section(ps, r);
	} else {
		p1c_mod_target_features_section(ps, r);
	}
	*seen = true;
	r->p = r->end;
	return true;
}

/* Makes a plain "unexpected end" at the end of a section say which section it was. */
static void refine_end(struct p1c_error *err, uint64_t end, uint8_t id)
{
	if (err->code == P1C_ERR_TRUNCATED && err->offset == end &&
	    strcmp(err->msg, "unexpected end") == 0)
		snprintf(err->msg, sizeof(err->msg), "unexpected end of %s section",
			 p1c_section_name(id));
}

static bool one_section(struct p1c_parser *ps, struct p1c_reader *r, uint8_t *last)
{
	uint64_t at = p1c_reader_offset(r);
	uint8_t id;
	uint32_t size;
	ps->loc.section = P1C_SECTION_NONE;
	ps->loc.item = P1C_ITEM_NONE;
	P1C_TRY(section_header(ps, r, &id, &size, true));
	P1C_TRY(check_order(ps, r, id, at, last));
	P1C_TRY(record_section(ps, r, id, at, size));
	struct p1c_reader sub;
	P1C_TRY(p1c_reader_sub(r, size, &sub));
	bool ok = id == P1C_SEC_CUSTOM ? custom_section(ps, &sub, at) : decoders[id](ps, &sub);
	if (!ok) {
		refine_end(ps->err, (uint64_t)(sub.end - sub.base), id);
		return false;
	}
	ps->loc.item = P1C_ITEM_NONE;
	if (!p1c_reader_at_end(&sub))
		return p1c_reader_fail(&sub, P1C_ERR_MALFORMED,
				       "section size mismatch: %zu unread byte(s) at the end of the %s section",
				       p1c_reader_left(&sub), p1c_section_name(id));
	return true;
}

/* The name section, once the function index space is complete. */
static void names(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	if (!ps->has_name_section)
		return;
	uint64_t at = ps->name_section_offset;
	for (int id = P1C_SEC_IMPORT; id <= P1C_SEC_FUNCTION; id++) {
		if (ps->seen[id] && ps->sec_offset[id] > at) {
			char msg[96];
			snprintf(msg, sizeof(msg), "name section before the %s section; names ignored",
				 p1c_section_name(id));
			m->has_names = true;
			m->names_malformed = true;
			warn_at(ps, at, P1C_SEC_CUSTOM, msg);
			return;
		}
	}
	struct p1c_reader nr = *r;
	nr.p = m->base + ps->name_begin;
	nr.end = m->base + ps->name_end;
	p1c_mod_name_section(ps, &nr);
}

/* Checks that span sections, once all of them are read. */
static bool finish(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	if (ps->ndeclared_funcs && !ps->seen[P1C_SEC_CODE]) {
		ps->loc.section = P1C_SEC_FUNCTION;
		ps->loc.item = P1C_ITEM_NONE;
		return p1c_reader_fail_at(r, ps->sec_payload[P1C_SEC_FUNCTION], P1C_ERR_MALFORMED,
					  "function section declares %u functions but there is no code section",
					  ps->ndeclared_funcs);
	}
	if (m->has_datacount && m->datacount && !ps->has_data_section) {
		ps->loc.section = P1C_SEC_DATACOUNT;
		ps->loc.item = P1C_ITEM_NONE;
		return p1c_reader_fail_at(r, ps->datacount_offset, P1C_ERR_MALFORMED,
					  "data count section says %u segments but there is no data section",
					  m->datacount);
	}
	names(ps, r);
	return true;
}

static bool core_module(struct p1c_parser *ps, struct p1c_reader *r)
{
	uint8_t last = P1C_SEC_CUSTOM;
	while (!p1c_reader_at_end(r))
		P1C_TRY(one_section(ps, r, &last));
	return finish(ps, r);
}

/* Top-level component sections; core modules (id 1) are recorded, nothing is decoded. */
static bool component(struct p1c_parser *ps, struct p1c_reader *r)
{
	struct p1c_module *m = ps->m;
	while (!p1c_reader_at_end(r)) {
		uint64_t at = p1c_reader_offset(r);
		uint8_t id;
		uint32_t size;
		P1C_TRY(section_header(ps, r, &id, &size, false));
		if (id == 1) {
			if (m->nnested >= P1C_MAX_COMPONENT_MODULES)
				return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT,
							  "too many nested core modules (limit %u)",
							  P1C_MAX_COMPONENT_MODULES);
			struct p1c_nested_module *nested =
				p1c_mod_grow(ps, r, m->nested, m->nnested, &ps->nested_cap,
					     sizeof(*nested));
			if (!nested)
				return false;
			m->nested = nested;
			nested[m->nnested].offset = p1c_reader_offset(r);
			nested[m->nnested].size = size;
			m->nnested++;
		}
		P1C_TRY(p1c_reader_skip(r, size));
	}
	return true;
}

bool p1c_module_parse(const uint8_t *base, size_t begin, size_t end, struct p1c_arena *arena,
		      struct p1c_module *out, struct p1c_error *err)
{
	static const uint8_t empty[1] = {0};
	struct p1c_error ignored;
	if (!err)
		err = &ignored;
	if (!base) { /* an empty input may come without a mapping */
		base = empty;
		begin = end = 0;
	}
	memset(err, 0, sizeof(*err));
	err->section = P1C_SECTION_NONE;
	err->item = P1C_ITEM_NONE;
	memset(out, 0, sizeof(*out));
	out->base = base;
	out->begin = begin;
	out->end = end < begin ? begin : end;
	struct p1c_parser ps;
	memset(&ps, 0, sizeof(ps));
	ps.m = out;
	ps.arena = arena;
	ps.err = err;
	ps.loc.section = P1C_SECTION_NONE;
	ps.loc.item = P1C_ITEM_NONE;
	struct p1c_reader r;
	p1c_reader_init(&r, base, begin, end, err, &ps.loc);
	if (end > P1C_MAX_FILE_SIZE)
		return p1c_reader_fail_at(&r, begin, P1C_ERR_LIMIT, "input larger than %llu bytes",
					  (unsigned long long)P1C_MAX_FILE_SIZE);
	P1C_TRY(preamble(&ps, &r));
	if (out->format == P1C_FORMAT_COMPONENT)
		return component(&ps, &r);
	return core_module(&ps, &r);
}
