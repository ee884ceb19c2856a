#include "cli/run.h"

#include <stdio.h>
#include <string.h>

/* Per-file allocation cap: generous for real modules, bounded for hostile ones. */
static size_t arena_limit(size_t file_size)
{
	size_t base = 64u << 20;
	return file_size > (SIZE_MAX - base) / 32 ? SIZE_MAX : base + 32 * file_size;
}

/* Decodes the module and every function body: 1 well-formed, 0 not (err says where: a body
 * that fails to decode makes the module malformed just as a section does, WebAssembly Core
 * Specification 3.0, section 5.5.17: the code section is part of the binary format), -1 out
 * of memory. */
static int parse_and_analyze(const uint8_t *data, uint64_t begin, uint64_t end,
			     struct p1c_arena *arena, struct p1c_module *m,
			     struct p1c_analysis *analysis, struct p1c_error *err)
{
	memset(err, 0, sizeof(*err));
	if (!p1c_module_parse(data, begin, end, arena, m, err))
		return 0;
	if (!p1c_analyze(m, arena, analysis))
		return -1;
	if (analysis->nbody_errors == 0)
		return 1;
	*err = analysis->body_errors[0];
	if (analysis->nbody_errors > 1) {
		char more[48];
		snprintf(more, sizeof(more), " (%u more bodies fail to decode)",
			 analysis->nbody_errors - 1);
		size_t len = strlen(err->msg);
		if (len + strlen(more) < sizeof(err->msg))
			memcpy(err->msg + len, more, strlen(more) + 1);
	}
	return 0;
}

/* A component: audit each embedded core module (parsed in place, absolute offsets) and
 * fold what it needs into the component's findings. */
static bool audit_nested(const uint8_t *data, const struct p1c_rules_opts *rules_opts,
			 const struct p1c_profile *profile, struct p1c_file_report *out)
{
	const struct p1c_module *c = &out->module;
	out->nested_modules = p1c_arena_array(&out->arena, c->nnested ? c->nnested : 1,
					      sizeof(*out->nested_modules));
	if (!out->nested_modules)
		return false;
	out->nnested_modules = c->nnested;
	for (uint32_t i = 0; i < c->nnested; i++) {
		const struct p1c_nested_module *n = &c->nested[i];
		struct p1c_module m;
		struct p1c_analysis analysis;
		struct p1c_audit audit;
		struct p1c_error err;
		bool ok;
		int parsed = parse_and_analyze(data, n->offset, n->offset + n->size, &out->arena, &m,
					       &analysis, &err);
		if (parsed < 0)
			return false;
		if (parsed) {
			ok = p1c_rules_run(&m, &analysis, profile, rules_opts, &out->arena, &audit);
			out->nested_modules[i] = m;
		} else {
			ok = p1c_rules_malformed(&err, rules_opts, &out->arena, &audit);
			out->malformed = true;
		}
		if (!ok || !p1c_rules_merge_nested(&out->audit, &audit, i + 1, n->offset, rules_opts,
						   &out->arena))
			return false;
	}
	return true;
}

bool p1c_run_bytes(const uint8_t *data, size_t size, const struct p1c_run_opts *opts,
		   struct p1c_file_report *out)
{
	const struct p1c_rules_opts *rules_opts = &opts->rules;
	out->readable = true;
	out->size = size;
	p1c_arena_init(&out->arena, arena_limit(size));
	int parsed = parse_and_analyze(data, 0, size, &out->arena, &out->module, &out->analysis,
				       &out->error);
	if (parsed < 0)
		return false;
	out->decoded = parsed == 1;
	out->malformed = !out->decoded;
	if (!out->decoded)
		return p1c_rules_malformed(&out->error, rules_opts, &out->arena, &out->audit);
	if (!p1c_rules_run(&out->module, &out->analysis, opts->profile, rules_opts, &out->arena,
			   &out->audit))
		return false;
	if (out->module.format == P1C_FORMAT_CORE &&
	    (!p1c_dwarf_load(&out->module, data, &out->arena, &out->srcmap) ||
	     !p1c_rules_attach_sources(&out->module, &out->srcmap, opts->source_root, &out->audit,
				       &out->arena)))
		return false;
	return out->module.format != P1C_FORMAT_COMPONENT ||
	       audit_nested(data, rules_opts, opts->profile, out);
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

struct p1c_report p1c_run_report(const struct p1c_profile *profile,
				 const struct p1c_file_report *files, uint32_t nfiles)
{
	struct p1c_report report = {.profile = profile, .files = files, .nfiles = nfiles, .pass = true};
	for (uint32_t i = 0; i < nfiles; i++) {
		report.pass = report.pass && files[i].readable && files[i].audit.pass &&
			      !files[i].malformed;
		report.nunreadable += !files[i].readable;
	}
	return report;
}
