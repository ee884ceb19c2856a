/* Paths for reports (base/path.c): lexical absolute paths, "inside the source root", and
 * RFC 3986 percent-encoding of URI paths. */
#include <check.h>
#include <string.h>

#include "base/path.h"
#include "suites.h"

static const char *abs_of(const char *dir, const char *path)
{
	static char out[256];
	ck_assert(p1c_path_absolute(dir, path, out, sizeof(out)));
	return out;
}

START_TEST(absolute_normalizes)
{
	ck_assert_str_eq(abs_of("/work/proj", "src/net.c"), "/work/proj/src/net.c");
	ck_assert_str_eq(abs_of("/work/proj", "./src//net.c"), "/work/proj/src/net.c");
	ck_assert_str_eq(abs_of("/work/proj", "../other/x.wasm"), "/work/other/x.wasm");
	ck_assert_str_eq(abs_of("/work/proj", "/abs/./y/../z"), "/abs/z");
	ck_assert_str_eq(abs_of("/", "../../.."), "/");
	ck_assert_str_eq(abs_of("/a", "."), "/a");
	/* a path padded with slashes (the test fixtures' DWARF) collapses */
	ck_assert_str_eq(abs_of("/", "/work////////x.c"), "/work/x.c");
	char tiny[8];
	ck_assert(!p1c_path_absolute("/work/proj", "src/net.c", tiny, sizeof(tiny)));
}
END_TEST

START_TEST(under_root)
{
	ck_assert_str_eq(p1c_path_under("/work/proj", "/work/proj/src/net.c"), "src/net.c");
	ck_assert_str_eq(p1c_path_under("/work/proj/", "/work/proj/src/net.c"), "src/net.c");
	ck_assert_ptr_null(p1c_path_under("/work/proj", "/work/projx/net.c")); /* a prefix, not a dir */
	ck_assert_ptr_null(p1c_path_under("/work/proj", "/work/proj"));
	ck_assert_ptr_null(p1c_path_under("/work/proj", "/elsewhere/net.c"));
	ck_assert_str_eq(p1c_path_under("/", "/etc/x"), "etc/x");
}
END_TEST

START_TEST(uri_encoding)
{
	char out[128];
	ck_assert_uint_eq(p1c_uri_encode("build dir/my app#1.wasm", out, sizeof(out)), 29);
	ck_assert_str_eq(out, "build%20dir/my%20app%231.wasm");
	p1c_uri_encode("a%b?c:d,e~f_g-h.i", out, sizeof(out));
	ck_assert_str_eq(out, "a%25b%3Fc%3Ad%2Ce~f_g-h.i");
	p1c_uri_encode("\xc3\xa9t\xc3\xa9.c", out, sizeof(out)); /* UTF-8 bytes, each encoded */
	ck_assert_str_eq(out, "%C3%A9t%C3%A9.c");
	char tiny[6];
	ck_assert_uint_eq(p1c_uri_encode("a b c", tiny, sizeof(tiny)), 9); /* length needed */
	ck_assert_str_eq(tiny, "a%20b");
}
END_TEST

Suite *paths_suite(void)
{
	Suite *s = suite_create("paths");
	TCase *t = tcase_create("paths");
	tcase_add_test(t, absolute_normalizes);
	tcase_add_test(t, under_root);
	tcase_add_test(t, uri_encoding);
	suite_add_tcase(s, t);
	return s;
}
