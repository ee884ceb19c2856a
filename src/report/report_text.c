/* Compiler-style text: path:0xOFFSET: severity[ID/slug]: message, then indented details. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define STR(s) (int)(s).len, (const char *)(s).ptr

struct style {
	const char *bold, *reset, *sev[3];
};

static struct style make_style(bool color)
{
	struct style s = {"", "", {"", "", ""}};
	if (color) {
		s.bold = "\033[1m";
		s.reset = "\033[0m";
		s.sev[P1C_SEV_NOTE] = "\033[1;36m";
		s.sev[P1C_SEV_WARNING] = "\033[1;35m";
		s.sev[P1C_SEV_ERROR] = "\033[1;31m";
	}
	return s;
}

static const char *bites_text(enum p1c_bites bites)
{
	switch (bites) {
	case P1C_BITES_LOAD: return "load: the runtime refuses to load the module";
	case P1C_BITES_INSTANTIATE: return "instantiate: the module fails to start";
	case P1C_BITES_CALL: return "call: fails when the code involved runs (loading and instantiating work)";
	case P1C_BITES_NEVER: return "never: the runtime tolerates it";
	case P1C_BITES_NA: break;
	}
	return NULL;
}

static void print_producers(FILE *out, const struct p1c_module *m)
{
	for (uint32_t i = 0; i < m->nproducers; i++) {
		const struct p1c_producer_field *field = &m->producers[i];
		fprintf(out, "%s%.*s:", i ? "; " : "  producers: ", STR(field->name));
		for (uint32_t j = 0; j < field->nvalues; j++)
			fprintf(out, "%s %.*s%s%.*s", j ? "," : "", STR(field->values[j].name),
				field->values[j].version.len ? " " : "", STR(field->values[j].version));
	}
	if (m->nproducers)
		fputc('\n', out);
}

/* "; init: start function runs, _initialize skipped (why)": the steps of the profile's init
 * sequence that the module has. */
static void print_init(FILE *out, const struct p1c_audit *a)
{
	if (!a->has_init)
		return;
	uint32_t shown = 0;
	const char *label = a->init_blocked == P1C_BITES_LOAD ? "; init (never reached: it fails to load first): "
		: a->init_blocked == P1C_BITES_INSTANTIATE ? "; init (never reached: an import fails to link first): "
		: "; init: ";
	for (uint32_t i = 0; i < a->init.nsteps; i++) {
		const struct p1c_init_step *s = &a->init.steps[i];
		if (s->outcome == P1C_INIT_ABSENT)
			continue;
		fprintf(out, "%s%s %s", shown++ ? ", " : label,
			strcmp(s->name, P1C_INIT_START_FUNCTION) ? s->name : "start function",
			p1c_init_outcome_name((enum p1c_init_outcome)s->outcome));
		if (s->reason)
			fprintf(out, " (%s)", s->reason);
	}
	if (!shown)
		fputs("; init: nothing runs while instantiating", out);
}

static void print_header(FILE *out, const struct p1c_file_report *f, const struct style *st)
{
	const struct p1c_module *m = &f->module;
	fprintf(out, "%s%s%s: ", st->bold, f->path, st->reset);
	if (!f->decoded) {
		fprintf(out, "%s (%" PRIu64 " bytes)\n", f->error.code == P1C_ERR_INVALID
				? "not a valid wasm module" : "not a well-formed wasm binary", f->size);
		return;
	}
	if (m->format == P1C_FORMAT_COMPONENT) {
		fprintf(out, "component, %u embedded core module%s\n", m->nnested,
			m->nnested == 1 ? "" : "s");
		return;
	}
	fprintf(out, "core module, %s, %u import%s, %u export%s",
		p1c_module_kind_name(f->audit.kind), m->nimports, m->nimports == 1 ? "" : "s",
		m->nexports, m->nexports == 1 ? "" : "s");
	print_init(out, &f->audit);
	fputc('\n', out);
	if (f->audit.wasip2_verdict)
		fprintf(out, "  %s\n", f->audit.wasip2_verdict);
	print_producers(out, m);
	if (f->audit.toolchain.id != P1C_TOOLCHAIN_UNKNOWN)
		fprintf(out, "  toolchain: %s, shown by %s\n", p1c_toolchain_label(&f->audit.toolchain),
			f->audit.toolchain.evidence);
}

/* "file:line:col" of a source location, relative to --source-root when inside it. */
static int format_src(char *buf, size_t size, const struct p1c_report *report,
		      const struct p1c_srcloc *loc)
{
	char abs[4096];
	const char *shown = p1c_report_shown_path(report, loc->file, abs, sizeof(abs));
	if (loc->column)
		return snprintf(buf, size, "%s:%u:%u", shown, loc->line, loc->column);
	return snprintf(buf, size, "%s:%u", shown, loc->line);
}

/* The steps of a path; with source locations (srcs, may be NULL) each step that has one is
 * followed by where it is called from. */
static void print_steps(FILE *out, const struct p1c_report *report, const struct p1c_module *m,
			const struct p1c_cg_path *path, const struct p1c_srcloc *srcs)
{
	char label[256], where[4200];
	for (uint32_t i = 0; i < path->nsteps; i++) {
		const struct p1c_cg_step *step = &path->steps[i];
		p1c_report_func_label(label, sizeof(label), m, step->func);
		if (path->elided == UINT32_MAX && i == path->elided_at)
			fprintf(out, " -> ... %u or more calls ...", P1C_CG_DEPTH_MAX - P1C_CG_PATH_HEAD -
				P1C_CG_PATH_TAIL);
		else if (path->elided && i == path->elided_at)
			fprintf(out, " -> ... %u more call%s ...", path->elided, path->elided == 1 ? "" : "s");
		if (i)
			fputs(step->edge == P1C_CG_CALL ? " -> " : step->edge == P1C_CG_INDIRECT
								  ? " -(indirect)-> " : " -(ref)-> ", out);
		fputs(label, out);
		if (srcs && srcs[i].line) {
			format_src(where, sizeof(where), report, &srcs[i]);
			fprintf(out, " (%s)", where);
		}
	}
	fputc('\n', out);
}

static const char *root_kind(uint8_t bits)
{
	if (bits & P1C_CG_ROOT_START)
		return "start function";
	if (bits & P1C_CG_ROOT_INIT)
		return "init export";
	if (bits & P1C_CG_ROOT_EXPORT)
		return "export";
	if (bits & P1C_CG_ROOT_ENTRY)
		return "--entry";
	return "table element";
}

static void print_why(FILE *out, const struct p1c_report *report, const struct p1c_file_report *f,
		      const struct style *st)
{
	const struct p1c_why *why = f->audit.why;
	const struct p1c_module *m = &f->module;
	if (!why || !why->found)
		return;
	const struct p1c_import *imp = &m->imports[why->import];
	fprintf(out, "%s%s: why func[%u] %.*s#%.*s:%s %s; %u root%s, %u libc entry point%s reach it\n",
		st->bold, f->path, imp->kind_index, STR(imp->module), STR(imp->name), st->reset,
		why->reachable ? "reachable" : "not reachable from any root", why->nroots_total,
		why->nroots_total == 1 ? "" : "s", why->nlibc_total, why->nlibc_total == 1 ? "" : "s");
	char label[256];
	for (uint32_t i = 0; i < why->nroots; i++) {
		p1c_report_func_label(label, sizeof(label), m, why->roots[i].func);
		fprintf(out, "  root %s (%s): ", label, root_kind(why->roots[i].root_bits));
		print_steps(out, report, m, &why->roots[i].path, NULL);
	}
	for (uint32_t i = 0; i < why->nlibc; i++) {
		p1c_report_func_label(label, sizeof(label), m, why->libc[i].func);
		fprintf(out, "  libc %s: ", label);
		print_steps(out, report, m, &why->libc[i].path, NULL);
	}
	if (why->nroots < why->nroots_total || why->nlibc < why->nlibc_total)
		fprintf(out, "  (%u more not shown)\n",
			why->nroots_total - why->nroots + why->nlibc_total - why->nlibc);
}

/* A waived finding: one line, with the waiver's reason and place. */
static void print_suppressed(FILE *out, const struct p1c_report *report,
			     const struct p1c_file_report *f, const struct p1c_finding *fi,
			     const struct style *st)
{
	char where[4096];
	fprintf(out, "%s%s", st->bold, f->path);
	if (fi->has_offset)
		fprintf(out, ":0x%08" PRIx64, fi->offset);
	fprintf(out, ":%s suppressed[%s/%s]: %s (waived at %s:%u: %s)\n", st->reset,
		p1c_rule_id(fi->rule), p1c_rule_slug(fi->rule), fi->message,
		p1c_report_shown_path(report, fi->waiver, where, sizeof(where)), fi->waiver_line,
		fi->suppressed);
}

/* ---- WASI 0.2 findings grouped by interface (text without -v) ---- */

/* The interface a P1C010 finding's import belongs to (its module name), or an empty str. */
static struct p1c_str group_key(const struct p1c_file_report *f, const struct p1c_finding *fi)
{
	struct p1c_str none = {NULL, 0};
	if (fi->rule != P1C_RULE_P1C010 || fi->suppressed || fi->import >= f->module.nimports)
		return none;
	struct p1c_str module = f->module.imports[fi->import].module;
	return p1c_str_has_prefix(module, "wasi:") || p1c_str_has_prefix(module, "cm32p2|") ? module : none;
}

static bool same_str(struct p1c_str a, struct p1c_str b)
{
	return a.len == b.len && a.ptr && b.ptr && memcmp(a.ptr, b.ptr, a.len) == 0;
}

/* One block for the findings of interface `key` (count, reachable, bites and certainty, the
 * first path), at the place of its first finding. */
static void print_group(FILE *out, const struct p1c_report *report, const struct p1c_file_report *f,
			struct p1c_str key, const struct style *st)
{
	uint32_t n = 0, reached = 0, by_bites[5] = {0}, by_cert[4] = {0};
	const struct p1c_finding *first = NULL, *with_path = NULL;
	enum p1c_severity sev = P1C_SEV_NOTE;
	for (uint32_t i = 0; i < f->audit.nfindings; i++) {
		const struct p1c_finding *fi = &f->audit.findings[i];
		if (!same_str(group_key(f, fi), key))
			continue;
		first = first ? first : fi;
		with_path = with_path || !fi->npaths ? with_path : fi;
		n++;
		reached += fi->reachable == P1C_REACH_YES;
		by_bites[fi->bites]++;
		by_cert[fi->certainty]++;
		sev = fi->severity > sev ? fi->severity : sev;
	}
	fprintf(out, "%s%s:0x%08" PRIx64 ":%s %s%s%s[%s/%s]: %.*s: %u imports not provided by profile "
		"'%s' (-v lists each)\n", st->bold, f->path, first->offset, st->reset, st->sev[sev],
		p1c_severity_name(sev), st->reset, p1c_rule_id(first->rule), p1c_rule_slug(first->rule),
		(int)key.len, (const char *)key.ptr, n, report->profile->name);
	fputs("  imports:", out);
	for (uint32_t i = 0, k = 0; i < f->audit.nfindings; i++)
		if (same_str(group_key(f, &f->audit.findings[i]), key)) {
			struct p1c_str name = f->module.imports[f->audit.findings[i].import].name;
			fprintf(out, "%s %.*s", k++ ? "," : "", (int)name.len, (const char *)name.ptr);
		}
	fprintf(out, "\n  reachable: %u of %u; bites:", reached, n);
	for (int b = 1, k = 0; b < 5; b++)
		if (by_bites[b])
			fprintf(out, "%s %s %u", k++ ? "," : "", p1c_bites_name((enum p1c_bites)b), by_bites[b]);
	for (int c = 1, k = 0; c < 4; c++)
		if (by_cert[c])
			fprintf(out, "%s %s %u", k++ ? "," : "; certainty:", p1c_certainty_name((enum p1c_certainty)c),
				by_cert[c]);
	fputc('\n', out);
	if (with_path) {
		fputs("  first path: ", out);
		print_steps(out, report, p1c_report_finding_module(f, with_path), &with_path->paths[0],
			    with_path->path_src ? with_path->path_src[0] : NULL);
	}
	if (first->help)
		fprintf(out, "  help: %s\n", first->help);
}

#define MAX_GROUPS 256u /* interfaces grouped per file; findings of any others stand alone */

/* group[i]: the first finding of finding i's interface group when it has two or more
 * members, else UINT32_MAX. NULL when memory ran out (nothing is grouped then). */
static uint32_t *find_groups(const struct p1c_file_report *f)
{
	uint32_t n = f->audit.nfindings, firsts[MAX_GROUPS], counts[MAX_GROUPS], ngroups = 0;
	uint32_t *group = malloc(((size_t)n + 1) * sizeof(*group));
	for (uint32_t i = 0; group && i < n; i++) {
		struct p1c_str key = group_key(f, &f->audit.findings[i]);
		uint32_t g = 0;
		while (key.len && g < ngroups && !same_str(group_key(f, &f->audit.findings[firsts[g]]), key))
			g++;
		if (key.len && g == ngroups && ngroups < MAX_GROUPS) {
			firsts[ngroups] = i;
			counts[ngroups++] = 0;
		}
		group[i] = key.len && g < ngroups ? g : UINT32_MAX;
		if (group[i] != UINT32_MAX)
			counts[g]++;
	}
	for (uint32_t i = 0; group && i < n; i++)
		group[i] = group[i] != UINT32_MAX && counts[group[i]] >= 2 ? firsts[group[i]] : UINT32_MAX;
	return group;
}

static void print_finding(FILE *out, const struct p1c_report *report, const struct p1c_file_report *f,
			  const struct p1c_finding *fi, const struct style *st)
{
	if (fi->suppressed) {
		print_suppressed(out, report, f, fi, st);
		return;
	}
	char where[4200];
	if (fi->src)
		format_src(where, sizeof(where), report, fi->src);
	fprintf(out, "%s%s", st->bold, fi->src ? where : f->path);
	if (fi->has_offset && !fi->src)
		fprintf(out, ":0x%08" PRIx64, fi->offset);
	fprintf(out, ":%s %s%s%s[%s/%s]: %s\n", st->reset, st->sev[fi->severity],
		p1c_severity_name(fi->severity), st->reset, p1c_rule_id(fi->rule),
		p1c_rule_slug(fi->rule), fi->message);
	if (fi->src && fi->has_offset)
		fprintf(out, "  in: %s:0x%08" PRIx64 "\n", f->path, fi->offset);
	const char *bites = fi->rule == P1C_RULE_P1C014 && fi->bites == P1C_BITES_CALL
				    ? "call: the stub runs when the code that uses it runs"
				    : bites_text(fi->bites);
	bool sure = fi->certainty == P1C_CERTAINTY_ALWAYS;
	const char *consequence = bites ? strstr(bites, ": ") : NULL;
	const char *fails = consequence ? strstr(consequence, "fails") : NULL;
	if (fi->rule != P1C_RULE_P1C014 && consequence && fi->certainty_note && sure)
		fprintf(out, "  bites: %s (%s)%s\n", p1c_bites_name(fi->bites), fi->certainty_note,
			consequence);
	else if (fi->rule != P1C_RULE_P1C014 && fails && fi->certainty_note) /* "may fail" */
		fprintf(out, "  bites: %s (%s)%.*smay fail%s\n", p1c_bites_name(fi->bites),
			fi->certainty_note, (int)(fails - consequence), consequence, fails + 5);
	else if (bites)
		fprintf(out, "  bites: %s\n", bites);
	if (fi->provenance)
		fprintf(out, "  resource: %s\n", fi->provenance->reasoning);
	if (fi->reachable == P1C_REACH_NO)
		fprintf(out, "  reachable: no: %s\n", fi->unreached_note ? fi->unreached_note
			: "no root reaches it: no export, start function, --entry name or function in an "
			  "imported or exported table");
	for (uint32_t i = 0; i < fi->npaths; i++) {
		fputs("  path: ", out);
		print_steps(out, report, p1c_report_finding_module(f, fi), &fi->paths[i],
			    fi->path_src ? fi->path_src[i] : NULL);
	}
	for (uint32_t i = 0; i < fi->libc_entry_points.count; i++)
		fprintf(out, "%s%s", i ? ", " : "  libc entry points: ", fi->libc_entry_points.items[i]);
	if (fi->libc_entry_points.count)
		fputc('\n', out);
	if (fi->search_bounded)
		fputs("  (the search for more paths and libc entry points stopped at its budget: "
		      "there may be more)\n", out);
	if (fi->help)
		fprintf(out, "  help: %s\n", fi->help);
}

/* The custom section holding offset, or NULL. A warning at the very end of a custom section
 * (its contents ran out: a truncated name section) belongs to that section. */
static const struct p1c_section *custom_section_at(const struct p1c_module *m, uint64_t offset)
{
	const struct p1c_section *s = p1c_module_section_at(m, offset);
	if ((!s || s->id != P1C_SEC_CUSTOM) && offset > 0)
		s = p1c_module_section_at(m, offset - 1);
	return s && s->id == P1C_SEC_CUSTOM ? s : NULL;
}

static void print_warnings(FILE *out, const struct p1c_file_report *f, const struct style *st)
{
	for (uint32_t i = 0; i < f->module.nwarnings; i++) {
		const struct p1c_error *w = &f->module.warnings[i];
		const struct p1c_section *custom = w->section == P1C_SEC_CUSTOM
			? custom_section_at(&f->module, w->offset) : NULL;
		fprintf(out, "%s%s:0x%08" PRIx64 ":%s %swarning%s: %s (", st->bold, f->path, w->offset,
			st->reset, st->sev[P1C_SEV_WARNING], st->reset, w->msg);
		if (custom)
			fprintf(out, "\"%.*s\" section)\n", STR(custom->name));
		else
			fprintf(out, "%s section)\n", p1c_section_name(w->section));
	}
}

static void print_summary(FILE *out, const struct p1c_file_report *f, const struct style *st)
{
	const uint32_t *c = f->audit.counts;
	fprintf(out, "%s%s: %s%s%s: %u error%s, %u warning%s, %u note%s", st->bold, f->path,
		f->audit.pass ? "" : st->sev[P1C_SEV_ERROR], f->audit.pass ? "PASS" : "FAIL", st->reset,
		c[P1C_SEV_ERROR], c[P1C_SEV_ERROR] == 1 ? "" : "s", c[P1C_SEV_WARNING],
		c[P1C_SEV_WARNING] == 1 ? "" : "s", c[P1C_SEV_NOTE], c[P1C_SEV_NOTE] == 1 ? "" : "s");
	if (f->audit.nsuppressed)
		fprintf(out, " (%u suppressed)", f->audit.nsuppressed);
	enum p1c_bites earliest = f->audit.earliest_bites, sure = f->audit.earliest_certain_bites;
	if (earliest != P1C_BITES_NA && sure == earliest)
		fprintf(out, "; first fails at %s", p1c_bites_name(earliest));
	else if (earliest != P1C_BITES_NA && sure == P1C_BITES_NA)
		fprintf(out, "; may fail at %s", p1c_bites_name(earliest));
	else if (earliest != P1C_BITES_NA)
		fprintf(out, "; may fail at %s, fails at %s", p1c_bites_name(earliest),
			p1c_bites_name(sure));
	fputc('\n', out);
}

int p1c_report_text(FILE *out, const struct p1c_report *report, const struct p1c_text_opts *opts)
{
	struct style st = make_style(opts->color);
	uint32_t failed = 0;
	for (uint32_t i = 0; i < report->nfiles; i++) {
		const struct p1c_file_report *f = &report->files[i];
		if (!f->readable) {
			fprintf(out, "%s%s%s: %sERROR%s: cannot be read: %s\n", st.bold, f->path, st.reset,
				st.sev[P1C_SEV_ERROR], st.reset, f->io_error);
			continue;
		}
		print_header(out, f, &st);
		if (f->decoded)
			print_warnings(out, f, &st);
		uint32_t *group = opts->verbose ? NULL : find_groups(f);
		for (uint32_t j = 0; j < f->audit.nfindings; j++) {
			if (group && group[j] == j)
				print_group(out, report, f, group_key(f, &f->audit.findings[j]), &st);
			else if (!group || group[j] == UINT32_MAX)
				print_finding(out, report, f, &f->audit.findings[j], &st);
		}
		free(group);
		print_why(out, report, f, &st);
		print_summary(out, f, &st);
		failed += !f->audit.pass;
	}
	uint32_t bad = report->nunreadable;
	if (report->nfiles > 1 && !bad)
		fprintf(out, "%u files against profile '%s': %u passed, %u failed\n", report->nfiles,
			report->profile->name, report->nfiles - failed, failed);
	else if (report->nfiles > 1)
		fprintf(out, "%u files against profile '%s': %u passed, %u failed, %u unreadable\n",
			report->nfiles, report->profile->name, report->nfiles - failed - bad, failed,
			bad);
	return ferror(out) ? -1 : 0;
}
