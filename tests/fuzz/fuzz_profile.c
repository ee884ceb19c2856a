/* libFuzzer target: YAML text -> p1c_profile_load_text -> p1c_report_profile (the
 * --show-profile text) into memory -> load that text back -> the key fields must be equal.
 * A profile that loads must print as one that loads to the same profile; one that does not
 * load must say where (a message, and a line whenever the text is at fault).
 * `extends` names resolve among the built-in profiles (compiled in, as the binary ships
 * them), so it runs from any directory. Run with standard input at /dev/null: a fuzzed
 * `extends: /dev/stdin` must not wait for a terminal. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"
#include "profile/profile_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints p, loads the text back and compares; aborts (a finding) on any difference. */
static void round_trip(const struct p1c_profile *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return;
	int rc = p1c_report_profile(out, p);
	if (fclose(out) != 0 || rc != 0)
		abort();
	struct p1c_arena arena;
	struct p1c_profile back;
	struct p1c_profile_error err;
	p1c_arena_init(&arena, 0);
	if (!p1c_profile_load_text(text, len, "shown.yaml", NULL, &arena, &back, &err)) {
		fprintf(stderr, "printed profile does not load: %u:%u: %s\n--\n%s--\n", err.line,
			err.column, err.msg, text);
		abort();
	}
	const char *diff = p1c_profile_diff(p, &back);
	if (diff) {
		fprintf(stderr, "round trip changed %s\n--\n%s--\n", diff, text);
		abort();
	}
	p1c_arena_free_all(&arena);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct p1c_profile_search search = {NULL, 0, p1c_builtin_profiles, p1c_builtin_profile_count};
	struct p1c_arena arena;
	struct p1c_profile p;
	struct p1c_profile_error err;
	p1c_arena_init(&arena, 0);
	if (p1c_profile_load_text((const char *)data, size, "fuzz.yaml", &search, &arena, &p, &err))
		round_trip(&p);
	else if (!err.msg[0])
		abort(); /* every failure must say why */
	p1c_arena_free_all(&arena);
	return 0;
}
