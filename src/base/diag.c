#include "base/diag.h"

const char *p1c_errcode_name(enum p1c_errcode code)
{
	switch (code) {
	case P1C_ERR_NONE: return "no error";
	case P1C_ERR_TRUNCATED: return "unexpected end";
	case P1C_ERR_MALFORMED: return "malformed";
	case P1C_ERR_LIMIT: return "over a limit";
	case P1C_ERR_NOMEM: return "out of memory";
	case P1C_ERR_INVALID: return "invalid";
	}
	return "error";
}

const char *p1c_section_name(int section)
{
	static const char *const names[] = {
		"custom", "type", "import", "function", "table", "memory", "global",
		"export", "start", "element", "code", "data", "data count", "tag",
	};
	if (section == P1C_SECTION_NONE)
		return "preamble";
	if (section >= 0 && section < (int)(sizeof(names) / sizeof(names[0])))
		return names[section];
	return "unknown";
}
