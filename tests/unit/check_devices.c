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

static struct p1c_str S(const char *s)
{
	return (struct p1c_str){(const uint8_t *)s, (uint32_t)strlen(s)};
}

struct tmp {
	char path[64];
	char files[16][160];
	int n;
};

static void tmp_open(struct tmp *t)
{
	snprintf(t->path, sizeof(t->path), "/tmp/p1c-devices-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->path));
	t->n = 0;
}

static const char *tmp_write(struct tmp *t, const char *name, const char *text)
{
	ck_assert_int_lt(t->n, 16);
	char buf[sizeof(t->files[0])];
	snprintf(buf, sizeof(buf), "%.63s/%.80s", t->path, name);
	char *path = t->files[t->n++];
	memcpy(path, buf, sizeof(buf));
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static void tmp_close(struct tmp *t)
{
	for (int i = t->n - 1; i >= 0; i--)
		remove(t->files[i]);
	rmdir(t->path);
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

static __attribute__((unused)) void load_text(struct loaded *l, const char *text, const struct p1c_profile_search *s)
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
	struct tmp t;
	tmp_open(&t);
	tmp_write(&t, "wasip1.yaml", "profile: wasip1\ndescription: mine\n");
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
	must_fail(&l, 0, 0, "profile 'nope' not found (searched: /tmp/p1c-devices-");
	ck_assert_ptr_nonnull(strstr(l.err.msg, ", the built-in profiles)"));
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
	tmp_close(&t);
}
END_TEST

/* `extends: base` finds base.yaml next to the including file, with no search path at all;
 * a built-in profile cannot extend a path. */
START_TEST(test_extends_next_to_file)
{
	struct tmp t;
	tmp_open(&t);
	tmp_write(&t, "base.yaml", "profile: base\nfeatures: { simd: true }\n");
	const char *child = tmp_write(&t, "child.yaml", "profile: child\nextends: base\n");
	struct p1c_profile_search none = {NULL, 0, NULL, 0};
	struct loaded l;
	load(&l, child, &none);
	must_load(&l);
	ck_assert(p1c_profile_feature_allowed(&l.p, P1C_FEATURE_SIMD));
	done(&l);
	/* A name next to the file beats a built-in of that name. */
	tmp_write(&t, "wasip1.yaml", "profile: wasip1\n");
	const char *mine = tmp_write(&t, "mine.yaml", "profile: mine\nextends: wasip1\n");
	struct p1c_profile_search b = with_builtins(NULL, 0);
	load(&l, mine, &b);
	must_load(&l);
	ck_assert_uint_eq(l.p.nimports, 0);
	done(&l);
	/* ...and the built-in one is found when there is none next to it. */
	const char *other = tmp_write(&t, "other.yaml", "profile: other\nextends: wamr\n");
	load(&l, other, &b);
	must_load(&l);
	ck_assert_ptr_nonnull(p1c_profile_find_import(&l.p, S("wasi_snapshot_preview1"), S("sock_open")));
	done(&l);
	tmp_close(&t);
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
	return s;
}
