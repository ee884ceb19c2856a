/* Markdown for a job summary ($GITHUB_STEP_SUMMARY) or a PR comment: a verdict line, a table
 * per file (rule, import or feature, bites, certainty, source location), witness paths in
 * collapsible <details>. GitHub refuses a step summary over 1 MiB, so the text is built in
 * memory and cut, between blocks, with a note, before it reaches P1C_MARKDOWN_MAX. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define NOTE_ROOM 512 /* kept free for the closing note */

struct md {
	char *text;
	size_t len, cap, limit;
	bool cut, nomem;
};

/* Appends one block whole, or nothing once the limit would be passed. */
__attribute__((format(printf, 2, 3))) static bool md_block(struct md *md, const char *fmt, ...)
{
	if (md->cut || md->nomem)
		return false;
	va_list ap;
	va_start(ap, fmt);
	char small[1];
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0 || md->len + (size_t)n + NOTE_ROOM > md->limit) {
		md->cut = true;
		return false;
	}
	if (md->len + (size_t)n + 1 > md->cap) {
		size_t cap = (md->len + (size_t)n + 1) * 2;
		char *grown = realloc(md->text, cap);
		if (!grown) {
			md->nomem = true;
			return false;
		}
		md->text = grown;
		md->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(md->text + md->len, md->cap - md->len, fmt, ap);
	va_end(ap);
	md->len += (size_t)n;
	return true;
}

/* Table-cell text: pipes escaped, line breaks and backticks out. */
static void cell(char *out, size_t size, const char *s)
{
	size_t n = 0;
	for (; *s && n + 3 < size; s++) {
		if (*s == '|')
			out[n++] = '\\';
		out[n++] = *s == '\n' || *s == '\r' || *s == '`' ? ' ' : *s;
	}
	out[n] = '\0';
}

static const char *sev_mark(enum p1c_severity sev)
{
	return sev == P1C_SEV_ERROR ? "error" : sev == P1C_SEV_WARNING ? "warning" : "note";
}

static void subject(char *out, size_t size, const struct p1c_file_report *f, const struct p1c_finding *fi)
{
	char raw[600];
	const struct p1c_module *m = p1c_report_finding_module(f, fi);
	if (fi->import != P1C_NO_IMPORT && m->imports) {
		const struct p1c_import *imp = &m->imports[fi->import];
		snprintf(raw, sizeof(raw), "%.*s#%.*s", (int)imp->module.len, (const char *)imp->module.ptr,
			 (int)imp->name.len, (const char *)imp->name.ptr);
	} else if (fi->feature >= 0) {
		snprintf(raw, sizeof(raw), "%s", p1c_feature_name((enum p1c_feature)fi->feature));
	} else {
		raw[0] = '\0';
	}
	cell(out, size, raw);
}

static void finding_row(struct md *md, const struct p1c_report *report, const struct p1c_file_report *f,
			const struct p1c_finding *fi)
{
	char what[640], msg[1400], where[4200], path[4096];
	subject(what, sizeof(what), f, fi);
	cell(msg, sizeof(msg), fi->message);
	where[0] = '\0';
	if (fi->src)
		snprintf(where, sizeof(where), "`%s:%u`", p1c_report_shown_path(report, fi->src->file, path,
			 sizeof(path)), fi->src->line);
	else if (fi->has_offset)
		snprintf(where, sizeof(where), "0x%llx", (unsigned long long)fi->offset);
	const char *bites = p1c_bites_name(fi->bites), *certainty = p1c_certainty_name(fi->certainty);
	if (fi->suppressed) {
		char reason[600];
		cell(reason, sizeof(reason), fi->suppressed);
		md_block(md, "| suppressed | %s %s | %s%s%s | | | %s | waived: %s |\n", p1c_rule_id(fi->rule),
			 p1c_rule_slug(fi->rule), what[0] ? "`" : "", what, what[0] ? "`" : "", where, reason);
		return;
	}
	md_block(md, "| %s | %s %s | %s%s%s | %s | %s | %s | %s |\n", sev_mark(fi->severity),
		 p1c_rule_id(fi->rule), p1c_rule_slug(fi->rule), what[0] ? "`" : "", what,
		 what[0] ? "`" : "", bites ? bites : "", certainty ? certainty : "", where, msg);
}

/* One finding's witness paths, collapsed. */
static void finding_paths(struct md *md, const struct p1c_report *report,
			  const struct p1c_file_report *f, const struct p1c_finding *fi)
{
	char block[16384], what[640];
	size_t n = 0;
	subject(what, sizeof(what), f, fi);
	n += (size_t)snprintf(block + n, sizeof(block) - n, "<details><summary>%s %s: %u path%s</summary>\n\n```\n",
			      p1c_rule_id(fi->rule), what, fi->npaths, fi->npaths == 1 ? "" : "s");
	for (uint32_t i = 0; i < fi->npaths && n < sizeof(block) - 600; i++) {
		const struct p1c_cg_path *p = &fi->paths[i];
		for (uint32_t j = 0; j < p->nsteps && n < sizeof(block) - 600; j++) {
			char label[256], loc[4200] = "", path[4096];
			const struct p1c_srcloc *src = fi->path_src ? &fi->path_src[i][j] : NULL;
			p1c_report_func_label(label, sizeof(label), p1c_report_finding_module(f, fi),
					      p->steps[j].func);
			if (src && src->line)
				snprintf(loc, sizeof(loc), " (%s:%u)", p1c_report_shown_path(report, src->file,
					 path, sizeof(path)), src->line);
			n += (size_t)snprintf(block + n, sizeof(block) - n, "%s%s%s", j ? " -> " : "", label, loc);
		}
		n += (size_t)snprintf(block + n, sizeof(block) - n, "\n");
	}
	snprintf(block + n, sizeof(block) - n, "```\n\n</details>\n\n");
	md_block(md, "%s", block);
}

static void file_section(struct md *md, const struct p1c_report *report, const struct p1c_file_report *f)
{
	char path[4096];
	const char *shown = p1c_report_input_path(report, f->path, path, sizeof(path));
	if (!f->readable) {
		md_block(md, "### `%s`: ERROR\n\ncannot read it: %s\n\n", shown, f->io_error);
		return;
	}
	const uint32_t *c = f->audit.counts;
	md_block(md, "### `%s`: %s\n\n%u error%s, %u warning%s, %u note%s\n\n", shown,
		 f->audit.pass && !f->malformed ? "PASS" : "FAIL", c[P1C_SEV_ERROR],
		 c[P1C_SEV_ERROR] == 1 ? "" : "s", c[P1C_SEV_WARNING], c[P1C_SEV_WARNING] == 1 ? "" : "s",
		 c[P1C_SEV_NOTE], c[P1C_SEV_NOTE] == 1 ? "" : "s");
	if (!f->audit.nfindings)
		return;
	md_block(md, "| severity | rule | import / feature | bites | certainty | source | message |\n"
		     "|---|---|---|---|---|---|---|\n");
	for (uint32_t j = 0; j < f->audit.nfindings && !md->cut; j++)
		finding_row(md, report, f, &f->audit.findings[j]);
	md_block(md, "\n");
	for (uint32_t j = 0; j < f->audit.nfindings && !md->cut; j++)
		if (f->audit.findings[j].npaths && !f->audit.findings[j].suppressed)
			finding_paths(md, report, f, &f->audit.findings[j]);
}

static void verdict_line(struct md *md, const struct p1c_report *report)
{
	uint32_t counts[3] = {0}, failed = 0;
	for (uint32_t i = 0; i < report->nfiles; i++) {
		const struct p1c_file_report *f = &report->files[i];
		for (int s = 0; s < 3; s++)
			counts[s] += f->audit.counts[s];
		failed += !f->readable || !f->audit.pass || f->malformed;
	}
	const char *verdict = report->nunreadable ? "ERROR" : report->pass ? "PASS" : "FAIL";
	md_block(md, "## wasm-p1check: %s against profile `%s`\n\n%u file%s: %u passed, %u failed; "
		     "%u error%s, %u warning%s, %u note%s\n\n", verdict, report->profile->name,
		 report->nfiles, report->nfiles == 1 ? "" : "s", report->nfiles - failed, failed,
		 counts[P1C_SEV_ERROR], counts[P1C_SEV_ERROR] == 1 ? "" : "s", counts[P1C_SEV_WARNING],
		 counts[P1C_SEV_WARNING] == 1 ? "" : "s", counts[P1C_SEV_NOTE],
		 counts[P1C_SEV_NOTE] == 1 ? "" : "s");
}

static int markdown_limited(FILE *out, const struct p1c_report *report, size_t limit)
{
	struct md md = {.limit = limit};
	verdict_line(&md, report);
	for (uint32_t i = 0; i < report->nfiles && !md.cut; i++)
		file_section(&md, report, &report->files[i]);
	if (md.nomem) {
		free(md.text);
		return -1;
	}
	if (md.len)
		fwrite(md.text, 1, md.len, out);
	if (md.cut)
		fprintf(out, "\n> **Cut here**: this summary stops before %zu KiB (GitHub's limit for a step "
			"summary is 1 MiB). The full report: `wasm-p1check -f text` or `-f json`.\n",
			limit / 1024);
	free(md.text);
	return ferror(out) ? -1 : 0;
}

int p1c_report_markdown(FILE *out, const struct p1c_report *report)
{
	return markdown_limited(out, report, P1C_MARKDOWN_MAX);
}
