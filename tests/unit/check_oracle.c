/* Oracle: for every *.wasm in $P1C_ORACLE_DIR (and its direct subdirectories), the imports
 * and exports p1c_module_parse finds must match what `wasm-objdump -x` prints. Files that
 * wasm-objdump rejects (components, proposals it lacks) are skipped and counted, and so are
 * files that both p1c_module_parse and `wasm-validate --enable-all` reject (wasm-objdump
 * does not validate, e.g. duplicate export names). The test
 * is gated like every oracle suite (testlib_oracle_dir) and fails when no file was compared. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/module.h"
#include "suites.h"
#include "testlib.h"

#define LINE_MAX_LEN 4096

struct tally {
	unsigned compared, skipped;
};

/* One import or export as wasm-objdump prints it, reduced to what is compared. */
struct entry {
	char kind[16];
	unsigned index;
	long sig;         /* imports of functions: sig=N; else -1 */
	char name[1024];  /* imports: "module.field"; exports: the name */
};

struct listing {
	struct entry *imports, *exports;
	size_t nimports, nexports;
};

static void push(struct entry **arr, size_t *n, const struct entry *e)
{
	*arr = realloc(*arr, (*n + 1) * sizeof(**arr));
	ck_assert_ptr_nonnull(*arr);
	(*arr)[(*n)++] = *e;
}

/* " - func[4] sig=3 <name> <- module.field" */
static bool parse_import(const char *line, struct entry *e)
{
	if (sscanf(line, " - %15[a-z][%u]", e->kind, &e->index) != 2)
		return false;
	const char *sig = strstr(line, " sig=");
	e->sig = sig ? strtol(sig + 5, NULL, 10) : -1;
	const char *arrow = NULL;
	for (const char *p = strstr(line, " <- "); p; p = strstr(p + 1, " <- "))
		arrow = p;
	if (!arrow)
		return false;
	snprintf(e->name, sizeof(e->name), "%s", arrow + 4);
	return true;
}

/* " - func[17] <_start> -> \"_start\"" */
static bool parse_export(const char *line, struct entry *e)
{
	if (sscanf(line, " - %15[a-z][%u]", e->kind, &e->index) != 2)
		return false;
	e->sig = -1;
	const char *q = strstr(line, " -> \"");
	const char *end = strrchr(line, '"');
	if (!q || !end || end < q + 5)
		return false;
	snprintf(e->name, sizeof(e->name), "%.*s", (int)(end - (q + 5)), q + 5);
	return true;
}

/* "tool 'path' >/dev/null-ish": the path single-quoted for sh. */
static void shell_cmd(char *cmd, size_t size, const char *tool, const char *path,
		      const char *redirect)
{
	size_t n = (size_t)snprintf(cmd, size, "%s '", tool);
	for (const char *p = path; *p && n + 8 < size; p++) {
		if (*p == '\'') {
			memcpy(cmd + n, "'\\''", 4);
			n += 4;
		} else {
			cmd[n++] = *p;
		}
	}
	snprintf(cmd + n, size - n, "' %s", redirect);
}

/* Runs wasm-objdump -x; false when it rejects the file. */
static bool objdump(const char *path, struct listing *out)
{
	char cmd[8192];
	shell_cmd(cmd, sizeof(cmd), "wasm-objdump -x", path, "2>/dev/null");
	FILE *pipe = popen(cmd, "r");
	ck_assert_msg(pipe != NULL, "cannot run wasm-objdump");
	char line[LINE_MAX_LEN];
	int section = 0; /* 1 import, 2 export */
	while (fgets(line, sizeof(line), pipe)) {
		line[strcspn(line, "\n")] = '\0';
		struct entry e;
		memset(&e, 0, sizeof(e));
		if (line[0] != ' ')
			section = strncmp(line, "Import[", 7) == 0 ? 1 : strncmp(line, "Export[", 7) == 0 ? 2 : 0;
		else if (section == 1 && parse_import(line, &e))
			push(&out->imports, &out->nimports, &e);
		else if (section == 2 && parse_export(line, &e))
			push(&out->exports, &out->nexports, &e);
	}
	return pclose(pipe) == 0;
}

static void compare_imports(const char *path, const struct p1c_module *m, const struct listing *l)
{
	ck_assert_msg(m->nimports == l->nimports, "%s: %u imports, wasm-objdump lists %zu", path,
		      m->nimports, l->nimports);
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *im = &m->imports[i];
		const struct entry *e = &l->imports[i];
		char joined[1024];
		snprintf(joined, sizeof(joined), "%.*s.%.*s", (int)im->module.len,
			 (const char *)im->module.ptr, (int)im->name.len, (const char *)im->name.ptr);
		ck_assert_msg(strcmp(p1c_extern_kind_name(im->kind), e->kind) == 0 &&
				      im->kind_index == e->index && strcmp(joined, e->name) == 0,
			      "%s: import %u is %s[%u] %s, wasm-objdump says %s[%u] %s", path, i,
			      p1c_extern_kind_name(im->kind), im->kind_index, joined, e->kind, e->index,
			      e->name);
		if (im->kind == P1C_EXTERN_FUNC)
			ck_assert_msg(e->sig == (long)im->type_index,
				      "%s: import %u has type %u, wasm-objdump says sig=%ld", path, i,
				      im->type_index, e->sig);
	}
}

static void compare_exports(const char *path, const struct p1c_module *m, const struct listing *l)
{
	ck_assert_msg(m->nexports == l->nexports, "%s: %u exports, wasm-objdump lists %zu", path,
		      m->nexports, l->nexports);
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct p1c_export *ex = &m->exports[i];
		const struct entry *e = &l->exports[i];
		ck_assert_msg(strcmp(p1c_extern_kind_name(ex->kind), e->kind) == 0 &&
				      ex->index == e->index && p1c_str_eq(ex->name, e->name),
			      "%s: export %u is %s[%u] \"%.*s\", wasm-objdump says %s[%u] \"%s\"", path,
			      i, p1c_extern_kind_name(ex->kind), ex->index, (int)ex->name.len,
			      (const char *)ex->name.ptr, e->kind, e->index, e->name);
	}
}

/* wasm-objdump does not validate: a file we reject must be rejected by wasm-validate too. */
static bool validates(const char *path)
{
	char cmd[8192];
	shell_cmd(cmd, sizeof(cmd), "wasm-validate --enable-all", path, ">/dev/null 2>&1");
	return system(cmd) == 0;
}

static void compare_file(const char *path, struct tally *t)
{
	struct listing l = {NULL, NULL, 0, 0};
	bool dumped = objdump(path, &l);
	size_t len;
	unsigned char *buf = testlib_read_file(path, &len);
	struct p1c_arena arena;
	p1c_arena_init(&arena, 0);
	struct p1c_module m;
	struct p1c_error err;
	bool parsed = p1c_module_parse(buf, 0, len, &arena, &m, &err);
	if (!dumped || (!parsed && !validates(path))) {
		t->skipped++; /* a component, or a malformed file wasm-objdump does not check */
	} else {
		ck_assert_msg(parsed, "%s: wasm-objdump reads it, but p1c_module_parse fails at 0x%llx: %s",
			      path, (unsigned long long)err.offset, err.msg);
		compare_imports(path, &m, &l);
		compare_exports(path, &m, &l);
		t->compared++;
	}
	p1c_arena_free_all(&arena);
	free(buf);
	free(l.imports);
	free(l.exports);
}

START_TEST(imports_and_exports_match_objdump)
{
	const char *dir = testlib_oracle_dir("imports/exports", "wasm-objdump");
	if (!dir)
		return;
	size_t nfiles;
	char **files = testlib_wasm_files(dir, &nfiles);
	struct tally t = {0, 0};
	for (size_t i = 0; i < nfiles; i++)
		compare_file(files[i], &t);
	testlib_free_files(files, nfiles);
	testlib_oracle_done("imports/exports", t.compared, dir);
	ck_assert_msg(t.compared >= 1,
		      "no .wasm file compared in %s (%zu found, %u rejected by wasm-objdump)", dir,
		      nfiles, t.skipped);
}
END_TEST

Suite *oracle_suite(void)
{
	Suite *s = suite_create("oracle");
	TCase *tc = tcase_create("wasm-objdump");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, imports_and_exports_match_objdump);
	suite_add_tcase(s, tc);
	return s;
}
