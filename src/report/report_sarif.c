/* SARIF 2.1.0 for code scanning (GitHub's ingestion rules: every result has a physical
 * location with a region; rule help in text and Markdown; partialFingerprints
 * primaryLocationLineHash; runAutomationDetails per profile). One run, the rules table from
 * rules.def and rules_doc.def, one result per finding; witness paths become code flows. URIs
 * are relative to --source-root (uriBaseId SRCROOT) or absolute file:// URIs. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/path.h"
#include "report/report.h"
#include "report/report_cjson.h"

#define SRCROOT "SRCROOT"

static cJSON *text_object(const char *text)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", text);
	return o;
}

static const char *sarif_level(enum p1c_severity sev)
{
	return sev == P1C_SEV_ERROR ? "error" : sev == P1C_SEV_WARNING ? "warning" : "note";
}

static cJSON *tags_json(const char *tags)
{
	cJSON *arr = cJSON_CreateArray();
	cJSON_AddItemToArray(arr, cJSON_CreateString("webassembly"));
	for (const char *t = tags; arr && *t;) {
		size_t len = strcspn(t, " ");
		char tag[64];
		snprintf(tag, sizeof(tag), "%.*s", (int)len, t);
		cJSON_AddItemToArray(arr, cJSON_CreateString(tag));
		t += len + (t[len] == ' ');
	}
	return arr;
}

static cJSON *rule_json(enum p1c_rule rule)
{
	const struct p1c_rule_doc *doc = p1c_rule_doc(rule);
	char text[4096], markdown[6144];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", p1c_rule_id(rule));
	cJSON_AddStringToObject(o, "name", p1c_rule_slug(rule));
	cJSON_AddItemToObject(o, "shortDescription", text_object(p1c_rule_description(rule)));
	cJSON_AddItemToObject(o, "fullDescription", text_object(doc->checks));
	p1c_rule_help_text(text, sizeof(text), rule);
	p1c_rule_help_markdown(markdown, sizeof(markdown), rule);
	cJSON *help = text_object(text);
	cJSON_AddStringToObject(help, "markdown", markdown);
	cJSON_AddItemToObject(o, "help", help);
	enum p1c_severity sev = p1c_rule_default_severity(rule);
	cJSON *config = cJSON_AddObjectToObject(o, "defaultConfiguration");
	cJSON_AddStringToObject(config, "level", sarif_level(sev));
	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	cJSON_AddItemToObject(props, "tags", tags_json(doc->tags));
	cJSON_AddStringToObject(props, "precision", doc->precision);
	cJSON_AddStringToObject(props, "problem.severity",
				sev == P1C_SEV_ERROR ? "error" : sev == P1C_SEV_WARNING ? "warning"
											: "recommendation");
	return o;
}

static cJSON *rules_json(void)
{
	cJSON *rules = cJSON_CreateArray();
	for (int r = 0; rules && r < P1C_RULE_COUNT; r++)
		cJSON_AddItemToArray(rules, rule_json((enum p1c_rule)r));
	return rules;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return (h ^ '|') * 1099511628211ull;
}

/* A function's name for the fingerprint; "" when it has none (func[N] is an index). */
static const char *stable_name(char *buf, size_t size, const struct p1c_module *m, uint32_t func)
{
	struct p1c_str name = func < m->nfunc_imports ? m->imports[m->func_import[func]].name
						      : p1c_module_func_name(m, func);
	snprintf(buf, size, "%.*s", (int)name.len, (const char *)name.ptr);
	return buf;
}

static uint64_t fnv1a_bytes(uint64_t h, struct p1c_str s)
{
	for (uint32_t i = 0; i < s.len; i++)
		h = (h ^ s.ptr[i]) * 1099511628211ull;
	return h;
}

/* The finding's subject (struct p1c_subject), never its message: an import as "module#name"
 * and a feature as its name (the hashes of the first fingerprints), any other as its kind
 * and names. */
static uint64_t subject_hash(uint64_t h, const struct p1c_subject *s)
{
	if (s->kind == P1C_SUBJECT_IMPORT) {
		h = fnv1a_bytes(h, s->module);
		h = (h ^ '#') * 1099511628211ull;
		return (fnv1a_bytes(h, s->name) ^ '|') * 1099511628211ull;
	}
	if (s->kind != P1C_SUBJECT_FEATURE)
		h = fnv1a(h, p1c_subject_kind_name(s->kind));
	h = (fnv1a_bytes(h, s->name) ^ '|') * 1099511628211ull;
	return s->also.len ? (fnv1a_bytes(h, s->also) ^ '|') * 1099511628211ull : h;
}

/* What identifies a finding across builds: the rule, its subject, the root of its first path
 * and its first libc entry point. Never file paths, indices, offsets or message text. */
static uint64_t fingerprint(const struct p1c_file_report *f, const struct p1c_finding *fi)
{
	char buf[512];
	uint64_t h = subject_hash(fnv1a(1469598103934665603ull, p1c_rule_id(fi->rule)), &fi->subject);
	if (fi->npaths && fi->paths[0].nsteps)
		h = fnv1a(h, stable_name(buf, sizeof(buf), p1c_report_finding_module(f, fi),
					 fi->paths[0].steps[0].func));
	if (fi->libc_entry_points.count)
		h = fnv1a(h, fi->libc_entry_points.items[0]);
	return h;
}

static void add_artifact_location(cJSON *parent, const struct p1c_report *report,
				  const char *path, int index)
{
	char uri[8192];
	cJSON *art = cJSON_AddObjectToObject(parent, "artifactLocation");
	bool relative = p1c_report_uri(report, path, uri, sizeof(uri));
	cJSON_AddStringToObject(art, "uri", uri);
	if (relative)
		cJSON_AddStringToObject(art, "uriBaseId", SRCROOT);
	if (index >= 0)
		cJSON_AddNumberToObject(art, "index", index);
}

/* A source file's location: an absolute DWARF path like any other path, a relative one (no
 * or a relative compilation directory) as it is, relative to SRCROOT. */
static cJSON *source_location(const struct p1c_report *report, const struct p1c_srcloc *src)
{
	char uri[8192];
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
	bool relative = src->file[0] == '/' ? p1c_report_uri(report, src->file, uri, sizeof(uri))
					    : (p1c_uri_encode(src->file, uri, sizeof(uri)), true);
	cJSON_AddStringToObject(art, "uri", uri);
	if (relative)
		cJSON_AddStringToObject(art, "uriBaseId", SRCROOT);
	cJSON *region = cJSON_AddObjectToObject(phys, "region");
	cJSON_AddNumberToObject(region, "startLine", src->line);
	if (src->column)
		cJSON_AddNumberToObject(region, "startColumn", src->column);
	return loc;
}

/* The .wasm itself: line 1 (GitHub requires a line) and the byte region. */
static cJSON *wasm_location(const struct p1c_report *report, const struct p1c_file_report *f,
			    uint32_t file_index, const struct p1c_finding *fi)
{
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	add_artifact_location(phys, report, f->path, (int)file_index);
	cJSON *region = cJSON_AddObjectToObject(phys, "region");
	cJSON_AddNumberToObject(region, "startLine", 1);
	cJSON_AddNumberToObject(region, "byteOffset", fi->has_offset ? (double)fi->offset : 0);
	cJSON_AddNumberToObject(region, "byteLength", 1);
	return loc;
}

/* Each witness path as a thread flow: one location per function, root first, with the
 * source place of the call that reaches it when DWARF gives one. */
static cJSON *code_flows_json(const struct p1c_report *report, const struct p1c_module *m,
			      const struct p1c_finding *fi)
{
	cJSON *flows = cJSON_CreateArray();
	for (uint32_t i = 0; flows && i < fi->npaths; i++) {
		cJSON *steps = cJSON_CreateArray();
		for (uint32_t j = 0; j < fi->paths[i].nsteps; j++) {
			char label[300], text[380];
			const struct p1c_cg_step *step = &fi->paths[i].steps[j];
			p1c_report_func_label(label, sizeof(label), m, step->func);
			snprintf(text, sizeof(text), "%s%s%s (func[%u])",
				 fi->paths[i].elided && j == fi->paths[i].elided_at ? "(calls left out) " : "",
				 j == 0 ? "" :
				 step->edge == P1C_CG_CALL ? "calls " : step->edge == P1C_CG_INDIRECT
				 ? "calls indirectly " : "calls by reference ", label, step->func);
			cJSON *tfl = cJSON_CreateObject();
			const struct p1c_srcloc *src = fi->path_src ? &fi->path_src[i][j] : NULL;
			cJSON *loc = src && src->line ? source_location(report, src) : cJSON_CreateObject();
			cJSON_AddItemToObject(loc, "message", text_object(text));
			cJSON_AddItemToObject(tfl, "location", loc);
			cJSON_AddItemToArray(steps, tfl);
		}
		cJSON *thread = cJSON_CreateObject();
		cJSON_AddItemToObject(thread, "locations", steps);
		cJSON *threads = cJSON_CreateArray();
		cJSON_AddItemToArray(threads, thread);
		cJSON *flow = cJSON_CreateObject();
		cJSON_AddItemToObject(flow, "threadFlows", threads);
		cJSON_AddItemToArray(flows, flow);
	}
	return flows;
}

/* The fingerprints of a result; equal hashes in one file get occurrence numbers 1, 2, ... */
static void add_fingerprints(cJSON *result, uint64_t hash, uint32_t occurrence)
{
	char line_hash[40], hex[17];
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)hash);
	snprintf(line_hash, sizeof(line_hash), "%s:%u", hex, occurrence);
	cJSON *fp = cJSON_AddObjectToObject(result, "partialFingerprints");
	cJSON_AddStringToObject(fp, "primaryLocationLineHash", line_hash);
	cJSON_AddStringToObject(fp, "wasmP1check/v1", hex);
}

struct hashed {
	uint64_t hash;
	uint32_t index;
};

static int compare_hashed(const void *pa, const void *pb)
{
	const struct hashed *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Each finding's fingerprint and its occurrence number (1 + the earlier findings of the
 * file with the same hash), sorted rather than compared pairwise. false: out of memory. */
static bool file_fingerprints(const struct p1c_file_report *f, uint64_t *hashes, uint32_t *occurrence)
{
	uint32_t n = f->audit.nfindings;
	struct hashed *sorted = calloc((size_t)n + 1, sizeof(*sorted));
	if (!sorted)
		return false;
	for (uint32_t j = 0; j < n; j++) {
		hashes[j] = fingerprint(f, &f->audit.findings[j]);
		sorted[j] = (struct hashed){hashes[j], j};
	}
	qsort(sorted, n, sizeof(*sorted), compare_hashed);
	for (uint32_t j = 0; j < n; j++)
		occurrence[sorted[j].index] = j && sorted[j - 1].hash == sorted[j].hash
			? occurrence[sorted[j - 1].index] + 1 : 1;
	free(sorted);
	return true;
}

static cJSON *result_json(const struct p1c_report *report, uint32_t file_index,
			  const struct p1c_finding *fi)
{
	const struct p1c_file_report *f = &report->files[file_index];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "ruleId", p1c_rule_id(fi->rule));
	cJSON_AddNumberToObject(o, "ruleIndex", fi->rule);
	cJSON_AddStringToObject(o, "level", sarif_level(fi->severity));
	cJSON_AddItemToObject(o, "message", text_object(fi->message));
	/* The primary location is the source line a reviewer can act on; the .wasm byte region
	 * then becomes a related location. */
	cJSON *locs = cJSON_AddArrayToObject(o, "locations");
	if (fi->src && !fi->has_offset) { /* a place in a project file (P1C061: the waiver) */
		cJSON_AddItemToArray(locs, source_location(report, fi->src));
	} else if (fi->src) {
		cJSON_AddItemToArray(locs, source_location(report, fi->src));
		cJSON *wasm = wasm_location(report, f, file_index, fi);
		cJSON_AddNumberToObject(wasm, "id", 1);
		cJSON_AddItemToObject(wasm, "message", text_object("the module's bytes"));
		cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "relatedLocations"), wasm);
	} else {
		cJSON_AddItemToArray(locs, wasm_location(report, f, file_index, fi));
	}
	if (fi->npaths)
		cJSON_AddItemToObject(o, "codeFlows",
				      code_flows_json(report, p1c_report_finding_module(f, fi), fi));
	if (fi->suppressed) {
		cJSON *sup = cJSON_CreateObject();
		char where[8400], abs[4096];
		snprintf(where, sizeof(where), "%s (waiver at %s:%u)", fi->suppressed,
			 p1c_report_shown_path(report, fi->waiver, abs, sizeof(abs)), fi->waiver_line);
		cJSON_AddStringToObject(sup, "kind", "external");
		cJSON_AddStringToObject(sup, "status", "accepted");
		cJSON_AddStringToObject(sup, "justification", where);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "suppressions"), sup);
	}
	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	const char *bites = p1c_bites_name(fi->bites);
	cJSON_AddItemToObject(props, "bites", bites ? cJSON_CreateString(bites) : cJSON_CreateNull());
	if (fi->reachable != P1C_REACH_NA)
		cJSON_AddBoolToObject(props, "reachable", fi->reachable == P1C_REACH_YES);
	return o;
}

/* One file's results, one at a time. false: out of memory. */
static bool stream_results(struct p1c_jstream *s, const struct p1c_report *report, uint32_t i)
{
	const struct p1c_file_report *f = &report->files[i];
	uint64_t *hashes = calloc((size_t)f->audit.nfindings + 1, sizeof(*hashes));
	uint32_t *occurrence = calloc((size_t)f->audit.nfindings + 1, sizeof(*occurrence));
	bool ok = hashes && occurrence && file_fingerprints(f, hashes, occurrence);
	for (uint32_t j = 0; ok && !s->failed && j < f->audit.nfindings; j++) {
		cJSON *result = result_json(report, i, &f->audit.findings[j]);
		add_fingerprints(result, hashes[j], occurrence[j]);
		p1c_jstream_value(s, NULL, result);
	}
	free(hashes);
	free(occurrence);
	return ok;
}

static cJSON *uri_base_ids(const struct p1c_report *report)
{
	cJSON *bases = cJSON_CreateObject();
	cJSON *root = cJSON_AddObjectToObject(bases, SRCROOT);
	if (report->source_root_given && report->source_root) {
		char uri[8192], encoded[8000];
		size_t len = p1c_uri_encode(report->source_root, encoded, sizeof(encoded));
		snprintf(uri, sizeof(uri), "file://%s%s", encoded,
			 len && encoded[len < sizeof(encoded) ? len - 1 : 0] == '/' ? "" : "/");
		cJSON_AddStringToObject(root, "uri", uri);
	}
	cJSON_AddItemToObject(root, "description",
			      text_object("the --source-root directory (default: where wasm-p1check ran)"));
	return bases;
}

/* Inputs that could not be read: no results, so an invocation notification each (SARIF
 * 2.1.0 section 3.20.21, toolExecutionNotifications) and executionSuccessful false. */
static cJSON *invocations_json(const struct p1c_report *report)
{
	cJSON *inv = cJSON_CreateObject();
	cJSON_AddBoolToObject(inv, "executionSuccessful", false);
	cJSON *notes = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
	for (uint32_t i = 0; notes && i < report->nfiles; i++) {
		const struct p1c_file_report *f = &report->files[i];
		if (f->readable)
			continue;
		char text[1024];
		snprintf(text, sizeof(text), "%s: cannot be read: %s", f->path, f->io_error);
		cJSON *note = cJSON_CreateObject();
		cJSON_AddStringToObject(note, "level", "error");
		cJSON_AddItemToObject(note, "message", text_object(text));
		cJSON *loc = cJSON_CreateObject();
		cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
		add_artifact_location(phys, report, f->path, (int)i);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(note, "locations"), loc);
		cJSON_AddItemToArray(notes, note);
	}
	cJSON *arr = cJSON_CreateArray();
	cJSON_AddItemToArray(arr, inv);
	return arr;
}

static cJSON *driver_json(void)
{
	cJSON *tool = cJSON_CreateObject();
	cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
	cJSON_AddStringToObject(driver, "name", "wasm-p1check");
	cJSON_AddStringToObject(driver, "version", P1C_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", P1C_VERSION);
	cJSON_AddStringToObject(driver, "informationUri", P1C_DOCS_URL);
	cJSON_AddItemToObject(driver, "rules", rules_json());
	return tool;
}

static cJSON *artifacts_json(const struct p1c_report *report)
{
	cJSON *artifacts = cJSON_CreateArray();
	for (uint32_t i = 0; artifacts && i < report->nfiles; i++) {
		const struct p1c_file_report *f = &report->files[i];
		cJSON *a = cJSON_CreateObject();
		add_artifact_location(a, report, f->path, -1);
		cJSON *loc = cJSON_DetachItemFromObject(a, "artifactLocation");
		cJSON_AddItemToObject(a, "location", loc);
		if (f->readable)
			cJSON_AddNumberToObject(a, "length", (double)f->size);
		cJSON_AddItemToArray(artifacts, a);
	}
	return artifacts;
}

static cJSON *run_properties(const struct p1c_report *report)
{
	cJSON *props = cJSON_CreateObject();
	cJSON_AddStringToObject(props, "profile", report->profile->name);
	return props;
}

/* The one run, its results streamed: one result at a time is held as a cJSON tree. */
static void run_json(struct p1c_jstream *s, const struct p1c_report *report)
{
	p1c_jstream_open(s, NULL, false);
	p1c_jstream_value(s, "tool", driver_json());
	char category[300];
	snprintf(category, sizeof(category), "wasm-p1check/%s/", report->profile->name);
	cJSON *details = cJSON_CreateObject();
	cJSON_AddStringToObject(details, "id", category);
	p1c_jstream_value(s, "automationDetails", details);
	p1c_jstream_value(s, "originalUriBaseIds", uri_base_ids(report));
	p1c_jstream_value(s, "artifacts", artifacts_json(report));
	p1c_jstream_open(s, "results", true);
	for (uint32_t i = 0; !s->failed && i < report->nfiles; i++)
		if (!stream_results(s, report, i))
			s->failed = true;
	p1c_jstream_close(s);
	if (report->nunreadable)
		p1c_jstream_value(s, "invocations", invocations_json(report));
	p1c_jstream_value(s, "properties", run_properties(report));
	p1c_jstream_close(s);
}

int p1c_report_sarif(FILE *out, const struct p1c_report *report)
{
	struct p1c_jstream s;
	p1c_jstream_begin(&s, out);
	p1c_jstream_value(&s, "version", cJSON_CreateString("2.1.0"));
	p1c_jstream_value(&s, "$schema", cJSON_CreateString("https://json.schemastore.org/sarif-2.1.0.json"));
	p1c_jstream_open(&s, "runs", true);
	run_json(&s, report);
	p1c_jstream_close(&s);
	return p1c_jstream_end(&s);
}
