/* Profiles for real devices (issue 13): the built-in copies of the shipped profiles, the
 * search order, `extends` next to the including file, WAMR signature strings, native-table
 * layering, stubs and WASI 0.2 semver matching. Profiles are written to a temp directory
 * with no checkout around them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/profile.h"
#include "suites.h"
#include "testlib.h"

static struct p1c_str S(const char *s)
{
	return (struct p1c_str){(const uint8_t *)s, (uint32_t)strlen(s)};
}

struct loaded {
	struct p1c_arena arena;
	struct p1c_profile p;
	struct p1c_profile_error err;
	bool ok;
};

static void load(struct loaded *l, const char *name, const struct p1c_profile_search *s)
{
	p1c_arena_init(&l->arena, 0);
	l->ok = p1c_profile_load(name, s, &l->arena, &l->p, &l->err);
}

static void load_text(struct loaded *l, const char *text, const struct p1c_profile_search *s)
{
	p1c_arena_init(&l->arena, 0);
	l->ok = p1c_profile_load_text(text, strlen(text), "dev.yaml", s, &l->arena, &l->p, &l->err);
}

static void must_load(const struct loaded *l)
{
	ck_assert_msg(l->ok, "load failed: %s:%u:%u: %s", l->err.file, l->err.line, l->err.column,
		      l->err.msg);
}

static void must_fail(const struct loaded *l, uint32_t line, uint32_t column, const char *msg)
{
	ck_assert_msg(!l->ok, "loaded, expected: %s", msg);
	ck_assert_msg(strstr(l->err.msg, msg), "message '%s' lacks '%s'", l->err.msg, msg);
	ck_assert_msg(l->err.line == line && l->err.column == column, "'%s' at %u:%u, expected %u:%u",
		      l->err.msg, l->err.line, l->err.column, line, column);
}

static void done(struct loaded *l)
{
	p1c_arena_free_all(&l->arena);
}

static const struct p1c_profile_search builtins_only = {NULL, 0, p1c_builtin_profiles, 0};

static struct p1c_profile_search with_builtins(const char *const *dirs, size_t ndirs)
{
	return (struct p1c_profile_search){dirs, ndirs, p1c_builtin_profiles,
					   p1c_builtin_profile_count};
}

/* ---- built-in copies and the search order ----------------------------------------------- */

/* Every shipped file has a built-in copy with the same bytes, and loads the same. */
START_TEST(test_builtin_copies)
{
	ck_assert_uint_ge(p1c_builtin_profile_count, 7);
	static const char *const shipped[] = {"profiles"};
	struct p1c_profile_search files = {shipped, 1, NULL, 0};
	struct p1c_profile_search mem = with_builtins(NULL, 0);
	for (size_t i = 0; i < p1c_builtin_profile_count; i++) {
		const struct p1c_profile_builtin *b = &p1c_builtin_profiles[i];
		char path[128], *text = NULL;
		size_t n = 0;
		snprintf(path, sizeof(path), "profiles/%s.yaml", b->name);
		FILE *f = fopen(path, "rb");
		ck_assert_msg(f != NULL, "%s has no file in profiles/", b->name);
		ck_assert_int_eq(getdelim(&text, &n, '\0', f) >= 0, 1);
		fclose(f);
		ck_assert_uint_eq(strlen(text), b->len);
		ck_assert_int_eq(memcmp(text, b->text, b->len), 0);
		free(text);
		struct loaded a, c;
		load(&a, b->name, &files);
		load(&c, b->name, &mem);
		must_load(&a);
		must_load(&c);
		ck_assert_msg(p1c_profile_diff(&a.p, &c.p) == NULL, "%s: built-in differs in %s",
			      b->name, p1c_profile_diff(&a.p, &c.p));
		snprintf(path, sizeof(path), P1C_BUILTIN_PREFIX "%s.yaml", b->name);
		ck_assert_str_eq(c.p.path, path);
		done(&a);
		done(&c);
	}
	struct loaded l;
	load(&l, "wamr", &builtins_only); /* nbuiltins 0: nothing to find */
	must_fail(&l, 0, 0, "profile 'wamr' not found (no search directories)");
	done(&l);
}
END_TEST

/* A directory on the path shadows a built-in of the same name; the built-in wamr still
 * extends its built-in sibling wasip1 (next to it first), not the shadowing file. */
START_TEST(test_search_order)
{
	struct testlib_tmpdir t;
	testlib_tmp_open(&t);
	testlib_tmp_write(&t, "wasip1.yaml", "profile: wasip1\ndescription: mine\n");
	const char *dirs[] = {t.path};
	struct p1c_profile_search s = with_builtins(dirs, 1);
	struct loaded l;
	load(&l, "wasip1", &s);
	must_load(&l);
	ck_assert_str_eq(l.p.description, "mine");
	ck_assert_uint_eq(l.p.nimports, 0);
	done(&l);
	load(&l, "wamr", &s);
	must_load(&l);
	ck_assert_ptr_nonnull(p1c_profile_find_import(&l.p, S("wasi_snapshot_preview1"), S("fd_write")));
	done(&l);
	load(&l, "nope", &s);
	char searched[160];
	snprintf(searched, sizeof(searched), "profile 'nope' not found (searched: %s, the built-in profiles)",
		 t.path);
	must_fail(&l, 0, 0, searched);
	done(&l);
	/* Listing: the file wins and says where it is; the others are built-in. */
	struct p1c_arena arena;
	struct p1c_profile_entry *e;
	uint32_t n;
	struct p1c_profile_error err;
	p1c_arena_init(&arena, 0);
	ck_assert(p1c_profile_list(&s, &arena, &e, &n, &err));
	ck_assert_uint_eq(n, p1c_builtin_profile_count);
	bool saw_file = false, saw_wamr = false;
	for (uint32_t i = 0; i < n; i++) {
		if (strcmp(e[i].name, "wasip1") == 0) {
			saw_file = !e[i].builtin && strcmp(e[i].path, t.files[0]) == 0 &&
				   strcmp(e[i].description, "mine") == 0;
		}
		if (strcmp(e[i].name, "wamr") == 0)
			saw_wamr = e[i].builtin && strcmp(e[i].path, P1C_BUILTIN_PREFIX "wamr.yaml") == 0;
	}
	ck_assert(saw_file && saw_wamr);
	p1c_arena_free_all(&arena);
	testlib_tmp_close(&t);
}
END_TEST

/* `extends: base` finds base.yaml next to the including file, with no search path at all;
 * a built-in profile cannot extend a path. */
START_TEST(test_extends_next_to_file)
{
	struct testlib_tmpdir t;
	testlib_tmp_open(&t);
	testlib_tmp_write(&t, "base.yaml", "profile: base\nfeatures: { simd: true }\n");
	const char *child = testlib_tmp_write(&t, "child.yaml", "profile: child\nextends: base\n");
	struct p1c_profile_search none = {NULL, 0, NULL, 0};
	struct loaded l;
	load(&l, child, &none);
	must_load(&l);
	ck_assert(p1c_profile_feature_allowed(&l.p, P1C_FEATURE_SIMD));
	done(&l);
	/* A name next to the file beats a built-in of that name. */
	testlib_tmp_write(&t, "wasip1.yaml", "profile: wasip1\n");
	const char *mine = testlib_tmp_write(&t, "mine.yaml", "profile: mine\nextends: wasip1\n");
	struct p1c_profile_search b = with_builtins(NULL, 0);
	load(&l, mine, &b);
	must_load(&l);
	ck_assert_uint_eq(l.p.nimports, 0);
	done(&l);
	/* ...and the built-in one is found when there is none next to it. */
	const char *other = testlib_tmp_write(&t, "other.yaml", "profile: other\nextends: wamr\n");
	load(&l, other, &b);
	must_load(&l);
	ck_assert_ptr_nonnull(p1c_profile_find_import(&l.p, S("wasi_snapshot_preview1"), S("sock_open")));
	done(&l);
	testlib_tmp_close(&t);
}
END_TEST


/* ---- WAMR signature strings ----------------------------------------------------------------- */

static struct p1c_functype ft_of(const char *core, struct p1c_arena *arena)
{
	struct p1c_functype ft;
	ck_assert_msg(p1c_functype_parse(core, arena, &ft), "bad test type %s", core);
	return ft;
}

/* The cases follow check_symbol_signature (core/iwasm/common/wasm_native.c, WAMR 2.4): each
 * letter is one parameter; '*' '~' '$' only take i32; '~' is the length after a '*'; only
 * the first result is compared; "" accepts anything. */
START_TEST(test_wamr_sig_matching)
{
	static const struct {
		const char *sig, *type;
		bool match;
	} cases[] = {
		{"(i)i", "(i32) -> i32", true},
		{"(i)i", "(i32) -> ()", false},
		{"(i)", "(i32) -> i32", false},
		{"(i)i", "(i64) -> i32", false},
		{"(ii)i", "(i32) -> i32", false},
		{"(i)i", "(i32 i32) -> i32", false},
		{"($)", "(i32) -> ()", true},
		{"($)", "(i64) -> ()", false},
		{"(*~)i", "(i32 i32) -> i32", true},
		{"(*~)i", "(i32 i64) -> i32", false},
		{"(*)i", "(i32) -> i32", true},
		{"(**)i", "(i32 i32) -> i32", true},
		{"(i*i*)i", "(i32 i32 i32 i32) -> i32", true},
		{"(iI*)i", "(i32 i64 i32) -> i32", true},
		{"(iI*)i", "(i32 i32 i32) -> i32", false},
		{"(fF)F", "(f32 f64) -> f64", true},
		{"(fF)F", "(f64 f32) -> f64", false},
		{"(r)", "(externref) -> ()", true},
		{"(i)", "(externref) -> ()", false},
		{"(*)", "(v128) -> ()", false},
		{"()I", "() -> i64", true},
		{"()I", "() -> (i64 i32)", true}, /* the first result only */
		{"", "(f64 v128) -> (i64 i32)", true},
	};
	struct p1c_arena arena;
	p1c_arena_init(&arena, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct p1c_functype ft = ft_of(cases[i].type, &arena);
		ck_assert_msg(p1c_wamr_sig_matches(cases[i].sig, &ft) == cases[i].match,
			      "\"%s\" vs %s: expected %s", cases[i].sig, cases[i].type,
			      cases[i].match ? "a match" : "no match");
	}
	/* The core type a signature stands for, as --show-profile and messages print it. */
	struct p1c_functype ft;
	size_t at;
	char why[128], text[128];
	ck_assert(p1c_wamr_sig_parse("(i*~$IfFr)F", &arena, &ft, &at, why, sizeof(why)));
	p1c_functype_format(text, sizeof(text), &ft);
	ck_assert_str_eq(text, "(i32 i32 i32 i32 i64 f32 f64 externref) -> f64");
	ck_assert(p1c_wamr_sig_matches("(i*~$IfFr)F", &ft));
	p1c_arena_free_all(&arena);
}
END_TEST

/* Invalid strings: the error names the character and the column points at it. */
START_TEST(test_wamr_sig_errors)
{
	static const struct {
		const char *value;
		uint32_t column;
		const char *msg;
	} cases[] = {
		{"\"(ix)i\"", 25, "'x' at character 3 is not a parameter letter (i I f F r * ~ $)"},
		{"\"(i~)i\"", 25, "'~' at character 3 must follow '*'"},
		{"\"(ii\"", 26, "expected ')' at character 4"},
		{"\"(i)*\"", 26, "'*' at character 4 is not a result letter (i I f F r)"},
		{"\"(i)ii\"", 27, "'i' at character 5: at most one result"},
		{"\"i)i\"", 23, "expected '(' at character 1"},
		{"(ix)i", 24, "'x' at character 3"}, /* plain scalar: no quote before it */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[160];
		snprintf(text, sizeof(text), "profile: a\nimports: { env: { f: %s } }\n", cases[i].value);
		struct loaded l;
		load_text(&l, text, NULL);
		must_fail(&l, 2, cases[i].column, cases[i].msg);
		ck_assert_ptr_nonnull(strstr(l.err.msg, "imports.env.f: invalid WAMR signature"));
		done(&l);
	}
}
END_TEST

static const struct p1c_profile_import *find(const struct loaded *l, const char *m, const char *n)
{
	return p1c_profile_find_import(&l->p, S(m), S(n));
}

/* Both syntaxes in one profile; an empty WAMR signature is unchecked; stubs; the printed
 * profile gives back what was written. */
START_TEST(test_wamr_sig_profile)
{
	struct loaded l;
	load_text(&l, "profile: fw\nimports:\n  env:\n    sensor_read: \"(i)i\"\n"
		      "    log_msg: \"($)\"\n    buf_write: \"(*~)i\"\n    anything: \"\"\n"
		      "    core: \"(i32) -> i32\"\n"
		      "    old_close: { signature: \"(i)i\", stub: \"returns ENOSYS\" }\n", NULL);
	must_load(&l);
	const struct p1c_profile_import *e = find(&l, "env", "buf_write");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->signature, "(*~)i");
	ck_assert_uint_eq(e->type.nparams, 2);
	ck_assert(find(&l, "env", "anything")->unchecked);
	ck_assert_ptr_null(find(&l, "env", "core")->signature);
	ck_assert_str_eq(find(&l, "env", "old_close")->stub, "returns ENOSYS");
	struct p1c_arena arena;
	p1c_arena_init(&arena, 0);
	struct p1c_functype any = ft_of("(f64) -> (i64 i64)", &arena);
	ck_assert(p1c_profile_import_accepts(find(&l, "env", "anything"), &any));
	ck_assert(!p1c_profile_import_accepts(find(&l, "env", "sensor_read"), &any));
	p1c_arena_free_all(&arena);
	done(&l);
	load_text(&l, "profile: a\nimports: { env: { f: { stub: x } } }\n", NULL);
	must_fail(&l, 2, 22, "imports.env.f needs a 'signature'");
	done(&l);
}
END_TEST

/* ---- layering: replacing natives, removing groups, deny versus listed ----------------------- */

static const char base_yaml[] =
	"profile: base\n"
	"imports:\n  wasi_snapshot_preview1: { fd_write: \"(i*i*)i\", fd_read: \"(i*i*)i\" }\n"
	"import-sets:\n"
	"  libc-builtin: { env: { printf: \"($*)i\", puts: \"($)i\" } }\n"
	"  socket-extension: { wasi_snapshot_preview1: { sock_open: \"(iii*)i\" } }\n"
	"deny:\n  - { pattern: \"wasi:*\", reason: \"no WASI 0.2\" }\n";

START_TEST(test_layering)
{
	struct testlib_tmpdir t;
	testlib_tmp_open(&t);
	testlib_tmp_write(&t, "base.yaml", base_yaml);
	/* A firmware layer: replaces printf (its own table shadows the built-in one), adds a
	 * native, drops the socket extension and libc-wasi's fd_read, each in one line. */
	const char *fw = testlib_tmp_write(&t, "fw.yaml",
		"profile: fw\nextends: base\n"
		"imports:\n  env: { printf: \"($)i\", sensor_read: \"(i)i\" }\n"
		"  wasi_snapshot_preview1: { fd_read: ~ }\n"
		"import-sets: { socket-extension: ~ }\n");
	struct p1c_profile_search none = {NULL, 0, NULL, 0};
	struct loaded l;
	load(&l, fw, &none);
	must_load(&l);
	ck_assert_str_eq(find(&l, "env", "printf")->signature, "($)i");
	ck_assert_ptr_null(find(&l, "env", "printf")->set); /* now the firmware's own entry */
	ck_assert_str_eq(find(&l, "env", "puts")->set, "libc-builtin");
	ck_assert_ptr_nonnull(find(&l, "env", "sensor_read"));
	ck_assert_ptr_null(find(&l, "wasi_snapshot_preview1", "sock_open"));
	ck_assert_ptr_null(find(&l, "wasi_snapshot_preview1", "fd_read"));
	ck_assert_ptr_nonnull(find(&l, "wasi_snapshot_preview1", "fd_write"));
	done(&l);
	/* A whole module in one line; removing what nothing inherits is an error. */
	const char *nolibc = testlib_tmp_write(&t, "nolibc.yaml", "profile: nolibc\nextends: base\n"
				       "imports: { env: ~ }\n");
	load(&l, nolibc, &none);
	must_load(&l);
	ck_assert_ptr_null(find(&l, "env", "puts"));
	ck_assert_ptr_nonnull(find(&l, "wasi_snapshot_preview1", "fd_write"));
	done(&l);
	const char *typo = testlib_tmp_write(&t, "typo.yaml", "profile: typo\nextends: base\n"
				     "import-sets: { sockets: ~ }\n");
	load(&l, typo, &none);
	must_fail(&l, 3, 16, "cannot remove import-sets.sockets: no parent profile defines it");
	done(&l);
	const char *typo2 = testlib_tmp_write(&t, "typo2.yaml", "profile: typo2\nextends: base\n"
				      "imports: { enf: ~ }\n");
	load(&l, typo2, &none);
	must_fail(&l, 3, 12, "cannot remove imports.enf: no parent profile defines it");
	done(&l);
	/* An import set cannot remove entries (that is what imports is for). */
	load_text(&l, "profile: s\nimport-sets: { a: { env: { f: ~ } } }\n", &none);
	must_fail(&l, 2, 31, "import-sets.a.env.f: an import set cannot remove entries");
	done(&l);
	testlib_tmp_close(&t);
}
END_TEST

/* What a layer lists beats the deny patterns of its own layer and its parents; a child's
 * pattern takes an inherited import away. */
START_TEST(test_deny_versus_listed)
{
	struct testlib_tmpdir t;
	testlib_tmp_open(&t);
	testlib_tmp_write(&t, "base.yaml", base_yaml);
	const char *p2 = testlib_tmp_write(&t, "p2.yaml", "profile: p2\nextends: base\nimports:\n"
		"  wasi:io/streams@0.2.0: { \"[method]output-stream.write\": \"(iiii)\" }\n");
	struct p1c_profile_search none = {NULL, 0, NULL, 0};
	struct loaded l;
	load(&l, p2, &none);
	must_load(&l);
	ck_assert_ptr_nonnull(find(&l, "wasi:io/streams@0.2.0", "[method]output-stream.write"));
	ck_assert_ptr_nonnull(p1c_profile_denied(&l.p, S("wasi:io/poll@0.2.0"), S("poll")));
	done(&l);
	/* Same layer: listed beats the layer's own pattern. */
	load_text(&l, "profile: same\nimports: { env: { f: \"()\" } }\n"
		      "deny: [{ pattern: \"env#*\", reason: r }]\n", &none);
	must_load(&l);
	ck_assert_ptr_nonnull(find(&l, "env", "f"));
	done(&l);
	/* A child's deny removes what the parent listed. */
	const char *child = testlib_tmp_write(&t, "child.yaml", "profile: child\nextends: base\n"
		"deny: [{ pattern: \"env#pr*\", reason: \"no printf here\" }]\n");
	load(&l, child, &none);
	must_load(&l);
	ck_assert_ptr_null(find(&l, "env", "printf"));
	ck_assert_ptr_nonnull(find(&l, "env", "puts"));
	ck_assert_str_eq(p1c_profile_denied(&l.p, S("env"), S("printf"))->reason, "no printf here");
	done(&l);
	testlib_tmp_close(&t);
}
END_TEST

/* ---- WASI 0.2 semver matching -------------------------------------------------------------- */

START_TEST(test_semver_matching)
{
	struct loaded l;
	struct p1c_profile_search none = {NULL, 0, NULL, 0};
	load_text(&l, "profile: p2\nimports:\n"
		      "  wasi:io/streams@0.2.0: { \"[resource-drop]output-stream\": \"(i32) -> ()\", f: \"()\" }\n"
		      "  wasi:io/streams@0.2.3: { f: \"(i)\" }\n"
		      "  \"cm32p2|wasi:io/error@0.2\": { error_drop: \"(i32) -> ()\" }\n"
		      "  wasi:x/y@1.2.0: { g: \"()\" }\n"
		      "  wasi:x/rc@0.3.0-rc-2026-01-01: { h: \"()\" }\n", &none);
	must_load(&l);
	static const struct {
		const char *module, *name, *want_module; /* NULL: not provided */
	} cases[] = {
		{"wasi:io/streams@0.2.7", "[resource-drop]output-stream", "wasi:io/streams@0.2.0"},
		{"wasi:io/streams@0.2.0", "[resource-drop]output-stream", "wasi:io/streams@0.2.0"},
		{"cm32p2|wasi:io/streams@0.2", "output-stream_drop", "wasi:io/streams@0.2.0"},
		{"wasi:io/streams@0.2.1", "f", "wasi:io/streams@0.2.3"}, /* the newest compatible */
		{"wasi:io/streams@0.3.0", "f", NULL},
		{"wasi:io/streams@1.0.0", "f", NULL},
		{"wasi:io/streams@0.2.7", "g", NULL},
		{"wasi:io/error@0.2.9", "[resource-drop]error", "cm32p2|wasi:io/error@0.2"},
		{"wasi:x/y@1.9.3", "g", "wasi:x/y@1.2.0"},  /* >= 1: the major decides */
		{"wasi:x/y@2.0.0", "g", NULL},
		{"wasi:x/rc@0.3.0-rc-2026-01-01", "h", "wasi:x/rc@0.3.0-rc-2026-01-01"},
		{"wasi:x/rc@0.3.0", "h", NULL},             /* pre-releases match only themselves */
		{"wasi:x/rc@0.3.0-rc-2026-02-01", "h", NULL},
		{"wasi:io/streams", "f", NULL},             /* no version: exact names only */
		{"env", "f", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct p1c_profile_import *e = find(&l, cases[i].module, cases[i].name);
		if (!cases[i].want_module)
			ck_assert_msg(e == NULL, "%s#%s matched %s", cases[i].module, cases[i].name,
				      e ? e->module : "");
		else
			ck_assert_msg(e && strcmp(e->module, cases[i].want_module) == 0,
				      "%s#%s: got %s, expected %s", cases[i].module, cases[i].name,
				      e ? e->module : "nothing", cases[i].want_module);
	}
	bool has = true;
	ck_assert_str_eq(p1c_profile_nearest_provided(&l.p, S("wasi:io/streams@0.4.0"), S("f"), &has),
			 "wasi:io/streams@0.2.3");
	ck_assert(has);
	/* same major.minor: the newest patch level is the nearest */
	ck_assert_str_eq(p1c_profile_nearest_provided(&l.p, S("wasi:io/streams@0.2.0"), S("zz"), &has),
			 "wasi:io/streams@0.2.3");
	ck_assert(!has);
	ck_assert_ptr_null(p1c_profile_nearest_provided(&l.p, S("wasi:cli/exit@0.2.0"), S("exit"), &has));
	done(&l);
}
END_TEST

/* ---- shipped WAMR profiles against the builds they model ------------------------------------- */

/* Which features each WAMR profile allows, one string per profile in features.def order
 * ('1' allowed). The columns follow WAMR's loader on the builds: wamr = the Linux default
 * build; wamr-minimal = SIMD, REF_TYPES and BULK_MEMORY off ("mvp"); wamr-classic-full =
 * classic interpreter with MEMORY64, MULTI_MEMORY, EXCE_HANDLING, TAIL_CALL, SHARED_MEMORY,
 * GC, EXTENDED_CONST_EXPR ("classic-all"); wamr-lime1-minimal = doc/build_wamr.md's
 * Lime1-minimal recipe; wamr-2.2 = REF_TYPES off by default before 2.3.0, no SIMD in the
 * fast interpreter before 2.3.0. */
START_TEST(test_wamr_profiles_features)
{
	static const struct {
		const char *profile;
		/* mutable-global sat sext multi-value bulk ref simd relaxed threads tail legacy-eh
		 * exceptions ext-const func-refs gc memory64 multi-memory page-sizes wide
		 * custom-descriptors component bulk-opt overlong u64-limits */
		const char *bits;
	} want[] = {
		{"wamr",               "111111100000000000000110"},
		{"wamr-minimal",       "111100000000000000000000"},
		{"wamr-classic-full",  "111111001110111110000110"},
		{"wamr-lime1-minimal", "111100000000100000000110"},
		{"wamr-2.2",           "111110000000000000000100"},
	};
	ck_assert_int_eq(P1C_FEATURE_COUNT, 24);
	struct p1c_profile_search b = with_builtins(NULL, 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct loaded l;
		load(&l, want[i].profile, &b);
		must_load(&l);
		for (int f = 0; f < P1C_FEATURE_COUNT; f++)
			ck_assert_msg(p1c_profile_feature_allowed(&l.p, (enum p1c_feature)f) ==
					      (want[i].bits[f] == '1'),
				      "%s: %s should be %s", want[i].profile,
				      p1c_feature_name((enum p1c_feature)f),
				      want[i].bits[f] == '1' ? "allowed" : "refused");
		done(&l);
	}
}
END_TEST

/* Feature names as LLVM and the target_features section spell them get the profile's name. */
START_TEST(test_llvm_feature_names)
{
	static const struct {
		const char *name, *msg;
	} cases[] = {
		{"simd128", "unknown feature 'simd128' (LLVM's and target_features' name for it; here it is 'simd')"},
		{"nontrapping-fptoint", "here it is 'saturating-float-to-int'"},
		{"sign-ext", "here it is 'sign-extension'"},
		{"multivalue", "here it is 'multi-value'"},
		{"mutable-globals", "here it is 'mutable-global'"},
		{"atomics", "here it is 'threads'"},
		{"multimemory", "here it is 'multi-memory'"},
		{"exception-handling", "here it is 'exceptions', or 'legacy-exceptions' for try/catch/delegate"},
		{"\"+bulk-memory-opt\"", "a target_features entry; here it is 'bulk-memory-opt: true'"},
		{"fp16", "LLVM's 'fp16' is not a feature wasm-p1check detects"},
		{"simdd", "did you mean 'simd'?"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[128];
		snprintf(text, sizeof(text), "profile: a\nfeatures: { %s: true }\n", cases[i].name);
		struct loaded l;
		load_text(&l, text, NULL);
		must_fail(&l, 2, 13, cases[i].msg);
		done(&l);
	}
	/* The two lime1 parts are profile names in their own right. */
	struct loaded l;
	load_text(&l, "profile: a\nfeatures: { bulk-memory-opt: true, call-indirect-overlong: true }\n",
		  NULL);
	must_load(&l);
	ck_assert(p1c_profile_feature_allowed(&l.p, P1C_FEATURE_BULK_MEMORY_OPT));
	ck_assert(!p1c_profile_feature_allowed(&l.p, P1C_FEATURE_BULK_MEMORY));
	done(&l);
}
END_TEST

Suite *devices_suite(void)
{
	Suite *s = suite_create("devices");
	TCase *search = tcase_create("search");
	tcase_add_test(search, test_builtin_copies);
	tcase_add_test(search, test_search_order);
	tcase_add_test(search, test_extends_next_to_file);
	suite_add_tcase(s, search);
	TCase *sig = tcase_create("signatures");
	tcase_add_test(sig, test_wamr_sig_matching);
	tcase_add_test(sig, test_wamr_sig_errors);
	tcase_add_test(sig, test_wamr_sig_profile);
	tcase_add_test(sig, test_layering);
	tcase_add_test(sig, test_deny_versus_listed);
	suite_add_tcase(s, sig);
	TCase *p2 = tcase_create("wasip2");
	tcase_add_test(p2, test_semver_matching);
	tcase_add_test(p2, test_wamr_profiles_features);
	tcase_add_test(p2, test_llvm_feature_names);
	suite_add_tcase(s, p2);
	return s;
}
