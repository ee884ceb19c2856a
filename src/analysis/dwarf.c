/* DWARF line tables through libdwarf's object-access interface (libdwarf.h,
 * Dwarf_Obj_Access_Interface and dwarf_object_init_b): the "sections" handed to libdwarf are
 * the module's custom sections named .debug_*, in place. A DWARF address in a wasm module is
 * an offset into the Code section's contents (WebAssembly tool-conventions, Debugging.md),
 * so file offset = code contents start + address. */
#include "analysis/dwarf.h"

#include <libdwarf/dwarf.h>
#include <libdwarf/libdwarf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/caps.h"
#include "base/path.h"

struct p1c_srcrange {
	uint32_t start, end; /* DWARF addresses (offsets into the Code section's contents) */
	struct p1c_srcloc loc;
};

#define MAX_DWARF_SECTIONS 32
#define MAX_UNITS 1000000u

/* What libdwarf sees: section 0 is an empty placeholder (libdwarf treats index 0 as ELF's
 * null section), then one entry per .debug_* custom section. */
struct dwarf_object {
	const uint8_t *data;
	uint32_t nsections;
	struct {
		const char *name; /* NUL-terminated copy */
		const uint8_t *bytes;
		uint64_t size;
	} sections[MAX_DWARF_SECTIONS + 1];
};

static int get_section_info(void *obj, Dwarf_Half index, Dwarf_Obj_Access_Section *out, int *error)
{
	const struct dwarf_object *o = obj;
	(void)error;
	if (index >= o->nsections)
		return DW_DLV_NO_ENTRY;
	memset(out, 0, sizeof(*out));
	out->size = o->sections[index].size;
	out->name = o->sections[index].name;
	return DW_DLV_OK;
}

static Dwarf_Endianness get_byte_order(void *obj)
{
	(void)obj;
	return DW_OBJECT_LSB;
}

static Dwarf_Small get_size_4(void *obj)
{
	(void)obj;
	return 4; /* wasm32: 32-bit DWARF, 4-byte addresses */
}

static Dwarf_Unsigned get_section_count(void *obj)
{
	return ((const struct dwarf_object *)obj)->nsections;
}

static int load_section(void *obj, Dwarf_Half index, Dwarf_Small **out, int *error)
{
	const struct dwarf_object *o = obj;
	(void)error;
	if (index == 0 || index >= o->nsections)
		return DW_DLV_NO_ENTRY;
	/* libdwarf takes a non-const pointer but only reads sections it does not relocate (we
	 * offer no relocation method). */
	*out = (Dwarf_Small *)(uintptr_t)o->sections[index].bytes;
	return DW_DLV_OK;
}

static const Dwarf_Obj_Access_Methods access_methods = {
	get_section_info, get_byte_order, get_size_4, get_size_4, get_section_count, load_section,
	NULL,
};

/* Collects the .debug_* custom sections; false when the module has no line table. */
static bool collect_sections(const struct p1c_module *m, const uint8_t *data,
			     struct p1c_arena *arena, struct dwarf_object *o, uint64_t *code_base)
{
	bool has_line = false, has_info = false;
	o->data = data;
	o->nsections = 1;
	o->sections[0].name = "";
	*code_base = UINT64_MAX;
	for (uint32_t i = 0; i < m->nsections; i++) {
		const struct p1c_section *s = &m->sections[i];
		if (s->id == P1C_SEC_CODE)
			*code_base = s->payload_offset;
		if (s->id != P1C_SEC_CUSTOM || !p1c_str_has_prefix(s->name, ".debug_") ||
		    o->nsections > MAX_DWARF_SECTIONS)
			continue;
		char *name = p1c_arena_printf(arena, "%.*s", (int)s->name.len, (const char *)s->name.ptr);
		if (!name)
			return false;
		/* the contents after the name */
		uint64_t name_end = (uint64_t)(s->name.ptr - data) + s->name.len;
		o->sections[o->nsections].name = name;
		o->sections[o->nsections].bytes = data + name_end;
		o->sections[o->nsections].size = s->payload_offset + s->size - name_end;
		o->nsections++;
		has_line |= strcmp(name, ".debug_line") == 0;
		has_info |= strcmp(name, ".debug_info") == 0;
	}
	return has_line && has_info && *code_base != UINT64_MAX;
}

struct collect {
	Dwarf_Debug dbg;
	struct p1c_arena *arena;
	struct p1c_srcrange *ranges;
	uint32_t n, cap;
	uint64_t code_size;
	bool nomem;
};

static bool push_range(struct collect *c, const struct p1c_srcrange *r)
{
	if (c->n == c->cap) {
		uint32_t cap = c->cap ? c->cap * 2 : 256;
		struct p1c_srcrange *grown = p1c_arena_array(c->arena, cap, sizeof(*grown));
		if (!grown) {
			c->nomem = true;
			return false;
		}
		if (c->n)
			memcpy(grown, c->ranges, c->n * sizeof(*grown));
		c->ranges = grown;
		c->cap = cap;
	}
	c->ranges[c->n++] = *r;
	return true;
}

/* The file name of a line, interned per compilation unit by file number. */
static const char *line_file(struct collect *c, Dwarf_Line line, const char **names, uint32_t nnames)
{
	Dwarf_Unsigned fileno = 0;
	Dwarf_Error err = NULL;
	if (dwarf_line_srcfileno(line, &fileno, &err) != DW_DLV_OK || fileno >= nnames)
		return NULL;
	if (names[fileno])
		return names[fileno];
	char *src = NULL;
	if (dwarf_linesrc(line, &src, &err) != DW_DLV_OK)
		return NULL;
	/* "." and ".." segments and doubled slashes out; a relative path stays relative */
	char clean[4096];
	const char *name = src;
	if (strncmp(src, "../", 3) != 0 && p1c_path_absolute("/", src, clean, sizeof(clean)))
		name = src[0] == '/' ? clean : clean + 1;
	names[fileno] = p1c_arena_printf(c->arena, "%s", name);
	dwarf_dealloc(c->dbg, src, DW_DLA_STRING);
	if (!names[fileno])
		c->nomem = true;
	return names[fileno];
}

/* How many file entries the unit's line table has (DWARF 5 counts from 0, earlier versions
 * from 1: one more slot covers both). */
static uint32_t unit_file_slots(Dwarf_Die cu, Dwarf_Debug dbg)
{
	char **files = NULL;
	Dwarf_Signed count = 0;
	Dwarf_Error err = NULL;
	if (dwarf_srcfiles(cu, &files, &count, &err) != DW_DLV_OK)
		return 0;
	for (Dwarf_Signed i = 0; i < count; i++)
		dwarf_dealloc(dbg, files[i], DW_DLA_STRING);
	dwarf_dealloc(dbg, files, DW_DLA_LIST);
	return count < 0 || count >= (Dwarf_Signed)P1C_MAX_FUNCTIONS ? 0 : (uint32_t)count + 1;
}

/* One compilation unit's rows become ranges [row address, next row address). */
static void collect_lines(struct collect *c, Dwarf_Line *lines, Dwarf_Signed count,
			  uint32_t nnames)
{
	const char **names = nnames ? p1c_arena_array(c->arena, nnames, sizeof(*names)) : NULL;
	if (!names) {
		c->nomem = nnames > 0;
		return;
	}
	Dwarf_Error err = NULL;
	for (Dwarf_Signed i = 0; i + 1 < count && !c->nomem; i++) {
		Dwarf_Bool end_seq = 0;
		Dwarf_Addr addr = 0, next = 0;
		Dwarf_Unsigned lineno = 0, col = 0;
		if (dwarf_lineendsequence(lines[i], &end_seq, &err) != DW_DLV_OK || end_seq ||
		    dwarf_lineaddr(lines[i], &addr, &err) != DW_DLV_OK ||
		    dwarf_lineaddr(lines[i + 1], &next, &err) != DW_DLV_OK ||
		    dwarf_lineno(lines[i], &lineno, &err) != DW_DLV_OK)
			continue;
		if (dwarf_lineoff_b(lines[i], &col, &err) != DW_DLV_OK)
			col = 0;
		/* dead code keeps a tombstone address past the Code section: skip it */
		if (next <= addr || next > c->code_size || lineno == 0 || lineno > UINT32_MAX)
			continue;
		const char *file = line_file(c, lines[i], names, nnames);
		if (!file)
			continue;
		struct p1c_srcrange r = {(uint32_t)addr, (uint32_t)next,
					 {file, (uint32_t)lineno, col > UINT32_MAX ? 0 : (uint32_t)col}};
		push_range(c, &r);
	}
}

/* Every compilation unit of .debug_info: its line table. false when libdwarf fails. */
static bool walk_units(struct collect *c, char *error, size_t size)
{
	for (uint32_t units = 0; units < MAX_UNITS; units++) {
		Dwarf_Unsigned next_cu = 0, version = 0;
		Dwarf_Half header_type = 0;
		Dwarf_Error err = NULL;
		int rc = dwarf_next_cu_header_d(c->dbg, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
						NULL, &next_cu, &header_type, &err);
		if (rc == DW_DLV_NO_ENTRY)
			return true;
		Dwarf_Die cu = NULL;
		if (rc != DW_DLV_OK || dwarf_siblingof_b(c->dbg, NULL, 1, &cu, &err) != DW_DLV_OK) {
			snprintf(error, size, "libdwarf: %s", err ? dwarf_errmsg(err) : "no unit");
			return false;
		}
		Dwarf_Small tables = 0;
		Dwarf_Line_Context ctx = NULL;
		if (dwarf_srclines_b(cu, &version, &tables, &ctx, &err) == DW_DLV_OK) {
			Dwarf_Line *lines = NULL;
			Dwarf_Signed count = 0;
			if (dwarf_srclines_from_linecontext(ctx, &lines, &count, &err) == DW_DLV_OK)
				collect_lines(c, lines, count, unit_file_slots(cu, c->dbg));
			dwarf_srclines_dealloc_b(ctx);
		}
		dwarf_dealloc(c->dbg, cu, DW_DLA_DIE);
		if (c->nomem)
			return true;
	}
	return true;
}

static int compare_ranges(const void *pa, const void *pb)
{
	const struct p1c_srcrange *a = pa, *b = pb;
	return a->start != b->start ? (a->start < b->start ? -1 : 1) : (a->end < b->end ? -1 : a->end > b->end);
}

static uint64_t code_size(const struct p1c_module *m)
{
	for (uint32_t i = 0; i < m->nsections; i++)
		if (m->sections[i].id == P1C_SEC_CODE)
			return m->sections[i].size;
	return 0;
}

bool p1c_dwarf_load(const struct p1c_module *m, const uint8_t *data, struct p1c_arena *arena,
		    struct p1c_srcmap *out)
{
	memset(out, 0, sizeof(*out));
	struct dwarf_object *o = calloc(1, sizeof(*o));
	if (!o)
		return false;
	bool ok = true;
	if (!collect_sections(m, data, arena, o, &out->code_base))
		goto done;
	out->present = true;
	Dwarf_Obj_Access_Interface iface = {o, &access_methods};
	Dwarf_Debug dbg = NULL;
	Dwarf_Error err = NULL;
	if (dwarf_object_init_b(&iface, NULL, NULL, DW_GROUPNUMBER_ANY, &dbg, &err) != DW_DLV_OK) {
		out->failed = true;
		snprintf(out->error, sizeof(out->error), "libdwarf: %s",
			 err ? dwarf_errmsg(err) : "cannot read the DWARF sections");
		if (err) /* no Dwarf_Debug owns it: freed by hand (libdwarf.h, dwarf_dealloc_error) */
			dwarf_dealloc_error(NULL, err);
		goto done;
	}
	struct collect c = {.dbg = dbg, .arena = arena, .code_size = code_size(m)};
	out->failed = !walk_units(&c, out->error, sizeof(out->error));
	dwarf_object_finish(dbg, &err);
	ok = !c.nomem;
	if (c.n)
		qsort(c.ranges, c.n, sizeof(*c.ranges), compare_ranges);
	out->ranges = c.ranges;
	out->nranges = c.n;
done:
	free(o);
	return ok;
}

bool p1c_srcmap_lookup(const struct p1c_srcmap *map, uint64_t offset, struct p1c_srcloc *out)
{
	if (!map->nranges || offset < map->code_base || offset - map->code_base > UINT32_MAX)
		return false;
	uint32_t addr = (uint32_t)(offset - map->code_base);
	uint32_t lo = 0, hi = map->nranges; /* the last range starting at or before addr */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (map->ranges[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (uint32_t i = lo; i-- > 0 && lo - i <= 8;) /* nested/overlapping rows: the innermost */
		if (map->ranges[i].start <= addr && addr < map->ranges[i].end) {
			*out = map->ranges[i].loc;
			return true;
		}
	return false;
}
