/* GitHub Actions workflow commands, one annotation per finding:
 *   ::error file=F,line=L,col=C,title=P1C010 wasip2-import::message
 * (GitHub docs, "Workflow commands for GitHub Actions": property values escape % CR LF : ,
 * and the message escapes % CR LF). GitHub keeps at most 10 annotations of each kind per
 * step, so findings go out errors first, and a kind with more than 10 gets 9 and a 10th
 * that says how many more there are and where to see them. Suppressed findings are not
 * annotated. */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

static const char *const kinds[] = {"notice", "warning", "error"}; /* by enum p1c_severity */

static void put_escaped(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

static void annotate(FILE *out, const struct p1c_report *report, const struct p1c_file_report *f,
		     const struct p1c_finding *fi)
{
	char path[4096], title[128], msg[4200];
	const char *file = fi->src ? p1c_report_shown_path(report, fi->src->file, path, sizeof(path))
				   : p1c_report_input_path(report, f->path, path, sizeof(path));
	fprintf(out, "::%s file=", kinds[fi->severity]);
	put_escaped(out, file, true);
	fprintf(out, ",line=%u", fi->src ? fi->src->line : 1u);
	if (fi->src && fi->src->column)
		fprintf(out, ",col=%u", fi->src->column);
	snprintf(title, sizeof(title), "%s %s", p1c_rule_id(fi->rule), p1c_rule_slug(fi->rule));
	fputs(",title=", out);
	put_escaped(out, title, true);
	fputs("::", out);
	if (fi->src && fi->has_offset)
		snprintf(msg, sizeof(msg), "%s (%s at 0x%llx)", fi->message, f->path,
			 (unsigned long long)fi->offset);
	else
		snprintf(msg, sizeof(msg), "%s", fi->message);
	put_escaped(out, msg, false);
	fputc('\n', out);
}

static uint32_t count_kind(const struct p1c_report *report, enum p1c_severity sev)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < report->nfiles; i++)
		for (uint32_t j = 0; j < report->files[i].audit.nfindings; j++) {
			const struct p1c_finding *fi = &report->files[i].audit.findings[j];
			n += fi->severity == sev && !fi->suppressed;
		}
	return n;
}

/* Unreadable inputs first: they are errors too, within the same per-kind budget. */
static uint32_t print_unreadable(FILE *out, const struct p1c_report *report, uint32_t room)
{
	uint32_t shown = 0;
	for (uint32_t i = 0; i < report->nfiles && shown < room; i++) {
		const struct p1c_file_report *f = &report->files[i];
		char path[4096];
		if (f->readable)
			continue;
		fputs("::error file=", out);
		put_escaped(out, p1c_report_input_path(report, f->path, path, sizeof(path)), true);
		fputs(",title=wasm-p1check::cannot read the input: ", out);
		put_escaped(out, f->io_error, false);
		fputc('\n', out);
		shown++;
	}
	return shown;
}

static void print_kind(FILE *out, const struct p1c_report *report, enum p1c_severity sev)
{
	uint32_t unreadable = 0;
	for (uint32_t i = 0; sev == P1C_SEV_ERROR && i < report->nfiles; i++)
		unreadable += !report->files[i].readable;
	uint32_t total = count_kind(report, sev) + unreadable;
	uint32_t room = total > P1C_GITHUB_MAX_PER_KIND ? P1C_GITHUB_MAX_PER_KIND - 1 : total;
	uint32_t shown = print_unreadable(out, report, sev == P1C_SEV_ERROR ? room : 0);
	for (uint32_t i = 0; i < report->nfiles && shown < room; i++) {
		const struct p1c_file_report *f = &report->files[i];
		for (uint32_t j = 0; j < f->audit.nfindings && shown < room; j++) {
			const struct p1c_finding *fi = &f->audit.findings[j];
			if (fi->severity != sev || fi->suppressed)
				continue;
			annotate(out, report, f, fi);
			shown++;
		}
	}
	if (shown < total)
		fprintf(out, "::%s title=wasm-p1check::%u more %s%s not annotated (GitHub shows %d per "
			"step): the full report is in the job log and summary (-f text, -f markdown)\n",
			kinds[sev], total - shown, sev == P1C_SEV_NOTE ? "note" : kinds[sev],
			total - shown == 1 ? "" : "s", P1C_GITHUB_MAX_PER_KIND);
}

int p1c_report_github(FILE *out, const struct p1c_report *report)
{
	print_kind(out, report, P1C_SEV_ERROR);
	print_kind(out, report, P1C_SEV_WARNING);
	print_kind(out, report, P1C_SEV_NOTE);
	return ferror(out) ? -1 : 0;
}
