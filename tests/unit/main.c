/* Runs every unit suite and prints "unit: N passed, N failed" for tests/check.sh. */
#include <stdio.h>
#include <stdlib.h>

#include "suites.h"
#include "testlib.h"

int main(void)
{
	SRunner *runner = srunner_create(reader_suite());
	srunner_add_suite(runner, module_suite());
	srunner_add_suite(runner, code_suite());
	srunner_add_suite(runner, profile_suite());
	srunner_add_suite(runner, callgraph_suite());
	srunner_add_suite(runner, rules_suite());
	srunner_add_suite(runner, report_suite());
	srunner_add_suite(runner, paths_suite());
	srunner_add_suite(runner, oracle_suite());
	srunner_add_suite(runner, features_suite());
	srunner_add_suite(runner, devices_suite());
	srunner_add_suite(runner, quiet_suite());
	srunner_add_suite(runner, toolchain_suite());
	srunner_add_suite(runner, analysis_suite());
	srunner_add_suite(runner, arena_suite());
	const char *oracle_off = testlib_oracle_unavailable();
	if (oracle_off)
		fprintf(stderr, "unit: SKIPPED 4 oracle tests (callgraph, code, imports/exports, "
				"quiet audit): "
				"%s%s\n", oracle_off, testlib_ci() ? " -- they fail in CI" : "");
	srunner_run_all(runner, CK_ENV);
	int run = srunner_ntests_run(runner);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	printf("unit: %d passed, %d failed\n", run - failed, failed);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
