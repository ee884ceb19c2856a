/* Which toolchain built a core module, from what the module itself shows: its producers
 * section (language, processed-by, sdk), its import and export names, and the name section.
 * Only evidence that one toolchain alone writes counts; anything else is "unknown", never a
 * guess. No output. */
#ifndef P1C_TOOLCHAIN_H
#define P1C_TOOLCHAIN_H

#include <stdbool.h>

#include "wasm/module.h"

enum p1c_toolchain {
	P1C_TOOLCHAIN_UNKNOWN,
	P1C_TOOLCHAIN_CLANG,          /* C or C++ compiled and linked with clang/wasm-ld */
	P1C_TOOLCHAIN_EMSCRIPTEN,
	P1C_TOOLCHAIN_RUST,
	P1C_TOOLCHAIN_TINYGO,
	P1C_TOOLCHAIN_GO,             /* the gc toolchain (cmd/compile, cmd/link) */
	P1C_TOOLCHAIN_GHC,
	P1C_TOOLCHAIN_ASSEMBLYSCRIPT,
	P1C_TOOLCHAIN_COUNT
};

struct p1c_toolchain_info {
	enum p1c_toolchain id;
	bool wasi_sdk;      /* clang: the producers section names wasi-sdk */
	bool wasm_bindgen;  /* Rust: wasm-bindgen's imports or its producers entry */
	bool with_c;        /* Rust: C or C++ languages too (a C program linking Rust code, or
			     * std's wasi-libc: the producers section does not say which) */
	char evidence[160]; /* what shows it, e.g. "producers processed-by rustc"; "" when unknown */
};

void p1c_toolchain_detect(const struct p1c_module *m, struct p1c_toolchain_info *out);
/* "rust", "rust-and-c", "tinygo", ... (JSON); NULL for P1C_TOOLCHAIN_UNKNOWN. */
const char *p1c_toolchain_key(const struct p1c_toolchain_info *tc);
/* "Rust", "TinyGo", "wasi-sdk (clang)", "Rust (wasm-bindgen)", ... (text); NULL when unknown. */
const char *p1c_toolchain_label(const struct p1c_toolchain_info *tc);

#endif
