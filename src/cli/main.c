/* wasm-p1check: the command line. Options -> profile -> audit each file -> report -> exit code.
 * Only this file and the reporters talk to the user. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"

#include "rules/baseline.h"
#include "cli/output.h"
#include "profile/profile.h"
#include "report/report.h"
#include "profile/profile_print.h"
#include "cli/natives_cmd.h"
#include "cli/run.h"
#include "cli/catalog.h"
#include "cli/waive.h"

enum exit_code { EXIT_PASS = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_MALFORMED = 3 };
enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_DOT, FORMAT_GITHUB, FORMAT_MARKDOWN };
enum color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
enum long_only { OPT_FAIL_ON = 256, OPT_LIST_PROFILES, OPT_SHOW_PROFILE, OPT_COLOR, OPT_ENTRY,
		 OPT_MAX_PATHS, OPT_WHY, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_LIST_RULES,
		 OPT_EXPLAIN, OPT_SOURCE_ROOT, OPT_WAIVERS };
#define MAX_ENTRIES 64
#define MAX_PATHS_LIMIT 100

struct options {
	const char *profile;
	enum format format;
	const char *output;
	enum p1c_fail_on fail_on;
	enum color color;
	bool quiet;
	bool verbose;  /* -v: text lists every finding */
	bool list_profiles;
	const char *show_profile;
	bool list_rules;
	const char *explain;
	const char *source_root;
	const char *waivers;
	const char *entries[MAX_ENTRIES];
	uint32_t nentries;
	uint32_t max_paths;
	const char *why;
	const char *baseline;
	const char *write_baseline;
	char **files;
	int nfiles;
};

static const char usage_text[] =
	"Usage: wasm-p1check [OPTIONS] FILE.wasm...\n"
	"       wasm-p1check natives [-o FILE] [--name NAME] [--extends PROFILE] FILE.c...\n"
	"Audit WebAssembly modules against a WASI preview 1 device profile.\n"
	"\n"
	"  -p, --profile NAME|FILE   device profile (default: wasip1)\n"
	"  -f, --format text|json|sarif|dot|github|markdown\n"
	"                            report format (default: text); sarif for code scanning,\n"
	"                            dot draws the witness paths, github writes workflow\n"
	"                            annotations, markdown a job summary\n"
	"  -o, --output FILE         write the report to FILE (atomically)\n"
	"      --why IMPORT          every root and libc entry point that reaches one import\n"
	"                            (\"module#name\" or its function index) with a path each\n"
	"      --entry NAME          an extra root for reachability: an export, a function\n"
	"                            name or index (repeatable)\n"
	"      --baseline FILE       fail on imports not in FILE (a --write-baseline lock file,\n"
	"                            or a .wasm whose imports are the baseline)\n"
	"      --write-baseline FILE write the input's import set as a lock file (one input)\n"
	"      --waivers FILE        accepted findings (rule, import/feature/export, module\n"
	"                            glob, reason): reported as suppressed, never failing\n"
	"      --max-paths N         witness paths shown per finding (default 3, 0-100)\n"
	"      --fail-on error|warning|note|none\n"
	"                            lowest severity that fails the run (default: error);\n"
	"                            none: report only\n"
	"      --list-profiles       list the profiles on the search path\n"
	"      --show-profile NAME   print a profile as resolved (after extends)\n"
	"      --source-root DIR     show source and file paths relative to DIR (default:\n"
	"                            the current directory); SARIF URIs are relative to it\n"
	"      --list-rules          list the rules (-f json: the whole catalogue)\n"
	"      --explain RULE        what a rule (id or slug) checks, when it bites on each\n"
	"                            profile on the search path, how to fix it (-f json too)\n"
	"      --color auto|always|never\n"
	"                            colour in text reports (default: auto; NO_COLOR honoured)\n"
	"  -q, --quiet               no report on standard output; the exit status tells\n"
	"  -v, --verbose             text: every finding (WASI 0.2 ones are otherwise grouped\n"
	"                            by interface)\n"
	"  -V, --version             print the version\n"
	"  -h, --help                print this help\n"
	"\n"
	"natives writes the functions an embedder registers with WAMR (its NativeSymbol\n"
	"tables) as a profile: see 'wasm-p1check natives --help'.\n"
	"\n"
	"FILE may be - for standard input. Profiles are found in $WASM_P1CHECK_PROFILE_PATH,\n";
static const char usage_tail[] =
	"\n"
	"Exit status: 0 pass; 1 findings at or above --fail-on; 2 usage, I/O or profile\n"
	"error; 3 an input is not a well-formed wasm binary.\n";

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("wasm-p1check: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'wasm-p1check --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static bool parse_choice(const char *arg, const char *const *names, int n, int *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(arg, names[i]) == 0) {
			*out = i;
			return true;
		}
	return false;
}

static int parse_max_paths(const char *arg, struct options *o)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || n > MAX_PATHS_LIMIT)
		return usage_error("invalid --max-paths '%s' (expected 0 to %d)", arg, MAX_PATHS_LIMIT);
	o->max_paths = (uint32_t)n;
	return -1;
}

/* Returns -1 to continue, otherwise the exit code. */
static int parse_value_option(int opt, const char *arg, struct options *o)
{
	static const char *const formats[] = {"text", "json", "sarif", "dot", "github", "markdown"};
	static const char *const severities[] = {"note", "warning", "error", "none"};
	static const char *const colors[] = {"auto", "always", "never"};
	int choice;
	switch (opt) {
	case 'p': o->profile = arg; return -1;
	case 'o': o->output = arg; return -1;
	case OPT_SHOW_PROFILE: o->show_profile = arg; return -1;
	case OPT_EXPLAIN: o->explain = arg; return -1;
	case OPT_SOURCE_ROOT: o->source_root = arg; return -1;
	case OPT_WAIVERS: o->waivers = arg; return -1;
	case OPT_ENTRY:
		if (o->nentries == MAX_ENTRIES)
			return usage_error("too many --entry options (at most %d)", MAX_ENTRIES);
		o->entries[o->nentries++] = arg;
		return -1;
	case OPT_MAX_PATHS:
		return parse_max_paths(arg, o);
	case OPT_WHY: o->why = arg; return -1;
	case OPT_BASELINE: o->baseline = arg; return -1;
	case OPT_WRITE_BASELINE: o->write_baseline = arg; return -1;
	case 'f':
		if (!parse_choice(arg, formats, 6, &choice))
			return usage_error("invalid format '%s' (expected text, json, sarif, dot, github or "
					   "markdown)", arg);
		o->format = (enum format)choice;
		return -1;
	case OPT_FAIL_ON:
		if (!parse_choice(arg, severities, 4, &choice))
			return usage_error("invalid --fail-on '%s' (expected error, warning, note or none)",
					   arg);
		o->fail_on = (enum p1c_fail_on)choice;
		return -1;
	case OPT_COLOR:
		if (!parse_choice(arg, colors, 3, &choice))
			return usage_error("invalid --color '%s' (expected auto, always or never)", arg);
		o->color = (enum color)choice;
		return -1;
	}
	return usage_error("internal error: option %s", "?");
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"profile", required_argument, NULL, 'p'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"list-profiles", no_argument, NULL, OPT_LIST_PROFILES},
		{"show-profile", required_argument, NULL, OPT_SHOW_PROFILE},
		{"list-rules", no_argument, NULL, OPT_LIST_RULES},
		{"explain", required_argument, NULL, OPT_EXPLAIN},
		{"source-root", required_argument, NULL, OPT_SOURCE_ROOT},
		{"waivers", required_argument, NULL, OPT_WAIVERS},
		{"color", required_argument, NULL, OPT_COLOR},
		{"entry", required_argument, NULL, OPT_ENTRY},
		{"max-paths", required_argument, NULL, OPT_MAX_PATHS},
		{"why", required_argument, NULL, OPT_WHY},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, ":p:f:o:qvVh", longopts, NULL)) != -1) {
		int rc;
		switch (opt) {
		case 'h':
			fputs(usage_text, stdout);
			if (P1C_DATADIR[0])
				printf("then %s, then among the copies built into this binary.\n",
				       P1C_DATADIR);
			else
				fputs("then among the copies built into this binary.\n", stdout);
			fputs(usage_tail, stdout);
			return fflush(stdout) ? EXIT_USAGE : EXIT_PASS;
		case 'V': printf("wasm-p1check %s\n", P1C_VERSION); return fflush(stdout) ? EXIT_USAGE : EXIT_PASS;
		case 'q': o->quiet = true; break;
		case 'v': o->verbose = true; break;
		case OPT_LIST_PROFILES: o->list_profiles = true; break;
		case OPT_LIST_RULES: o->list_rules = true; break;
		case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
		case '?': return usage_error("unknown option '%s'", argv[optind - 1]);
		default:
			rc = parse_value_option(opt, optarg, o);
			if (rc >= 0)
				return rc;
		}
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (!o->list_profiles && !o->show_profile && !o->list_rules && !o->explain && o->nfiles == 0)
		return usage_error("%s", "no input files");
	struct stat st;
	if (o->source_root && (stat(o->source_root, &st) != 0 || !S_ISDIR(st.st_mode)))
		return usage_error("--source-root '%s' is not a directory", o->source_root);
	for (int i = 0, stdin_seen = 0; i < o->nfiles; i++)
		if (strcmp(o->files[i], "-") == 0 && stdin_seen++)
			return usage_error("%s", "'-' (standard input) given more than once");
	if (o->write_baseline && o->nfiles != 1)
		return usage_error("%s", "--write-baseline takes exactly one input file");
	return -1;
}

/* $WASM_P1CHECK_PROFILE_PATH entries, then the installed data dir (none for a binary that
 * was not installed: its behaviour must not depend on what `make install` put where), then
 * the built-in copies (see struct p1c_profile_search). */
static size_t build_search(char *env_copy, const char **dirs, size_t max)
{
	size_t n = 0;
	for (char *save = NULL, *dir = env_copy ? strtok_r(env_copy, ":", &save) : NULL;
	     dir && n + 1 < max; dir = strtok_r(NULL, ":", &save))
		dirs[n++] = dir;
	if (P1C_DATADIR[0])
		dirs[n++] = P1C_DATADIR;
	return n;
}

static void print_profile_error(const struct p1c_profile_error *err)
{
	if (err->line)
		fprintf(stderr, "%s:%u:%u: error: %s\n", err->file, err->line, err->column, err->msg);
	else if (err->file[0])
		fprintf(stderr, "%s: error: %s\n", err->file, err->msg);
	else
		fprintf(stderr, "wasm-p1check: error: %s\n", err->msg);
}

static int list_profiles(const struct p1c_profile_search *search)
{
	struct p1c_arena arena;
	struct p1c_profile_entry *entries;
	uint32_t n;
	struct p1c_profile_error err = {0};
	p1c_arena_init(&arena, 0);
	int rc = EXIT_PASS;
	if (!p1c_profile_list(search, &arena, &entries, &n, &err)) {
		print_profile_error(&err);
		rc = EXIT_USAGE;
	} else if (p1c_report_profile_list(stdout, entries, n) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "wasm-p1check: error writing standard output: %s\n", strerror(errno));
		rc = EXIT_USAGE;
	}
	p1c_arena_free_all(&arena);
	return rc;
}

static bool want_color(const struct options *o)
{
	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	return !o->output && (!no_color || !no_color[0]) && isatty(STDOUT_FILENO) &&
	       !(term && strcmp(term, "dumb") == 0);
}

static int write_report(FILE *out, const struct options *o, const struct p1c_report *report)
{
	if (o->format == FORMAT_JSON)
		return p1c_report_json(out, report);
	if (o->format == FORMAT_SARIF)
		return p1c_report_sarif(out, report);
	if (o->format == FORMAT_DOT)
		return p1c_report_dot(out, report);
	if (o->format == FORMAT_GITHUB)
		return p1c_report_github(out, report);
	if (o->format == FORMAT_MARKDOWN)
		return p1c_report_markdown(out, report);
	struct p1c_text_opts text = {.color = want_color(o), .verbose = o->verbose};
	return p1c_report_text(out, report, &text);
}

static void note_malformed(const struct p1c_file_report *f)
{
	fprintf(stderr, "wasm-p1check: %s:0x%08" PRIx64 ": %s: %s (%s)\n", f->path, f->error.offset,
		f->error.code == P1C_ERR_INVALID ? "not a valid wasm module"
						 : "not a well-formed wasm binary",
		f->error.msg, p1c_section_name(f->error.section));
}

/* Audits every file; an unreadable one is reported on stderr and kept in the report with its
 * error (readable false). */
static int audit_files(const struct options *o, const struct p1c_profile *profile,
		       const struct p1c_baseline *baseline, const char *source_root,
		       struct p1c_file_report *files, uint32_t *nfiles)
{
	struct p1c_run_opts run = {.profile = profile, .source_root = source_root,
				   .rules = {.fail_on = o->fail_on, .max_paths = o->max_paths,
					     .entries = o->entries, .nentries = o->nentries,
					     .why = o->why, .baseline = baseline,
					     /* -q without -o: no reporter, only the exit status */
					     .skip_texts = o->quiet && !o->output}};
	int rc = EXIT_PASS;
	bool text_on_stdout = o->format == FORMAT_TEXT && !o->output && !o->quiet;
	*nfiles = 0;
	for (int i = 0; i < o->nfiles; i++) {
		struct p1c_file_report *f = &files[*nfiles];
		(*nfiles)++;
		if (!p1c_run_file(o->files[i], &run, f)) {
			fprintf(stderr, "wasm-p1check: %s: %s\n", o->files[i], f->io_error);
			p1c_file_report_free(f);
			f->readable = false;
			rc = EXIT_USAGE;
			continue;
		}
		if (f->decoded && f->audit.unmatched_entry) {
			fprintf(stderr, "wasm-p1check: %s: --entry '%s' names no function\n", f->path,
				f->audit.unmatched_entry);
			rc = EXIT_USAGE;
		}
		if (f->decoded && f->audit.why && !f->audit.why->found) {
			fprintf(stderr, "wasm-p1check: %s: --why '%s' names no function import "
				"(use \"module#name\" or a function index)\n", f->path, o->why);
			rc = EXIT_USAGE;
		}
		if (!f->decoded && !text_on_stdout)
			note_malformed(f);
		if (f->malformed && rc == EXIT_PASS)
			rc = EXIT_MALFORMED;
	}
	return rc;
}

/* Writes the report into the output opened before the audit and commits it; report NULL
 * (the run failed) discards it. */
static int emit(struct p1c_output *out, const struct options *o, const struct p1c_report *report)
{
	char msg[512];
	int wrote = report ? write_report(out->file, o, report) : -1;
	if (!p1c_output_commit(out, wrote == 0, msg, sizeof(msg))) {
		if (report)
			fprintf(stderr, "wasm-p1check: %s\n", msg);
		return EXIT_USAGE;
	}
	return EXIT_PASS;
}

/* --write-baseline: the lock file of the one input, written atomically. */
static int write_baseline(const struct options *o, const struct p1c_file_report *f)
{
	char msg[512];
	struct p1c_output out;
	struct p1c_arena arena;
	if (!f->readable)
		return EXIT_USAGE; /* its error is already on stderr */
	if (!f->decoded) {
		fprintf(stderr, "wasm-p1check: %s: no baseline written: not a well-formed wasm binary\n",
			f->path);
		return EXIT_MALFORMED;
	}
	if (f->module.format != P1C_FORMAT_CORE) {
		fprintf(stderr, "wasm-p1check: %s: no baseline written: a component, not a core module "
			"(a baseline lists one core module's imports)\n", f->path);
		return EXIT_USAGE;
	}
	if (!p1c_output_open(&out, o->write_baseline, msg, sizeof(msg))) {
		fprintf(stderr, "wasm-p1check: %s\n", msg);
		return EXIT_USAGE;
	}
	p1c_arena_init(&arena, 0);
	int wrote = p1c_baseline_write(out.file, &f->module, f->path, &arena);
	p1c_arena_free_all(&arena);
	if (!p1c_output_commit(&out, wrote == 0, msg, sizeof(msg))) {
		fprintf(stderr, "wasm-p1check: %s\n", msg);
		return EXIT_USAGE;
	}
	return EXIT_PASS;
}

/* The directories the report shows paths from: the current one and --source-root. */
static void set_roots(const struct options *o, struct p1c_report *report, char *cwd, char *root,
		      size_t size)
{
	if (!getcwd(cwd, size))
		return;
	report->cwd = cwd;
	report->source_root = cwd;
	report->source_root_given = o->source_root != NULL;
	if (o->source_root && p1c_path_absolute(cwd, o->source_root, root, size))
		report->source_root = root;
}

/* The -o file is opened (as a temp file) before the audit: a bad path fails at once rather
 * than after a long run, and a run ended by a signal removes it (see output.c). */
static int run_audit(const struct options *o, const struct p1c_profile *profile,
		     const struct p1c_baseline *baseline, const struct p1c_waiver_set *waivers)
{
	char msg[512];
	struct p1c_output out;
	bool emitting = !o->quiet || o->output;
	if (emitting && !p1c_output_open(&out, o->output, msg, sizeof(msg))) {
		fprintf(stderr, "wasm-p1check: %s\n", msg);
		return EXIT_USAGE;
	}
	struct p1c_file_report *files = calloc((size_t)o->nfiles, sizeof(*files));
	if (!files) {
		fputs("wasm-p1check: out of memory\n", stderr);
		return emitting ? emit(&out, o, NULL) : EXIT_USAGE;
	}
	uint32_t nfiles;
	char cwd[4096], root[4096];
	struct p1c_report roots = {0};
	set_roots(o, &roots, cwd, root, sizeof(cwd));
	int rc = audit_files(o, profile, baseline, roots.source_root, files, &nfiles);
	struct p1c_rules_opts verdict = {.fail_on = o->fail_on};
	if (!p1c_cli_apply_waivers(waivers, files, nfiles, &verdict)) {
		fputs("wasm-p1check: out of memory\n", stderr);
		rc = EXIT_USAGE;
	}
	struct p1c_report report = p1c_run_report(profile, files, nfiles);
	report.cwd = roots.cwd;
	report.source_root = roots.source_root;
	report.source_root_given = roots.source_root_given;
	if (rc == EXIT_PASS && !report.pass)
		rc = EXIT_FINDINGS;
	int emit_rc = emitting ? emit(&out, o, &report) : EXIT_PASS;
	int write_rc = o->write_baseline && nfiles == 1 ? write_baseline(o, &files[0]) : EXIT_PASS;
	if (write_rc == EXIT_USAGE || (write_rc == EXIT_MALFORMED && rc != EXIT_USAGE))
		rc = write_rc; /* the exit status says that no baseline was written */
	for (uint32_t i = 0; i < nfiles; i++)
		p1c_file_report_free(&files[i]);
	free(files);
	return emit_rc != EXIT_PASS ? emit_rc : rc;
}

static int audit(const struct options *o, const struct p1c_profile *profile)
{
	char msg[512];
	struct p1c_arena arena;
	struct p1c_baseline baseline;
	struct p1c_waiver_set waivers = {0};
	p1c_arena_init(&arena, 0);
	int rc = EXIT_USAGE;
	if (!p1c_cli_load_waivers(o->waivers, profile, &arena, &waivers)) {
		rc = EXIT_USAGE;
	} else if (!o->baseline) {
		rc = run_audit(o, profile, NULL, &waivers);
	} else if (p1c_baseline_load(o->baseline, &arena, &baseline, msg, sizeof(msg))) {
		rc = run_audit(o, profile, &baseline, &waivers);
	} else {
		fprintf(stderr, "wasm-p1check: %s\n", msg);
	}
	p1c_arena_free_all(&arena);
	return rc;
}

static int show_profile(const struct p1c_profile *profile)
{
	if (p1c_report_profile(stdout, profile) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "wasm-p1check: error writing standard output: %s\n", strerror(errno));
		return EXIT_USAGE;
	}
	return EXIT_PASS;
}

int main(int argc, char **argv)
{
	struct options o = {.profile = "wasip1", .fail_on = P1C_FAIL_ON_ERROR, .max_paths = 3};
	signal(SIGPIPE, SIG_IGN); /* a closed pipe becomes a write error: exit 2 */
	if (argc > 1 && strcmp(argv[1], "natives") == 0)
		return p1c_natives_main(argc - 1, argv + 1);
	int rc = parse_options(argc, argv, &o);
	if (rc >= 0)
		return rc;
	const char *env = getenv("WASM_P1CHECK_PROFILE_PATH");
	char *env_copy = env ? strdup(env) : NULL;
	const char *dirs[64];
	struct p1c_profile_search search = {dirs, build_search(env_copy, dirs, 64),
					    p1c_builtin_profiles, p1c_builtin_profile_count};
	if (o.list_profiles || o.list_rules || o.explain) {
		rc = o.list_profiles ? list_profiles(&search)
		     : o.list_rules ? p1c_cli_list_rules(o.format == FORMAT_JSON)
				    : p1c_cli_explain(o.explain, &search, o.format == FORMAT_JSON);
		free(env_copy);
		return rc;
	}
	struct p1c_arena arena;
	struct p1c_profile profile;
	struct p1c_profile_error err = {0};
	p1c_arena_init(&arena, 0);
	if (!p1c_profile_load(o.show_profile ? o.show_profile : o.profile, &search, &arena, &profile, &err)) {
		print_profile_error(&err);
		rc = EXIT_USAGE;
	} else {
		rc = o.show_profile ? show_profile(&profile) : audit(&o, &profile);
	}
	p1c_arena_free_all(&arena);
	free(env_copy);
	return rc;
}
