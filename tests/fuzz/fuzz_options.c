/* libFuzzer target: the whole pipeline with its options drawn from the input. The first
 * OPTION_BYTES bytes choose them, the rest is the wasm input:
 *   byte 0: -f (text, text with colour, json, sarif, dot) and --fail-on (error, warning,
 *           note, none)
 *   byte 1: -p, every built-in profile (compiled in, as the binary ships them; each loaded
 *           once, in LLVMFuzzerInitialize)
 *   byte 2: --max-paths 0..100
 *   byte 3: --why: none, the first import as module#name, its index, func[N], and invalid
 *           specs (an unknown name, "#", "", a huge index, "func[", a lone module)
 *   byte 4: --entry: none, "main", "_start", "1", a huge index, an unknown name, two of them
 *   byte 5: --baseline: none, fixtures/baselines/hello.lock, a .wasm ($P1C_FUZZ_WASM_BASELINE,
 *           default build/fixtures/wat/hello-p1.wasm: tests/fuzz/run.sh builds it)
 * It must not crash, hang or leak. The baselines are the checkout's (P1C_FUZZ_ROOT, set by
 * the Makefile), so it runs from any directory. The profiles and the baselines live in
 * file-statics: libFuzzer's entry points take no context (fuzzer only). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/run.h"
#include "profile/profile.h"
#include "report/report.h"
#include "rules/baseline.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OPTION_BYTES 6
#define MAX_PROFILES 32

static struct p1c_arena statics;
static struct p1c_profile profiles[MAX_PROFILES];
static uint32_t nprofiles;
static struct p1c_baseline lock_baseline, wasm_baseline;

static void load_baseline(const char *path, struct p1c_baseline *out)
{
	char msg[768];
	if (!p1c_baseline_load(path, &statics, out, msg, sizeof(msg))) {
		fprintf(stderr, "fuzz_options: %s\n", msg);
		exit(2);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct p1c_profile_search search = {NULL, 0, p1c_builtin_profiles, p1c_builtin_profile_count};
	struct p1c_profile_error err;
	struct p1c_profile_entry *entries;
	uint32_t n;
	p1c_arena_init(&statics, 0);
	if (!p1c_profile_list(&search, &statics, &entries, &n, &err)) {
		fprintf(stderr, "fuzz_options: %s\n", err.msg);
		exit(2);
	}
	for (uint32_t i = 0; i < n && nprofiles < MAX_PROFILES; i++)
		if (p1c_profile_load(entries[i].name, &search, &statics, &profiles[nprofiles], &err))
			nprofiles++;
	if (nprofiles == 0) {
		fprintf(stderr, "fuzz_options: no built-in profile loads\n");
		exit(2);
	}
	load_baseline(P1C_FUZZ_ROOT "/fixtures/baselines/hello.lock", &lock_baseline);
	/* .wasm files are built, not committed: the fixture build leaves this one in build/ */
	const char *wasm = getenv("P1C_FUZZ_WASM_BASELINE");
	load_baseline(wasm ? wasm : P1C_FUZZ_ROOT "/build/fixtures/wat/hello-p1.wasm", &wasm_baseline);
	return 0;
}

/* The --why spec chosen by `pick` for this input (malloc'ed), or NULL for none. */
static char *why_spec(uint8_t pick, const uint8_t *data, size_t size)
{
	static const char *const invalid[] = {"nosuch#name", "#", "", "4294967295", "func[",
					      "func[12345678901234567890]", "wasi_snapshot_preview1"};
	unsigned k = pick % 11u;
	if (k == 0)
		return NULL;
	if (k >= 4)
		return strdup(invalid[k - 4]);
	struct p1c_arena arena;
	struct p1c_module m;
	struct p1c_error err;
	char *why = NULL;
	p1c_arena_init(&arena, 64u << 20);
	p1c_module_parse(data, 0, size, &arena, &m, &err); /* counts match arrays even on error */
	if (m.nimports > 0 && (why = malloc(600)) != NULL) {
		const struct p1c_import *imp = &m.imports[0];
		if (k == 1)
			snprintf(why, 600, "%.*s#%.*s", (int)(imp->module.len % 256),
				 (const char *)imp->module.ptr, (int)(imp->name.len % 256),
				 (const char *)imp->name.ptr);
		else
			snprintf(why, 600, k == 2 ? "%u" : "func[%u]", imp->kind_index);
	}
	p1c_arena_free_all(&arena);
	return why ? why : strdup("0");
}

static void report_one(const struct p1c_report *report, unsigned format)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return;
	struct p1c_text_opts opts = {.color = format == 1};
	int r = format == 2   ? p1c_report_json(out, report)
		: format == 3 ? p1c_report_sarif(out, report)
		: format == 4 ? p1c_report_dot(out, report)
			      : p1c_report_text(out, report, &opts);
	if (fclose(out) != 0 || r != 0)
		abort(); /* writing to memory cannot fail: a reporter bug */
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const entry_sets[][2] = {
		{NULL, NULL}, {"main", NULL}, {"_start", NULL}, {"1", NULL}, {"4294967295", NULL},
		{"no-such-function", NULL}, {"main", "_initialize"}, {"func[0]", "0"}};
	static const enum p1c_fail_on fail_on[] = {P1C_FAIL_ON_ERROR, P1C_FAIL_ON_WARNING,
						   P1C_FAIL_ON_NOTE, P1C_FAIL_ON_NONE};
	if (size < OPTION_BYTES)
		return 0;
	const uint8_t *opt = data;
	data += OPTION_BYTES;
	size -= OPTION_BYTES;
	const char *const *entries = entry_sets[opt[4] % 8u];
	uint32_t nentries = entries[0] ? (entries[1] ? 2 : 1) : 0;
	char *why = why_spec(opt[3], data, size);
	const struct p1c_baseline *baseline = opt[5] % 3u == 1   ? &lock_baseline
					      : opt[5] % 3u == 2 ? &wasm_baseline
								 : NULL;
	const struct p1c_profile *profile = &profiles[opt[1] % nprofiles];
	struct p1c_run_opts opts = {.profile = profile,
				    .rules = {.fail_on = fail_on[(opt[0] / 5u) % 4u],
					      .max_paths = opt[2] % 101u, .entries = entries,
					      .nentries = nentries, .why = why, .baseline = baseline}};
	struct p1c_file_report file;
	memset(&file, 0, sizeof(file));
	file.path = "fuzz.wasm";
	if (p1c_run_bytes(data, size, &opts, &file)) {
		struct p1c_report report = p1c_run_report(profile, &file, 1);
		report_one(&report, opt[0] % 5u);
	}
	p1c_arena_free_all(&file.arena); /* no input to close: the bytes are libFuzzer's */
	free(why);
	return 0;
}
