/* Lookups over a decoded module, type equality, and the text forms of types. They tolerate
 * modules built by hand (NULL optional arrays such as func_names or func_exports). */
#include <stdarg.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "wasm/module.h"

const struct p1c_functype *p1c_module_type_func(const struct p1c_module *m, uint32_t type_index)
{
	if (!m->types || type_index >= m->ntypes || m->types[type_index].form != P1C_TYPE_FUNC)
		return NULL;
	return &m->types[type_index].func;
}

const struct p1c_functype *p1c_module_func_type(const struct p1c_module *m, uint32_t func)
{
	if (!m->func_types || func >= m->nfuncs)
		return NULL;
	return p1c_module_type_func(m, m->func_types[func]);
}

const struct p1c_section *p1c_module_section_at(const struct p1c_module *m, uint64_t offset)
{
	for (uint32_t i = 0; i < m->nsections; i++) {
		const struct p1c_section *s = &m->sections[i];
		if (offset >= s->offset && offset < s->payload_offset + s->size)
			return s;
	}
	return NULL;
}

const struct p1c_export *p1c_module_find_export(const struct p1c_module *m, const char *name)
{
	for (uint32_t i = 0; i < m->nexports; i++)
		if (p1c_str_eq(m->exports[i].name, name))
			return &m->exports[i];
	return NULL;
}

static const struct p1c_export *first_func_export(const struct p1c_module *m, uint32_t func)
{
	if (m->func_exports) { /* the first entry of func: its lowest position */
		uint32_t lo = 0, hi = m->nfunc_exports;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (m->func_exports[mid].func < func)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < m->nfunc_exports && m->func_exports[lo].func == func &&
		    m->func_exports[lo].position < m->nexports)
			return &m->exports[m->func_exports[lo].position];
		return NULL;
	}
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == P1C_EXTERN_FUNC && m->exports[i].index == func)
			return &m->exports[i];
	return NULL;
}

struct p1c_str p1c_module_func_name(const struct p1c_module *m, uint32_t func)
{
	struct p1c_str none = {NULL, 0};
	if (func >= m->nfuncs)
		return none;
	if (m->func_names && m->func_names[func].len > 0)
		return m->func_names[func];
	const struct p1c_export *e = first_func_export(m, func);
	if (e && e->name.len > 0)
		return e->name;
	if (func < m->nfunc_imports && m->func_import && m->func_import[func] < m->nimports)
		return m->imports[m->func_import[func]].name;
	return none;
}

bool p1c_func_index_parse(const char *text, uint32_t *out)
{
	bool bracket = strncmp(text, "func[", 5) == 0;
	const char *p = bracket ? text + 5 : text;
	uint64_t n = 0;
	const char *digits = p;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (uint64_t)(*p - '0');
		if (n > UINT32_MAX)
			return false;
	}
	if (p == digits || (bracket ? strcmp(p, "]") != 0 : *p != '\0'))
		return false;
	*out = (uint32_t)n;
	return true;
}

const char *p1c_extern_kind_name(uint8_t kind)
{
	static const char *const names[P1C_EXTERN_COUNT] = {"func", "table", "memory", "global",
							     "tag"};
	return kind < P1C_EXTERN_COUNT ? names[kind] : "unknown";
}

/* Abstract heap types, indexed by byte - 0x69: heap name and nullable shorthand. */
static const char *const heap_names[12] = {
	"exn", "array", "struct", "i31", "eq", "any", "extern", "func", "none", "noextern",
	"nofunc", "noexn",
};
static const char *const ref_shorthands[12] = {
	"exnref", "arrayref", "structref", "i31ref", "eqref", "anyref", "externref", "funcref",
	"nullref", "nullexternref", "nullfuncref", "nullexnref",
};

static bool abstract_heap(int64_t heap)
{
	return heap >= 0x69 - 0x80 && heap <= 0x74 - 0x80;
}

/* A reference type as (code, heap) with the one-byte shorthands expanded: funcref is
 * (ref null func). Numeric types keep heap 0. */
static struct p1c_valtype canonical(const struct p1c_valtype *vt)
{
	struct p1c_valtype c = {.code = vt->code, .exact = vt->exact, .heap = 0};
	if (vt->code >= 0x69 && vt->code <= 0x74) {
		c.code = P1C_VT_REF_NULL;
		c.heap = (int64_t)vt->code - 0x80;
	} else if (vt->code == P1C_VT_REF || vt->code == P1C_VT_REF_NULL) {
		c.heap = vt->heap;
	}
	return c;
}

bool p1c_valtype_eq(const struct p1c_valtype *a, const struct p1c_valtype *b)
{
	struct p1c_valtype ca = canonical(a), cb = canonical(b);
	return ca.code == cb.code && ca.heap == cb.heap && ca.exact == cb.exact;
}

bool p1c_functype_eq(const struct p1c_functype *a, const struct p1c_functype *b)
{
	if (a->nparams != b->nparams || a->nresults != b->nresults)
		return false;
	for (uint32_t i = 0; i < a->nparams; i++)
		if (!p1c_valtype_eq(&a->params[i], &b->params[i]))
			return false;
	for (uint32_t i = 0; i < a->nresults; i++)
		if (!p1c_valtype_eq(&a->results[i], &b->results[i]))
			return false;
	return true;
}

/* snprintf-style appender: counts the full length even when buf is too small. */
struct text {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *dst = t->buf && t->len < t->size ? t->buf + t->len : NULL;
	int n = vsnprintf(dst, dst ? t->size - t->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
}

static void put_valtype(struct text *t, const struct p1c_valtype *vt)
{
	static const char *const numeric[] = {"v128", "f64", "f32", "i64", "i32"}; /* 0x7B.. */
	struct p1c_valtype c = canonical(vt);
	if (vt->code >= P1C_VT_V128 && vt->code <= P1C_VT_I32) {
		put(t, "%s", numeric[vt->code - P1C_VT_V128]);
	} else if (c.code == P1C_VT_REF_NULL || c.code == P1C_VT_REF) {
		bool nullable = c.code == P1C_VT_REF_NULL;
		if (abstract_heap(c.heap) && nullable)
			put(t, "%s", ref_shorthands[c.heap + 0x80 - 0x69]);
		else if (abstract_heap(c.heap))
			put(t, "(ref %s)", heap_names[c.heap + 0x80 - 0x69]);
		else if (c.exact) /* the proposal's text form: (ref null? (exact x)) */
			put(t, "(ref %s(exact %lld))", nullable ? "null " : "", (long long)c.heap);
		else
			put(t, "(ref %s%lld)", nullable ? "null " : "", (long long)c.heap);
	} else {
		put(t, "<0x%02x>", vt->code);
	}
}

static int text_result(const struct text *t)
{
	const size_t int_max = INT_MAX;
	return t->len > int_max ? (int)int_max : (int)t->len;
}

int p1c_valtype_format(char *buf, size_t size, const struct p1c_valtype *vt)
{
	struct text t = {buf, size, 0};
	if (buf && size)
		buf[0] = '\0';
	put_valtype(&t, vt);
	return text_result(&t);
}

static void put_list(struct text *t, uint32_t n, const struct p1c_valtype *vts, bool bare_one)
{
	if (n == 1 && bare_one) {
		put_valtype(t, &vts[0]);
		return;
	}
	put(t, "(");
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			put(t, " ");
		put_valtype(t, &vts[i]);
	}
	put(t, ")");
}

int p1c_functype_format(char *buf, size_t size, const struct p1c_functype *ft)
{
	struct text t = {buf, size, 0};
	if (buf && size)
		buf[0] = '\0';
	put_list(&t, ft->nparams, ft->params, false);
	put(&t, " -> ");
	put_list(&t, ft->nresults, ft->results, true);
	return text_result(&t);
}

/* ---- import types as text ---- */

static int limits_text(char *buf, size_t size, const struct p1c_limits *l)
{
	if (l->has_max)
		return snprintf(buf, size, "%" PRIu64 " %" PRIu64 "%s%s", l->min, l->max,
				l->shared ? " shared" : "", l->is64 ? " i64" : "");
	return snprintf(buf, size, "%" PRIu64 "%s%s", l->min, l->shared ? " shared" : "",
			l->is64 ? " i64" : "");
}

int p1c_import_type_format(char *buf, size_t size, const struct p1c_module *m,
			    const struct p1c_import *imp)
{
	char inner[128], vt[64];
	const struct p1c_functype *ft;
	switch (imp->kind) {
	case P1C_EXTERN_FUNC:
		ft = p1c_module_type_func(m, imp->type_index);
		return ft ? p1c_functype_format(buf, size, ft) : snprintf(buf, size, "type[%u]",
									   imp->type_index);
	case P1C_EXTERN_TABLE:
		if (imp->kind_index >= m->ntables) /* the section failed before indexing it */
			return snprintf(buf, size, "table");
		limits_text(inner, sizeof(inner), &m->tables[imp->kind_index].type.limits);
		p1c_valtype_format(vt, sizeof(vt), &m->tables[imp->kind_index].type.elem);
		return snprintf(buf, size, "table %s %s", inner, vt);
	case P1C_EXTERN_MEMORY:
		if (imp->kind_index >= m->nmemories)
			return snprintf(buf, size, "memory");
		limits_text(inner, sizeof(inner), &m->memories[imp->kind_index].limits);
		return snprintf(buf, size, "memory %s", inner);
	case P1C_EXTERN_GLOBAL:
		if (imp->kind_index >= m->nglobals)
			return snprintf(buf, size, "global");
		p1c_valtype_format(vt, sizeof(vt), &m->globals[imp->kind_index].type.type);
		return snprintf(buf, size, m->globals[imp->kind_index].type.mutable_ ? "global (mut %s)"
										: "global %s", vt);
	default:
		ft = p1c_module_type_func(m, imp->type_index);
		if (!ft)
			return snprintf(buf, size, "tag type[%u]", imp->type_index);
		p1c_functype_format(inner, sizeof(inner), ft);
		return snprintf(buf, size, "tag %s", inner);
	}
}
