/* Helpers shared by the unit suites that read real binaries from P1C_ORACLE_DIR. */
#ifndef P1C_TESTLIB_H
#define P1C_TESTLIB_H

#include <stddef.h>
#include <stdint.h>

/* Every *.wasm file below dir (subdirectories up to 4 deep, links not followed), sorted.
 * Free with testlib_free_files. */
char **testlib_wasm_files(const char *dir, size_t *count);
void testlib_free_files(char **files, size_t count);
/* The whole file, malloc'ed; the test fails when it cannot be read. */
uint8_t *testlib_read_file(const char *path, size_t *len);

#endif
