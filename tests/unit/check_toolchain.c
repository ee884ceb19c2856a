/* analysis/toolchain.c: which producers sections and shapes name a toolchain, and which must
 * not (a guess is worse than "unknown": the help lines would name the wrong flags). */
#include <stdio.h>
#include <string.h>

#include "analysis/toolchain.h"
#include "suites.h"

static struct p1c_str S(const char *s) { return (struct p1c_str){(const uint8_t *)s, (uint32_t)strlen(s)}; }

/* A core module whose producers section is "field=name@version,name;field=..." (no imports). */
struct fake {
	struct p1c_module m;
	struct p1c_producer_field fields[3];
	struct p1c_producer_value values[3][4];
	char text[256];
};

static void fake_producers(struct fake *f, const char *spec)
{
	memset(f, 0, sizeof(*f));
	f->m.format = P1C_FORMAT_CORE;
	f->m.producers = f->fields;
	snprintf(f->text, sizeof(f->text), "%s", spec);
	for (char *field = strtok(f->text, ";"); field && f->m.nproducers < 3; field = strtok(NULL, ";")) {
		struct p1c_producer_field *pf = &f->fields[f->m.nproducers];
		char *eq = strchr(field, '=');
		ck_assert_ptr_nonnull(eq);
		*eq = '\0';
		pf->name = S(field);
		pf->values = f->values[f->m.nproducers++];
		for (char *v = eq + 1; v && *v && pf->nvalues < 4;) {
			char *next = strchr(v, ',');
			if (next)
				*next++ = '\0';
			char *at = strchr(v, '@');
			if (at)
				*at++ = '\0';
			pf->values[pf->nvalues++] = (struct p1c_producer_value){S(v), S(at ? at : "")};
			v = next;
		}
	}
}

static enum p1c_toolchain detect(const char *spec, struct p1c_toolchain_info *tc)
{
	static struct fake f;
	fake_producers(&f, spec);
	p1c_toolchain_detect(&f.m, tc);
	return tc->id;
}

START_TEST(producers_name_the_toolchain)
{
	struct p1c_toolchain_info tc;
	/* Go's linker: language Go, processed-by "Go cmd/compile" */
	ck_assert_int_eq(detect("language=Go@go1.24.0;processed-by=Go cmd/compile@go1.24.0", &tc), P1C_TOOLCHAIN_GO);
	/* Rust and C languages: std's wasi-libc, or a C program linking Rust (ruby.wasm's
	 * producers: Rust, C11, C99; clang, rustc): both, never Rust alone */
	ck_assert_int_eq(detect("language=Rust,C11;processed-by=rustc@1.87.0,clang@20.1.1", &tc),
			 P1C_TOOLCHAIN_RUST);
	ck_assert(!tc.wasm_bindgen);
	ck_assert(tc.with_c);
	ck_assert_str_eq(p1c_toolchain_key(&tc), "rust-and-c");
	ck_assert_str_eq(tc.evidence, "producers processed-by rustc and C/C++ languages");
	ck_assert_int_eq(detect("language=Rust;processed-by=rustc@1.87.0,clang@20.1.1", &tc),
			 P1C_TOOLCHAIN_RUST);
	ck_assert(!tc.with_c);
	ck_assert_str_eq(p1c_toolchain_key(&tc), "rust");
	/* pandoc.wasm: GHC names itself next to its clang */
	ck_assert_int_eq(detect("processed-by=clang@21.1.8-wasi-sdk,ghc@9.14.1.20251219", &tc),
			 P1C_TOOLCHAIN_GHC);
	ck_assert_int_eq(detect("language=Rust;processed-by=rustc@1.87.0,wasm-bindgen@0.2.100", &tc),
			 P1C_TOOLCHAIN_RUST);
	ck_assert(tc.wasm_bindgen);
	ck_assert_str_eq(p1c_toolchain_label(&tc), "Rust (wasm-bindgen)");
	/* clang alone (no debug info: no language), Debian's name for it, wasm-opt after it */
	ck_assert_int_eq(detect("processed-by=clang@19.1.5-wasi-sdk", &tc), P1C_TOOLCHAIN_CLANG);
	ck_assert(tc.wasi_sdk);
	ck_assert_int_eq(detect("language=C11;processed-by=Debian clang@14.0.6", &tc), P1C_TOOLCHAIN_CLANG);
	ck_assert(!tc.wasi_sdk);
	ck_assert_int_eq(detect("language=C_plus_plus_14,C99;processed-by=clang@15.0.6,wasm-opt@116", &tc),
			 P1C_TOOLCHAIN_CLANG);
	ck_assert_int_eq(detect("language=C11;processed-by=clang@20.1.0;sdk=wasi-sdk@25.0", &tc),
			 P1C_TOOLCHAIN_CLANG);
	ck_assert(tc.wasi_sdk);
	ck_assert_str_eq(p1c_toolchain_label(&tc), "wasi-sdk (clang)");
	ck_assert_int_eq(detect("processed-by=TinyGo@0.34.0", &tc), P1C_TOOLCHAIN_TINYGO);
}
END_TEST

START_TEST(no_guess_without_a_marker)
{
	struct p1c_toolchain_info tc;
	/* a Go source through an LLVM compiler: TinyGo most likely, but nothing says so */
	ck_assert_int_eq(detect("language=Go;processed-by=clang@19.1.0", &tc), P1C_TOOLCHAIN_UNKNOWN);
	ck_assert_str_eq(tc.evidence, "");
	/* another language or an unknown tool next to clang: not a C build */
	ck_assert_int_eq(detect("language=Zig,C11;processed-by=clang@18.1.0", &tc), P1C_TOOLCHAIN_UNKNOWN);
	ck_assert_int_eq(detect("language=C11;processed-by=clang@18.1.0,swiftc@6.0", &tc),
			 P1C_TOOLCHAIN_UNKNOWN);
	ck_assert_int_eq(detect("language=C11", &tc), P1C_TOOLCHAIN_UNKNOWN);
	ck_assert_ptr_null(p1c_toolchain_label(&tc));
	ck_assert_ptr_null(p1c_toolchain_key(&tc));
	/* a component is not a core module: its producers describe the wrapping */
	static struct fake f;
	fake_producers(&f, "processed-by=rustc@1.87.0");
	f.m.format = P1C_FORMAT_COMPONENT;
	p1c_toolchain_detect(&f.m, &tc);
	ck_assert_int_eq(tc.id, P1C_TOOLCHAIN_UNKNOWN);
}
END_TEST

START_TEST(import_and_export_shapes)
{
	struct p1c_toolchain_info tc;
	static struct fake f;
	struct p1c_import imp = {.module = S("gojs"), .name = S("runtime.wasmExit"), .kind = P1C_EXTERN_FUNC};
	fake_producers(&f, "language=C11");
	f.m.imports = &imp;
	f.m.nimports = 1;
	p1c_toolchain_detect(&f.m, &tc);
	ck_assert_int_eq(tc.id, P1C_TOOLCHAIN_GO);
	imp = (struct p1c_import){.module = S("wbg"), .name = S("__wbg_log_c222819a"), .kind = P1C_EXTERN_FUNC};
	p1c_toolchain_detect(&f.m, &tc);
	ck_assert_int_eq(tc.id, P1C_TOOLCHAIN_RUST);
	ck_assert(tc.wasm_bindgen);
	imp = (struct p1c_import){.module = S("env"), .name = S("emscripten_notify_memory_growth"),
				  .kind = P1C_EXTERN_FUNC};
	p1c_toolchain_detect(&f.m, &tc);
	ck_assert_int_eq(tc.id, P1C_TOOLCHAIN_EMSCRIPTEN);
	/* env.abort of another type (Emscripten's, a C program's) is not AssemblyScript's */
	imp = (struct p1c_import){.module = S("env"), .name = S("abort"), .kind = P1C_EXTERN_FUNC};
	p1c_toolchain_detect(&f.m, &tc);
	ck_assert_int_eq(tc.id, P1C_TOOLCHAIN_UNKNOWN);
	f.m.nimports = 0;
	struct p1c_export e = {.name = S("hs_init"), .kind = P1C_EXTERN_FUNC};
	f.m.exports = &e;
	f.m.nexports = 1;
	p1c_toolchain_detect(&f.m, &tc);
	ck_assert_int_eq(tc.id, P1C_TOOLCHAIN_GHC);
}
END_TEST

Suite *toolchain_suite(void)
{
	Suite *s = suite_create("toolchain");
	TCase *tc = tcase_create("detect");
	tcase_add_test(tc, producers_name_the_toolchain);
	tcase_add_test(tc, no_guess_without_a_marker);
	tcase_add_test(tc, import_and_export_shapes);
	suite_add_tcase(s, tc);
	return s;
}
