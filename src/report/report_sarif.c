/* SARIF 2.1.0 for code scanning: one run, the rules table from rules.def, one result per
 * finding with the file as artifact and the byte offset as region; witness paths become
 * code flows. No timestamps or absolute paths. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/report_cjson.h"

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

static cJSON *rules_json(void)
{
	cJSON *rules = cJSON_CreateArray();
	for (int r = 0; rules && r < P1C_RULE_COUNT; r++) {
		enum p1c_rule rule = (enum p1c_rule)r;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", p1c_rule_id(rule));
		cJSON_AddStringToObject(o, "name", p1c_rule_slug(rule));
		cJSON_AddItemToObject(o, "shortDescription", text_object(p1c_rule_description(rule)));
		char help[300];
		snprintf(help, sizeof(help), "%s (%s). Details: wasm-p1check(1), section RULES.",
			 p1c_rule_description(rule), p1c_rule_slug(rule));
		cJSON_AddItemToObject(o, "help", text_object(help));
		cJSON *config = cJSON_AddObjectToObject(o, "defaultConfiguration");
		cJSON_AddStringToObject(config, "level", sarif_level(p1c_rule_default_severity(rule)));
		cJSON *tags = cJSON_AddArrayToObject(cJSON_AddObjectToObject(o, "properties"), "tags");
		cJSON_AddItemToArray(tags, cJSON_CreateString("webassembly"));
		cJSON_AddItemToArray(tags, cJSON_CreateString("wasi"));
		cJSON_AddItemToArray(rules, o);
	}
	return rules;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return (h ^ '|') * 1099511628211ull;
}

/* What identifies a finding across runs (rule, file, message), not where it is. */
static void fingerprint(char out[17], const struct p1c_file_report *f, const struct p1c_finding *fi)
{
	uint64_t h = fnv1a(fnv1a(fnv1a(1469598103934665603ull, p1c_rule_id(fi->rule)), f->path),
			   fi->message);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static cJSON *location_json(const struct p1c_file_report *f, uint32_t file_index,
			    const struct p1c_finding *fi)
{
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
	cJSON_AddStringToObject(art, "uri", f->path);
	cJSON_AddNumberToObject(art, "index", file_index);
	if (fi->has_offset) {
		cJSON *region = cJSON_AddObjectToObject(phys, "region");
		cJSON_AddNumberToObject(region, "byteOffset", (double)fi->offset);
		cJSON_AddNumberToObject(region, "byteLength", 1);
	}
	return loc;
}

/* Each witness path as a thread flow: one location per function, root first. */
static cJSON *code_flows_json(const struct p1c_module *m, const struct p1c_finding *fi)
{
	cJSON *flows = cJSON_CreateArray();
	for (uint32_t i = 0; flows && i < fi->npaths; i++) {
		cJSON *steps = cJSON_CreateArray();
		for (uint32_t j = 0; j < fi->paths[i].nsteps; j++) {
			char label[300], text[340];
			const struct p1c_cg_step *step = &fi->paths[i].steps[j];
			p1c_report_func_label(label, sizeof(label), m, step->func);
			snprintf(text, sizeof(text), "%s%s (func[%u])", j == 0 ? "" :
				 step->edge == P1C_CG_CALL ? "calls " : step->edge == P1C_CG_INDIRECT
				 ? "calls indirectly " : "calls by reference ", label, step->func);
			cJSON *tfl = cJSON_CreateObject();
			cJSON_AddItemToObject(cJSON_AddObjectToObject(tfl, "location"), "message",
					      text_object(text));
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

static cJSON *result_json(const struct p1c_file_report *f, uint32_t file_index,
			  const struct p1c_finding *fi)
{
	char fp[17];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "ruleId", p1c_rule_id(fi->rule));
	cJSON_AddNumberToObject(o, "ruleIndex", fi->rule);
	cJSON_AddStringToObject(o, "level", sarif_level(fi->severity));
	cJSON_AddItemToObject(o, "message", text_object(fi->message));
	cJSON *locs = cJSON_AddArrayToObject(o, "locations");
	cJSON_AddItemToArray(locs, location_json(f, file_index, fi));
	if (fi->npaths)
		cJSON_AddItemToObject(o, "codeFlows", code_flows_json(&f->module, fi));
	fingerprint(fp, f, fi);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "partialFingerprints"), "wasmP1check/v1", fp);
	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	const char *bites = p1c_bites_name(fi->bites);
	cJSON_AddItemToObject(props, "bites", bites ? cJSON_CreateString(bites) : cJSON_CreateNull());
	if (fi->reachable != P1C_REACH_NA)
		cJSON_AddBoolToObject(props, "reachable", fi->reachable == P1C_REACH_YES);
	return o;
}

static cJSON *run_json(const struct p1c_report *report)
{
	cJSON *run = cJSON_CreateObject();
	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "wasm-p1check");
	cJSON_AddStringToObject(driver, "version", P1C_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", P1C_VERSION);
	cJSON_AddItemToObject(driver, "rules", rules_json());
	cJSON *artifacts = cJSON_AddArrayToObject(run, "artifacts");
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (uint32_t i = 0; i < report->nfiles; i++) {
		const struct p1c_file_report *f = &report->files[i];
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(cJSON_AddObjectToObject(a, "location"), "uri", f->path);
		cJSON_AddNumberToObject(a, "length", (double)f->size);
		cJSON_AddItemToArray(artifacts, a);
		for (uint32_t j = 0; j < f->audit.nfindings; j++)
			cJSON_AddItemToArray(results, result_json(f, i, &f->audit.findings[j]));
	}
	cJSON *props = cJSON_AddObjectToObject(run, "properties");
	cJSON_AddStringToObject(props, "profile", report->profile->name);
	return run;
}

int p1c_report_sarif(FILE *out, const struct p1c_report *report)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "version", "2.1.0");
	cJSON_AddStringToObject(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "runs"), run_json(report));
	return p1c_report_cjson_write(out, root);
}
