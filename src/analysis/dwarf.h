/* Source locations from a module's DWARF (`.debug_*` custom sections, as clang -g and Rust
 * debug builds write them), read with libdwarf through its object-access interface. The
 * line tables are read once into sorted address ranges; lookups map an absolute offset in
 * the file to file:line:column. No output. */
#ifndef P1C_DWARF_H
#define P1C_DWARF_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "wasm/module.h"

struct p1c_srcloc {
	const char *file; /* as DWARF names it (the compilation directory joined when relative) */
	uint32_t line;    /* 1-based */
	uint32_t column;  /* 1-based; 0 when unknown */
};

struct p1c_srcrange; /* one row of a line table: [start, end) of code -> a location */

struct p1c_srcmap {
	bool present;            /* the module has .debug_line and .debug_info */
	bool failed;             /* present, but libdwarf could not read it (error says why) */
	char error[160];
	uint32_t nranges;
	struct p1c_srcrange *ranges; /* sorted by start */
	uint64_t code_base;      /* file offset of the Code section's contents (DWARF address 0) */
};

/* Reads the line tables of module m (bytes `data` of the file it was parsed from). A module
 * without DWARF gives an empty map; one with unreadable DWARF an empty map marked failed.
 * false only when the arena runs out of memory. */
bool p1c_dwarf_load(const struct p1c_module *m, const uint8_t *data, struct p1c_arena *arena,
		    struct p1c_srcmap *out);
/* The source location of the code byte at file offset `offset`; false when none. */
bool p1c_srcmap_lookup(const struct p1c_srcmap *map, uint64_t offset, struct p1c_srcloc *out);

#endif
