/* Reporters: the JSON document's keys and values (parsed back with cJSON), the text format's
 * location prefix, escaping of hostile names, and write errors. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hexmod.h"
#include "cli/run.h"
#include "report/report.h"
#include "suites.h"

static struct hexmod hm;
static struct p1c_arena profile_arena;
static struct p1c_profile prof;
static struct p1c_file_report file;
static struct p1c_report report;

/* Imports a WASI 0.2 function whose name needs JSON escaping, exports memory and _start. */
static const char *const module_hex =
	"00 61 73 6d 01 00 00 00 01 {02 60 01 7f 00 60 00 00}"
	"02 {01 ^{'wasi:io/poll@0.2.0'} {'a\"b\\\\c'} 00 00}"
	"03 {01 01} 05 {01 00 01} 07 {02 {'memory'} 02 00 {'_start'} 00 01} 0a {01 {00 0b}}";

static void setup(void)
{
	static const char *const dirs[] = {"profiles"};
	struct p1c_profile_search search = {dirs, 1, NULL, 0};
	struct p1c_profile_error err = {0};
	p1c_arena_init(&profile_arena, 0);
	ck_assert(p1c_profile_load("wasip1", &search, &profile_arena, &prof, &err));
	hexmod_build(&hm, module_hex);
	struct p1c_run_opts opts = {.profile = &prof, .rules = {.fail_on = P1C_FAIL_ON_ERROR}};
	memset(&file, 0, sizeof(file));
	file.path = "dir/app.wasm";
	ck_assert(p1c_run_bytes(hm.buf, hm.len, &opts, &file));
	report = p1c_run_report(&prof, &file, 1);
}

static void teardown(void)
{
	p1c_arena_free_all(&file.arena);
	p1c_arena_free_all(&profile_arena);
}

static char *render(int (*fn)(FILE *, const struct p1c_report *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(fn(out, &report), 0);
	fclose(out);
	return text;
}

static int render_text_plain(FILE *out, const struct p1c_report *r)
{
	struct p1c_text_opts opts = {.color = false};
	return p1c_report_text(out, r, &opts);
}

static const char *str_at(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	ck_assert_msg(cJSON_IsString(item), "key %s is not a string", key);
	return item->valuestring;
}

static double num_at(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	ck_assert_msg(cJSON_IsNumber(item), "key %s is not a number", key);
	return item->valuedouble;
}

START_TEST(json_document)
{
	char *text = render(p1c_report_json);
	cJSON *root = cJSON_Parse(text);
	ck_assert_msg(root != NULL, "not JSON: %s", text);
	ck_assert_str_eq(str_at(root, "schema"), "wasm-p1check-report/1");
	ck_assert_str_eq(str_at(root, "verdict"), "fail");
	ck_assert_str_eq(str_at(cJSON_GetObjectItem(root, "profile"), "name"), "wasip1");
	const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "files"), 0);
	ck_assert_str_eq(str_at(f, "path"), "dir/app.wasm");
	ck_assert_uint_eq((uint64_t)num_at(f, "size"), hm.len);
	ck_assert_str_eq(str_at(f, "format"), "core-module");
	ck_assert_str_eq(str_at(f, "kind"), "command");
	const cJSON *imp = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "imports"), 0);
	ck_assert_str_eq(str_at(imp, "module"), "wasi:io/poll@0.2.0");
	ck_assert_str_eq(str_at(imp, "name"), "a\"b\\\\c");
	ck_assert_str_eq(str_at(imp, "type"), "(i32) -> ()");
	ck_assert_str_eq(str_at(imp, "status"), "denied");
	const cJSON *fi = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "findings"), 0);
	static const char *const keys[] = {"rule", "slug", "severity", "bites", "message", "help",
		"location", "import", "reachable", "paths", "libc_entry_points"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ck_assert_msg(cJSON_HasObjectItem(fi, keys[i]), "finding lacks %s", keys[i]);
	ck_assert_str_eq(str_at(fi, "rule"), "P1C010");
	ck_assert_str_eq(str_at(fi, "bites"), "instantiate");
	const cJSON *loc = cJSON_GetObjectItem(fi, "location");
	ck_assert_uint_eq((uint64_t)num_at(loc, "offset"), hm.marks[0]);
	ck_assert_str_eq(str_at(loc, "section"), "import");
	ck_assert_uint_eq((uint64_t)num_at(cJSON_GetObjectItem(fi, "import"), "index"), 0);
	ck_assert_uint_eq((uint64_t)num_at(cJSON_GetObjectItem(f, "summary"), "errors"), 1);
	cJSON_Delete(root);
	free(text);
}
END_TEST

START_TEST(sarif_document)
{
	char *text = render(p1c_report_sarif);
	cJSON *root = cJSON_Parse(text);
	ck_assert_msg(root != NULL, "not JSON: %s", text);
	ck_assert_str_eq(str_at(root, "version"), "2.1.0");
	const cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "runs"), 0);
	const cJSON *driver = cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver");
	ck_assert_str_eq(str_at(driver, "name"), "wasm-p1check");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(driver, "rules")), P1C_RULE_COUNT);
	const cJSON *res = cJSON_GetArrayItem(cJSON_GetObjectItem(run, "results"), 0);
	ck_assert_str_eq(str_at(res, "ruleId"), "P1C010");
	ck_assert_str_eq(str_at(res, "level"), "error");
	const cJSON *rule = cJSON_GetArrayItem(cJSON_GetObjectItem(driver, "rules"),
					       (int)num_at(res, "ruleIndex"));
	ck_assert_str_eq(str_at(rule, "id"), "P1C010");
	const cJSON *phys = cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(res, "locations"), 0), "physicalLocation");
	ck_assert_str_eq(str_at(cJSON_GetObjectItem(phys, "artifactLocation"), "uri"), "dir/app.wasm");
	ck_assert_uint_eq((uint64_t)num_at(cJSON_GetObjectItem(phys, "region"), "byteOffset"), hm.marks[0]);
	const char *fp = str_at(cJSON_GetObjectItem(res, "partialFingerprints"), "wasmP1check/v1");
	ck_assert_uint_eq(strlen(fp), 16);
	cJSON_Delete(root);
	free(text);
}
END_TEST

START_TEST(text_locations)
{
	char *text = render(render_text_plain);
	char want[128];
	snprintf(want, sizeof(want), "dir/app.wasm:0x%08llx: error[P1C010/wasip2-import]: func[0] ",
		 (unsigned long long)hm.marks[0]);
	ck_assert_msg(strstr(text, want) != NULL, "no '%s' in:\n%s", want, text);
	ck_assert_ptr_nonnull(strstr(text, "dir/app.wasm: FAIL: 1 error, 0 warnings, 0 notes; first fails at "));
	ck_assert_ptr_null(strchr(text, '\033'));
	free(text);
}
END_TEST

START_TEST(write_errors_are_reported)
{
	FILE *full = fopen("/dev/full", "w");
	if (!full)
		return; /* no /dev/full: nothing to test here */
	setvbuf(full, NULL, _IONBF, 0);
	ck_assert_int_eq(p1c_report_json(full, &report), -1);
	clearerr(full);
	ck_assert_int_eq(render_text_plain(full, &report), -1);
	fclose(full);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, json_document);
	tcase_add_test(tc, sarif_document);
	tcase_add_test(tc, text_locations);
	tcase_add_test(tc, write_errors_are_reported);
	suite_add_tcase(s, tc);
	return s;
}
