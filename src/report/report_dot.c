/* Graphviz: per file, the subgraph of every witness path (findings and --why), offending
 * imports highlighted (errors red, warnings orange). Edges: call solid, indirect dashed,
 * ref dotted. */
#include <stdlib.h>
#include <string.h>

#include <inttypes.h>

#include "report/report.h"

struct dot_edge {
	uint32_t from, to;
	uint8_t kind;
};

static int compare_edges(const void *pa, const void *pb)
{
	const struct dot_edge *a = pa, *b = pb;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	return a->kind - b->kind;
}

static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static size_t count_steps(const struct p1c_file_report *f)
{
	size_t n = 0;
	for (uint32_t i = 0; i < f->audit.nfindings; i++)
		for (uint32_t j = 0; j < f->audit.findings[i].npaths; j++)
			n += f->audit.findings[i].paths[j].nsteps;
	const struct p1c_why *why = f->audit.why;
	for (uint32_t i = 0; why && i < why->nroots; i++)
		n += why->roots[i].path.nsteps;
	for (uint32_t i = 0; why && i < why->nlibc; i++)
		n += why->libc[i].path.nsteps;
	return n;
}

static void add_path(struct dot_edge *edges, size_t *n, const struct p1c_cg_path *p)
{
	for (uint32_t i = 1; i < p->nsteps; i++)
		if (!p->elided || i != p->elided_at) /* no edge across the steps left out */
			edges[(*n)++] = (struct dot_edge){p->steps[i - 1].func, p->steps[i].func, p->steps[i].edge};
}

static size_t collect_edges(const struct p1c_file_report *f, struct dot_edge *edges)
{
	size_t n = 0;
	/* a component's findings about its core modules are in their index spaces: left out */
	for (uint32_t i = 0; i < f->audit.nfindings; i++)
		for (uint32_t j = 0; !f->audit.findings[i].nested && j < f->audit.findings[i].npaths; j++)
			add_path(edges, &n, &f->audit.findings[i].paths[j]);
	const struct p1c_why *why = f->audit.why;
	for (uint32_t i = 0; why && i < why->nroots; i++)
		add_path(edges, &n, &why->roots[i].path);
	for (uint32_t i = 0; why && i < why->nlibc; i++)
		add_path(edges, &n, &why->libc[i].path);
	qsort(edges, n, sizeof(*edges), compare_edges);
	return n;
}

static void put_node(FILE *out, uint32_t file, const struct p1c_module *m, uint32_t func,
		     const char *attrs)
{
	char label[256];
	p1c_report_func_label(label, sizeof(label), m, func);
	fprintf(out, "    \"%u:%u\" [label=\"", file, func);
	put_escaped(out, label);
	fprintf(out, "\"%s];\n", attrs);
}

static void put_offenders(FILE *out, uint32_t file, const struct p1c_file_report *f)
{
	const struct p1c_module *m = &f->module;
	for (uint32_t i = 0; i < f->audit.nfindings; i++) {
		const struct p1c_finding *fi = &f->audit.findings[i];
		if (fi->nested || fi->import == P1C_NO_IMPORT || m->imports[fi->import].kind != P1C_EXTERN_FUNC)
			continue;
		const struct p1c_import *imp = &m->imports[fi->import];
		char label[1024];
		snprintf(label, sizeof(label), "%.*s#%.*s", (int)imp->module.len,
			 (const char *)imp->module.ptr, (int)imp->name.len, (const char *)imp->name.ptr);
		fprintf(out, "    \"%u:%u\" [label=\"", file, imp->kind_index);
		put_escaped(out, label);
		fprintf(out, "\", style=filled, fillcolor=\"%s\"];\n",
			fi->severity == P1C_SEV_ERROR ? "#f4a6a6" : "#f9d29c");
	}
}

static int put_file(FILE *out, uint32_t file, const struct p1c_file_report *f)
{
	static const char *const styles[] = {"", " [style=dashed, label=\"indirect\"]",
					     " [style=dotted, label=\"ref\"]"};
	fprintf(out, "  subgraph \"cluster_%u\" {\n    label=\"", file);
	put_escaped(out, f->path);
	fputs("\";\n", out);
	struct dot_edge *edges = malloc((count_steps(f) + 1) * sizeof(*edges));
	if (!edges)
		return -1;
	size_t n = collect_edges(f, edges);
	for (size_t i = 0; i < n; i++) {
		if (i && edges[i].from == edges[i - 1].from)
			continue;
		put_node(out, file, &f->module, edges[i].from, "");
	}
	put_offenders(out, file, f);
	for (size_t i = 0; i < n; i++) {
		if (i && compare_edges(&edges[i], &edges[i - 1]) == 0)
			continue;
		fprintf(out, "    \"%u:%u\" -> \"%u:%u\"%s;\n", file, edges[i].from, file, edges[i].to,
			styles[edges[i].kind]);
	}
	free(edges);
	fputs("  }\n", out);
	return 0;
}

/* An input with no call graph (unreadable, or not a well-formed binary): a cluster holding one
 * red note with its error, so that every input named appears. */
static void put_error_file(FILE *out, uint32_t file, const struct p1c_file_report *f)
{
	char why[512];
	if (!f->readable)
		snprintf(why, sizeof(why), "cannot be read: %s", f->io_error);
	else
		snprintf(why, sizeof(why), "%s: 0x%08" PRIx64 ": %s",
			 f->error.code == P1C_ERR_INVALID ? "not a valid wasm module"
							  : "not a well-formed wasm binary",
			 f->error.offset, f->error.msg);
	fprintf(out, "  subgraph \"cluster_%u\" {\n    label=\"", file);
	put_escaped(out, f->path);
	fprintf(out, "\";\n    \"%u:error\" [shape=note, color=red, label=\"", file);
	put_escaped(out, why);
	fputs("\"];\n  }\n", out);
}

int p1c_report_dot(FILE *out, const struct p1c_report *report)
{
	fputs("digraph \"wasm-p1check\" {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n",
	      out);
	for (uint32_t i = 0; i < report->nfiles; i++) {
		const struct p1c_file_report *f = &report->files[i];
		if (!f->readable || !f->decoded)
			put_error_file(out, i, f);
		else if (put_file(out, i, f) != 0)
			return -1;
	}
	fputs("}\n", out);
	return ferror(out) ? -1 : 0;
}
