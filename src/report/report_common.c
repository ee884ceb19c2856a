#include <inttypes.h>
#include <stdio.h>

#include "report/report.h"

int p1c_report_func_label(char *buf, size_t size, const struct p1c_module *m, uint32_t func)
{
	/* Imports by their field name: that is what the runtime's messages name. */
	struct p1c_str name = func < m->nfunc_imports ? m->imports[m->func_import[func]].name
						      : p1c_module_func_name(m, func);
	if (name.len)
		return snprintf(buf, size, "%.*s", (int)name.len, (const char *)name.ptr);
	return snprintf(buf, size, "func[%u]", func);
}
