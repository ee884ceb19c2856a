/* Test oracle shared by the unit tests and fuzz_wasm: do two analyses of one module agree on
 * every feature use, every body error and the call graph array by array? (The walk shared
 * between two threads must give what one walk in function order gives.) */
#ifndef P1C_TEST_ANALYSIS_DIFF_H
#define P1C_TEST_ANALYSIS_DIFF_H

#include <stddef.h>

#include "analysis/analysis.h"

/* NULL when a and b agree; else the first difference, written into buf (size bytes). */
const char *analysis_diff(const struct p1c_analysis *a, const struct p1c_analysis *b, char *buf,
			  size_t size);

#endif
