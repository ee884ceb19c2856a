/* The rule catalogue (rules.def + rules_doc.def) as --list-rules text or JSON, --explain
 * text or JSON, the man page's RULES section (roff) and the SARIF rule help (Markdown). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "report/report_cjson.h"

#define WRAP_WIDTH 78

/* Greedy word wrap of text at WRAP_WIDTH: the first line after `indent` spaces, the others
 * after `more`. */
static void print_wrapped(FILE *out, const char *text, int indent, int more)
{
	int col = 0;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		if (col && col + 1 + (int)len > WRAP_WIDTH) {
			fputc('\n', out);
			col = 0;
			indent = more;
		}
		if (!col)
			col = fprintf(out, "%*s", indent, "");
		else
			col += fprintf(out, " ");
		col += fprintf(out, "%.*s", (int)len, p);
		p += len;
	}
	fputc('\n', out);
}

int p1c_report_rule_list(FILE *out, bool json)
{
	if (json) {
		cJSON *root = cJSON_CreateObject();
		cJSON_AddStringToObject(root, "schema", "wasm-p1check-rules/1");
		cJSON *rules = cJSON_AddArrayToObject(root, "rules");
		for (int r = 0; rules && r < P1C_RULE_COUNT; r++)
			cJSON_AddItemToArray(rules, p1c_report_rule_json((enum p1c_rule)r, NULL, 0));
		return p1c_report_cjson_write(out, root);
	}
	for (int r = 0; r < P1C_RULE_COUNT; r++) {
		enum p1c_rule rule = (enum p1c_rule)r;
		fprintf(out, "%s  %-31s %-8s %s\n", p1c_rule_id(rule), p1c_rule_slug(rule),
			p1c_severity_name(p1c_rule_default_severity(rule)), p1c_rule_description(rule));
	}
	return ferror(out) ? -1 : 0;
}

cJSON *p1c_report_rule_json(enum p1c_rule rule, const struct p1c_profile *const *profiles,
			    uint32_t nprofiles)
{
	const struct p1c_rule_doc *doc = p1c_rule_doc(rule);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", p1c_rule_id(rule));
	cJSON_AddStringToObject(o, "slug", p1c_rule_slug(rule));
	cJSON_AddStringToObject(o, "severity", p1c_severity_name(p1c_rule_default_severity(rule)));
	cJSON_AddStringToObject(o, "description", p1c_rule_description(rule));
	cJSON *tags = cJSON_AddArrayToObject(o, "tags");
	for (const char *t = doc->tags; tags && *t;) {
		size_t len = strcspn(t, " ");
		char tag[64];
		snprintf(tag, sizeof(tag), "%.*s", (int)len, t);
		cJSON_AddItemToArray(tags, cJSON_CreateString(tag));
		t += len + (t[len] == ' ');
	}
	cJSON_AddStringToObject(o, "precision", doc->precision);
	cJSON_AddStringToObject(o, "checks", doc->checks);
	cJSON_AddStringToObject(o, "bites", doc->bites);
	cJSON_AddStringToObject(o, "fix", doc->fix);
	cJSON_AddStringToObject(o, "example", doc->example);
	if (nprofiles) {
		cJSON *on = cJSON_AddArrayToObject(o, "profiles");
		for (uint32_t i = 0; on && i < nprofiles; i++) {
			char bites[640];
			p1c_rule_bites_on(rule, profiles[i], bites, sizeof(bites));
			cJSON *po = cJSON_CreateObject();
			cJSON_AddStringToObject(po, "name", profiles[i]->name);
			cJSON_AddStringToObject(po, "bites", bites);
			cJSON_AddItemToArray(on, po);
		}
	}
	return o;
}

int p1c_report_rule_explain(FILE *out, enum p1c_rule rule, const struct p1c_profile *const *profiles,
			    uint32_t nprofiles, bool json)
{
	if (json)
		return p1c_report_cjson_write(out, p1c_report_rule_json(rule, profiles, nprofiles));
	const struct p1c_rule_doc *doc = p1c_rule_doc(rule);
	fprintf(out, "%s %s (%s): %s\n\nWhat it checks:\n", p1c_rule_id(rule), p1c_rule_slug(rule),
		p1c_severity_name(p1c_rule_default_severity(rule)), p1c_rule_description(rule));
	print_wrapped(out, doc->checks, 2, 2);
	fputs("\nWhen it bites:\n", out);
	print_wrapped(out, doc->bites, 2, 2);
	for (uint32_t i = 0; i < nprofiles; i++) {
		char bites[640], line[768];
		p1c_rule_bites_on(rule, profiles[i], bites, sizeof(bites));
		snprintf(line, sizeof(line), "%s: %s", profiles[i]->name, bites);
		print_wrapped(out, line, 4, 6);
	}
	fputs("\nHow to fix:\n", out);
	print_wrapped(out, doc->fix, 2, 2);
	fprintf(out, "\nExample:\n  %s\n", doc->example);
	return ferror(out) ? -1 : 0;
}

/* Roff text: `code` in bold (its hyphens as \-), backslashes escaped, and no line that
 * starts with a control character. Wrapped near 90 columns (roff fills the lines again). */
static void print_roff_text(FILE *out, const char *text)
{
	bool code = false;
	int col = 0;
	for (const char *p = text; *p; p++) {
		if (*p == ' ' && col > 90) {
			fputc('\n', out);
			col = 0;
			continue;
		}
		if (col == 0 && (*p == '.' || *p == '\''))
			col += fprintf(out, "\\&");
		if (*p == '`')
			col += fprintf(out, (code = !code) ? "\\fB" : "\\fR");
		else if (*p == '\\')
			col += fprintf(out, "\\e");
		else if (*p == '-' && code)
			col += fprintf(out, "\\-");
		else
			col += fputc(*p, out) != EOF;
	}
	fputc('\n', out);
}

int p1c_report_rules_roff(FILE *out)
{
	for (int r = 0; r < P1C_RULE_COUNT; r++) {
		enum p1c_rule rule = (enum p1c_rule)r;
		const struct p1c_rule_doc *doc = p1c_rule_doc(rule);
		fprintf(out, ".TP\n\\fB%s\\fR %s (%s)\n", p1c_rule_id(rule), p1c_rule_slug(rule),
			p1c_severity_name(p1c_rule_default_severity(rule)));
		print_roff_text(out, doc->checks);
		fputs(".IP\nBites: ", out);
		print_roff_text(out, doc->bites);
		fputs(".IP\nFix: ", out);
		print_roff_text(out, doc->fix);
		fputs(".IP\nExample:\n.RS\n.nf\n", out);
		print_roff_text(out, doc->example);
		fputs(".fi\n.RE\n", out);
	}
	return ferror(out) ? -1 : 0;
}

size_t p1c_rule_help_markdown(char *buf, size_t size, enum p1c_rule rule)
{
	const struct p1c_rule_doc *doc = p1c_rule_doc(rule);
	const char *url = P1C_DOCS_URL;
	char link[512];
	if (strncmp(url, "https://", 8) == 0)
		snprintf(link, sizeof(link), "[%s in the rule reference](%s#%s)", p1c_rule_id(rule), url,
			 p1c_rule_slug(rule));
	else
		snprintf(link, sizeof(link), "wasm-p1check(1), section RULES");
	int n = snprintf(buf, size,
			 "**%s %s**: %s.\n\n**What it checks.** %s\n\n**When it bites.** %s\n\n"
			 "**How to fix.** %s\n\n**Example:**\n\n```\n%s\n```\n\n"
			 "Docs: `wasm-p1check --explain %s`, %s.\n",
			 p1c_rule_id(rule), p1c_rule_slug(rule), p1c_rule_description(rule), doc->checks,
			 doc->bites, doc->fix, doc->example, p1c_rule_id(rule), link);
	return n < 0 ? 0 : (size_t)n;
}

size_t p1c_rule_help_text(char *buf, size_t size, enum p1c_rule rule)
{
	const struct p1c_rule_doc *doc = p1c_rule_doc(rule);
	int n = snprintf(buf, size, "%s (%s). %s When it bites: %s How to fix: %s Docs: "
			 "wasm-p1check --explain %s; wasm-p1check(1), section RULES.",
			 p1c_rule_description(rule), p1c_rule_slug(rule), doc->checks, doc->bites,
			 doc->fix, p1c_rule_id(rule));
	return n < 0 ? 0 : (size_t)n;
}
