/* JSON report (schema wasm-p1check-report/1) through cJSON. Keys are a public interface:
 * see man/wasm-p1check.1 "JSON REPORT". Arrays are in index / file order. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/report_cjson.h"

#define REPORT_SCHEMA "wasm-p1check-report/1"

/* cJSON needs NUL-terminated text: copy the slice. NULL on out-of-memory. */
static cJSON *str_node(struct p1c_str s)
{
	char *text = malloc((size_t)s.len + 1);
	if (!text)
		return NULL;
	memcpy(text, s.ptr, s.len);
	text[s.len] = '\0';
	cJSON *node = cJSON_CreateString(text);
	free(text);
	return node;
}

static cJSON *opt_string(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *producers_json(const struct p1c_module *m)
{
	cJSON *obj = cJSON_CreateObject();
	for (uint32_t i = 0; obj && i < m->nproducers; i++) {
		const struct p1c_producer_field *field = &m->producers[i];
		cJSON *values = cJSON_CreateArray();
		for (uint32_t j = 0; values && j < field->nvalues; j++) {
			cJSON *v = cJSON_CreateObject();
			cJSON_AddItemToObject(v, "name", str_node(field->values[j].name));
			cJSON_AddItemToObject(v, "version", str_node(field->values[j].version));
			cJSON_AddItemToArray(values, v);
		}
		char key[128];
		snprintf(key, sizeof(key), "%.*s", (int)field->name.len, (const char *)field->name.ptr);
		cJSON_AddItemToObject(obj, key, values);
	}
	return obj;
}

static cJSON *import_json(const struct p1c_file_report *f, uint32_t i)
{
	const struct p1c_module *m = &f->module;
	const struct p1c_import *imp = &m->imports[i];
	char type[512];
	p1c_import_type_format(type, sizeof(type), m, imp);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "index", imp->kind_index);
	cJSON_AddItemToObject(o, "module", str_node(imp->module));
	cJSON_AddItemToObject(o, "name", str_node(imp->name));
	cJSON_AddStringToObject(o, "kind", p1c_extern_kind_name(imp->kind));
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddStringToObject(o, "status", f->audit.import_status
		? p1c_import_status_name(f->audit.import_status[i]) : "unresolved");
	enum p1c_reach reach = f->audit.import_reach ? f->audit.import_reach[i] : P1C_REACH_NA;
	cJSON_AddItemToObject(o, "reachable", reach == P1C_REACH_NA ? cJSON_CreateNull()
								 : cJSON_CreateBool(reach == P1C_REACH_YES));
	cJSON_AddItemToObject(o, "via_indirect", reach == P1C_REACH_NA ? cJSON_CreateNull()
		: cJSON_CreateBool(f->audit.import_via_indirect[i]));
	cJSON_AddNumberToObject(o, "offset", (double)imp->offset);
	return o;
}

static cJSON *export_json(const struct p1c_export *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "name", str_node(e->name));
	cJSON_AddStringToObject(o, "kind", p1c_extern_kind_name(e->kind));
	cJSON_AddNumberToObject(o, "index", e->index);
	return o;
}

static cJSON *source_json(const struct p1c_report *report, const struct p1c_srcloc *loc)
{
	char abs[4096];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "file", p1c_report_shown_path(report, loc->file, abs, sizeof(abs)));
	cJSON_AddNumberToObject(o, "line", loc->line);
	cJSON_AddNumberToObject(o, "column", loc->column);
	return o;
}

static cJSON *path_json(const struct p1c_report *report, const struct p1c_module *m,
			const struct p1c_cg_path *path, const struct p1c_srcloc *srcs)
{
	cJSON *arr = cJSON_CreateArray();
	for (uint32_t i = 0; arr && i < path->nsteps; i++) {
		char label[256];
		p1c_report_func_label(label, sizeof(label), m, path->steps[i].func);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "index", path->steps[i].func);
		cJSON_AddStringToObject(o, "name", label);
		cJSON_AddItemToObject(o, "edge", i ? cJSON_CreateString(p1c_edge_name(path->steps[i].edge))
						   : cJSON_CreateNull());
		if (path->elided && i == path->elided_at) /* -1: P1C_CG_DEPTH_MAX - 24 or more */
			cJSON_AddNumberToObject(o, "elided_before",
						path->elided == UINT32_MAX ? -1.0 : (double)path->elided);
		if (srcs && srcs[i].line)
			cJSON_AddItemToObject(o, "source", source_json(report, &srcs[i]));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *why_entries_json(const struct p1c_report *report, const struct p1c_module *m,
				const struct p1c_why_entry *entries, uint32_t n, bool roots)
{
	cJSON *arr = cJSON_CreateArray();
	for (uint32_t i = 0; arr && i < n; i++) {
		char label[256];
		p1c_report_func_label(label, sizeof(label), m, entries[i].func);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "index", entries[i].func);
		cJSON_AddStringToObject(o, "name", label);
		if (roots) {
			cJSON_AddBoolToObject(o, "init", (entries[i].root_bits & P1C_CG_ROOT_INIT) != 0);
			cJSON_AddBoolToObject(o, "export", (entries[i].root_bits & P1C_CG_ROOT_EXPORT) != 0);
		}
		cJSON_AddItemToObject(o, "path", path_json(report, m, &entries[i].path, NULL));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *why_json(const struct p1c_report *report, const struct p1c_file_report *f)
{
	const struct p1c_why *why = f->audit.why;
	if (!why || !why->found)
		return cJSON_CreateNull();
	const struct p1c_import *imp = &f->module.imports[why->import];
	cJSON *o = cJSON_CreateObject();
	cJSON *ref = cJSON_AddObjectToObject(o, "import");
	cJSON_AddItemToObject(ref, "module", str_node(imp->module));
	cJSON_AddItemToObject(ref, "name", str_node(imp->name));
	cJSON_AddNumberToObject(ref, "index", imp->kind_index);
	cJSON_AddBoolToObject(o, "reachable", why->reachable);
	cJSON_AddNumberToObject(o, "roots_total", why->nroots_total);
	cJSON_AddItemToObject(o, "roots", why_entries_json(report, &f->module, why->roots, why->nroots, true));
	cJSON_AddNumberToObject(o, "libc_entry_points_total", why->nlibc_total);
	cJSON_AddItemToObject(o, "libc_entry_points",
			      why_entries_json(report, &f->module, why->libc, why->nlibc, false));
	return o;
}

static cJSON *location_json(const struct p1c_report *report, const struct p1c_module *m,
			    const struct p1c_finding *fi)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "offset", fi->has_offset ? cJSON_CreateNumber((double)fi->offset)
							  : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "section", fi->section == P1C_SECTION_NONE
		? cJSON_CreateNull() : cJSON_CreateString(p1c_section_name(fi->section)));
	cJSON_AddItemToObject(o, "function", fi->function == P1C_NO_FUNC
		? cJSON_CreateNull() : cJSON_CreateNumber(fi->function));
	struct p1c_str name = fi->function == P1C_NO_FUNC ? (struct p1c_str){NULL, 0}
							  : p1c_module_func_name(m, fi->function);
	cJSON_AddItemToObject(o, "function_name", name.len ? str_node(name) : cJSON_CreateNull());
	if (fi->src)
		cJSON_AddItemToObject(o, "source", source_json(report, fi->src));
	return o;
}

static cJSON *import_ref_json(const struct p1c_module *m, const struct p1c_finding *fi)
{
	if (fi->import == P1C_NO_IMPORT)
		return cJSON_CreateNull();
	const struct p1c_import *imp = &m->imports[fi->import];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "module", str_node(imp->module));
	cJSON_AddItemToObject(o, "name", str_node(imp->name));
	cJSON_AddNumberToObject(o, "index", imp->kind_index);
	return o;
}

/* What the finding is about (struct p1c_subject): what waivers match and fingerprints hash. */
static cJSON *subject_json(const struct p1c_subject *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", p1c_subject_kind_name(s->kind));
	if (s->kind == P1C_SUBJECT_IMPORT)
		cJSON_AddItemToObject(o, "module", str_node(s->module));
	cJSON_AddItemToObject(o, "name", str_node(s->name));
	if (s->also.len)
		cJSON_AddItemToObject(o, "also", str_node(s->also));
	return o;
}

static cJSON *finding_json(const struct p1c_report *report, const struct p1c_module *m,
			   const struct p1c_finding *fi)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "rule", p1c_rule_id(fi->rule));
	cJSON_AddStringToObject(o, "slug", p1c_rule_slug(fi->rule));
	cJSON_AddStringToObject(o, "severity", p1c_severity_name(fi->severity));
	cJSON_AddItemToObject(o, "bites", opt_string(p1c_bites_name(fi->bites)));
	cJSON_AddItemToObject(o, "certainty", opt_string(p1c_certainty_name(fi->certainty)));
	if (fi->provenance) { /* WASI 0.2 resource methods and drops */
		cJSON *res = cJSON_AddObjectToObject(o, "resource");
		cJSON_AddStringToObject(res, "name", fi->provenance->resource);
		cJSON *producers = cJSON_AddArrayToObject(res, "producers");
		if (fi->provenance->producer)
			cJSON_AddItemToArray(producers, cJSON_CreateString(fi->provenance->producer));
		cJSON_AddStringToObject(res, "reasoning", fi->provenance->reasoning);
	} else {
		cJSON_AddNullToObject(o, "resource");
	}
	cJSON_AddStringToObject(o, "message", fi->message);
	cJSON_AddItemToObject(o, "help", opt_string(fi->help));
	cJSON_AddItemToObject(o, "subject", subject_json(&fi->subject));
	if (fi->nested)
		cJSON_AddNumberToObject(o, "module", fi->nested);
	cJSON_AddItemToObject(o, "location", location_json(report, m, fi));
	cJSON_AddItemToObject(o, "import", import_ref_json(m, fi));
	cJSON_AddItemToObject(o, "reachable", fi->reachable == P1C_REACH_NA
		? cJSON_CreateNull() : cJSON_CreateBool(fi->reachable == P1C_REACH_YES));
	cJSON *paths = cJSON_AddArrayToObject(o, "paths");
	for (uint32_t i = 0; paths && i < fi->npaths; i++)
		cJSON_AddItemToArray(paths, path_json(report, m, &fi->paths[i],
						      fi->path_src ? fi->path_src[i] : NULL));
	cJSON *entries = cJSON_AddArrayToObject(o, "libc_entry_points");
	for (uint32_t i = 0; entries && i < fi->libc_entry_points.count; i++)
		cJSON_AddItemToArray(entries, cJSON_CreateString(fi->libc_entry_points.items[i]));
	if (fi->search_bounded)
		cJSON_AddBoolToObject(o, "search_bounded", true);
	cJSON_AddItemToObject(o, "feature", opt_string(fi->feature >= 0
		? p1c_feature_name((enum p1c_feature)fi->feature) : NULL));
	cJSON_AddItemToObject(o, "count", fi->feature >= 0 ? cJSON_CreateNumber(fi->count)
							 : cJSON_CreateNull());
	cJSON *waived = fi->suppressed ? cJSON_CreateObject() : cJSON_CreateNull();
	if (fi->suppressed) {
		char where[4200], abs[4096];
		snprintf(where, sizeof(where), "%s:%u",
			 p1c_report_shown_path(report, fi->waiver, abs, sizeof(abs)), fi->waiver_line);
		cJSON_AddStringToObject(waived, "reason", fi->suppressed);
		cJSON_AddStringToObject(waived, "waiver", where);
	}
	cJSON_AddItemToObject(o, "suppressed", waived);
	return o;
}

/* The post-MVP features the module uses, in features.def order (P1C020 reports the ones
 * with allowed false, except component-model). */
static cJSON *features_json(const struct p1c_report *report, const struct p1c_file_report *f)
{
	const struct p1c_feature_set *set = &f->analysis.features;
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; arr && f->decoded && i < P1C_FEATURE_COUNT; i++) {
		const struct p1c_feature_use *use = &set->use[i];
		if (use->count == 0)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", p1c_feature_name((enum p1c_feature)i));
		cJSON_AddNumberToObject(o, "count", use->count);
		cJSON *first = cJSON_AddObjectToObject(o, "first_use");
		cJSON_AddNumberToObject(first, "offset", (double)use->first_offset);
		cJSON_AddItemToObject(first, "function", use->first_func == P1C_NO_FUNC
			? cJSON_CreateNull() : cJSON_CreateNumber(use->first_func));
		cJSON_AddItemToObject(first, "evidence",
				      opt_string(p1c_evidence_name((enum p1c_evidence)use->evidence)));
		cJSON_AddItemToObject(first, "detail", opt_string(use->detail));
		struct p1c_srcloc loc;
		if (p1c_srcmap_lookup(&f->srcmap, use->first_offset, &loc))
			cJSON_AddItemToObject(first, "source", source_json(report, &loc));
		cJSON_AddBoolToObject(o, "allowed", f->audit.features_allowed >> i & 1u);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* The target_features custom section (what the compiler was told), or null without one. */
static cJSON *target_features_json(const struct p1c_file_report *f)
{
	const struct p1c_module *m = &f->module;
	if (!f->decoded || !m->has_target_features)
		return cJSON_CreateNull();
	cJSON *arr = cJSON_CreateArray();
	for (uint32_t i = 0; arr && i < m->ntarget_features; i++) {
		char prefix[2] = {(char)m->target_features[i].prefix, '\0'};
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "prefix", prefix);
		cJSON_AddItemToObject(o, "name", str_node(m->target_features[i].name));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *warnings_json(const struct p1c_file_report *f)
{
	cJSON *arr = cJSON_CreateArray();
	for (uint32_t i = 0; arr && f->decoded && i < f->module.nwarnings; i++) {
		const struct p1c_error *w = &f->module.warnings[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "offset", (double)w->offset);
		cJSON_AddStringToObject(o, "section", p1c_section_name(w->section));
		cJSON_AddStringToObject(o, "message", w->msg);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* The profile's init sequence as it applies to this module: every step, in order. */
static cJSON *init_json(const struct p1c_file_report *f)
{
	if (!f->audit.has_init)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "imports_wasi", f->audit.init.imports_wasi);
	enum p1c_bites blocked = f->audit.init_blocked;
	cJSON_AddItemToObject(o, "blocked_by", blocked == P1C_BITES_LOAD ? cJSON_CreateString("load")
		: blocked == P1C_BITES_INSTANTIATE ? cJSON_CreateString("link") : cJSON_CreateNull());
	cJSON *steps = cJSON_AddArrayToObject(o, "steps");
	for (uint32_t i = 0; steps && i < f->audit.init.nsteps; i++) {
		const struct p1c_init_step *s = &f->audit.init.steps[i];
		cJSON *step = cJSON_CreateObject();
		cJSON_AddStringToObject(step, "name", s->name);
		if (s->func == P1C_NO_INDEX)
			cJSON_AddNullToObject(step, "function");
		else
			cJSON_AddNumberToObject(step, "function", s->func);
		cJSON_AddStringToObject(step, "outcome", p1c_init_outcome_name((enum p1c_init_outcome)s->outcome));
		cJSON_AddItemToObject(step, "reason", opt_string(s->reason));
		cJSON_AddItemToArray(steps, step);
	}
	return o;
}

static const char *format_name(const struct p1c_file_report *f)
{
	if (f->module.format == P1C_FORMAT_CORE)
		return "core-module";
	if (f->module.format == P1C_FORMAT_COMPONENT)
		return "component";
	return NULL;
}

/* An input that could not be read: its path and error, nothing else known. */
static cJSON *unreadable_json(const struct p1c_file_report *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "path", f->path);
	cJSON *error = cJSON_AddObjectToObject(o, "error");
	cJSON_AddStringToObject(error, "kind", "io");
	cJSON_AddStringToObject(error, "message", f->io_error);
	cJSON_AddStringToObject(o, "verdict", "error");
	return o;
}

static cJSON *summary_json(const struct p1c_file_report *f)
{
	cJSON *summary = cJSON_CreateObject();
	cJSON_AddNumberToObject(summary, "errors", f->audit.counts[P1C_SEV_ERROR]);
	cJSON_AddNumberToObject(summary, "warnings", f->audit.counts[P1C_SEV_WARNING]);
	cJSON_AddNumberToObject(summary, "notes", f->audit.counts[P1C_SEV_NOTE]);
	cJSON_AddNumberToObject(summary, "suppressed", f->audit.nsuppressed);
	cJSON_AddItemToObject(summary, "earliest_bites", f->audit.earliest_bites == P1C_BITES_NA
		? cJSON_CreateNull() : cJSON_CreateString(p1c_bites_name(f->audit.earliest_bites)));
	cJSON_AddItemToObject(summary, "earliest_certain_bites",
		f->audit.earliest_certain_bites == P1C_BITES_NA ? cJSON_CreateNull()
			: cJSON_CreateString(p1c_bites_name(f->audit.earliest_certain_bites)));
	return summary;
}

static cJSON *toolchain_json(const struct p1c_toolchain_info *tc)
{
	cJSON *t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "name", p1c_toolchain_key(tc));
	cJSON_AddStringToObject(t, "label", p1c_toolchain_label(tc));
	cJSON_AddStringToObject(t, "evidence", tc->evidence);
	return t;
}

static cJSON *wasip2_build_json(const struct p1c_file_report *f)
{
	cJSON *b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "style", f->audit.wasip2_build == P1C_WASIP2_MIXED ? "mixed" : "pure");
	cJSON_AddStringToObject(b, "verdict", f->audit.wasip2_verdict);
	return b;
}

/* The arrays that grow with the module (imports, exports, findings): one element at a time. */
static void file_lists_json(struct p1c_jstream *s, const struct p1c_report *report,
			    const struct p1c_file_report *f)
{
	const struct p1c_module *m = &f->module;
	p1c_jstream_open(s, "imports", true);
	for (uint32_t i = 0; !s->failed && i < m->nimports; i++)
		p1c_jstream_value(s, NULL, import_json(f, i));
	p1c_jstream_close(s);
	p1c_jstream_open(s, "exports", true);
	for (uint32_t i = 0; !s->failed && i < m->nexports; i++)
		p1c_jstream_value(s, NULL, export_json(&m->exports[i]));
	p1c_jstream_close(s);
	p1c_jstream_value(s, "init", init_json(f));
	p1c_jstream_value(s, "features", features_json(report, f));
	p1c_jstream_value(s, "target_features", target_features_json(f));
	p1c_jstream_value(s, "warnings", warnings_json(f));
	p1c_jstream_open(s, "findings", true);
	for (uint32_t i = 0; !s->failed && i < f->audit.nfindings; i++)
		p1c_jstream_value(s, NULL, finding_json(report, p1c_report_finding_module(f,
			&f->audit.findings[i]), &f->audit.findings[i]));
	p1c_jstream_close(s);
}

static void file_json(struct p1c_jstream *s, const struct p1c_report *report,
		      const struct p1c_file_report *f)
{
	if (!f->readable) {
		p1c_jstream_value(s, NULL, unreadable_json(f));
		return;
	}
	p1c_jstream_open(s, NULL, false);
	p1c_jstream_value(s, "path", cJSON_CreateString(f->path));
	p1c_jstream_value(s, "size", cJSON_CreateNumber((double)f->size));
	p1c_jstream_value(s, "format", opt_string(format_name(f)));
	p1c_jstream_value(s, "kind", cJSON_CreateString(p1c_module_kind_name(f->audit.kind)));
	if (f->audit.wasip2_verdict) /* a core module importing WASI 0.2 functions */
		p1c_jstream_value(s, "wasip2_build", wasip2_build_json(f));
	p1c_jstream_value(s, "producers", producers_json(&f->module));
	if (f->audit.toolchain.id != P1C_TOOLCHAIN_UNKNOWN) /* only when the module shows it */
		p1c_jstream_value(s, "toolchain", toolchain_json(&f->audit.toolchain));
	file_lists_json(s, report, f);
	p1c_jstream_value(s, "why", why_json(report, f));
	p1c_jstream_value(s, "summary", summary_json(f));
	p1c_jstream_value(s, "verdict", cJSON_CreateString(f->audit.pass ? "pass" : "fail"));
	p1c_jstream_close(s);
}

static cJSON *tool_json(void)
{
	cJSON *tool = cJSON_CreateObject();
	cJSON_AddStringToObject(tool, "name", "wasm-p1check");
	cJSON_AddStringToObject(tool, "version", P1C_VERSION);
	return tool;
}

static cJSON *profile_json(const struct p1c_profile *p)
{
	cJSON *profile = cJSON_CreateObject();
	cJSON_AddStringToObject(profile, "name", p->name);
	cJSON_AddItemToObject(profile, "description", opt_string(p->description));
	return profile;
}

/* Streamed: one file's import, export or finding at a time is held as a cJSON tree. */
int p1c_report_json(FILE *out, const struct p1c_report *report)
{
	struct p1c_jstream s;
	p1c_jstream_begin(&s, out);
	p1c_jstream_value(&s, "schema", cJSON_CreateString(REPORT_SCHEMA));
	p1c_jstream_value(&s, "tool", tool_json());
	p1c_jstream_value(&s, "profile", profile_json(report->profile));
	p1c_jstream_open(&s, "files", true);
	for (uint32_t i = 0; !s.failed && i < report->nfiles; i++)
		file_json(&s, report, &report->files[i]);
	p1c_jstream_close(&s);
	p1c_jstream_value(&s, "verdict", cJSON_CreateString(report->nunreadable ? "error"
							    : report->pass ? "pass" : "fail"));
	return p1c_jstream_end(&s);
}
