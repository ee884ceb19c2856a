/* Decode errors: where reading a binary stopped, and why. Lower layers fill them; the CLI prints. */
#ifndef P1C_DIAG_H
#define P1C_DIAG_H

#include <stdbool.h>
#include <stdint.h>

enum p1c_errcode {
	P1C_ERR_NONE = 0,
	P1C_ERR_TRUNCATED, /* ran past the end of the file, a section or an entry */
	P1C_ERR_MALFORMED, /* bytes that are not valid wasm (bad LEB, bad UTF-8, bad id...) */
	P1C_ERR_LIMIT,     /* a count or size over a sanity cap in base/caps.h */
	P1C_ERR_NOMEM,     /* the arena refused an allocation */
	P1C_ERR_INVALID,   /* well-formed, but fails validation (an index out of range...) */
};

#define P1C_SECTION_NONE (-1) /* the preamble, or no section context */
/* No index: the one sentinel for an absent position in an index space (function, import,
 * table...), an error item or a search result. */
#define P1C_NO_INDEX UINT32_MAX
#define P1C_ITEM_NONE P1C_NO_INDEX

struct p1c_error {
	enum p1c_errcode code;
	uint64_t offset; /* absolute byte offset in the file of the failing byte */
	int section;     /* section id, or P1C_SECTION_NONE */
	uint32_t item;   /* entry / function index inside the section, or P1C_ITEM_NONE */
	char msg[160];
};

/* Location context that the section parsers update before each entry. */
struct p1c_loc {
	int section;
	uint32_t item;
};

const char *p1c_errcode_name(enum p1c_errcode code);
/* Human name of a section id: "import", "code", "custom:name"... (static strings). */
const char *p1c_section_name(int section);

#endif
