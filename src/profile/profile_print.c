/* The resolved profile as YAML (wasm-p1check-profile(5)), and the profile list.
 * Output is deterministic and loads back with p1c_profile_load_text to an equal profile:
 * strings that are not plain identifiers are double-quoted with every character that YAML could
 * fold or refuse escaped. */
#include "profile/profile_print.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- scalars ------------------------------------------------------------------------------ */

static bool is_null_word(const char *s)
{
	return strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0;
}

/* Safe to write unquoted, as a key or in a flow sequence. */
static bool is_plain_safe(const char *s)
{
	if (!*s || is_null_word(s) || *s == '-' || *s == '.')
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

/* Code points libyaml accepts raw inside a double-quoted scalar without folding them. */
static bool raw_ok(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return cp != '"' && cp != '\\';
	return (cp >= 0xA0 && cp <= 0xD7FF && cp != 0x2028 && cp != 0x2029) ||
	       (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

static void put_quoted(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	fputc('"', out);
	while (*p) {
		uint32_t cp;
		size_t n = p1c_utf8_decode(p, left, &cp);
		if (n == 0) {
			fprintf(out, "\\x%02X", *p++); /* not UTF-8: cannot come from a YAML file */
			left--;
			continue;
		}
		if (raw_ok(cp))
			fwrite(p, 1, n, out);
		else if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else if (cp <= 0xFF)
			fprintf(out, "\\x%02X", (unsigned)cp);
		else if (cp <= 0xFFFF)
			fprintf(out, "\\u%04X", (unsigned)cp);
		else
			fprintf(out, "\\U%08X", (unsigned)cp);
		p += n;
		left -= n;
	}
	fputc('"', out);
}

static void put_str(FILE *out, const char *s)
{
	if (is_plain_safe(s))
		fputs(s, out);
	else
		put_quoted(out, s);
}

void p1c_profile_put_scalar(FILE *out, const char *s, bool quote)
{
	if (quote)
		put_quoted(out, s);
	else
		put_str(out, s);
}

/* A block mapping key at indent, up to its ':'. libyaml refuses an implicit key that spans
 * more than 1024 characters, and a key prints as up to 4 characters per byte, so a longer
 * one is written as an explicit key: "? key", then ':' on the next line at the same indent
 * (found by fuzz_profile: a 449-byte import name full of tabs did not load back). */
#define LONG_KEY 200u

static void put_key(FILE *out, int indent, const char *s)
{
	bool explicit_key = strlen(s) > LONG_KEY;
	fprintf(out, "%*s%s", indent, "", explicit_key ? "? " : "");
	put_str(out, s);
	if (explicit_key)
		fprintf(out, "\n%*s", indent, "");
	fputc(':', out);
}

/* Text on one line (a comment, a list entry): control characters become spaces, so a path or
 * description cannot end the line. */
static void put_comment_text(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s, out);
}

static void put_list(FILE *out, const struct p1c_strlist *l)
{
	fputc('[', out);
	for (uint32_t i = 0; i < l->count; i++) {
		fputs(i ? ", " : "", out);
		put_str(out, l->items[i]);
	}
	fputc(']', out);
}

/* The signature in the module layer's text form (p1c_functype_format), quoted. */
static void put_functype(FILE *out, const struct p1c_functype *ft)
{
	char small[256];
	int n = p1c_functype_format(small, sizeof(small), ft);
	char *text = NULL;
	if (n >= 0 && (size_t)n < sizeof(small))
		text = small;
	else if (n >= 0 && (text = malloc((size_t)n + 1)) != NULL)
		p1c_functype_format(text, (size_t)n + 1, ft);
	fprintf(out, "\"%s\"", text ? text : "?");
	if (text != small)
		free(text);
}

/* Sizes in the largest binary unit that divides them exactly. */
static void put_size(FILE *out, uint64_t v)
{
	uint64_t n;
	const char *unit = p1c_size_unit(v, &n);
	fprintf(out, "%llu%s", (unsigned long long)n, unit ? unit : "");
}

/* ---- sections ----------------------------------------------------------------------------- */

static void put_header(FILE *out, const struct p1c_profile *p)
{
	fputs("# Resolved profile '", out);
	put_comment_text(out, p->name);
	fputs("' from ", out);
	put_comment_text(out, p->path ? p->path : "(text)");
	if (p->extends.count) {
		fputs(" (extends:", out);
		for (uint32_t i = 0; i < p->extends.count; i++) {
			fputc(' ', out);
			put_comment_text(out, p->extends.items[i]);
		}
		fputc(')', out);
	}
	fputs(",\n# with everything inherited merged in. Format: wasm-p1check-profile(5).\n", out);
	fputs("profile: ", out);
	put_str(out, p->name);
	fputs("\ndescription: ", out);
	put_quoted(out, p->description ? p->description : "");
	fputc('\n', out);
}

static void put_conds(FILE *out, const struct p1c_conds *conds)
{
	fputc('[', out);
	for (uint32_t i = 0; i < conds->count; i++) {
		fputs(i ? ", " : "", out);
		put_str(out, conds->items[i].text);
	}
	fputc(']', out);
}

static void put_init(FILE *out, const struct p1c_profile *p)
{
	fputs(p->ninit ? "  init-functions:\n" : "  init-functions: []\n", out);
	for (uint32_t i = 0; i < p->ninit; i++) {
		const struct p1c_init_function *f = &p->init[i];
		fputs("    - { call: ", out);
		put_str(out, f->name);
		fputs(", when: ", out);
		put_conds(out, &f->when);
		if (f->start_function)
			fprintf(out, ", imported: %s", f->skip_imported ? "skip" : "run");
		static const char *const exits[] = {"", ", proc-exit: fails", ", proc-exit: fails-instantiate"};
		fprintf(out, ", wrong-type: %s%s%s }\n", p1c_wrong_type_name((enum p1c_wrong_type)f->wrong_type),
			f->wasi_unavailable ? ", wasi: unavailable" : "",
			f->proc_exit <= P1C_EXIT_FAILS_INSTANTIATE ? exits[f->proc_exit] : "");
	}
}

static void put_runtime(FILE *out, const struct p1c_profile *p)
{
	fprintf(out, "runtime:\n  unresolved-imports: %s\n  import-types: %s\n",
		p1c_unresolved_policy_name(p->unresolved), p->import_types_coerced ? "coerced" : "checked");
	put_init(out, p);
	fputs("  wasi-modules: ", out);
	put_list(out, &p->wasi_modules);
	fprintf(out, "\n  import-underscore-fallback: %s\n  memory-table-import-modules: ",
		p->underscore_fallback ? "true" : "false");
	put_list(out, &p->memory_table_import_modules);
	fputs("\n  global-imports: ", out);
	if (p->global_imports.count)
		put_list(out, &p->global_imports);
	else
		fputs("none", out);
	fputs("\n  module-aliases: {", out);
	for (uint32_t i = 0; i < p->nmodule_aliases; i++) {
		fputs(i ? ", " : " ", out);
		bool explicit_key = strlen(p->module_aliases[i].from) > LONG_KEY; /* see put_key */
		fputs(explicit_key ? "? " : "", out);
		put_str(out, p->module_aliases[i].from);
		fputs(explicit_key ? " : " : ": ", out);
		put_str(out, p->module_aliases[i].to);
	}
	fputs(p->nmodule_aliases ? " }\n" : "}\n", out);
}

static bool same_set(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* A signature as it was given: WAMR's letters, or the core syntax; a stub as a mapping. */
static void put_import_value(FILE *out, const struct p1c_profile_import *imp)
{
	if (imp->stub)
		fputs("{ signature: ", out);
	if (imp->signature)
		put_quoted(out, imp->signature);
	else
		put_functype(out, &imp->type);
	if (imp->stub) {
		fputs(", stub: ", out);
		put_quoted(out, imp->stub);
		fputs(" }", out);
	}
}

/* The imports of one set (set NULL: the plain imports) at indent. */
static void put_import_group(FILE *out, const struct p1c_profile *p, const char *set, int indent)
{
	const char *module = NULL;
	for (uint32_t i = 0; i < p->nimports; i++) {
		const struct p1c_profile_import *imp = &p->imports[i];
		if (!same_set(imp->set, set))
			continue;
		if (!module || strcmp(imp->module, module) != 0) {
			put_key(out, indent, imp->module);
			fputc('\n', out);
			module = imp->module;
		}
		put_key(out, indent + 2, imp->name);
		fputc(' ', out);
		put_import_value(out, imp);
		fputc('\n', out);
	}
}

static void put_imports(FILE *out, const struct p1c_profile *p)
{
	bool plain = false, sets = false;
	for (uint32_t i = 0; i < p->nimports; i++) {
		plain |= p->imports[i].set == NULL;
		sets |= p->imports[i].set != NULL;
	}
	fputs(plain ? "imports:\n" : "imports: {}\n", out);
	put_import_group(out, p, NULL, 2);
	if (!sets)
		return;
	fputs("import-sets:\n", out);
	for (uint32_t i = 0; i < p->nimports; i++) {
		const char *set = p->imports[i].set;
		bool seen = false;
		for (uint32_t j = 0; set && j < i && !seen; j++)
			seen = same_set(p->imports[j].set, set);
		if (!set || seen)
			continue;
		put_key(out, 2, set);
		fputc('\n', out);
		put_import_group(out, p, set, 4);
	}
}

static void put_deny(FILE *out, const struct p1c_profile *p)
{
	fputs(p->ndeny ? "deny:\n" : "deny: []\n", out);
	for (uint32_t i = 0; i < p->ndeny; i++) {
		fputs("  - pattern: ", out);
		put_quoted(out, p->deny[i].pattern);
		fputs("\n    reason: ", out);
		put_quoted(out, p->deny[i].reason);
		fputc('\n', out);
	}
}

static void put_waiver_key(FILE *out, const char *key, const char *value)
{
	if (!value)
		return;
	fprintf(out, "\n    %s: ", key);
	put_quoted(out, value);
}

static void put_waivers(FILE *out, const struct p1c_profile *p)
{
	if (!p->nwaivers)
		return;
	fputs("waivers:\n", out);
	for (uint32_t i = 0; i < p->nwaivers; i++) {
		const struct p1c_waiver *w = &p->waivers[i];
		fputs("  - rule: ", out);
		put_quoted(out, w->rule);
		put_waiver_key(out, "import", w->import);
		put_waiver_key(out, "feature", w->feature);
		put_waiver_key(out, "export", w->export_name);
		put_waiver_key(out, "limit", w->limit);
		put_waiver_key(out, "module", w->module);
		put_waiver_key(out, "reason", w->reason);
		fputc('\n', out);
	}
}

static void put_features(FILE *out, const struct p1c_profile *p)
{
	fputs("features:\n", out);
	for (int f = 0; f < P1C_FEATURE_COUNT; f++) {
		fprintf(out, "  %s: %s\n", p1c_feature_name((enum p1c_feature)f),
			p1c_profile_feature_allowed(p, (enum p1c_feature)f) ? "true" : "false");
	}
}

static void put_entry_checks(FILE *out, const struct p1c_profile *p)
{
	fputs(p->nentry_checks ? "  entry-checks:\n" : "  entry-checks: {}\n", out);
	for (uint32_t i = 0; i < p->nentry_checks; i++) {
		const struct p1c_entry_check *e = &p->entry_checks[i];
		put_key(out, 4, e->name);
		fputs(" { type: ", out);
		for (uint32_t k = 0; k < e->ntypes; k++) {
			fputs(k ? ", " : e->ntypes > 1 ? "[" : "", out);
			put_functype(out, &e->types[k]);
		}
		fputs(e->ntypes > 1 ? "]" : e->ntypes ? "" : "func", out);
		fprintf(out, ", defined: %s, bites: %s, when: ", e->defined ? "true" : "false",
			p1c_stage_name((enum p1c_stage)e->bites));
		put_conds(out, &e->when);
		fputs(" }\n", out);
	}
}

static void put_module(FILE *out, const struct p1c_profile *p)
{
	fprintf(out, "module:\n  kind: %s\n  entry-points: ", p1c_kind_req_name(p->kind));
	put_list(out, &p->entry_points);
	if (p->memory_export_required) {
		fputs("\n  memory-export: { required-if-any: ", out);
		put_conds(out, &p->memory_export_when);
		fprintf(out, ", bites: %s }\n", p1c_stage_name((enum p1c_stage)p->memory_export_bites));
	} else {
		fputs("\n  memory-export: optional\n", out);
	}
	fprintf(out, "  start-and-initialize: %s\n", p1c_both_entries_name(p->start_and_initialize));
	put_entry_checks(out, p);
	fputs(p->nrequired_exports ? "  exports:\n" : "  exports: {}\n", out);
	for (uint32_t i = 0; i < p->nrequired_exports; i++) {
		const struct p1c_required_export *e = &p->required_exports[i];
		put_key(out, 4, e->name);
		fputc(' ', out);
		if (e->has_type)
			put_functype(out, &e->type);
		else
			fputs(e->kind < P1C_EXTERN_COUNT ? p1c_extern_kind_name(e->kind) : "?", out);
		fputc('\n', out);
	}
}

static void put_limits(FILE *out, const struct p1c_profile *p)
{
	bool any = false;
	for (int i = 0; i < P1C_LIMIT_COUNT; i++) {
		uint64_t v = p1c_limit_get(&p->limits, (enum p1c_limit_id)i);
		if (v == P1C_LIMIT_UNSET)
			continue;
		fprintf(out, "%s  %s: ", any ? "" : "limits:\n", p1c_limit_key((enum p1c_limit_id)i));
		any = true;
		if (p1c_limit_is_size((enum p1c_limit_id)i))
			put_size(out, v);
		else
			fprintf(out, "%llu", (unsigned long long)v);
		fputc('\n', out);
	}
	if (!any)
		fputs("limits: {}\n", out);
}

static int finish(FILE *out)
{
	return ferror(out) || fflush(out) != 0 ? -1 : 0;
}

int p1c_report_profile(FILE *out, const struct p1c_profile *p)
{
	put_header(out, p);
	put_runtime(out, p);
	put_imports(out, p);
	put_deny(out, p);
	put_waivers(out, p);
	put_features(out, p);
	put_module(out, p);
	put_limits(out, p);
	fputs("libc-entry-points: ", out);
	put_list(out, &p->libc_entry_points);
	fputc('\n', out);
	return finish(out);
}

int p1c_report_profile_list(FILE *out, const struct p1c_profile_entry *entries, uint32_t n)
{
	int width = 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t len = strlen(entries[i].name);
		if (len > (size_t)width)
			width = len > 40 ? 40 : (int)len;
	}
	for (uint32_t i = 0; i < n; i++) {
		const struct p1c_profile_entry *e = &entries[i];
		const char *desc = e->description ? e->description : "";
		put_comment_text(out, e->name);
		fprintf(out, "%*s  ", width - (int)(strlen(e->name) < 40 ? strlen(e->name) : 40), "");
		put_comment_text(out, desc);
		fputs(desc[0] ? "  (" : "(", out);
		put_comment_text(out, e->builtin ? "built-in" : e->path ? e->path : "");
		fputs(")\n", out);
	}
	return finish(out);
}
