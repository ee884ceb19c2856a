#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/path.h"
#include "report/report.h"

/* n bytes into buf as snprintf would write them: cut to size - 1, NUL-terminated; the length
 * it would have written. */
static int put_label(char *buf, size_t size, const void *text, size_t n)
{
	if (size) {
		size_t k = n < size - 1 ? n : size - 1;
		memcpy(buf, text, k);
		buf[k] = '\0';
	}
	return (int)n;
}

/* What snprintf(buf, size, "%.*s", name) or "func[%u]" writes, without a formatting pass per
 * path step (a chain's report has tens of thousands). */
int p1c_report_func_label(char *buf, size_t size, const struct p1c_module *m, uint32_t func)
{
	/* Imports by their field name: that is what the runtime's messages name. */
	struct p1c_str name = func < m->nfunc_imports ? m->imports[m->func_import[func]].name
						      : p1c_module_func_name(m, func);
	if (name.len) {
		const uint8_t *nul = memchr(name.ptr, '\0', name.len); /* "%.*s" stops there */
		return put_label(buf, size, name.ptr, nul ? (size_t)(nul - name.ptr) : name.len);
	}
	char text[24];
	char *p = text + sizeof(text);
	*--p = ']';
	do
		*--p = (char)('0' + func % 10);
	while ((func /= 10) != 0);
	p -= 5;
	memcpy(p, "func[", 5);
	return put_label(buf, size, p, (size_t)(text + sizeof(text) - p));
}

bool p1c_report_uri(const struct p1c_report *report, const char *path, char *uri, size_t size)
{
	char abs[4096];
	const char *root = report->source_root ? report->source_root : report->cwd;
	if (report->cwd && p1c_path_absolute(report->cwd, path, abs, sizeof(abs))) {
		const char *rel = root ? p1c_path_under(root, abs) : NULL;
		if (rel) {
			p1c_uri_encode(rel, uri, size);
			return true;
		}
		int n = snprintf(uri, size, "file://");
		if (n > 0 && (size_t)n < size)
			p1c_uri_encode(abs, uri + n, size - (size_t)n);
		return false;
	}
	if (path[0] == '/') {
		int n = snprintf(uri, size, "file://");
		if (n > 0 && (size_t)n < size)
			p1c_uri_encode(path, uri + n, size - (size_t)n);
		return false;
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	p1c_uri_encode(path, uri, size);
	return true;
}

const char *p1c_report_shown_path(const struct p1c_report *report, const char *path, char *buf,
				  size_t size)
{
	const char *root = report->source_root;
	/* a relative DWARF path (no or a relative compilation directory) cannot be placed */
	if (!root || path[0] != '/' || !p1c_path_absolute("/", path, buf, size))
		return path;
	const char *rel = p1c_path_under(root, buf);
	return rel ? rel : buf;
}

const char *p1c_report_input_path(const struct p1c_report *report, const char *path, char *buf,
				  size_t size)
{
	char abs[4096];
	if (!report->cwd || !p1c_path_absolute(report->cwd, path, abs, sizeof(abs)))
		return path;
	const char *rel = report->source_root ? p1c_path_under(report->source_root, abs) : NULL;
	snprintf(buf, size, "%s", rel ? rel : abs);
	return buf;
}

const struct p1c_module *p1c_report_finding_module(const struct p1c_file_report *f,
						   const struct p1c_finding *fi)
{
	if (fi->nested && fi->nested <= f->nnested_modules)
		return &f->nested_modules[fi->nested - 1];
	return &f->module;
}
