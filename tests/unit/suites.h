/* One Check suite per module; tests/unit/main.c runs them all. */
#ifndef P1C_TEST_SUITES_H
#define P1C_TEST_SUITES_H

#include <check.h>

Suite *reader_suite(void);
Suite *module_suite(void);
Suite *code_suite(void);
Suite *profile_suite(void);
Suite *callgraph_suite(void);
Suite *rules_suite(void);
Suite *report_suite(void);
Suite *oracle_suite(void);
Suite *features_suite(void);
Suite *devices_suite(void);
Suite *paths_suite(void);
Suite *quiet_suite(void);
Suite *toolchain_suite(void);
Suite *analysis_suite(void);
Suite *arena_suite(void);

#endif
