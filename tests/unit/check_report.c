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
#include "report/report_cjson.h"
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
		"subject", "location", "import", "reachable", "paths", "libc_entry_points"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ck_assert_msg(cJSON_HasObjectItem(fi, keys[i]), "finding lacks %s", keys[i]);
	ck_assert_str_eq(str_at(fi, "rule"), "P1C010");
	ck_assert_str_eq(str_at(fi, "bites"), "instantiate");
	const cJSON *loc = cJSON_GetObjectItem(fi, "location");
	ck_assert_uint_eq((uint64_t)num_at(loc, "offset"), hm.marks[0]);
	ck_assert_str_eq(str_at(loc, "section"), "import");
	ck_assert_uint_eq((uint64_t)num_at(cJSON_GetObjectItem(fi, "import"), "index"), 0);
	const cJSON *subject = cJSON_GetObjectItem(fi, "subject");
	ck_assert_str_eq(str_at(subject, "kind"), "import");
	ck_assert_str_eq(str_at(subject, "module"), "wasi:io/poll@0.2.0");
	ck_assert_str_eq(str_at(subject, "name"), "a\"b\\\\c");
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

/* The same tree, printed whole by cJSON and streamed: byte-identical, including empty
 * containers, strings with line breaks, arrays of objects holding arrays, and values that
 * are containers themselves. */
static cJSON *sample_step(int i)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "index", i);
	cJSON_AddStringToObject(o, "name", i ? "line\nbreak \"q\"" : "first");
	cJSON_AddItemToObject(o, "edge", i ? cJSON_CreateString("call") : cJSON_CreateNull());
	cJSON *inner = cJSON_AddArrayToObject(o, "inner");
	for (int j = 0; j < i; j++)
		cJSON_AddItemToArray(inner, cJSON_CreateNumber(j));
	cJSON_AddObjectToObject(o, "empty");
	return o;
}

static char *stream_sample(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct p1c_jstream s;
	p1c_jstream_begin(&s, out);
	p1c_jstream_value(&s, "schema", cJSON_CreateString("x/1"));
	p1c_jstream_open(&s, "empty_list", true);
	p1c_jstream_close(&s);
	p1c_jstream_open(&s, "empty_object", false);
	p1c_jstream_close(&s);
	p1c_jstream_open(&s, "files", true);
	for (int f = 0; f < 2; f++) {
		p1c_jstream_open(&s, NULL, false);
		p1c_jstream_value(&s, "path", cJSON_CreateString(f ? "b" : "a"));
		p1c_jstream_open(&s, "paths", true);
		for (int p = 0; p < 2; p++) {
			p1c_jstream_open(&s, NULL, true);
			for (int i = 0; i < 3; i++)
				p1c_jstream_value(&s, NULL, sample_step(i));
			p1c_jstream_close(&s);
		}
		p1c_jstream_close(&s);
		p1c_jstream_value(&s, "summary", sample_step(1));
		p1c_jstream_close(&s);
	}
	p1c_jstream_close(&s);
	p1c_jstream_value(&s, "verdict", cJSON_CreateFalse());
	ck_assert_int_eq(p1c_jstream_end(&s), 0);
	fclose(out);
	return text;
}

static char *print_sample(void)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "schema", "x/1");
	cJSON_AddArrayToObject(root, "empty_list");
	cJSON_AddObjectToObject(root, "empty_object");
	cJSON *files = cJSON_AddArrayToObject(root, "files");
	for (int f = 0; f < 2; f++) {
		cJSON *entry = cJSON_CreateObject();
		cJSON_AddStringToObject(entry, "path", f ? "b" : "a");
		cJSON *paths = cJSON_AddArrayToObject(entry, "paths");
		for (int p = 0; p < 2; p++) {
			cJSON *path = cJSON_CreateArray();
			for (int i = 0; i < 3; i++)
				cJSON_AddItemToArray(path, sample_step(i));
			cJSON_AddItemToArray(paths, path);
		}
		cJSON_AddItemToObject(entry, "summary", sample_step(1));
		cJSON_AddItemToArray(files, entry);
	}
	cJSON_AddFalseToObject(root, "verdict");
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	ck_assert_int_eq(p1c_report_cjson_write(out, root), 0);
	fclose(out);
	return text;
}

/* One value of every kind, built twice: streamed as a value (printed by report_cjson.c's own
 * printer) and as the member of a root cJSON_Print prints (the oracle). */
static cJSON *odd_value(int which)
{
	static char every_byte[256];
	for (int i = 1; i < 256; i++)
		every_byte[i - 1] = (char)i; /* every byte but NUL: escapes, DEL, UTF-8 bytes */
	static const double numbers[] = {0, 1, 42, 4294967295.0, 999999999999999.0, 1e15,
					 9007199254740993.0, -1, -0.0, 0.5, 1.0 / 3, 1e300, -2.5e-300};
	if (which)
		return cJSON_CreateString("scalar");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "bytes", every_byte);
	cJSON_AddStringToObject(o, "", "");
	cJSON_AddStringToObject(o, "key \"\\\n\t\x01", "quote \" backslash \\ tab \t");
	cJSON *nums = cJSON_AddArrayToObject(o, "numbers");
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		cJSON_AddItemToArray(nums, cJSON_CreateNumber(numbers[i]));
	cJSON_AddItemToArray(nums, cJSON_CreateNumber(0.0 / 0.0));
	cJSON *nest = cJSON_AddArrayToObject(o, "nested");
	cJSON_AddItemToArray(nest, cJSON_CreateArray());
	cJSON_AddItemToArray(nest, cJSON_CreateObject());
	cJSON *inner = cJSON_CreateObject();
	cJSON_AddItemToObject(inner, "deeper", cJSON_CreateArray());
	cJSON_AddItemToArray(cJSON_GetObjectItem(inner, "deeper"), cJSON_CreateObject());
	cJSON_AddTrueToObject(inner, "t");
	cJSON_AddNullToObject(inner, "n");
	cJSON_AddRawToObject(inner, "raw", "{\"a\":\n1}");
	cJSON_AddItemToArray(nest, inner);
	return o;
}

START_TEST(jstream_values_print_as_cjson_prints)
{
	for (int which = 0; which < 2; which++) {
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		struct p1c_jstream s;
		p1c_jstream_begin(&s, out);
		p1c_jstream_open(&s, "list", true);
		p1c_jstream_value(&s, NULL, odd_value(which));
		p1c_jstream_value(&s, NULL, odd_value(which));
		p1c_jstream_close(&s);
		p1c_jstream_value(&s, "value", odd_value(which));
		ck_assert_int_eq(p1c_jstream_end(&s), 0);
		fclose(out);
		cJSON *root = cJSON_CreateObject();
		cJSON *list = cJSON_AddArrayToObject(root, "list");
		cJSON_AddItemToArray(list, odd_value(which));
		cJSON_AddItemToArray(list, odd_value(which));
		cJSON_AddItemToObject(root, "value", odd_value(which));
		char *want = NULL;
		size_t want_len = 0;
		FILE *oracle = open_memstream(&want, &want_len);
		ck_assert_int_eq(p1c_report_cjson_write(oracle, root), 0);
		fclose(oracle);
		ck_assert_uint_eq(len, want_len);
		ck_assert_mem_eq(text, want, len);
		free(text);
		free(want);
	}
}
END_TEST

START_TEST(jstream_prints_what_cjson_prints)
{
	char *streamed = stream_sample(), *printed = print_sample();
	ck_assert_str_eq(streamed, printed);
	free(streamed);
	free(printed);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct p1c_jstream s;
	p1c_jstream_begin(&s, out);
	p1c_jstream_open(&s, "unclosed", true);
	ck_assert_int_eq(p1c_jstream_end(&s), -1); /* unbalanced */
	p1c_jstream_begin(&s, out);
	p1c_jstream_value(&s, "oom", NULL);
	ck_assert_int_eq(p1c_jstream_end(&s), -1); /* a value that could not be built */
	p1c_jstream_begin(&s, out);
	ck_assert_int_eq(p1c_jstream_end(&s), 0);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, "{\n}\n")); /* an empty root, as cJSON prints it */
	free(text);
}
END_TEST

/* Findings of one file with the same fingerprint are told apart by occurrence numbers 1, 2,
 * 3 in report order. */
START_TEST(sarif_occurrences)
{
	ck_assert_uint_eq(file.audit.nfindings, 1);
	struct p1c_finding copies[4] = {file.audit.findings[0], file.audit.findings[0],
					file.audit.findings[0], file.audit.findings[0]};
	copies[1].rule = P1C_RULE_COUNT - 1; /* another rule: another hash, numbered on its own */
	struct p1c_finding *saved = file.audit.findings;
	file.audit.findings = copies;
	file.audit.nfindings = 4;
	char *text = render(p1c_report_sarif);
	file.audit.findings = saved;
	file.audit.nfindings = 1;
	cJSON *root = cJSON_Parse(text);
	const cJSON *results = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "runs"), 0),
						   "results");
	static const char *const want[] = {":1", ":1", ":2", ":3"};
	char first[17] = "";
	for (int i = 0; i < 4; i++) {
		const char *line = str_at(cJSON_GetObjectItem(cJSON_GetArrayItem(results, i),
							      "partialFingerprints"), "primaryLocationLineHash");
		ck_assert_str_eq(line + 16, want[i]);
		if (i == 0)
			memcpy(first, line, 16);
		ck_assert_int_eq(memcmp(line, first, 16) == 0, i != 1);
	}
	cJSON_Delete(root);
	free(text);
}
END_TEST

static char *first_fingerprint(void)
{
	char *text = render(p1c_report_sarif);
	cJSON *root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	const cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "runs"), 0);
	const cJSON *res = cJSON_GetArrayItem(cJSON_GetObjectItem(run, "results"), 0);
	char *fp = strdup(str_at(cJSON_GetObjectItem(res, "partialFingerprints"), "wasmP1check/v1"));
	cJSON_Delete(root);
	free(text);
	return fp;
}

/* The fingerprint hashes the finding's subject, not its message: another wording keeps it,
 * another subject changes it. */
START_TEST(fingerprint_follows_subject_not_message)
{
	struct p1c_finding *fi = &file.audit.findings[0];
	char *before = first_fingerprint();
	fi->message = "the same finding in other words, with other numbers 12 0x34";
	char *reworded = first_fingerprint();
	ck_assert_str_eq(reworded, before);
	fi->subject.name = (struct p1c_str){(const uint8_t *)"other", 5};
	char *other = first_fingerprint();
	ck_assert_str_ne(other, before);
	free(before);
	free(reworded);
	free(other);
}
END_TEST

/* A path step's label is what snprintf "%.*s" (the name) or "func[%u]" would write, cut to
 * any buffer size. */
static void label_is(const struct p1c_module *m, uint32_t func, const char *name)
{
	static const size_t sizes[] = {0, 1, 2, 5, 6, 7, 11, 64};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char got[64], want[64];
		memset(got, '#', sizeof(got));
		memset(want, '#', sizeof(want));
		int n = name ? snprintf(want, sizes[i], "%s", name) : snprintf(want, sizes[i], "func[%u]", func);
		ck_assert_int_eq(p1c_report_func_label(got, sizes[i], m, func), n);
		ck_assert_mem_eq(got, want, sizeof(got));
	}
}

START_TEST(func_labels)
{
	char import_name[64];
	snprintf(import_name, sizeof(import_name), "%.*s", (int)file.module.imports[0].name.len,
		 (const char *)file.module.imports[0].name.ptr);
	ck_assert_ptr_nonnull(strchr(import_name, '"'));
	label_is(&file.module, 0, import_name); /* the import: its field name */
	label_is(&file.module, 1, "_start");   /* named by its export */
	struct p1c_module unnamed;
	memset(&unnamed, 0, sizeof(unnamed));
	static const uint32_t funcs[] = {0, 9, 10, 12345, 4294967295u};
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		label_is(&unnamed, funcs[i], NULL);
	/* a name with a NUL byte: "%.*s" ends at it */
	struct p1c_import imp = {.name = {(const uint8_t *)"ab\0cd", 5}};
	uint32_t func_import = 0;
	struct p1c_module with_nul = {.nfuncs = 1, .nfunc_imports = 1, .nimports = 1, .imports = &imp,
				      .func_import = &func_import};
	label_is(&with_nul, 0, "ab");
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
	tcase_add_test(tc, fingerprint_follows_subject_not_message);
	tcase_add_test(tc, text_locations);
	tcase_add_test(tc, func_labels);
	tcase_add_test(tc, jstream_prints_what_cjson_prints);
	tcase_add_test(tc, jstream_values_print_as_cjson_prints);
	tcase_add_test(tc, sarif_occurrences);
	tcase_add_test(tc, write_errors_are_reported);
	suite_add_tcase(s, tc);
	return s;
}
