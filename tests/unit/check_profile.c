/* Device profiles: the shipped profiles (every .yaml file in profiles/, found by glob), `extends`
 * merging, every loader error with its exact file:line:column, signatures, deny globs,
 * listing, and the --show-profile round trip. Runs from the repository root. */
#include <check.h>
#include <dirent.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/profile.h"
#include "profile/profile_impl.h"
#include "profile/profile_print.h"
#include "suites.h"
#include "testlib.h"

#define SHIPPED "profiles"
#define FIXTURES "fixtures/profiles"

static const char *const default_dirs[] = {SHIPPED};
static const struct p1c_profile_search default_search = {default_dirs, 1, NULL, 0};

static struct p1c_str S(const char *s)
{
	return (struct p1c_str){(const uint8_t *)s, (uint32_t)strlen(s)};
}

/* ---- helpers ------------------------------------------------------------------------------ */

struct loaded {
	struct p1c_arena arena;
	struct p1c_profile p;
	struct p1c_profile_error err;
	bool ok;
};

static void load_named(struct loaded *l, const char *name, const struct p1c_profile_search *s)
{
	p1c_arena_init(&l->arena, 0);
	l->ok = p1c_profile_load(name, s ? s : &default_search, &l->arena, &l->p, &l->err);
}

static void load_text(struct loaded *l, const char *text, const char *path,
		      const struct p1c_profile_search *s)
{
	p1c_arena_init(&l->arena, 0);
	l->ok = p1c_profile_load_text(text, strlen(text), path, s ? s : &default_search, &l->arena,
				      &l->p, &l->err);
}

static void done(struct loaded *l)
{
	p1c_arena_free_all(&l->arena);
}

static void must_load(struct loaded *l)
{
	ck_assert_msg(l->ok, "load failed: %s:%u:%u: %s", l->err.file, l->err.line, l->err.column,
		      l->err.msg);
}

/* The error must be exactly at file:line:column and its message must contain want. */
static void must_fail(struct loaded *l, const char *file, uint32_t line, uint32_t column,
		      const char *want)
{
	ck_assert_msg(!l->ok, "expected an error containing \"%s\"", want);
	ck_assert_msg(strcmp(l->err.file, file) == 0 && l->err.line == line &&
			      l->err.column == column && strstr(l->err.msg, want),
		      "got %s:%u:%u: %s\nwant %s:%u:%u: ...%s...", l->err.file, l->err.line,
		      l->err.column, l->err.msg, file, line, column, want);
}

static void text_fails(const char *text, uint32_t line, uint32_t column, const char *want)
{
	struct loaded l;
	load_text(&l, text, "t.yaml", NULL);
	must_fail(&l, "t.yaml", line, column, want);
	done(&l);
}

static bool sig_is(const struct p1c_functype *ft, const char *text)
{
	struct p1c_arena a;
	struct p1c_functype want;
	p1c_arena_init(&a, 0);
	bool ok = p1c_functype_parse(text, &a, &want) && want.nparams == ft->nparams &&
		  want.nresults == ft->nresults;
	for (uint32_t i = 0; ok && i < ft->nparams; i++)
		ok = want.params[i].code == ft->params[i].code;
	for (uint32_t i = 0; ok && i < ft->nresults; i++)
		ok = want.results[i].code == ft->results[i].code;
	p1c_arena_free_all(&a);
	return ok;
}

static const struct p1c_profile_import *imp(const struct p1c_profile *p, const char *m,
					    const char *n)
{
	return p1c_profile_find_import(p, S(m), S(n));
}

static void import_is(const struct p1c_profile *p, const char *m, const char *n, const char *sig)
{
	const struct p1c_profile_import *i = imp(p, m, n);
	ck_assert_msg(i != NULL, "%s: no import %s#%s", p->name, m, n);
	ck_assert_msg(sig_is(&i->type, sig), "%s: %s#%s is not %s", p->name, m, n, sig);
}

static uint32_t count_module(const struct p1c_profile *p, const char *module)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < p->nimports; i++)
		n += strcmp(p->imports[i].module, module) == 0;
	return n;
}

static bool list_is(const struct p1c_strlist *l, const char *const *items, uint32_t n)
{
	if (l->count != n)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (strcmp(l->items[i], items[i]) != 0)
			return false;
	}
	return true;
}

/* ---- equality, for the round trip ---------------------------------------------------------- */

/* Prints p, loads the text back and compares. */
static void round_trip(const struct p1c_profile *p)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(p1c_report_profile(out, p), 0);
	ck_assert_int_eq(fclose(out), 0);
	struct loaded back;
	p1c_arena_init(&back.arena, 0);
	back.ok = p1c_profile_load_text(buf, size, "shown.yaml", NULL, &back.arena, &back.p, &back.err);
	ck_assert_msg(back.ok, "%s: printed profile does not load: %u:%u: %s", p->name, back.err.line,
		      back.err.column, back.err.msg);
	const char *diff = p1c_profile_diff(p, &back.p);
	ck_assert_msg(diff == NULL, "%s: round trip changed %s", p->name, diff);
	ck_assert_ptr_nonnull(strstr(buf, "# Resolved profile"));
	ck_assert_ptr_null(strstr(buf, "\nextends:"));
	done(&back);
	free(buf);
}

/* ---- shipped profiles ------------------------------------------------------------------------ */

START_TEST(test_shipped_all_load_and_round_trip)
{
	glob_t g;
	ck_assert_int_eq(glob(SHIPPED "/*.yaml", 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 5);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct loaded by_path, by_name;
		char name[128];
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(base) - 5), base);
		load_named(&by_path, g.gl_pathv[i], NULL);
		must_load(&by_path);
		load_named(&by_name, name, NULL);
		must_load(&by_name);
		ck_assert_str_eq(by_name.p.name, name);
		ck_assert_msg(by_path.p.description[0], "%s has no description", name);
		ck_assert_ptr_null(p1c_profile_diff(&by_path.p, &by_name.p));
		for (uint32_t j = 1; j < by_path.p.nimports; j++) {
			const struct p1c_profile_import *a = &by_path.p.imports[j - 1], *b = &by_path.p.imports[j];
			int r = strcmp(a->module, b->module);
			ck_assert_msg(r < 0 || (r == 0 && strcmp(a->name, b->name) < 0), "%s: imports not sorted",
				      name);
		}
		round_trip(&by_path.p);
		done(&by_path);
		done(&by_name);
	}
	globfree(&g);
}
END_TEST

/* The hash index (import_slots) finds every listed import, the one the sorted search finds
 * (the index switched off); a name that differs in one byte, or is a prefix, finds nothing. */
static void lookups_agree(const struct p1c_profile *p)
{
	struct p1c_profile sorted = *p;
	sorted.import_slots = NULL;
	ck_assert_ptr_nonnull(p->import_slots);
	ck_assert_uint_ge(p->import_slot_mask + 1, 2u * p->nimports);
	for (uint32_t i = 0; i < p->nimports; i++) {
		const struct p1c_profile_import *want = &p->imports[i];
		char near[256];
		ck_assert_ptr_eq(p1c_profile_find_import(p, S(want->module), S(want->name)), want);
		ck_assert_ptr_eq(p1c_profile_find_import(&sorted, S(want->module), S(want->name)), want);
		snprintf(near, sizeof(near), "%s~", want->name);
		ck_assert_ptr_eq(p1c_profile_find_import(p, S(want->module), S(near)),
				 p1c_profile_find_import(&sorted, S(want->module), S(near)));
		struct p1c_str shorter = {S(want->name).ptr, S(want->name).len - 1};
		ck_assert_ptr_eq(p1c_profile_find_import(p, S(want->module), shorter),
				 p1c_profile_find_import(&sorted, S(want->module), shorter));
	}
}

START_TEST(test_shipped_import_index)
{
	glob_t g;
	ck_assert_int_eq(glob(SHIPPED "/*.yaml", 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct loaded l;
		load_named(&l, g.gl_pathv[i], NULL);
		must_load(&l);
		lookups_agree(&l.p);
		done(&l);
	}
	globfree(&g);
}
END_TEST

/* The trees compiled in for the shipped profiles are what the YAML reader makes of their
 * texts now (marks, texts, plain flags), and loading a built-in profile through its tree gives
 * the profile the same files give when parsed (no built-ins on that search path). */
START_TEST(test_builtin_trees)
{
	const struct p1c_profile_search builtins = {NULL, 0, p1c_builtin_profiles,
						    p1c_builtin_profile_count};
	ck_assert_uint_ge(p1c_builtin_profile_count, 5);
	for (size_t i = 0; i < p1c_builtin_profile_count; i++) {
		const struct p1c_profile_builtin *b = &p1c_builtin_profiles[i];
		struct p1c_arena arena;
		struct p1c_profile_error err;
		struct ynode *parsed, *compiled;
		p1c_arena_init(&arena, 0);
		ck_assert_msg(b->tree && b->tree_len, "%s: no tree compiled in", b->name);
		ck_assert(p1c_prof_yaml_tree(b->text, b->len, b->name, &arena, &parsed, &err));
		ck_assert(p1c_prof_tree_decode(b->tree, b->tree_len, &arena, &compiled));
		ck_assert_msg(p1c_prof_tree_equal(parsed, compiled), "%s: tree differs from a parse", b->name);
		/* no cut of the bytes decodes, nor a node type out of range */
		for (size_t cut = 0; cut < b->tree_len; cut += 1 + cut / 64)
			ck_assert_msg(!p1c_prof_tree_decode(b->tree, cut, &arena, &compiled), "%s: %zu bytes",
				      b->name, cut);
		unsigned char *bad = p1c_arena_alloc(&arena, b->tree_len);
		ck_assert_ptr_nonnull(bad);
		memcpy(bad, b->tree, b->tree_len);
		bad[0] = 9;
		ck_assert(!p1c_prof_tree_decode(bad, b->tree_len, &arena, &compiled));
		p1c_arena_free_all(&arena);
		struct loaded from_tree, from_file;
		load_named(&from_tree, b->name, &builtins);
		must_load(&from_tree);
		load_named(&from_file, b->name, NULL);
		must_load(&from_file);
		ck_assert_msg(!p1c_profile_diff(&from_tree.p, &from_file.p), "%s: %s differs", b->name,
			      p1c_profile_diff(&from_tree.p, &from_file.p));
		done(&from_tree);
		done(&from_file);
	}
}
END_TEST

/* A deny pattern's literal start is compared in place before fnmatch(3) runs: it must decide
 * exactly as fnmatch over "module#name" and over the module alone would. */
START_TEST(test_deny_literal_start)
{
	struct loaded l;
	load_text(&l, "profile: d\ndeny:\n"
		      "  - { pattern: \"env#ab*\", reason: a }\n"
		      "  - { pattern: \"mod\", reason: b }\n"
		      "  - { pattern: \"x?#y\", reason: c }\n"
		      "  - { pattern: \"lo[n]g#name\", reason: d }\n", "t.yaml", NULL);
	must_load(&l);
	const struct p1c_profile *p = &l.p;
	ck_assert_uint_eq(p->deny[0].literal, 6);
	ck_assert_uint_eq(p->deny[1].literal, 3);
	ck_assert_uint_eq(p->deny[2].literal, 1);
	ck_assert_uint_eq(p->deny[3].literal, 2);
	ck_assert_str_eq(p1c_profile_denied(p, S("env"), S("abc"))->reason, "a");
	ck_assert_str_eq(p1c_profile_denied(p, S("env"), S("ab"))->reason, "a");
	ck_assert_ptr_null(p1c_profile_denied(p, S("env"), S("a")));     /* shorter than the literal */
	ck_assert_ptr_null(p1c_profile_denied(p, S("en"), S("v#abc")));  /* '#' not where the module ends */
	ck_assert_ptr_null(p1c_profile_denied(p, S("envx"), S("abc")));
	ck_assert_str_eq(p1c_profile_denied(p, S("mod"), S("f"))->reason, "b"); /* the module alone */
	ck_assert_ptr_null(p1c_profile_denied(p, S("mo"), S("d")));
	ck_assert_ptr_null(p1c_profile_denied(p, S("modx"), S("f")));
	ck_assert_str_eq(p1c_profile_denied(p, S("xz"), S("y"))->reason, "c");
	ck_assert_ptr_null(p1c_profile_denied(p, S("x"), S("y")));
	ck_assert_str_eq(p1c_profile_denied(p, S("long"), S("name"))->reason, "d");
	ck_assert_ptr_null(p1c_profile_denied(p, S("lung"), S("name")));
	/* A NUL byte in a name never matches a literal byte. */
	struct p1c_str nul = {(const uint8_t *)"a\0c", 3};
	ck_assert_ptr_null(p1c_profile_denied(p, S("env"), nul));
	struct p1c_str nul2 = {(const uint8_t *)"ab\0", 3};
	ck_assert_str_eq(p1c_profile_denied(p, S("env"), nul2)->reason, "a");
	/* The loader's index of first bytes: e, m, x and l only; the search gives the same
	 * answers without it. */
	ck_assert(p->deny_first_set);
	ck_assert(p->deny_first['e' >> 3] & (1u << ('e' & 7)));
	ck_assert(!(p->deny_first['f' >> 3] & (1u << ('f' & 7))));
	struct p1c_profile unindexed = *p;
	unindexed.deny_first_set = false;
	ck_assert_str_eq(p1c_profile_denied(&unindexed, S("env"), S("abc"))->reason, "a");
	ck_assert_ptr_null(p1c_profile_denied(&unindexed, S("fnv"), S("abc")));
	done(&l);
	/* A module named "" leads with '#'; a pattern without a literal start can match anything. */
	load_text(&l, "profile: d\ndeny:\n"
		      "  - { pattern: \"#x\", reason: e }\n", "t.yaml", NULL);
	must_load(&l);
	ck_assert_str_eq(p1c_profile_denied(&l.p, S(""), S("x"))->reason, "e");
	ck_assert_ptr_null(p1c_profile_denied(&l.p, S("m"), S("x")));
	done(&l);
	load_text(&l, "profile: d\ndeny:\n"
		      "  - { pattern: \"q*\", reason: f }\n"
		      "  - { pattern: \"*#z\", reason: g }\n", "t.yaml", NULL);
	must_load(&l);
	ck_assert_str_eq(p1c_profile_denied(&l.p, S("anything"), S("z"))->reason, "g");
	ck_assert_str_eq(p1c_profile_denied(&l.p, S("q"), S("z"))->reason, "f");
	ck_assert_ptr_null(p1c_profile_denied(&l.p, S("a"), S("y")));
	done(&l);
}
END_TEST

static bool init_is(const struct p1c_profile *p, const char *const *names, uint32_t n)
{
	if (p->ninit != n)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(p->init[i].name, names[i]) != 0)
			return false;
	return true;
}

START_TEST(test_wasip1)
{
	struct loaded l;
	load_named(&l, "wasip1", NULL);
	must_load(&l);
	const struct p1c_profile *p = &l.p;
	ck_assert_uint_eq(p->nimports, 46);
	ck_assert_uint_eq(count_module(p, "wasi_snapshot_preview1"), 46);
	import_is(p, "wasi_snapshot_preview1", "fd_write", "(i32 i32 i32 i32) -> i32");
	import_is(p, "wasi_snapshot_preview1", "path_open",
		  "(i32 i32 i32 i32 i32 i64 i64 i32 i32) -> i32");
	import_is(p, "wasi_snapshot_preview1", "clock_time_get", "(i32 i64 i32) -> i32");
	import_is(p, "wasi_snapshot_preview1", "fd_seek", "(i32 i64 i32 i32) -> i32");
	import_is(p, "wasi_snapshot_preview1", "proc_exit", "(i32) -> ()");
	import_is(p, "wasi_snapshot_preview1", "proc_raise", "(i32) -> i32");
	import_is(p, "wasi_snapshot_preview1", "sched_yield", "() -> i32");
	import_is(p, "wasi_snapshot_preview1", "sock_recv", "(i32 i32 i32 i32 i32 i32) -> i32");
	import_is(p, "wasi_snapshot_preview1", "path_filestat_set_times",
		  "(i32 i32 i32 i32 i64 i64 i32) -> i32");
	ck_assert_ptr_null(imp(p, "wasi_snapshot_preview1", "sock_open"));
	ck_assert_ptr_null(imp(p, "wasi_unstable", "fd_write")); /* no alias in plain wasip1 */
	ck_assert_int_eq(p->unresolved, P1C_UNRESOLVED_LINK_ERROR);
	static const char *const init[] = {"start-function", "_initialize"};
	ck_assert(init_is(p, init, 2));
	ck_assert(!p->init[0].skip_imported);
	ck_assert_uint_eq(p->init[1].when.count, 1);
	ck_assert_int_eq(p->init[1].when.items[0].kind, P1C_COND_NO_EXPORT);
	ck_assert(!p->underscore_fallback);
	ck_assert_uint_eq(p->memory_table_import_modules.count, 0);
	ck_assert_uint_eq(p->global_imports.count, 0);
	ck_assert_int_eq(p->kind, P1C_KIND_COMMAND_OR_REACTOR);
	ck_assert(p->memory_export_required);
	ck_assert_int_eq(p->start_and_initialize, P1C_BOTH_REFUSE);
	ck_assert_uint_eq(p->limits.max_memory, P1C_LIMIT_UNSET);
	static const enum p1c_feature on[] = {
		P1C_FEATURE_MUTABLE_GLOBAL, P1C_FEATURE_SATURATING_FLOAT_TO_INT,
		P1C_FEATURE_SIGN_EXTENSION, P1C_FEATURE_MULTI_VALUE, P1C_FEATURE_BULK_MEMORY,
		P1C_FEATURE_REFERENCE_TYPES, P1C_FEATURE_SIMD,
		/* implied by bulk-memory and reference-types */
		P1C_FEATURE_BULK_MEMORY_OPT, P1C_FEATURE_CALL_INDIRECT_OVERLONG};
	uint64_t want = 0;
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++)
		want |= UINT64_C(1) << on[i];
	ck_assert_uint_eq(p->features_allowed, want);
	ck_assert_ptr_nonnull(p1c_profile_denied(p, S("wasi:sockets/udp@0.2.0"), S("[resource-drop]udp-socket")));
	ck_assert_ptr_nonnull(p1c_profile_denied(p, S("cm32p2|wasi:sockets/udp@0.2"), S("udp-socket_drop")));
	ck_assert_ptr_nonnull(p1c_profile_denied(p, S("wasi_snapshot_preview1"), S("adapter_close_badfd")));
	ck_assert_ptr_null(p1c_profile_denied(p, S("wasi_snapshot_preview1"), S("fd_write")));
	ck_assert_ptr_null(p1c_profile_denied(p, S("env"), S("wasi:x")));
	ck_assert(p1c_strlist_contains(&p->libc_entry_points, S("close")));
	ck_assert(p1c_strlist_contains(&p->libc_entry_points, S("__stdio_close")));
	done(&l);
}
END_TEST

START_TEST(test_wamr)
{
	struct loaded l;
	load_named(&l, "wamr", NULL);
	must_load(&l);
	const struct p1c_profile *p = &l.p;
	ck_assert_uint_eq(count_module(p, "wasi_snapshot_preview1"), 46 + 48);
	ck_assert_uint_eq(count_module(p, "env"), 52);
	ck_assert_uint_eq(p->nimports, 46 + 48 + 52);
	import_is(p, "wasi_snapshot_preview1", "sock_open", "(i32 i32 i32 i32) -> i32");
	import_is(p, "wasi_snapshot_preview1", "sock_addr_resolve", "(i32 i32 i32 i32 i32 i32) -> i32");
	import_is(p, "wasi_snapshot_preview1", "sock_set_recv_timeout", "(i32 i64) -> i32");
	import_is(p, "wasi_snapshot_preview1", "fd_write", "(i32 i32 i32 i32) -> i32");
	import_is(p, "env", "printf", "(i32 i32) -> i32");
	import_is(p, "env", "snprintf", "(i32 i32 i32 i32) -> i32");
	import_is(p, "env", "free", "(i32) -> ()");
	import_is(p, "env", "clock", "() -> i64");
	import_is(p, "env", "__cxa_throw", "(i32 i32 i32) -> ()");
	/* module-aliases: wasi_unstable resolves as wasi_snapshot_preview1 */
	import_is(p, "wasi_unstable", "fd_write", "(i32 i32 i32 i32) -> i32");
	ck_assert_ptr_null(imp(p, "wasi_unstable", "printf"));
	ck_assert_int_eq(p->unresolved, P1C_UNRESOLVED_TRAP_ON_CALL);
	static const char *const init[] = {"start-function", "_initialize", "__post_instantiate",
					   "__wasm_call_ctors"};
	ck_assert(init_is(p, init, 4));
	ck_assert(p->init[0].start_function && p->init[0].skip_imported);
	ck_assert_int_eq(p->init[1].when.items[0].kind, P1C_COND_IMPORTS_WASI);
	ck_assert_uint_eq(p->init[2].when.count, 0);
	ck_assert_uint_eq(p->init[3].when.count, 2);
	ck_assert_int_eq(p->init[3].when.items[1].kind, P1C_COND_FEATURE);
	ck_assert_int_eq(p->init[3].when.items[1].feature, P1C_FEATURE_BULK_MEMORY);
	ck_assert_int_eq(p->init[3].wrong_type, P1C_WRONG_TYPE_SKIP);
	ck_assert_str_eq(p->entry_points.items[1], "main");
	ck_assert_uint_eq(p->nentry_checks, 5); /* _start, _initialize, main, __main_argc_argv, _main */
	ck_assert_int_eq(p->memory_export_bites, P1C_STAGE_LOAD);
	ck_assert(p->underscore_fallback);
	ck_assert(p1c_strlist_contains(&p->memory_table_import_modules, S("")));
	ck_assert(p1c_strlist_contains(&p->memory_table_import_modules, S("env")));
	ck_assert(!p1c_strlist_contains(&p->memory_table_import_modules, S("foo")));
	ck_assert(p1c_strlist_contains(&p->global_imports, S("global#NaN")));
	ck_assert(p1c_strlist_contains(&p->global_imports, S("global#Infinity")));
	ck_assert(!p1c_strlist_contains(&p->global_imports, S("env#__stack_pointer")));
	ck_assert_int_eq(p->start_and_initialize, P1C_BOTH_RUN_BOTH);
	ck_assert(p1c_profile_feature_allowed(p, P1C_FEATURE_SIMD));
	ck_assert(p1c_profile_feature_allowed(p, P1C_FEATURE_BULK_MEMORY));
	ck_assert(!p1c_profile_feature_allowed(p, P1C_FEATURE_MEMORY64));
	ck_assert(!p1c_profile_feature_allowed(p, P1C_FEATURE_TAIL_CALL));
	ck_assert_uint_eq(p->ndeny, 3); /* inherited from wasip1 */
	ck_assert_uint_eq(p->extends.count, 1);
	ck_assert_str_eq(p->extends.items[0], "wasip1");
	done(&l);
}
END_TEST

START_TEST(test_wamr_minimal)
{
	struct loaded l;
	load_named(&l, "wamr-minimal", NULL);
	must_load(&l);
	const struct p1c_profile *p = &l.p;
	ck_assert_ptr_null(imp(p, "wasi_snapshot_preview1", "sock_open"));
	ck_assert_ptr_null(imp(p, "wasi_snapshot_preview1", "sock_accept"));
	ck_assert_ptr_null(imp(p, "wasi_snapshot_preview1", "sock_shutdown"));
	ck_assert_uint_eq(count_module(p, "wasi_snapshot_preview1"), 46 - 4);
	import_is(p, "env", "printf", "(i32 i32) -> i32");
	ck_assert(!p1c_profile_feature_allowed(p, P1C_FEATURE_SIMD));
	ck_assert(!p1c_profile_feature_allowed(p, P1C_FEATURE_REFERENCE_TYPES));
	ck_assert(!p1c_profile_feature_allowed(p, P1C_FEATURE_BULK_MEMORY));
	ck_assert(!p1c_profile_feature_allowed(p, P1C_FEATURE_THREADS));
	ck_assert(p1c_profile_feature_allowed(p, P1C_FEATURE_SIGN_EXTENSION));
	ck_assert_int_eq(p->unresolved, P1C_UNRESOLVED_TRAP_ON_CALL); /* two levels up */
	ck_assert(p->underscore_fallback);
	done(&l);
}
END_TEST

START_TEST(test_node_and_wasmtime)
{
	struct loaded n, w;
	load_named(&n, "node-wasi", NULL);
	load_named(&w, "wasmtime-p1", NULL);
	must_load(&n);
	must_load(&w);
	ck_assert_int_eq(n.p.unresolved, P1C_UNRESOLVED_LINK_ERROR);
	ck_assert_int_eq(n.p.start_and_initialize, P1C_BOTH_REFUSE);
	ck_assert_uint_eq(n.p.memory_table_import_modules.count, 0);
	ck_assert_ptr_null(imp(&n.p, "wasi_unstable", "fd_write"));
	ck_assert_uint_eq(n.p.nimports, 46);
	ck_assert_int_eq(w.p.unresolved, P1C_UNRESOLVED_LINK_ERROR);
	import_is(&w.p, "wasi_unstable", "fd_write", "(i32 i32 i32 i32) -> i32");
	done(&n);
	done(&w);
}
END_TEST

START_TEST(test_tiny_fixture)
{
	struct loaded l;
	load_named(&l, FIXTURES "/tiny.yaml", NULL);
	must_load(&l);
	const struct p1c_profile *p = &l.p;
	ck_assert_str_eq(p->name, "tiny");
	ck_assert_uint_eq(p->nimports, 46 - 4 + 1);
	import_is(p, "env", "log", "(i32 i32) -> ()");
	ck_assert_ptr_null(imp(p, "wasi_snapshot_preview1", "sock_accept"));
	ck_assert_int_eq(p->kind, P1C_KIND_COMMAND);
	ck_assert_uint_eq(p->nrequired_exports, 2);
	ck_assert_str_eq(p->required_exports[0].name, "_start"); /* sorted */
	ck_assert(p->required_exports[0].has_type);
	ck_assert(sig_is(&p->required_exports[0].type, "() -> ()"));
	ck_assert_str_eq(p->required_exports[1].name, "memory");
	ck_assert_uint_eq(p->required_exports[1].kind, P1C_EXTERN_MEMORY);
	ck_assert(!p->required_exports[1].has_type);
	ck_assert_uint_eq(p->limits.max_initial_memory, 1u << 20);
	ck_assert_uint_eq(p->limits.max_memory, 2u << 20);
	ck_assert_uint_eq(p->limits.max_table_elements, 1024);
	ck_assert_uint_eq(p->limits.max_code_size, 64u << 10);
	ck_assert_uint_eq(p->limits.max_functions, 500);
	ck_assert_uint_eq(p->limits.max_data_size, 256u << 10);
	round_trip(p);
	done(&l);
}
END_TEST

/* ---- extends: merge, override, delete ------------------------------------------------------------ */

static const char base_a[] =
	"profile: a\n"
	"description: base a\n"
	"runtime:\n"
	"  unresolved-imports: trap-on-call\n"
	"  init-functions: [ia]\n"
	"  import-underscore-fallback: true\n"
	"  module-aliases: { old: new, x: y }\n"
	"imports:\n"
	"  new: { f: \"(i32) -> i32\", g: \"() -> ()\", h: \"() -> ()\" }\n"
	"deny: [{ pattern: \"a*\", reason: ra }]\n"
	"features: { simd: true, threads: true, gc: true }\n"
	"module: { kind: command, exports: { _start: \"() -> ()\", mem: memory } }\n"
	"limits: { max-memory: 1MiB, max-functions: 10 }\n"
	"libc-entry-points: [close]\n";

static const char base_b[] =
	"profile: b\n"
	"runtime: { init-functions: [ib] }\n"
	"imports: { new: { g: \"(i64) -> ()\" }, other: { o: \"() -> f64\" } }\n"
	"deny: [{ pattern: \"b*\", reason: rb }]\n"
	"features: { simd: false }\n"
	"limits: { max-memory: 2MiB }\n";

static const char child[] =
	"profile: c\n"
	"extends: [a.yaml, b.yaml]\n"
	"runtime:\n"
	"  memory-table-import-modules: [env]\n"
	"  module-aliases: { x: ~ }\n"
	"imports:\n"
	"  new: { h: ~, f: \"(i32 i32) -> i32\" }\n"
	"deny: [{ pattern: \"c*\", reason: rc }]\n"
	"features: { gc: ~, memory64: true }\n"
	"module: { exports: { mem: ~ }, start-and-initialize: run-both }\n"
	"limits: { max-functions: ~, max-code-size: 100 }\n"
	"libc-entry-points: []\n";

START_TEST(test_extends_merge)
{
	struct testlib_tmpdir t;
	testlib_tmp_open(&t);
	testlib_tmp_write(&t, "a.yaml", base_a);
	testlib_tmp_write(&t, "b.yaml", base_b);
	const char *c = testlib_tmp_write(&t, "c.yaml", child);
	struct loaded l;
	load_named(&l, c, NULL);
	must_load(&l);
	const struct p1c_profile *p = &l.p;
	ck_assert_str_eq(p->name, "c");
	ck_assert_str_eq(p->description, ""); /* description is not inherited */
	ck_assert_str_eq(p->path, c);
	ck_assert_int_eq(p->unresolved, P1C_UNRESOLVED_TRAP_ON_CALL); /* from a */
	ck_assert(p->underscore_fallback);
	static const char *const init[] = {"ib"}, *const env[] = {"env"};
	ck_assert(init_is(p, init, 1)); /* b replaces a's list */
	ck_assert(list_is(&p->memory_table_import_modules, env, 1));
	ck_assert_uint_eq(p->libc_entry_points.count, 0); /* [] replaces [close] */
	ck_assert_uint_eq(p->nmodule_aliases, 1);
	ck_assert_str_eq(p->module_aliases[0].from, "old");
	ck_assert_uint_eq(p->nimports, 3);
	import_is(p, "new", "f", "(i32 i32) -> i32"); /* c overrides a */
	import_is(p, "new", "g", "(i64) -> ()");      /* b (later parent) overrides a */
	ck_assert_ptr_null(imp(p, "new", "h"));       /* deleted by c */
	import_is(p, "other", "o", "() -> f64");
	import_is(p, "old", "f", "(i32 i32) -> i32"); /* alias old -> new */
	ck_assert_uint_eq(p->ndeny, 3);               /* appended in order a, b, c */
	ck_assert_str_eq(p->deny[0].reason, "ra");
	ck_assert_str_eq(p->deny[1].reason, "rb");
	ck_assert_str_eq(p->deny[2].reason, "rc");
	ck_assert(!p1c_profile_feature_allowed(p, P1C_FEATURE_SIMD));  /* b: false */
	ck_assert(p1c_profile_feature_allowed(p, P1C_FEATURE_THREADS)); /* a */
	ck_assert(!p1c_profile_feature_allowed(p, P1C_FEATURE_GC));     /* deleted: default */
	ck_assert(p1c_profile_feature_allowed(p, P1C_FEATURE_MEMORY64));
	ck_assert_int_eq(p->kind, P1C_KIND_COMMAND);
	ck_assert_int_eq(p->start_and_initialize, P1C_BOTH_RUN_BOTH);
	ck_assert(!p->memory_export_required); /* default */
	ck_assert_uint_eq(p->nrequired_exports, 1);
	ck_assert_str_eq(p->required_exports[0].name, "_start");
	ck_assert_uint_eq(p->limits.max_memory, 2u << 20);
	ck_assert_uint_eq(p->limits.max_functions, P1C_LIMIT_UNSET);
	ck_assert_uint_eq(p->limits.max_code_size, 100);
	ck_assert_uint_eq(p->limits.max_initial_memory, P1C_LIMIT_UNSET);
	round_trip(p);
	done(&l);
	testlib_tmp_close(&t);
}
END_TEST

START_TEST(test_defaults)
{
	struct loaded l;
	load_text(&l, "profile: empty\n", "t.yaml", NULL);
	must_load(&l);
	const struct p1c_profile *p = &l.p;
	ck_assert_int_eq(p->unresolved, P1C_UNRESOLVED_LINK_ERROR);
	static const char *const init[] = {"start-function", "_initialize"};
	ck_assert(init_is(p, init, 2));
	ck_assert(!p->underscore_fallback);
	ck_assert_uint_eq(p->memory_table_import_modules.count + p->global_imports.count +
				  p->libc_entry_points.count + p->nimports + p->ndeny +
				  p->nrequired_exports + p->nmodule_aliases,
			  0);
	ck_assert_uint_eq(p->features_allowed, 0);
	ck_assert_int_eq(p->kind, P1C_KIND_ANY);
	ck_assert(!p->memory_export_required);
	ck_assert_int_eq(p->start_and_initialize, P1C_BOTH_REFUSE);
	ck_assert_uint_eq(p->limits.max_initial_memory, P1C_LIMIT_UNSET);
	ck_assert_uint_eq(p->limits.max_data_size, P1C_LIMIT_UNSET);
	ck_assert_str_eq(p->description, "");
	round_trip(p);
	done(&l);
}
END_TEST

START_TEST(test_values)
{
	struct loaded l;
	load_text(&l,
		  "profile: v.1_x-y\n"
		  "runtime:\n"
		  "  global-imports: [\"env#g\"]\n"
		  "  import-underscore-fallback: False\n"
		  "imports:\n"
		  "  \"\": { \"\": \"(v128, funcref,externref exnref f32 f64)->(i32 i64)\" }\n"
		  "  env: { \"a b\": \"()->()\" }\n"
		  "limits:\n"
		  "  max-initial-memory: 3 GiB\n"
		  "  max-memory: \"65536\"\n"
		  "  max-code-size: 0\n"
		  "  max-data-size: 17179869183GiB\n"
		  "features: { simd: TRUE }\n"
		  "module: { exports: { t: table, g: global, e: tag, f: func } }\n",
		  "t.yaml", NULL);
	must_load(&l);
	const struct p1c_profile *p = &l.p;
	ck_assert(!p->underscore_fallback);
	import_is(p, "", "", "(v128 funcref externref exnref f32 f64) -> (i32 i64)");
	import_is(p, "env", "a b", "() -> ()");
	ck_assert_uint_eq(p->limits.max_initial_memory, UINT64_C(3) << 30);
	ck_assert_uint_eq(p->limits.max_memory, 65536);
	ck_assert_uint_eq(p->limits.max_code_size, 0);
	ck_assert_uint_eq(p->limits.max_data_size, UINT64_C(17179869183) << 30);
	ck_assert(p1c_profile_feature_allowed(p, P1C_FEATURE_SIMD));
	ck_assert_uint_eq(p->nrequired_exports, 4);
	ck_assert_str_eq(p->required_exports[0].name, "e");
	ck_assert_uint_eq(p->required_exports[0].kind, P1C_EXTERN_TAG);
	ck_assert_uint_eq(p->required_exports[1].kind, P1C_EXTERN_FUNC);
	ck_assert(!p->required_exports[1].has_type);
	round_trip(p);
	done(&l);
}
END_TEST

START_TEST(test_round_trip_strings)
{
	struct loaded l;
	load_text(&l,
		  "profile: q\n"
		  "description: \"tab\\there \\\"q\\\" back\\\\slash \\u2028 \\x01 caf\\u00e9 \\U0001F600 \\x85\"\n"
		  "runtime: { init-functions: [\"~\", \"null\", \"a,b\", \"-x\", \"#c\", \"x: y\", \"[z]\"] }\n"
		  "imports: { \"wasi:io/poll@0.2.0\": { \"[method]pollable.block\": \"(i32) -> ()\" } }\n"
		  "deny: [{ pattern: \"it's [a-z]*\", reason: \"line\\nbreak\" }]\n",
		  "t.yaml", NULL);
	must_load(&l);
	ck_assert_uint_eq(l.p.ninit, 7);
	round_trip(&l.p);
	done(&l);
}
END_TEST

/* Every waiver key loads, prints and loads back the same; a limit key must be one of
 * limits.def, and a waiver gives at most one subject key. */
START_TEST(test_waiver_keys)
{
	struct loaded l;
	load_text(&l,
		  "profile: w\n"
		  "waivers:\n"
		  "  - { rule: P1C011, import: \"env#*\", module: \"a-*.wasm\", reason: r1 }\n"
		  "  - { rule: P1C020, feature: simd, reason: r2 }\n"
		  "  - { rule: P1C033, export: app_main, reason: r3 }\n"
		  "  - { rule: limits, limit: max-data-size, reason: r4 }\n",
		  "t.yaml", NULL);
	must_load(&l);
	ck_assert_uint_eq(l.p.nwaivers, 4);
	ck_assert_str_eq(l.p.waivers[3].limit, "max-data-size");
	ck_assert_ptr_null(l.p.waivers[2].limit);
	round_trip(&l.p);
	done(&l);
	load_text(&l, "profile: w\nwaivers: [{ rule: P1C040, limit: max_memory, reason: r }]\n", "t.yaml", NULL);
	ck_assert(!l.ok);
	ck_assert_ptr_nonnull(strstr(l.err.msg, "waiver limit 'max_memory' is not a limit key (max-initial-memory, "));
	done(&l);
	load_text(&l, "profile: w\nwaivers: [{ rule: P1C040, limit: max-memory, feature: simd, reason: r }]\n",
		  "t.yaml", NULL);
	ck_assert(!l.ok);
	ck_assert_ptr_nonnull(strstr(l.err.msg, "give at most one of import, feature, export, limit"));
	done(&l);
	/* A feature waiver names a feature exactly, with the feature list's own hints. */
	load_text(&l, "profile: w\nwaivers: [{ rule: P1C020, feature: thread, reason: r }]\n", "t.yaml", NULL);
	ck_assert(!l.ok);
	ck_assert_str_eq(l.err.msg, "unknown feature 'thread' (did you mean 'threads'?)");
	ck_assert_uint_eq(l.err.line, 2);
	done(&l);
	load_text(&l, "profile: w\nwaivers: [{ rule: P1C020, feature: simd128, reason: r }]\n", "t.yaml", NULL);
	ck_assert(!l.ok);
	ck_assert_ptr_nonnull(strstr(l.err.msg, "here it is 'simd'"));
	done(&l);
}
END_TEST

START_TEST(test_depth_limit)
{
	struct testlib_tmpdir t;
	char name[32], text[256];
	testlib_tmp_open(&t);
	/* p0 extends p1 ... p15 extends p16: 16 levels above p0 is allowed. */
	for (int i = 0; i <= 16; i++) {
		snprintf(name, sizeof(name), "p%d.yaml", i);
		if (i < 16)
			snprintf(text, sizeof(text), "profile: p%d\nextends: p%d.yaml\n", i, i + 1);
		else
			snprintf(text, sizeof(text), "profile: p16\nruntime: { unresolved-imports: trap-on-call }\n");
		testlib_tmp_write(&t, name, text);
	}
	struct loaded l;
	load_named(&l, t.files[0], NULL);
	must_load(&l);
	ck_assert_int_eq(l.p.unresolved, P1C_UNRESOLVED_TRAP_ON_CALL);
	done(&l);
	/* A file above p0 makes 17 levels. */
	snprintf(text, sizeof(text), "profile: top\nextends: %s\n", t.files[0]);
	const char *top = testlib_tmp_write(&t, "top.yaml", text);
	load_named(&l, top, NULL);
	must_fail(&l, t.files[15], 2, 10, "extends chain deeper than 16 profiles");
	done(&l);
	testlib_tmp_close(&t);
}
END_TEST

START_TEST(test_diamond)
{
	struct testlib_tmpdir t;
	testlib_tmp_open(&t);
	testlib_tmp_write(&t, "base.yaml", "profile: base\nimports: { m: { f: \"() -> ()\" } }\n");
	testlib_tmp_write(&t, "l.yaml", "profile: l\nextends: base.yaml\n");
	testlib_tmp_write(&t, "r.yaml", "profile: r\nextends: base.yaml\nimports: { m: { g: \"() -> ()\" } }\n");
	const char *top = testlib_tmp_write(&t, "top.yaml", "profile: top\nextends: [l.yaml, r.yaml]\n");
	struct loaded l;
	load_named(&l, top, NULL);
	must_load(&l);
	ck_assert_uint_eq(l.p.nimports, 2);
	done(&l);
	testlib_tmp_close(&t);
}
END_TEST

/* ---- errors ---------------------------------------------------------------------------------------- */

START_TEST(test_fixture_errors)
{
	static const struct {
		const char *file, *at_file;
		uint32_t line, column;
		const char *msg;
	} cases[] = {
		{"broken-syntax.yaml", NULL, 5, 21, "YAML syntax error: did not find expected ',' or ']'"},
		{"unknown-key.yaml", NULL, 6, 3, "unknown key 'init-function' in runtime (expected one of: "
						 "unresolved-imports, init-functions"},
		{"bad-signature.yaml", NULL, 6, 14, "imports.wasi_snapshot_preview1.fd_read: invalid "
						    "signature \"(i32 i33 i32 i32) -> i32\": unknown "
						    "value type 'i33'"},
		{"cycle-a.yaml", "cycle-b.yaml", 3, 19, "extends cycle: " FIXTURES "/cycle-a.yaml -> "
						    FIXTURES "/cycle-b.yaml -> " FIXTURES "/cycle-a.yaml"},
		{"self-extends.yaml", NULL, 3, 10, "extends cycle: " FIXTURES "/self-extends.yaml -> "
						   FIXTURES "/self-extends.yaml"},
		{"bad-feature.yaml", NULL, 6, 3, "unknown feature 'memory-64' (did you mean 'memory64'?)"},
		{"duplicate-key.yaml", NULL, 7, 5, "duplicate key 'log' in imports.env (first at line 5, "
						   "column 5)"},
		{"bad-enum.yaml", NULL, 4, 9, "invalid module.kind 'library' (expected any, command, "
					      "reactor or command-or-reactor)"},
		{"bad-size.yaml", NULL, 4, 23, "unknown size suffix 'MB' (expected KiB, MiB or GiB)"},
		{"missing-name.yaml", NULL, 2, 1, "missing required key 'profile'"},
		{"missing-parent.yaml", NULL, 3, 19, "profile 'no-such-profile' not found (searched: "
						     "profiles)"},
		{"remove-missing.yaml", NULL, 7, 5, "cannot remove imports.wasi_snapshot_preview1."
						    "sock_frobnicate: no parent profile defines it"},
		{"anchors.yaml", NULL, 4, 19, "YAML anchors (&init) are not supported"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[128], at[128];
		snprintf(path, sizeof(path), FIXTURES "/%s", cases[i].file);
		snprintf(at, sizeof(at), FIXTURES "/%s", cases[i].at_file ? cases[i].at_file : cases[i].file);
		struct loaded l;
		load_named(&l, path, NULL);
		must_fail(&l, at, cases[i].line, cases[i].column, cases[i].msg);
		done(&l);
	}
}
END_TEST

START_TEST(test_text_errors)
{
	static const struct {
		const char *text;
		uint32_t line, column;
		const char *msg;
	} cases[] = {
		/* documents */
		{"", 1, 1, "the profile is empty"},
		{"# only a comment\n", 2, 1, "the profile is empty"},
		{"---\n", 2, 1, "a profile must be a YAML mapping, got null"},
		{"- a\n- b\n", 1, 1, "a profile must be a YAML mapping, got a sequence"},
		{"just text\n", 1, 1, "a profile must be a YAML mapping, got a string"},
		{"profile: a\n---\nprofile: b\n", 2, 1, "a single YAML document"},
		{"profile: a\nx: [1, 2\n", 3, 1, "YAML syntax error"},
		{"profile: a\n\tx: 1\n", 2, 1, "YAML syntax error: found a tab character that violates indentation"},
		{"profile: \"a\x01\"\n", 1, 12, "YAML syntax error: control characters are not allowed"},
		{"profile: a\nb: \xff\n", 2, 4, "YAML syntax error: invalid leading UTF-8 octet"},
		{"profile: a\ndescription: *x\n", 2, 14, "YAML aliases (*x) are not supported"},
		{"profile: !!int 3\n", 1, 10, "YAML tag 'tag:yaml.org,2002:int' is not supported"},
		{"profile: a\ndescription: \"a\\0b\"\n", 2, 14, "a NUL character is not allowed"},
		/* keys and types */
		{"description: x\n", 1, 1, "missing required key 'profile'"},
		{"profile: a\nprofile: b\n", 2, 1, "duplicate key 'profile' in the profile (first at line 1, column 1)"},
		{"profile: a\nnope: 1\n", 2, 1, "unknown key 'nope' in the profile (expected one of: profile, description, extends"},
		{"profile: a\n[x]: 1\n", 2, 1, "keys in the profile must be strings, got a sequence"},
		{"profile: a\n~: 1\n", 2, 1, "keys in the profile must be strings, got null"},
		{"profile: [a]\n", 1, 10, "profile must be a string, got a sequence"},
		{"profile: Abc\n", 1, 10, "invalid profile name 'Abc'"},
		{"profile: -a\n", 1, 10, "invalid profile name '-a'"},
		{"profile: a\ndescription: {x: 1}\n", 2, 14, "description must be a string, got a mapping"},
		{"profile: a\nextends: {x: 1}\n", 2, 10, "extends must be a profile name or path"},
		{"profile: a\nextends: [\"\"]\n", 2, 11, "extends: empty profile name"},
		{"profile: a\nextends: [[x]]\n", 2, 11, "extends[0] must be a string, got a sequence"},
		{"profile: a\nruntime: 3\n", 2, 10, "runtime must be a mapping, got a string"},
		{"profile: a\nruntime:\n", 2, 9, "runtime must be a mapping, got null"},
		{"profile: a\nruntime: { unresolved-imports: trap }\n", 2, 32,
		 "invalid runtime.unresolved-imports 'trap' (expected trap-on-call or link-error)"},
		{"profile: a\nruntime: { import-underscore-fallback: yes }\n", 2, 40,
		 "runtime.import-underscore-fallback must be true or false, got 'yes'"},
		{"profile: a\nruntime: { import-underscore-fallback: \"true\" }\n", 2, 40, "(a quoted string)"},
		{"profile: a\nruntime: { init-functions: _start }\n", 2, 28,
		 "runtime.init-functions must be a sequence of export names or {call, when, imported, "
		 "wrong-type, wasi, proc-exit} mappings"},
		{"profile: a\nruntime: { init-functions: [a, {b: c}] }\n", 2, 33,
		 "unknown key 'b' in runtime.init-functions[1]"},
		{"profile: a\nruntime: { init-functions: [{when: always}] }\n", 2, 29,
		 "runtime.init-functions[0] needs 'call': start-function or an export name"},
		{"profile: a\nruntime: { init-functions: [{call: f, when: sometimes}] }\n", 2, 45,
		 "runtime.init-functions[0]: invalid condition 'sometimes'"},
		{"profile: a\nruntime: { init-functions: [{call: f, when: \"feature:warp\"}] }\n", 2, 45,
		 "runtime.init-functions[0]: invalid condition 'feature:warp'"},
		{"profile: a\nruntime: { init-functions: [{call: f, imported: skip}] }\n", 2, 49,
		 "runtime.init-functions[0]: 'imported' applies to start-function only"},
		{"profile: a\nruntime: { init-functions: [{call: f, wrong-type: maybe}] }\n", 2, 51,
		 "invalid runtime.init-functions[0].wrong-type 'maybe' (expected skip, fail or run)"},
		{"profile: a\nruntime: { init-functions: [{call: f, proc-exit: maybe}] }\n", 2, 50,
		 "invalid runtime.init-functions[0].proc-exit 'maybe' (expected exits, fails or fails-instantiate)"},
		{"profile: a\nruntime: { import-types: loose }\n", 2, 26,
		 "invalid runtime.import-types 'loose' (expected checked or coerced)"},
		{"profile: a\nmodule: { entry-checks: { _start: { type: \"()\" , bites: load } } }\n", 2, 43,
		 "module.entry-checks._start.type must be func, a signature such as \"() -> ()\" or a "
		 "sequence of signatures"},
		{"profile: a\nmodule: { entry-checks: { _start: { type: func } } }\n", 2, 35,
		 "module.entry-checks._start needs 'bites': load, instantiate or call"},
		{"profile: a\nmodule: { memory-export: { bites: load } }\n", 2, 26,
		 "module.memory-export needs 'required-if-any'"},
		{"profile: a\nmodule: { memory-export: { required-if-any: [never] } }\n", 2, 46,
		 "module.memory-export.required-if-any: invalid condition 'never'"},
		{"profile: a\nruntime: { global-imports: all }\n", 2, 28,
		 "runtime.global-imports must be none or a sequence of \"module#name\" strings"},
		{"profile: a\nruntime: { global-imports: [env.g] }\n", 2, 29,
		 "runtime.global-imports[0] 'env.g' must be written \"module#name\""},
		{"profile: a\nruntime: { module-aliases: [a] }\n", 2, 28, "runtime.module-aliases must be a mapping"},
		{"profile: a\nruntime: { module-aliases: { a: a } }\n", 2, 33, "maps the module to itself"},
		{"profile: a\nruntime: { module-aliases: { a: [b] } }\n", 2, 33,
		 "runtime.module-aliases.a must be a string, got a sequence"},
		{"profile: a\nruntime: { module-aliases: { a: ~ } }\n", 2, 30,
		 "cannot remove runtime.module-aliases.a: no parent profile defines it"},
		/* imports */
		{"profile: a\nimports: [a]\n", 2, 10, "imports must be a mapping, got a sequence"},
		{"profile: a\nimports: { env: [f] }\n", 2, 17, "imports.env must be a mapping of function names"},
		{"profile: a\nimports: { env: { f: [i32] } }\n", 2, 22, "imports.env.f must be a string"},
		{"profile: a\nimports: { env: { f: \"(i32\" } }\n", 2, 22, "expected a value type at the end"},
		{"profile: a\nimports: { env: { f: \"i32 -> i32\" } }\n", 2, 22, "expected '(' at 'i32 -> i32'"},
		{"profile: a\nimports: { env: { f: \"(i32) i32\" } }\n", 2, 22, "expected '->' at 'i32'"},
		{"profile: a\nimports: { env: { f: \"(i32) -> i32 i64\" } }\n", 2, 22, "unexpected 'i64' after the signature"},
		{"profile: a\nimports: { env: { f: \"(i32,) -> ()\" } }\n", 2, 22, "expected a value type after ','"},
		{"profile: a\nimports: { env: { f: \"(i32,,i32) -> ()\" } }\n", 2, 22, "expected a value type at ',i32) -> ()'"},
		{"profile: a\nimports: { env: { f: \"(I32) -> ()\" } }\n", 2, 22, "unknown value type 'I32'"},
		{"profile: a\nimports: { env: { f: \"(anyref) -> ()\" } }\n", 2, 22, "unknown value type 'anyref'"},
		{"profile: a\nimports: { env: { f: \"() ->\" } }\n", 2, 22, "expected a value type at the end"},
		{"profile: a\nimports: { env: { f: \"ii)\" } }\n", 2, 23, "invalid WAMR signature \"ii)\": expected '(' at character 1"},
		{"profile: a\nimports: { env: { f: ~ } }\n", 2, 19, "cannot remove imports.env.f: no parent profile defines it"},
		/* deny */
		{"profile: a\ndeny: { pattern: x }\n", 2, 7, "deny must be a sequence of {pattern, reason} mappings"},
		{"profile: a\ndeny: [x]\n", 2, 8, "deny[0] must be a mapping, got a string"},
		{"profile: a\ndeny: [{ pattern: x }]\n", 2, 8, "deny[0] needs both 'pattern' and 'reason'"},
		{"profile: a\ndeny: [{ pattern: \"\", reason: r }]\n", 2, 19, "deny pattern must not be empty"},
		{"profile: a\ndeny: [{ pattern: x, reason: r, why: w }]\n", 2, 33,
		 "unknown key 'why' in deny[0] (expected one of: pattern, reason)"},
		/* features */
		{"profile: a\nfeatures: { simd: 1 }\n", 2, 19, "features.simd must be true or false, got '1'"},
		{"profile: a\nfeatures: { nonsense-feature-name: true }\n", 2, 13,
		 "unknown feature 'nonsense-feature-name' (see FEATURES in wasm-p1check-profile(5))"},
		{"profile: a\nfeatures: { simd: ~ }\n", 2, 13, "cannot remove features.simd"},
		{"profile: a\nfeatures: { simd: true, simd: false }\n", 2, 25, "duplicate key 'simd' in features"},
		/* module */
		{"profile: a\nmodule: { kind: lib }\n", 2, 17, "(expected any, command, reactor or command-or-reactor)"},
		{"profile: a\nmodule: { memory-export: yes }\n", 2, 26,
		 "invalid module.memory-export 'yes' (expected required or optional)"},
		{"profile: a\nmodule: { start-and-initialize: both }\n", 2, 33,
		 "invalid module.start-and-initialize 'both' (expected run-both or refuse)"},
		{"profile: a\nmodule: { exports: { _start: \"() -> ()\", m: mem } }\n", 2, 45,
		 "module.exports.m must be a signature such as \"() -> ()\" or one of func, table, memory, global, tag"},
		{"profile: a\nmodule: { exports: { m: [memory] } }\n", 2, 25, "module.exports.m must be a string"},
		{"profile: a\nmodule: { exports: { m: ~ } }\n", 2, 22, "cannot remove module.exports.m"},
		{"profile: a\nmodule: { kind: any, kind: any }\n", 2, 22, "duplicate key 'kind' in module"},
		/* limits */
		{"profile: a\nlimits: { max-memory: -1 }\n", 2, 23, "invalid limits.max-memory '-1': must not be negative"},
		{"profile: a\nlimits: { max-memory: 1.5MiB }\n", 2, 23, "must be a whole number"},
		{"profile: a\nlimits: { max-memory: 16 MB }\n", 2, 23, "unknown size suffix 'MB'"},
		{"profile: a\nlimits: { max-memory: 18446744073709551615 }\n", 2, 23, "too large"},
		{"profile: a\nlimits: { max-memory: 18446744073709551616 }\n", 2, 23, "too large"},
		{"profile: a\nlimits: { max-memory: 17179869184GiB }\n", 2, 23, "too large"},
		{"profile: a\nlimits: { max-memory: MiB }\n", 2, 23, "expected a size such as 65536 or 16MiB"},
		{"profile: a\nlimits: { max-table-elements: 64KiB }\n", 2, 31, "expected a plain integer (no unit)"},
		{"profile: a\nlimits: { max-functions: 10x }\n", 2, 26, "expected a non-negative integer"},
		{"profile: a\nlimits: { max-functions: [1] }\n", 2, 26, "limits.max-functions must be a string"},
		{"profile: a\nlimits: { max-stack: 1 }\n", 2, 11, "unknown key 'max-stack' in limits"},
		{"profile: a\nlimits: { max-memory: ~ }\n", 2, 11, "cannot remove limits.max-memory"},
		/* libc-entry-points */
		{"profile: a\nlibc-entry-points: close\n", 2, 20, "libc-entry-points must be a sequence of strings"},
		/* extends */
		{"profile: a\nextends: [nope]\n", 2, 11, "profile 'nope' not found (searched: profiles)"},
		{"profile: a\nextends: /nonexistent/x.yaml\n", 2, 10,
		 "cannot read extended profile '/nonexistent/x.yaml': No such file or directory"},
		{"profile: a\nextends: profiles\n", 2, 10, "profile 'profiles' not found"},
		{"profile: a\nextends: ./profiles/\n", 2, 10, "cannot read extended profile './profiles/': Is a directory"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		text_fails(cases[i].text, cases[i].line, cases[i].column, cases[i].msg);
}
END_TEST

START_TEST(test_load_errors)
{
	struct loaded l;
	load_named(&l, "no-such-profile", NULL);
	must_fail(&l, "", 0, 0, "profile 'no-such-profile' not found (searched: profiles)");
	done(&l);
	static const char *const dirs[] = {"a", "b/", "./profiles"};
	struct p1c_profile_search s = {dirs, 3, NULL, 0};
	load_named(&l, "foo", &s);
	must_fail(&l, "", 0, 0, "profile 'foo' not found (searched: a, b/, ./profiles)");
	done(&l);
	static const char *const empty_dir[] = {""}; /* means "." */
	struct p1c_profile_search cwd = {empty_dir, 1, NULL, 0};
	load_named(&l, "tiny", &cwd);
	must_fail(&l, "", 0, 0, "profile 'tiny' not found (searched: .)");
	done(&l);
	struct p1c_profile_search none = {NULL, 0, NULL, 0};
	load_named(&l, "wasip1", &none);
	must_fail(&l, "", 0, 0, "profile 'wasip1' not found (no search directories)");
	done(&l);
	load_named(&l, "fixtures/profiles/none.yaml", NULL);
	must_fail(&l, "fixtures/profiles/none.yaml", 0, 0, "cannot read profile");
	done(&l);
	load_named(&l, "fixtures/profiles/", NULL);
	must_fail(&l, "fixtures/profiles/", 0, 0, "Is a directory");
	done(&l);
	/* A file found by name must be named like its file. */
	struct testlib_tmpdir t;
	testlib_tmp_open(&t);
	testlib_tmp_write(&t, "right.yaml", "profile: wrong\n");
	const char *tdirs[] = {t.path};
	struct p1c_profile_search ts = {tdirs, 1, NULL, 0};
	load_named(&l, "right", &ts);
	must_fail(&l, t.files[0], 1, 10, "profile 'wrong' is in a file named 'right.yaml'");
	done(&l);
	load_named(&l, t.files[0], &ts); /* by path: any name */
	must_load(&l);
	done(&l);
	testlib_tmp_close(&t);
}
END_TEST

START_TEST(test_size_limit)
{
	size_t n = (1u << 20) + 1;
	char *big = malloc(n + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, '#', n);
	memcpy(big, "profile: a\n", 11);
	big[n] = '\0';
	struct loaded l;
	load_text(&l, big, "big.yaml", NULL);
	must_fail(&l, "big.yaml", 0, 0, "larger than 1 MiB");
	done(&l);
	struct testlib_tmpdir t;
	testlib_tmp_open(&t);
	const char *path = testlib_tmp_write(&t, "big.yaml", big);
	load_named(&l, path, NULL);
	must_fail(&l, path, 0, 0, "is larger than 1 MiB");
	done(&l);
	big[n - 1] = '\0'; /* exactly 1 MiB of comments after the name: fine */
	load_text(&l, big, "big.yaml", NULL);
	must_load(&l);
	done(&l);
	testlib_tmp_close(&t);
	free(big);
}
END_TEST

START_TEST(test_nesting_limit)
{
	char text[512] = "profile: a\ndescription: ";
	for (int i = 0; i < 70; i++)
		strcat(text, "[");
	struct loaded l;
	load_text(&l, text, "t.yaml", NULL);
	must_fail(&l, "t.yaml", 2, 77, "YAML nesting deeper than 64 levels");
	done(&l);
}
END_TEST

/* ---- signatures, globs, lookups ------------------------------------------------------------------ */

START_TEST(test_functype_parse)
{
	struct p1c_arena a;
	struct p1c_functype ft;
	p1c_arena_init(&a, 0);
	ck_assert(p1c_functype_parse("(i32 i32) -> i32", &a, &ft));
	ck_assert_uint_eq(ft.nparams, 2);
	ck_assert_uint_eq(ft.nresults, 1);
	ck_assert_uint_eq(ft.params[1].code, P1C_VT_I32);
	ck_assert(p1c_functype_parse("  (i64)->()  ", &a, &ft));
	ck_assert_uint_eq(ft.nparams, 1);
	ck_assert_uint_eq(ft.params[0].code, P1C_VT_I64);
	ck_assert_uint_eq(ft.nresults, 0);
	ck_assert(p1c_functype_parse("(i32) -> (i32 i64)", &a, &ft));
	ck_assert_uint_eq(ft.nresults, 2);
	ck_assert_uint_eq(ft.results[1].code, P1C_VT_I64);
	ck_assert(p1c_functype_parse("()->()", &a, &ft));
	ck_assert(p1c_functype_parse("(\ti32,\ni64 ) ->\r(f32)", &a, &ft));
	ck_assert_uint_eq(ft.nparams, 2);
	ck_assert(p1c_functype_parse("(v128 funcref externref exnref f64) -> f32", &a, &ft));
	ck_assert_uint_eq(ft.params[0].code, P1C_VT_V128);
	ck_assert_uint_eq(ft.params[1].code, P1C_VT_FUNCREF);
	ck_assert_uint_eq(ft.params[2].code, P1C_VT_EXTERNREF);
	ck_assert_uint_eq(ft.params[3].code, P1C_VT_EXNREF);
	ck_assert_uint_eq(ft.params[4].code, P1C_VT_F64);
	static const char *const bad[] = {
		"", "()", "->", "() - ()", "() -> ) ", "(i32 -> i32", "(i32) -> i32)", "(i32)(i32) -> ()",
		"(i32 i32i32) -> ()", "(i32) -> ((i32))", "(ref null 0) -> ()", "(i32) -> i32 junk",
		"(,) -> ()",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!p1c_functype_parse(bad[i], &a, &ft), "parsed \"%s\"", bad[i]);
	ck_assert(!p1c_functype_parse(NULL, &a, &ft));
	p1c_arena_free_all(&a);
}
END_TEST

START_TEST(test_deny_glob_matches_fnmatch)
{
	static const char *const patterns[] = {
		"wasi:*", "cm32p2|*", "wasi_snapshot_preview1#adapter_*", "*", "?", "a?c", "*#*",
		"[a-c]*", "[!a-c]*", "[^w]*", "[]]*", "[a-]x", "\\*x", "x\\", "[", "[abc", "*[0-9]",
		"env#[mp]*", "**a**", "*.*.*", "a*b*c*d", "[\\]]", "wasi:sockets/*#*drop*",
	};
	static const char *const subjects[] = {
		"", "a", "abc", "wasi:io/poll@0.2.0", "wasi_snapshot_preview1#adapter_open_badfd",
		"env#printf", "env#memcpy", "cm32p2|wasi:sockets/udp@0.2", "]x", "-x", "*x", "x\\", "[",
		"[abc", "abc9", "aXbYcZd", "a.b.c", "#", "wasi:sockets/udp@0.2.0#[resource-drop]udp-socket",
	};
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		for (size_t j = 0; j < sizeof(subjects) / sizeof(subjects[0]); j++) {
			/* the literal start as the loader sets it: the in-place check runs too */
			struct p1c_deny d = {patterns[i], "r", (uint32_t)strcspn(patterns[i], "*?[\\")};
			struct p1c_profile p;
			memset(&p, 0, sizeof(p));
			p.deny = &d;
			p.ndeny = 1;
			/* Subject as a module alone (no '#' in it), or split at its first '#'. */
			char module[128];
			const char *hash = strchr(subjects[j], '#');
			snprintf(module, sizeof(module), "%.*s",
				 (int)(hash ? (size_t)(hash - subjects[j]) : strlen(subjects[j])), subjects[j]);
			const char *name = hash ? hash + 1 : "";
			char joined[256];
			snprintf(joined, sizeof(joined), "%s#%s", module, name);
			bool want = fnmatch(patterns[i], joined, 0) == 0 || fnmatch(patterns[i], module, 0) == 0;
			bool got = p1c_profile_denied(&p, S(module), S(name)) != NULL;
			ck_assert_msg(got == want, "pattern '%s' vs '%s': got %d, fnmatch %d", patterns[i],
				      joined, got, want);
		}
	}
}
END_TEST

/* What the patterns users write mean (wasm-p1check-profile(5), deny), written out rather than
 * asked of fnmatch(3): '[' opens a bracket expression, so a WASI 0.2 resource name needs its
 * brackets escaped; character classes work; a NUL inside a name is a character that only
 * '?', '*' and negated brackets match. */
START_TEST(test_deny_patterns_users_write)
{
	static const struct { const char *pattern, *module, *name; bool hit; } cases[] = {
		{"wasi:*", "wasi:io/poll@0.2.0", "poll", true},
		{"wasi:*", "wasi_snapshot_preview1", "fd_write", false},
		{"cm32p2|*", "cm32p2|wasi:sockets/udp@0.2", "udp-socket_drop", true},
		{"cm32p2|*", "cm32p2", "x", false},
		{"wasi_snapshot_preview1#adapter_*", "wasi_snapshot_preview1", "adapter_close_badfd", true},
		/* a bracket expression: one character of r,e,s,o,u,c and the empty range e-d... */
		{"wasi:sockets/udp@0.2.0#[resource-drop]udp-socket", "wasi:sockets/udp@0.2.0",
		 "[resource-drop]udp-socket", false},
		{"wasi:sockets/udp@0.2.0#[resource-drop]udp-socket", "wasi:sockets/udp@0.2.0",
		 "rudp-socket", true},
		/* ...so the literal name is written with escapes or [[] */
		{"wasi:sockets/udp@0.2.0#\\[resource-drop\\]udp-socket", "wasi:sockets/udp@0.2.0",
		 "[resource-drop]udp-socket", true},
		{"*#[[]resource-drop]*", "wasi:sockets/tcp@0.2.0", "[resource-drop]tcp-socket", true},
		{"*#[[]resource-drop]*", "wasi:sockets/tcp@0.2.0", "[method]tcp-socket.bind", false},
		{"*#\\[method]*", "wasi:io/streams@0.2.0", "[method]output-stream.write", true},
		{"env#[[:upper:]]*", "env", "Foo", true},
		{"env#[[:upper:]]*", "env", "foo", false},
		{"env#[!a-z]*", "env", "_start", true},
		{"env#?", "env", "x", true},
		{"env#?", "env", "xy", false},
		{"env#a*", "env", "a\\0b", true},   /* '*' takes the NUL */
		{"env#a?b", "env", "a\\0b", true},  /* so does '?' */
		{"env#a", "env", "a\\0b", false},   /* it does not end the name */
		{"env#a[!x]b", "env", "a\\0b", true},
		{"env#a[\x01-z]b", "env", "a\\0b", false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct p1c_deny d = {cases[i].pattern, "r", (uint32_t)strcspn(cases[i].pattern, "*?[\\")};
		struct p1c_profile p;
		memset(&p, 0, sizeof(p));
		p.deny = &d;
		p.ndeny = 1;
		const char *n = cases[i].name;
		/* names hold "\0" as the two characters backslash, 0: make it a real NUL byte */
		char name[64];
		size_t len = 0;
		for (size_t k = 0; n[k] && len < sizeof(name); k++) {
			bool nul = n[k] == '\\' && n[k + 1] == '0';
			name[len++] = nul ? '\0' : n[k];
			k += nul;
		}
		struct p1c_str nm = {(const uint8_t *)name, (uint32_t)len};
		bool got = p1c_profile_denied(&p, S(cases[i].module), nm) != NULL;
		ck_assert_msg(got == cases[i].hit, "pattern '%s' vs '%s#%s': got %d", cases[i].pattern,
			      cases[i].module, cases[i].name, got);
	}
}
END_TEST

START_TEST(test_deny_order_and_bytes)
{
	struct loaded l;
	load_text(&l,
		  "profile: a\n"
		  "deny:\n"
		  "  - { pattern: \"env#*\", reason: first }\n"
		  "  - { pattern: \"env#abort\", reason: second }\n",
		  "t.yaml", NULL);
	must_load(&l);
	const struct p1c_deny *d = p1c_profile_denied(&l.p, S("env"), S("abort"));
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->reason, "first");
	/* Names are byte slices: a NUL inside does not end them ("env\0x" is not "env"). */
	struct p1c_str mod = {(const uint8_t *)"env\0x", 5};
	ck_assert_ptr_null(p1c_profile_denied(&l.p, mod, S("abort")));
	ck_assert_ptr_null(p1c_profile_denied(&l.p, S("en"), S("v")));
	done(&l);
}
END_TEST

START_TEST(test_find_import_edges)
{
	struct loaded l;
	load_named(&l, "wamr", NULL);
	must_load(&l);
	struct p1c_str nul = {(const uint8_t *)"fd_write\0", 9};
	ck_assert_ptr_null(p1c_profile_find_import(&l.p, S("wasi_snapshot_preview1"), nul));
	ck_assert_ptr_null(p1c_profile_find_import(&l.p, S("wasi_snapshot_preview1"), S("fd_writ")));
	ck_assert_ptr_null(p1c_profile_find_import(&l.p, S("wasi_snapshot_preview1"), S("_fd_write")));
	ck_assert_ptr_null(p1c_profile_find_import(&l.p, S(""), S("")));
	struct p1c_str empty = {NULL, 0};
	ck_assert_ptr_null(p1c_profile_find_import(&l.p, empty, empty));
	ck_assert(!p1c_strlist_contains(&l.p.global_imports, empty));
	ck_assert(p1c_strlist_contains(&l.p.memory_table_import_modules, empty));
	ck_assert(!p1c_profile_feature_allowed(&l.p, P1C_FEATURE_COUNT));
	done(&l);
}
END_TEST

START_TEST(test_feature_table)
{
	ck_assert_int_eq(p1c_feature_lookup("simd"), P1C_FEATURE_SIMD);
	ck_assert_int_eq(p1c_feature_lookup("memory64"), P1C_FEATURE_MEMORY64);
	ck_assert_int_eq(p1c_feature_lookup("SIMD"), -1);
	ck_assert_int_eq(p1c_feature_lookup(""), -1);
	ck_assert_int_eq(p1c_feature_lookup(NULL), -1);
	for (int f = 0; f < P1C_FEATURE_COUNT; f++) {
		ck_assert_int_eq(p1c_feature_lookup(p1c_feature_name((enum p1c_feature)f)), f);
		ck_assert(p1c_feature_description((enum p1c_feature)f)[0] != '\0');
	}
	ck_assert_ptr_null(p1c_feature_name(P1C_FEATURE_COUNT));
	ck_assert_str_eq(p1c_unresolved_policy_name(P1C_UNRESOLVED_TRAP_ON_CALL), "trap-on-call");
	ck_assert_str_eq(p1c_kind_req_name(P1C_KIND_COMMAND_OR_REACTOR), "command-or-reactor");
	ck_assert_str_eq(p1c_both_entries_name(P1C_BOTH_RUN_BOTH), "run-both");
	ck_assert_str_eq(p1c_profile_valtype_name(P1C_VT_EXTERNREF), "externref");
	ck_assert_ptr_null(p1c_profile_valtype_name(P1C_VT_REF));
}
END_TEST

/* ---- listing ------------------------------------------------------------------------------------- */

/* Shipped profiles, by directory listing: a new file is counted without editing this test. */
static uint32_t count_shipped(void)
{
	DIR *d = opendir(SHIPPED);
	ck_assert_ptr_nonnull(d);
	uint32_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		n += e->d_name[0] != '.' && len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0;
	}
	closedir(d);
	return n;
}

START_TEST(test_list)
{
	struct testlib_tmpdir t1, t2;
	testlib_tmp_open(&t1);
	testlib_tmp_open(&t2);
	testlib_tmp_write(&t1, "zeta.yaml", "profile: zeta\ndescription: first zeta\nextends: wasip1\n");
	testlib_tmp_write(&t1, "broken.yaml", "profile: broken\nruntime: [\n");
	testlib_tmp_write(&t1, "notyaml.txt", "x");
	testlib_tmp_write(&t1, ".hidden.yaml", "profile: hidden\n");
	testlib_tmp_write(&t2, "zeta.yaml", "profile: zeta\ndescription: second zeta\n");
	testlib_tmp_write(&t2, "alpha.yaml", "profile: alpha\n");
	testlib_tmp_write(&t2, "misnamed.yaml", "profile: other\n");
	const char *dirs[] = {t1.path, "/nonexistent-dir", t2.path, SHIPPED};
	struct p1c_profile_search s = {dirs, 4, NULL, 0};
	struct p1c_arena a;
	p1c_arena_init(&a, 0);
	struct p1c_profile_entry *e;
	uint32_t n;
	struct p1c_profile_error err;
	ck_assert(p1c_profile_list(&s, &a, &e, &n, &err));
	ck_assert_uint_eq(n, 4 + count_shipped());
	ck_assert_str_eq(e[0].name, "alpha");
	ck_assert_str_eq(e[0].description, "");
	ck_assert_str_eq(e[1].name, "broken");
	ck_assert_msg(strncmp(e[1].description, "(invalid: ", 10) == 0 &&
			      strstr(e[1].description, "broken.yaml:3:1: YAML syntax error"),
		      "%s", e[1].description);
	ck_assert_str_eq(e[2].name, "misnamed");
	ck_assert_ptr_nonnull(strstr(e[2].description, "is in a file named 'misnamed.yaml'"));
	ck_assert_str_eq(e[n - 1].name, "zeta");
	ck_assert_str_eq(e[n - 1].description, "first zeta");
	ck_assert_str_eq(e[n - 1].path, t1.files[0]);
	for (uint32_t i = 1; i < n; i++)
		ck_assert_int_lt(strcmp(e[i - 1].name, e[i].name), 0);

	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	ck_assert_int_eq(p1c_report_profile_list(out, e, n), 0);
	fclose(out);
	/* Names are padded to the longest one, then the description, then the file. */
	size_t width = 0;
	for (uint32_t i = 0; i < n; i++)
		width = strlen(e[i].name) > width ? strlen(e[i].name) : width;
	char want[128];
	snprintf(want, sizeof(want), "alpha%*s  (", (int)(width - 5), "");
	ck_assert_msg(strstr(buf, want) != NULL, "no '%s' in:\n%s", want, buf);
	snprintf(want, sizeof(want), "wamr-minimal%*s  WAMR firmware build", (int)(width - 12), "");
	ck_assert_msg(strstr(buf, want) != NULL, "no '%s' in:\n%s", want, buf);
	ck_assert_ptr_nonnull(strstr(buf, "  (profiles/wamr-minimal.yaml)\n"));
	free(buf);
	p1c_arena_free_all(&a);
	testlib_tmp_close(&t1);
	testlib_tmp_close(&t2);
}
END_TEST

START_TEST(test_report_write_error)
{
	struct loaded l;
	load_named(&l, "wasip1", NULL);
	must_load(&l);
	FILE *full = fopen("/dev/full", "w");
	if (full) {
		ck_assert_int_eq(p1c_report_profile(full, &l.p), -1);
		fclose(full);
	}
	done(&l);
}
END_TEST

START_TEST(test_arena_limit)
{
	/* Every allocation failure turns into an error, never a crash. */
	for (size_t limit = 1024; limit < 400000; limit = limit * 3 / 2) {
		struct p1c_arena a;
		struct p1c_profile p;
		struct p1c_profile_error err;
		p1c_arena_init(&a, limit);
		bool ok = p1c_profile_load("wamr", &default_search, &a, &p, &err);
		ck_assert(ok || strstr(err.msg, "out of memory"));
		p1c_arena_free_all(&a);
	}
}
END_TEST

/* ---- the manual ------------------------------------------------------------------------------------ */

#define MANUAL "man/wasm-p1check-profile.5"

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	static const size_t cap = 1u << 20;
	char *buf = malloc(cap + 1);
	ck_assert_ptr_nonnull(buf);
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Every key and every feature is documented; the profile in EXAMPLES loads. */
START_TEST(test_manual)
{
	static const char *const keys[] = {
		"profile", "description", "extends", "runtime", "unresolved-imports", "init-functions",
		"import-underscore-fallback", "memory-table-import-modules", "global-imports",
		"module-aliases", "imports", "deny", "pattern", "reason", "features", "module", "kind",
		"memory-export", "start-and-initialize", "exports", "limits", "max-initial-memory",
		"max-memory", "max-table-elements", "max-code-size", "max-functions", "max-data-size",
		"libc-entry-points",
	};
	char *man = read_text(MANUAL), line[96];
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(line, sizeof(line), "\n.It Ic %s", keys[i]);
		ck_assert_msg(strstr(man, line) != NULL, "key %s is not documented", keys[i]);
	}
	for (int f = 0; f < P1C_FEATURE_COUNT; f++) {
		snprintf(line, sizeof(line), "\n.It Li %s\n%s\n", p1c_feature_name((enum p1c_feature)f),
			 p1c_feature_description((enum p1c_feature)f));
		ck_assert_msg(strstr(man, line) != NULL, "feature %s is not documented as in features.def",
			      p1c_feature_name((enum p1c_feature)f));
	}
	glob_t g;
	ck_assert_int_eq(glob(SHIPPED "/*.yaml", 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		snprintf(line, sizeof(line), "\n.It Li %.*s\n", (int)(strlen(base) - 5), base);
		ck_assert_msg(strstr(man, line) != NULL, "shipped profile %s is not documented", base);
	}
	globfree(&g);
	const char *ex = strstr(man, "\n.Sh EXAMPLES\n");
	ck_assert_ptr_nonnull(ex);
	const char *begin = strstr(ex, ".Bd -literal -offset indent\n");
	ck_assert_ptr_nonnull(begin);
	begin += strlen(".Bd -literal -offset indent\n");
	const char *end = strstr(begin, "\n.Ed\n");
	ck_assert_ptr_nonnull(end);
	struct loaded l;
	p1c_arena_init(&l.arena, 0);
	l.ok = p1c_profile_load_text(begin, (size_t)(end - begin) + 1, "example.yaml", &default_search,
				     &l.arena, &l.p, &l.err);
	must_load(&l);
	ck_assert_str_eq(l.p.name, "sensor-node");
	ck_assert_ptr_null(imp(&l.p, "wasi_snapshot_preview1", "sock_open"));
	import_is(&l.p, "env", "sensor_read", "(i32 i32) -> i32");
	done(&l);
	free(man);
}
END_TEST

Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *shipped = tcase_create("shipped");
	tcase_add_test(shipped, test_shipped_all_load_and_round_trip);
	tcase_add_test(shipped, test_shipped_import_index);
	tcase_add_test(shipped, test_builtin_trees);
	tcase_add_test(shipped, test_deny_literal_start);
	tcase_add_test(shipped, test_wasip1);
	tcase_add_test(shipped, test_wamr);
	tcase_add_test(shipped, test_wamr_minimal);
	tcase_add_test(shipped, test_node_and_wasmtime);
	tcase_add_test(shipped, test_tiny_fixture);
	suite_add_tcase(s, shipped);
	TCase *merge = tcase_create("extends");
	tcase_add_test(merge, test_extends_merge);
	tcase_add_test(merge, test_defaults);
	tcase_add_test(merge, test_values);
	tcase_add_test(merge, test_round_trip_strings);
	tcase_add_test(merge, test_waiver_keys);
	tcase_add_test(merge, test_depth_limit);
	tcase_add_test(merge, test_diamond);
	suite_add_tcase(s, merge);
	TCase *errors = tcase_create("errors");
	tcase_add_test(errors, test_fixture_errors);
	tcase_add_test(errors, test_text_errors);
	tcase_add_test(errors, test_load_errors);
	tcase_add_test(errors, test_size_limit);
	tcase_add_test(errors, test_nesting_limit);
	tcase_add_test(errors, test_arena_limit);
	suite_add_tcase(s, errors);
	TCase *lookups = tcase_create("lookups");
	tcase_add_test(lookups, test_functype_parse);
	tcase_add_test(lookups, test_deny_glob_matches_fnmatch);
	tcase_add_test(lookups, test_deny_patterns_users_write);
	tcase_add_test(lookups, test_deny_order_and_bytes);
	tcase_add_test(lookups, test_find_import_edges);
	tcase_add_test(lookups, test_feature_table);
	tcase_add_test(lookups, test_list);
	tcase_add_test(lookups, test_report_write_error);
	tcase_add_test(lookups, test_manual);
	suite_add_tcase(s, lookups);
	return s;
}
