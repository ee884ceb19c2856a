/* libFuzzer target: the whole pipeline on one wasm input (parse, analysis, every rule with a
 * built-in profile, --why on the first import, --entry, a baseline for inputs of odd size,
 * every reporter (text with and without colour, JSON, SARIF, dot) and the --write-baseline
 * lock file into memory). It must not crash, hang or leak. A core module with two bodies or
 * more is also walked with the bodies shared between two threads (as from
 * P1C_PARALLEL_WALK_BYTES of code) and alone: the two analyses must agree
 * (tests/common/analysis_diff.c), else the target aborts. The profile is the built-in wamr
 * (compiled in, as the binary ships it); the baseline is the checkout's
 * fixtures/baselines/hello.lock (P1C_FUZZ_ROOT, set by the Makefile), so it runs from any
 * directory.
 *
 * The profile and the baseline are loaded once, in LLVMFuzzerInitialize: libFuzzer's entry
 * points take no context, so file-statics are the only way to keep them (fuzzer only). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis_diff.h"
#include "rules/baseline.h"
#include "profile/profile.h"
#include "report/report.h"
#include "cli/run.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct p1c_arena profile_arena;
static struct p1c_profile profile;
static struct p1c_baseline baseline;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct p1c_profile_search builtins = {NULL, 0, p1c_builtin_profiles, p1c_builtin_profile_count};
	struct p1c_profile_error err;
	p1c_arena_init(&profile_arena, 0);
	if (!p1c_profile_load("wamr", &builtins, &profile_arena, &profile, &err)) {
		fprintf(stderr, "fuzz_wasm: %s:%u:%u: %s\n", err.file, err.line, err.column, err.msg);
		exit(2);
	}
	char msg[768];
	if (!p1c_baseline_load(P1C_FUZZ_ROOT "/fixtures/baselines/hello.lock", &profile_arena,
			       &baseline, msg, sizeof(msg))) {
		fprintf(stderr, "fuzz_wasm: %s\n", msg);
		exit(2);
	}
	return 0;
}

/* The walk shared between two threads (which the CLI takes only from 4 MiB of code on) against
 * the walk in function order; aborts when they differ. */
static void compare_walks(const struct p1c_module *m, struct p1c_arena *arena)
{
	struct p1c_analysis alone, shared;
	if (m->format != P1C_FORMAT_CORE || m->nbodies < 2 ||
	    !p1c_analyze_split(m, arena, &alone, UINT64_MAX) || !p1c_analyze_split(m, arena, &shared, 0))
		return; /* out of memory is not a difference */
	char buf[512];
	const char *diff = analysis_diff(&alone, &shared, buf, sizeof(buf));
	if (diff) {
		fprintf(stderr, "fuzz_wasm: the shared walk differs from the walk in order: %s\n", diff);
		abort();
	}
}

/* Parses the input on its own: compares the two walks, and returns "module#name" of the first
 * import, or "0" (function index 0) when there is none. */
static char *inspect(const uint8_t *data, size_t size)
{
	struct p1c_arena arena;
	struct p1c_module m;
	struct p1c_error err;
	char *why = NULL;
	p1c_arena_init(&arena, 64u << 20);
	if (p1c_module_parse(data, 0, size, &arena, &m, &err))
		compare_walks(&m, &arena);
	if (m.nimports > 0) { /* counts match arrays even on error */
		const struct p1c_import *imp = &m.imports[0];
		size_t n = (size_t)imp->module.len + imp->name.len + 2;
		why = malloc(n);
		if (why)
			snprintf(why, n, "%.*s#%.*s", (int)imp->module.len, (const char *)imp->module.ptr,
				 (int)imp->name.len, (const char *)imp->name.ptr);
	}
	p1c_arena_free_all(&arena);
	return why ? why : strdup("0");
}

/* Every reporter into memory; returns -1 when one of them failed to write. */
static int report_all(const struct p1c_report *report)
{
	int rc = 0;
	for (int which = 0; which < 5; which++) {
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		if (!out)
			return -1;
		struct p1c_text_opts opts = {.color = which == 4};
		int r = which == 0   ? p1c_report_json(out, report)
			: which == 1 ? p1c_report_dot(out, report)
			: which == 2 ? p1c_report_sarif(out, report)
				     : p1c_report_text(out, report, &opts);
		if (fclose(out) != 0 || r != 0)
			rc = -1;
		free(text);
	}
	const struct p1c_file_report *f = &report->files[0];
	if (f->decoded && f->module.format == P1C_FORMAT_CORE) { /* --write-baseline */
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		struct p1c_arena arena;
		p1c_arena_init(&arena, 0);
		if (!out || p1c_baseline_write(out, &f->module, f->path, &arena) != 0)
			rc = -1;
		if (out && fclose(out) != 0)
			rc = -1;
		p1c_arena_free_all(&arena);
		free(text);
	}
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const entries[] = {"main", "1"};
	char *why = inspect(data, size);
	struct p1c_run_opts opts = {.profile = &profile,
				    .rules = {.fail_on = P1C_FAIL_ON_WARNING, .max_paths = 3,
					      .entries = entries, .nentries = 2, .why = why,
					      .baseline = size % 2 ? &baseline : NULL}};
	struct p1c_file_report file;
	memset(&file, 0, sizeof(file));
	file.path = "fuzz.wasm";
	if (p1c_run_bytes(data, size, &opts, &file)) {
		struct p1c_report report = p1c_run_report(&profile, &file, 1);
		if (report_all(&report) != 0)
			abort(); /* writing to memory cannot fail: a reporter bug */
	}
	p1c_arena_free_all(&file.arena); /* no input to close: the bytes are libFuzzer's */
	free(why);
	return 0;
}
