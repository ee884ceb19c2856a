/* Profile errors, shared by the loader, the YAML reader, the schema and the merge: every
 * failure names file:line:column. */
#include <stdarg.h>
#include <stdio.h>

#include "profile/profile_impl.h"

bool p1c_prof_vfail(struct p1c_profile_error *err, const char *file, uint32_t line,
		    uint32_t column, const char *fmt, va_list ap)
{
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = line ? column : 0;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return false;
}

bool p1c_prof_fail(struct p1c_profile_error *err, const char *file, uint32_t line,
		   uint32_t column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	p1c_prof_vfail(err, file, line, column, fmt, ap);
	va_end(ap);
	return false;
}

bool p1c_prof_nomem(struct p1c_profile_error *err, const char *file)
{
	return p1c_prof_fail(err, file, 0, 0, "out of memory while reading the profile");
}
