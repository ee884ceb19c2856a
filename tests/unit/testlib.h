/* Helpers shared by the unit suites that read real binaries from P1C_ORACLE_DIR. */
#ifndef P1C_TESTLIB_H
#define P1C_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every *.wasm file below dir (subdirectories up to 4 deep, links not followed), sorted.
 * Free with testlib_free_files. */
char **testlib_wasm_files(const char *dir, size_t *count);
void testlib_free_files(char **files, size_t count);
/* The whole file, malloc'ed; the test fails when it cannot be read. */
uint8_t *testlib_read_file(const char *path, size_t *len);

/* A scratch directory for files a test writes (profiles, lock files), removed by
 * testlib_tmp_close; at most 24 files, names up to 80 bytes. */
struct testlib_tmpdir {
	char path[64];
	char files[24][160];
	int n;
};
void testlib_tmp_open(struct testlib_tmpdir *t);
/* Writes text to DIR/name; returns the file's path (valid until testlib_tmp_close). */
const char *testlib_tmp_write(struct testlib_tmpdir *t, const char *name, const char *text);
void testlib_tmp_close(struct testlib_tmpdir *t);

/* The gate every oracle suite shares: the directory of binaries ($P1C_ORACLE_DIR) when it is set
 * and `tool` is on PATH. Otherwise: with CI=true the test fails; outside CI it prints a loud
 * "SKIPPED" line on stderr and returns NULL (the test returns; main counts the skips up front
 * with testlib_oracle_unavailable). */
const char *testlib_oracle_dir(const char *suite, const char *tool);
/* After comparing: a run that compared no file never passes. */
void testlib_oracle_done(const char *suite, size_t compared, const char *dir);
/* Why the oracle suites will skip (NULL when they will run): for main's summary line. */
const char *testlib_oracle_unavailable(void);
bool testlib_ci(void);

#endif
