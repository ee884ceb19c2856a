#include "testlib.h"

#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct list {
	char **items;
	size_t count, cap;
};

static void push(struct list *l, char *path)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = realloc(l->items, l->cap * sizeof(*l->items));
		ck_assert_ptr_nonnull(l->items);
	}
	l->items[l->count++] = path;
}

static void walk(const char *dir, int depth, struct list *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *de; (de = readdir(d)) != NULL;) {
		if (de->d_name[0] == '.')
			continue;
		size_t len = strlen(dir) + strlen(de->d_name) + 2, nlen = strlen(de->d_name);
		char *path = malloc(len);
		ck_assert_ptr_nonnull(path);
		snprintf(path, len, "%s/%s", dir, de->d_name);
		struct stat st;
		bool is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
		if (is_dir && depth < 4)
			walk(path, depth + 1, out);
		if (!is_dir && S_ISREG(st.st_mode) && nlen > 5 && strcmp(de->d_name + nlen - 5, ".wasm") == 0)
			push(out, path);
		else
			free(path);
	}
	closedir(d);
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **testlib_wasm_files(const char *dir, size_t *count)
{
	struct list l = {NULL, 0, 0};
	walk(dir, 0, &l);
	if (l.count)
		qsort(l.items, l.count, sizeof(*l.items), compare_paths);
	*count = l.count;
	return l.items;
}

void testlib_free_files(char **files, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(files[i]);
	free(files);
}

uint8_t *testlib_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	ck_assert_int_ge(size, 0);
	rewind(f);
	uint8_t *data = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(fread(data, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return data;
}

bool testlib_ci(void)
{
	const char *ci = getenv("CI");
	return ci && strcmp(ci, "true") == 0;
}

static bool tool_on_path(const char *tool)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

const char *testlib_oracle_unavailable(void)
{
	const char *dir = getenv("P1C_ORACLE_DIR");
	if (!dir || !*dir)
		return "P1C_ORACLE_DIR is not set (make unit and make check set it)";
	if (!tool_on_path("wasm-objdump"))
		return "wasm-objdump is not on PATH (make deps installs wabt)";
	return NULL;
}

const char *testlib_oracle_dir(const char *suite, const char *tool)
{
	const char *dir = getenv("P1C_ORACLE_DIR");
	const char *why = !dir || !*dir ? "P1C_ORACLE_DIR is not set"
			  : !tool_on_path(tool) ? "the oracle tool is not on PATH" : NULL;
	if (!why)
		return dir;
	ck_assert_msg(!testlib_ci(), "%s oracle: %s (%s; required when CI=true)", suite, why, tool);
	fprintf(stderr, "SKIPPED: %s oracle: %s (%s)\n", suite, why, tool);
	return NULL;
}

void testlib_oracle_done(const char *suite, size_t compared, const char *dir)
{
	ck_assert_msg(compared > 0, "%s oracle: no binary compared under %s", suite, dir);
}

void testlib_tmp_open(struct testlib_tmpdir *t)
{
	snprintf(t->path, sizeof(t->path), "/tmp/p1c-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->path));
	t->n = 0;
}

const char *testlib_tmp_write(struct testlib_tmpdir *t, const char *name, const char *text)
{
	ck_assert_int_lt(t->n, (int)(sizeof(t->files) / sizeof(t->files[0])));
	char buf[sizeof(t->files[0])];
	snprintf(buf, sizeof(buf), "%.63s/%.80s", t->path, name);
	char *path = t->files[t->n++];
	memcpy(path, buf, sizeof(buf));
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

void testlib_tmp_close(struct testlib_tmpdir *t)
{
	for (int i = t->n - 1; i >= 0; i--)
		remove(t->files[i]);
	rmdir(t->path);
}
