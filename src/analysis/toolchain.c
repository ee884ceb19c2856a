/* Toolchain detection. Each marker below is written by one toolchain only:
 *  - Go (gc): producers processed-by "Go cmd/compile" and imports from module "gojs"
 *    (golang/go src/cmd/link/internal/wasm/asm.go, writeProducerSec and writeImportSec).
 *  - TinyGo: its runtime's function tinygo_getCurrentStackPointer (tinygo-org/tinygo
 *    src/runtime/asm_tinygowasm.S), or a processed-by entry naming TinyGo.
 *  - GHC: producers processed-by "ghc" (pandoc.wasm, GHC 9.14, names it next to clang).
 *  - Rust: producers language "Rust" / processed-by "rustc" (rust-lang/rust#56075, which
 *    rustc writes into every wasm output); with C languages too it is Rust and C, since a C
 *    program linking a Rust library (ruby.wasm) and Rust's std with wasi-libc both show
 *    that; wasm-bindgen: its processed-by entry or its
 *    imports (__wbindgen_*, __wbg_*, module __wbindgen_placeholder__: rustwasm/wasm-bindgen
 *    crates/cli-support).
 *  - Emscripten: imports or exports named emscripten_* / _emscripten_* (emscripten-core/
 *    emscripten system/lib: emscripten_notify_memory_growth, emscripten_stack_init, ...).
 *  - GHC: the RTS's hs_init, which a GHC wasm reactor exports for its host (GHC users guide,
 *    docs/users_guide/wasm.rst).
 *  - AssemblyScript: the default abort import, env.abort (i32 i32 i32 i32) -> ()
 *    (message, file name, line, column: AssemblyScript's std/assembly/builtins.ts), or its
 *    standard library's "~lib/" function names.
 *  - clang: a producers section whose processed-by tools are clang's (LLVM writes
 *    "processed-by clang" from llvm.ident: llvm/lib/Target/WebAssembly/
 *    WebAssemblyAsmPrinter.cpp, EmitProducerInfo) with C or C++ languages only; wasi-sdk
 *    when its sdk field or clang's version string says so (wasi-sdk's clang reports e.g.
 *    "19.1.5-wasi-sdk").
 * The first match in that order wins: Rust, TinyGo and GHC modules also name clang (libc
 * and runtime parts written in C), so clang comes last. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "analysis/toolchain.h"

#define STR(s) (int)(s).len, (const char *)(s).ptr

static bool str_contains(struct p1c_str s, const char *needle)
{
	size_t n = strlen(needle);
	for (uint32_t i = 0; n && i + n <= s.len; i++)
		if (strncasecmp((const char *)s.ptr + i, needle, n) == 0)
			return true;
	return false;
}

static bool str_ends_with(struct p1c_str s, const char *suffix)
{
	size_t n = strlen(suffix);
	return s.len >= n && memcmp(s.ptr + s.len - n, suffix, n) == 0;
}

static const struct p1c_producer_field *field(const struct p1c_module *m, const char *name)
{
	for (uint32_t i = 0; i < m->nproducers; i++)
		if (p1c_str_eq(m->producers[i].name, name))
			return &m->producers[i];
	return NULL;
}

/* The value of field `name` whose name matches (exactly, or containing `needle`). */
static const struct p1c_producer_value *value(const struct p1c_module *m, const char *name,
					      const char *exact, const char *needle)
{
	const struct p1c_producer_field *f = field(m, name);
	for (uint32_t i = 0; f && i < f->nvalues; i++)
		if ((exact && p1c_str_eq(f->values[i].name, exact)) ||
		    (needle && str_contains(f->values[i].name, needle)))
			return &f->values[i];
	return NULL;
}

/* Records the toolchain and its evidence, "<before><what><after>". */
static bool found(struct p1c_toolchain_info *out, enum p1c_toolchain id, const char *before,
		  struct p1c_str what, const char *after)
{
	out->id = id;
	snprintf(out->evidence, sizeof(out->evidence), "%s%.*s%s", before, STR(what), after);
	return true;
}

/* LLVM's language names for C and C++ ("C11", "C99", "C_plus_plus_14"), from DW_LANG_*. */
static bool c_family(struct p1c_str lang)
{
	return p1c_str_eq(lang, "C") || p1c_str_has_prefix(lang, "C_plus_plus") ||
	       (lang.len >= 2 && lang.ptr[0] == 'C' && lang.ptr[1] >= '0' && lang.ptr[1] <= '9');
}

static bool any_c_language(const struct p1c_module *m)
{
	const struct p1c_producer_field *langs = field(m, "language");
	for (uint32_t i = 0; langs && i < langs->nvalues; i++)
		if (c_family(langs->values[i].name))
			return true;
	return false;
}

static bool by_producer(const struct p1c_module *m, struct p1c_toolchain_info *out)
{
	const struct p1c_producer_value *v;
	if ((v = value(m, "processed-by", "ghc", NULL)))
		return found(out, P1C_TOOLCHAIN_GHC, "producers processed-by ", v->name, "");
	if ((v = value(m, "processed-by", "Go cmd/compile", NULL)))
		return found(out, P1C_TOOLCHAIN_GO, "producers processed-by ", v->name, "");
	if ((v = value(m, "processed-by", NULL, "tinygo")))
		return found(out, P1C_TOOLCHAIN_TINYGO, "producers processed-by ", v->name, "");
	bool rustc = (v = value(m, "processed-by", "rustc", NULL)) != NULL;
	if (rustc || (v = value(m, "language", "Rust", NULL))) {
		found(out, P1C_TOOLCHAIN_RUST, rustc ? "producers processed-by " : "producers language ",
		      v->name, "");
		out->wasm_bindgen = value(m, "processed-by", "wasm-bindgen", NULL) != NULL;
		out->with_c = any_c_language(m);
		if (out->with_c)
			strncat(out->evidence, " and C/C++ languages",
				sizeof(out->evidence) - strlen(out->evidence) - 1);
		return true;
	}
	return false;
}

static bool is_assemblyscript_abort(const struct p1c_module *m, const struct p1c_import *imp)
{
	if (!p1c_str_eq(imp->module, "env") || !p1c_str_eq(imp->name, "abort"))
		return false;
	const struct p1c_functype *ft = p1c_module_type_func(m, imp->type_index);
	if (!ft || ft->nparams != 4 || ft->nresults != 0)
		return false;
	for (uint32_t i = 0; i < 4; i++)
		if (ft->params[i].code != 0x7f) /* i32 */
			return false;
	return true;
}

static bool emscripten_name(struct p1c_str name)
{
	return p1c_str_has_prefix(name, "emscripten_") || p1c_str_has_prefix(name, "_emscripten_");
}

static bool by_import(const struct p1c_module *m, struct p1c_toolchain_info *out)
{
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		if (imp->kind != P1C_EXTERN_FUNC)
			continue;
		if (p1c_str_eq(imp->module, "gojs"))
			return found(out, P1C_TOOLCHAIN_GO, "imports from module ", imp->module, "");
		if (p1c_str_has_prefix(imp->name, "__wbindgen_") || p1c_str_has_prefix(imp->name, "__wbg_")) {
			out->wasm_bindgen = true;
			return found(out, P1C_TOOLCHAIN_RUST, "wasm-bindgen import ", imp->name, "");
		}
		if (emscripten_name(imp->name))
			return found(out, P1C_TOOLCHAIN_EMSCRIPTEN, "import ", imp->name, "");
		if (is_assemblyscript_abort(m, imp))
			return found(out, P1C_TOOLCHAIN_ASSEMBLYSCRIPT, "import env.", imp->name,
				     " (i32 i32 i32 i32) -> ()");
	}
	return false;
}

static bool by_export(const struct p1c_module *m, struct p1c_toolchain_info *out)
{
	for (uint32_t i = 0; i < m->nexports; i++) {
		struct p1c_str name = m->exports[i].name;
		if (emscripten_name(name))
			return found(out, P1C_TOOLCHAIN_EMSCRIPTEN, "export ", name, "");
		if (p1c_str_eq(name, "hs_init"))
			return found(out, P1C_TOOLCHAIN_GHC, "export ", name, " (the GHC RTS)");
	}
	return false;
}

static bool by_function_name(const struct p1c_module *m, struct p1c_toolchain_info *out)
{
	for (uint32_t f = m->nfunc_imports; m->func_names && f < m->nfuncs; f++) {
		struct p1c_str name = m->func_names[f];
		if (!name.ptr || name.len < 5)
			continue;
		if (p1c_str_eq(name, "tinygo_getCurrentStackPointer"))
			return found(out, P1C_TOOLCHAIN_TINYGO, "function ", name, " (TinyGo's runtime)");
		if (p1c_str_has_prefix(name, "~lib/"))
			return found(out, P1C_TOOLCHAIN_ASSEMBLYSCRIPT, "function ", name,
				     " (its standard library)");
		if (p1c_str_eq(name, "hs_init"))
			return found(out, P1C_TOOLCHAIN_GHC, "function ", name, " (the GHC RTS)");
	}
	return false;
}

/* Tools that post-process a clang build without changing what it is. */
static bool neutral_tool(struct p1c_str tool)
{
	return p1c_str_eq(tool, "wasm-opt") || p1c_str_eq(tool, "wit-component") ||
	       p1c_str_has_prefix(tool, "wit-bindgen") || p1c_str_eq(tool, "wasm-tools");
}

static bool by_clang(const struct p1c_module *m, struct p1c_toolchain_info *out)
{
	const struct p1c_producer_field *tools = field(m, "processed-by"), *langs = field(m, "language");
	const struct p1c_producer_value *clang = NULL;
	for (uint32_t i = 0; tools && i < tools->nvalues; i++) {
		if (str_ends_with(tools->values[i].name, "clang"))
			clang = clang ? clang : &tools->values[i];
		else if (!neutral_tool(tools->values[i].name))
			return false;
	}
	for (uint32_t i = 0; clang && langs && i < langs->nvalues; i++)
		if (!c_family(langs->values[i].name))
			return false;
	if (!clang)
		return false;
	const struct p1c_producer_value *sdk = value(m, "sdk", NULL, "wasi-sdk");
	out->wasi_sdk = sdk || str_contains(clang->version, "wasi-sdk");
	return found(out, P1C_TOOLCHAIN_CLANG, "producers processed-by ", clang->name, "");
}

void p1c_toolchain_detect(const struct p1c_module *m, struct p1c_toolchain_info *out)
{
	memset(out, 0, sizeof(*out));
	if (m->format != P1C_FORMAT_CORE)
		return;
	if (by_producer(m, out) || by_import(m, out) || by_export(m, out) || by_function_name(m, out) ||
	    by_clang(m, out))
		return;
	out->id = P1C_TOOLCHAIN_UNKNOWN;
}

const char *p1c_toolchain_key(const struct p1c_toolchain_info *tc)
{
	enum p1c_toolchain id = tc->id;
	if (id == P1C_TOOLCHAIN_RUST && tc->with_c)
		return "rust-and-c";
	static const char *const keys[P1C_TOOLCHAIN_COUNT] = {
		[P1C_TOOLCHAIN_CLANG] = "clang", [P1C_TOOLCHAIN_EMSCRIPTEN] = "emscripten",
		[P1C_TOOLCHAIN_RUST] = "rust", [P1C_TOOLCHAIN_TINYGO] = "tinygo", [P1C_TOOLCHAIN_GO] = "go",
		[P1C_TOOLCHAIN_GHC] = "ghc", [P1C_TOOLCHAIN_ASSEMBLYSCRIPT] = "assemblyscript",
	};
	return id < P1C_TOOLCHAIN_COUNT ? keys[id] : NULL;
}

const char *p1c_toolchain_label(const struct p1c_toolchain_info *tc)
{
	switch (tc->id) {
	case P1C_TOOLCHAIN_CLANG: return tc->wasi_sdk ? "wasi-sdk (clang)" : "clang (C/C++)";
	case P1C_TOOLCHAIN_EMSCRIPTEN: return "Emscripten";
	case P1C_TOOLCHAIN_RUST:
		return tc->with_c ? "Rust and C/C++ (rustc, clang)"
		       : tc->wasm_bindgen ? "Rust (wasm-bindgen)" : "Rust";
	case P1C_TOOLCHAIN_TINYGO: return "TinyGo";
	case P1C_TOOLCHAIN_GO: return "Go";
	case P1C_TOOLCHAIN_GHC: return "GHC";
	case P1C_TOOLCHAIN_ASSEMBLYSCRIPT: return "AssemblyScript";
	case P1C_TOOLCHAIN_UNKNOWN:
	case P1C_TOOLCHAIN_COUNT: break;
	}
	return NULL;
}
