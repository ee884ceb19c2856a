#include "run.h"

#include <stdio.h>
#include <string.h>

/* Per-file allocation cap: generous for real modules, bounded for hostile ones. */
static size_t arena_limit(size_t file_size)
{
	size_t base = 64u << 20;
	return file_size > (SIZE_MAX - base) / 32 ? SIZE_MAX : base + 32 * file_size;
}

bool p1c_run_bytes(const uint8_t *data, size_t size, const struct p1c_run_opts *opts,
		   struct p1c_file_report *out)
{
	struct p1c_rules_opts rules_opts = {.fail_on = opts->fail_on, .max_paths = opts->max_paths,
					    .entries = opts->entries, .nentries = opts->nentries,
					    .why = opts->why, .baseline = opts->baseline};
	out->readable = true;
	out->size = size;
	p1c_arena_init(&out->arena, arena_limit(size));
	memset(&out->error, 0, sizeof(out->error));
	out->decoded = p1c_module_parse(data, 0, size, &out->arena, &out->module, &out->error);
	out->malformed = !out->decoded;
	if (!out->decoded)
		return p1c_rules_malformed(&out->error, &rules_opts, &out->arena, &out->audit);
	if (!p1c_analyze(&out->module, &out->arena, &out->analysis))
		return false;
	out->malformed = out->analysis.nbody_errors > 0;
	return p1c_rules_run(&out->module, &out->analysis, opts->profile, &rules_opts, &out->arena,
			     &out->audit);
}

bool p1c_run_file(const char *path, const struct p1c_run_opts *opts, struct p1c_file_report *out)
{
	memset(out, 0, sizeof(*out));
	out->path = path;
	if (!p1c_input_open(path, &out->input, out->io_error, sizeof(out->io_error)))
		return false;
	if (!p1c_run_bytes(out->input.data, out->input.size, opts, out)) {
		snprintf(out->io_error, sizeof(out->io_error), "out of memory");
		out->readable = false;
		return false;
	}
	return true;
}

void p1c_file_report_free(struct p1c_file_report *report)
{
	p1c_arena_free_all(&report->arena);
	p1c_input_close(&report->input);
}
