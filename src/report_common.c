#include <inttypes.h>
#include <stdio.h>

#include "report.h"

int p1c_report_func_label(char *buf, size_t size, const struct p1c_module *m, uint32_t func)
{
	/* Imports by their field name: that is what the runtime's messages name. */
	struct p1c_str name = func < m->nfunc_imports ? m->imports[m->func_import[func]].name
						      : p1c_module_func_name(m, func);
	if (name.len)
		return snprintf(buf, size, "%.*s", (int)name.len, (const char *)name.ptr);
	return snprintf(buf, size, "func[%u]", func);
}

static int limits_text(char *buf, size_t size, const struct p1c_limits *l)
{
	if (l->has_max)
		return snprintf(buf, size, "%" PRIu64 " %" PRIu64 "%s%s", l->min, l->max,
				l->shared ? " shared" : "", l->is64 ? " i64" : "");
	return snprintf(buf, size, "%" PRIu64 "%s%s", l->min, l->shared ? " shared" : "",
			l->is64 ? " i64" : "");
}

int p1c_report_import_type(char *buf, size_t size, const struct p1c_module *m,
			   const struct p1c_import *imp)
{
	char inner[128], vt[64];
	const struct p1c_functype *ft;
	switch (imp->kind) {
	case P1C_EXTERN_FUNC:
		ft = p1c_module_type_func(m, imp->desc.type_index);
		return ft ? p1c_functype_format(buf, size, ft) : snprintf(buf, size, "type[%u]",
									   imp->desc.type_index);
	case P1C_EXTERN_TABLE:
		limits_text(inner, sizeof(inner), &imp->desc.table.limits);
		p1c_valtype_format(vt, sizeof(vt), &imp->desc.table.elem);
		return snprintf(buf, size, "table %s %s", inner, vt);
	case P1C_EXTERN_MEMORY:
		limits_text(inner, sizeof(inner), &imp->desc.memory);
		return snprintf(buf, size, "memory %s", inner);
	case P1C_EXTERN_GLOBAL:
		p1c_valtype_format(vt, sizeof(vt), &imp->desc.global.type);
		return snprintf(buf, size, imp->desc.global.mutable_ ? "global (mut %s)" : "global %s", vt);
	default:
		ft = p1c_module_type_func(m, imp->desc.type_index);
		if (!ft)
			return snprintf(buf, size, "tag type[%u]", imp->desc.type_index);
		p1c_functype_format(inner, sizeof(inner), ft);
		return snprintf(buf, size, "tag %s", inner);
	}
}
