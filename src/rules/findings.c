/* The rule table (rules.def), the names of the audit's enums, the module kind, and the finding
 * list every check appends to. Used by the orchestrator (rules.c) and every check. */
#include <stdarg.h>
#include <string.h>

#include "rules/rules_internal.h"

struct rule_row {
	const char *id, *slug, *description;
	enum p1c_severity severity;
};

static const struct rule_row rule_rows[] = {
#define RULE(id, slug, sev, desc) {#id, slug, desc, P1C_SEV_##sev},
#include "rules/rules.def"
#undef RULE
};

const char *p1c_rule_id(enum p1c_rule rule) { return rule_rows[rule].id; }
const char *p1c_rule_slug(enum p1c_rule rule) { return rule_rows[rule].slug; }
const char *p1c_rule_description(enum p1c_rule rule) { return rule_rows[rule].description; }
enum p1c_severity p1c_rule_default_severity(enum p1c_rule rule) { return rule_rows[rule].severity; }

const char *p1c_severity_name(enum p1c_severity sev)
{
	static const char *const names[] = {"note", "warning", "error"};
	return names[sev];
}

const char *p1c_bites_name(enum p1c_bites bites)
{
	static const char *const names[] = {NULL, "load", "instantiate", "call", "never"};
	return names[bites];
}

const char *p1c_import_status_name(enum p1c_import_status status)
{
	static const char *const names[] = {"provided", "missing", "signature-mismatch", "denied",
					    "unresolved"};
	return names[status];
}

const char *p1c_module_kind_name(enum p1c_module_kind kind)
{
	static const char *const names[] = {"command", "reactor", "library", "component",
					    "invalid"};
	return names[kind];
}

const char *p1c_certainty_name(enum p1c_certainty c)
{
	switch (c) {
	case P1C_CERTAINTY_ALWAYS: return "always";
	case P1C_CERTAINTY_CONDITIONAL: return "conditional";
	case P1C_CERTAINTY_INDIRECT: return "indirect";
	case P1C_CERTAINTY_NA: break;
	}
	return NULL;
}

const char *p1c_subject_kind_name(enum p1c_subject_kind kind)
{
	static const char *const names[] = {"module", "import", "export", "feature", "limit",
					    "waiver"};
	return names[kind];
}

const char *p1c_edge_name(enum p1c_cg_edge edge)
{
	static const char *const names[] = {"call", "indirect", "ref"};
	return names[edge];
}

static bool is_func_export(const struct p1c_module *m, const char *name)
{
	const struct p1c_export *e = p1c_module_find_export(m, name);
	return e && e->kind == P1C_EXTERN_FUNC;
}

enum p1c_module_kind p1c_module_kind_of(const struct p1c_module *m)
{
	if (m->format == P1C_FORMAT_COMPONENT)
		return P1C_KIND_COMPONENT_MODULE;
	if (is_func_export(m, "_start"))
		return P1C_KIND_COMMAND_MODULE;
	if (is_func_export(m, "_initialize"))
		return P1C_KIND_REACTOR_MODULE;
	return P1C_KIND_LIBRARY_MODULE;
}

bool p1c_is_wasip2_import(struct p1c_str module, struct p1c_str name)
{
	if (p1c_str_has_prefix(module, "wasi:") || p1c_str_has_prefix(module, "cm32p2|"))
		return true;
	return p1c_str_eq(module, "wasi_snapshot_preview1") && p1c_str_has_prefix(name, "adapter_");
}

void rules_reserve(struct rules_ctx *ctx, uint32_t n)
{
	const struct p1c_arena *a = ctx->arena;
	size_t room = a->limit ? (a->limit - (a->total < a->limit ? a->total : a->limit)) / 4 : SIZE_MAX;
	if (ctx->count || n <= ctx->cap || (size_t)n > room / sizeof(*ctx->items))
		return;
	struct p1c_finding *items = p1c_arena_array(ctx->arena, n, sizeof(*items));
	if (items) {
		ctx->items = items;
		ctx->cap = n;
	}
}

struct p1c_finding *rules_add(struct rules_ctx *ctx, enum p1c_rule rule, uint64_t offset, int section)
{
	if (ctx->failed)
		return NULL;
	if (ctx->count == ctx->cap) {
		uint32_t cap = ctx->cap ? ctx->cap * 2 : 16;
		struct p1c_finding *items = p1c_arena_array(ctx->arena, cap, sizeof(*items));
		if (!items) {
			ctx->failed = true;
			return NULL;
		}
		if (ctx->count)
			memcpy(items, ctx->items, ctx->count * sizeof(*items));
		ctx->items = items;
		ctx->cap = cap;
	}
	struct p1c_finding *f = &ctx->items[ctx->count++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = p1c_rule_default_severity(rule);
	f->bites = P1C_BITES_NA;
	f->has_offset = section != P1C_SECTION_NONE || offset != 0;
	f->offset = offset;
	f->section = section;
	f->function = P1C_NO_FUNC;
	f->import = P1C_NO_IMPORT;
	f->reachable = P1C_REACH_NA;
	f->feature = -1;
	f->subject.kind = P1C_SUBJECT_MODULE;
	return f;
}

static struct p1c_str cstr(const char *s)
{
	return (struct p1c_str){(const uint8_t *)s, s ? (uint32_t)strlen(s) : 0};
}

void rules_subject_str(struct p1c_finding *f, enum p1c_subject_kind kind, struct p1c_str name)
{
	if (f)
		f->subject = (struct p1c_subject){.kind = kind, .name = name};
}

void rules_subject(struct p1c_finding *f, enum p1c_subject_kind kind, const char *name)
{
	rules_subject_str(f, kind, cstr(name));
}

void rules_subject_import(struct p1c_finding *f, const struct p1c_import *imp)
{
	if (f)
		f->subject = (struct p1c_subject){.kind = P1C_SUBJECT_IMPORT, .module = imp->module,
						  .name = imp->name};
}

struct p1c_finding *rules_add_import(struct rules_ctx *ctx, enum p1c_rule rule, uint32_t index)
{
	const struct p1c_import *imp = &ctx->module->imports[index];
	struct p1c_finding *f = rules_add(ctx, rule, imp->offset, P1C_SEC_IMPORT);
	if (!f)
		return NULL;
	f->import = index;
	rules_subject_import(f, imp);
	return f;
}

/* Formats into the arena; marks the context failed on out-of-memory. */
const char *rules_text(struct rules_ctx *ctx, const char *text)
{
	if (!text)
		ctx->failed = true;
	return text ? text : "";
}

const char *rules_printf(struct rules_ctx *ctx, const char *fmt, ...)
{
	if (ctx->skip_texts)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	const char *text = p1c_arena_vprintf(ctx->arena, fmt, ap);
	va_end(ap);
	return rules_text(ctx, text);
}

uint64_t rules_section_offset(const struct p1c_module *m, uint8_t id)
{
	for (uint32_t i = 0; i < m->nsections; i++)
		if (m->sections[i].id == id)
			return m->sections[i].offset;
	return m->begin;
}
