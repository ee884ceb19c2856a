/* What the help lines tell the module's author to change, for the toolchain that built it
 * (analysis/toolchain.c); toolchain-neutral, with the common compilers' spellings labelled,
 * when that is not known. Sources of the flags:
 *  - clang: the WebAssembly feature flags of clang/include/clang/Driver/Options.td
 *    (-m[no-]bulk-memory, -mno-sign-ext, ..., -mcpu=mvp; -mexec-model=command|reactor).
 *    Defaults: LLVM 19 enabled multivalue and reference-types (llvm/llvm-project#80923),
 *    LLVM 20 nontrapping-fptoint and bulk-memory (llvm/llvm-project#112049).
 *  - rustc: -C target-feature=-NAME takes LLVM's feature names; the std library is prebuilt
 *    with the target's defaults, so it has to be rebuilt: "RUSTFLAGS=-Ctarget-cpu=mvp cargo
 *    +nightly build -Zbuild-std=panic_abort,std" (rust-lang/rust src/doc/rustc/src/
 *    platform-support/wasm32-unknown-unknown.md, "Disabling on-by-default WebAssembly
 *    proposals"). wasm32-wasip1-threads enables +atomics,+bulk-memory (compiler/rustc_target/
 *    src/spec/targets/wasm32_wasip1_threads.rs).
 *  - TinyGo: the wasm targets set their features themselves, "+bulk-memory,+mutable-globals,
 *    +nontrapping-fptoint,+sign-ext,-multivalue,-reference-types" (tinygo-org/tinygo
 *    targets/wasip1.json and targets/wasip2.json); -target selects the target.
 *    The WASI execution model: -Z wasi-exec-model=command|reactor (the unstable book,
 *    compiler-flags/wasi-exec-model.md; command is the default).
 *  - Go: post-MVP opcodes only with GOWASM=satconv,signext (cmd/go, "Environment variables";
 *    Go 1.13 release notes); -buildmode=c-shared links a wasip1 reactor (golang/go#65199).
 *  - TinyGo: targets/wasip2.json builds "buildmode": "c-shared" (a reactor); wasip1.json a
 *    command.
 *  - Emscripten: emcc passes clang's -m flags on; -sSIDE_MODULE / -sMAIN_MODULE make dynamic
 *    libraries, -sMEMORY64 a wasm64 module, -pthread shared memory (emscripten-core/emscripten
 *    src/settings.js).
 *  - AssemblyScript: asc --disable mutable-globals|sign-extension|nontrapping-f2i|bulk-memory
 *    (on by default), --enable simd|threads|reference-types|relaxed-simd (off by default),
 *    --explicitStart ("Exports an explicit '_start' function to call")
 *    (AssemblyScript/assemblyscript cli/options.json). */
#include <stdio.h>

#include "rules/rules_internal.h"

#define RUST_STD "; the prebuilt std library has the target's defaults: rebuild it too " \
	"(RUSTFLAGS=-Ctarget-cpu=mvp cargo +nightly build -Zbuild-std=panic_abort,std)"
#define TINYGO_TARGETS "TinyGo's wasm targets enable it themselves (targets/wasip1.json, " \
	"wasip2.json: \"features\": \"+bulk-memory,+mutable-globals,+nontrapping-fptoint,+sign-ext\"): " \
	"use a target definition without it, or a runtime built with it"

struct feature_advice {
	const char *clang;   /* what to pass clang (also emcc's, unless emcc says otherwise) */
	const char *cflag;   /* the same, short, for the toolchain-neutral line */
	const char *llvm;    /* LLVM's feature name for rustc -C target-feature=-NAME, or NULL */
	const char *rust;    /* rustc, when not -C target-feature=-llvm */
	const char *emcc;    /* emcc, when not clang's flags */
	const char *tinygo, *go, *asc;
	const char *neutral; /* for any toolchain (also the fallback when its entry is NULL) */
};

static const struct feature_advice feature_advice[P1C_FEATURE_COUNT] = {
	[P1C_FEATURE_MUTABLE_GLOBAL] = {
		.clang = "link a static executable, not -shared or -pie (or -mno-mutable-globals)",
		.emcc = "link without -sSIDE_MODULE / -sMAIN_MODULE (dynamic linking imports "
			"env.__stack_pointer and GOT.* globals)",
		.asc = "asc --disable mutable-globals",
		.neutral = "a mutable global crosses the module boundary, usually a PIC or dynamically "
			   "linked build (env.__stack_pointer, GOT.*): link a static executable"},
	[P1C_FEATURE_SATURATING_FLOAT_TO_INT] = {
		.cflag = "-mno-nontrapping-fptoint",
		.clang = "-mno-nontrapping-fptoint (on by default since LLVM 20), or -mcpu=mvp",
		.llvm = "nontrapping-fptoint", .tinygo = TINYGO_TARGETS,
		.go = "build without GOWASM=satconv", .asc = "asc --disable nontrapping-f2i"},
	[P1C_FEATURE_SIGN_EXTENSION] = {
		.cflag = "-mno-sign-ext",
		.clang = "-mno-sign-ext, or -mcpu=mvp", .llvm = "sign-ext", .tinygo = TINYGO_TARGETS,
		.go = "build without GOWASM=signext", .asc = "asc --disable sign-extension"},
	[P1C_FEATURE_MULTI_VALUE] = {
		.cflag = "-mno-multivalue",
		.clang = "-mno-multivalue (on by default since LLVM 19), or -mcpu=mvp", .llvm = "multivalue"},
	[P1C_FEATURE_BULK_MEMORY] = {
		.cflag = "-mno-bulk-memory -mno-bulk-memory-opt",
		.clang = "-mno-bulk-memory -mno-bulk-memory-opt (on by default since LLVM 20: memcpy/memset "
			 "become memory.copy/memory.fill), or -mcpu=mvp, for every object linked, libc included",
		.llvm = "bulk-memory", .tinygo = TINYGO_TARGETS, .asc = "asc --disable bulk-memory"},
	[P1C_FEATURE_REFERENCE_TYPES] = {
		.cflag = "-mno-reference-types",
		.clang = "-mno-reference-types (on by default since LLVM 19, which then also writes "
			 "call_indirect table indices as 5-byte LEBs), or -mcpu=mvp",
		.llvm = "reference-types", .asc = "build without asc --enable reference-types"},
	[P1C_FEATURE_SIMD] = {
		.cflag = "no -msimd128",
		.clang = "build without -msimd128 (and without SIMD intrinsics or auto-vectorisation for wasm)",
		.rust = "build without -C target-feature=+simd128 (and without core::arch::wasm32 SIMD "
			"intrinsics)",
		.asc = "build without asc --enable simd"},
	[P1C_FEATURE_RELAXED_SIMD] = {
		.cflag = "no -mrelaxed-simd",
		.clang = "build without -mrelaxed-simd", .rust = "build without -C target-feature=+relaxed-simd",
		.asc = "build without asc --enable relaxed-simd"},
	[P1C_FEATURE_THREADS] = {
		.clang = "build for wasm32-wasip1 without -matomics/-pthread (not wasm32-wasip1-threads)",
		.rust = "build for wasm32-wasip1, not wasm32-wasip1-threads (which enables +atomics)",
		.emcc = "build without -pthread", .asc = "build without asc --enable threads",
		.neutral = "build without threads (shared memory and atomics), or use a runtime built with "
			   "them"},
	[P1C_FEATURE_TAIL_CALL] = {
		.cflag = "no -mtail-call",
		.clang = "build without -mtail-call", .rust = "build without -C target-feature=+tail-call"},
	[P1C_FEATURE_LEGACY_EXCEPTIONS] = {
		.clang = "C++: -fno-exceptions instead of -fwasm-exceptions",
		.rust = "-C panic=abort (unwinding on wasm uses exception handling)",
		.neutral = "build without wasm exception handling, or use a runtime built with it (tags "
			   "and throw alone count as legacy exceptions)"},
	[P1C_FEATURE_EXCEPTIONS] = {
		.clang = "C++: -fno-exceptions instead of -fwasm-exceptions with the exnref encoding",
		.rust = "-C panic=abort (unwinding on wasm uses exception handling)",
		.neutral = "build without wasm exception handling (exnref), or use a runtime built with it"},
	[P1C_FEATURE_EXTENDED_CONST] = {
		.cflag = "-mno-extended-const", .clang = "-mno-extended-const", .llvm = "extended-const"},
	[P1C_FEATURE_FUNCTION_REFERENCES] = {
		.neutral = "typed function references come from GC-language toolchains: use a linear-memory "
			   "(non-GC) target"},
	[P1C_FEATURE_GC] = {.neutral = "Wasm GC output: use the toolchain's linear-memory (non-GC) target"},
	[P1C_FEATURE_MEMORY64] = {
		.clang = "build for wasm32 (--target=wasm32-wasip1), not wasm64",
		.rust = "build for a wasm32 target, not wasm64-unknown-unknown",
		.emcc = "build without -sMEMORY64", .neutral = "build for wasm32, not wasm64"},
	[P1C_FEATURE_MULTI_MEMORY] = {
		.clang = "-mno-multimemory", .neutral = "link the module with one memory: the device runtime "
							 "has one"},
	[P1C_FEATURE_CUSTOM_PAGE_SIZES] = {.neutral = "declare the memory with the default 64 KiB pages"},
	[P1C_FEATURE_WIDE_ARITHMETIC] = {
		.cflag = "-mno-wide-arithmetic", .clang = "-mno-wide-arithmetic"},
	[P1C_FEATURE_CUSTOM_DESCRIPTORS] = {
		.neutral = "Wasm GC output with custom descriptors (Binaryen: without "
			   "--enable-custom-descriptors): use the toolchain's linear-memory (non-GC) target"},
	[P1C_FEATURE_BULK_MEMORY_OPT] = {
		.cflag = "-mno-bulk-memory -mno-bulk-memory-opt",
		.clang = "-mno-bulk-memory -mno-bulk-memory-opt (LLVM 20 turns memcpy/memset into "
			 "memory.copy/memory.fill), or -mcpu=mvp, for every object linked, libc included",
		.llvm = "bulk-memory", .tinygo = TINYGO_TARGETS, .asc = "asc --disable bulk-memory"},
	[P1C_FEATURE_CALL_INDIRECT_OVERLONG] = {
		.cflag = "-mno-reference-types -mno-call-indirect-overlong",
		.clang = "-mno-reference-types -mno-call-indirect-overlong (LLVM 19+ writes call_indirect "
			 "table indices as 5-byte LEBs), or -mcpu=mvp; the runtime needs reference types or "
			 "lime1",
		.llvm = "reference-types"},
	[P1C_FEATURE_U64_LIMITS] = {
		.neutral = "write the memory's or table's bounds as LEBs of at most 5 bytes (a u32, as "
			   "WebAssembly 2.0 decoders read them)"},
};

static const char *rust_text(struct rules_ctx *ctx, const struct feature_advice *a)
{
	if (a->rust)
		return rules_printf(ctx, "rustc: %s", a->rust);
	if (!a->llvm)
		return NULL;
	return rules_printf(ctx, "rustc: -C target-feature=-%s" RUST_STD, a->llvm);
}

/* Unknown toolchain: the neutral text, else the common compilers' spellings, labelled. */
static const char *neutral_text(struct rules_ctx *ctx, enum p1c_feature f, const struct feature_advice *a)
{
	if (a->neutral)
		return a->neutral;
	if (!a->cflag)
		return NULL;
	const char *rust = !a->llvm ? "" : rules_printf(ctx,
		"; rustc: -C target-feature=-%s, std rebuilt with -Zbuild-std", a->llvm);
	return rules_printf(ctx, "the toolchain is not known: build without "
		"%s, in the compiler and in every library linked (clang: %s%s), or use a runtime built "
		"with it", p1c_feature_name(f), a->cflag, rust);
}

static const char *labelled(struct rules_ctx *ctx, const char *label, const char *text)
{
	return text ? rules_printf(ctx, "%s: %s", label, text) : NULL;
}

const char *rules_feature_advice(struct rules_ctx *ctx, enum p1c_feature f)
{
	if ((unsigned)f >= P1C_FEATURE_COUNT || ctx->skip_texts)
		return NULL;
	const struct feature_advice *a = &feature_advice[f];
	const char *text = NULL;
	switch (ctx->toolchain ? ctx->toolchain->id : P1C_TOOLCHAIN_UNKNOWN) {
	case P1C_TOOLCHAIN_CLANG: text = labelled(ctx, "clang", a->clang); break;
	case P1C_TOOLCHAIN_EMSCRIPTEN: text = labelled(ctx, "emcc", a->emcc ? a->emcc : a->clang); break;
	case P1C_TOOLCHAIN_RUST:
		text = rust_text(ctx, a);
		if (text && ctx->toolchain->with_c && a->clang) /* which part uses it is not known */
			text = rules_printf(ctx, "for the C/C++ parts, clang: %s; for the Rust parts, %s",
					    a->clang, text);
		break;
	case P1C_TOOLCHAIN_TINYGO: text = labelled(ctx, "TinyGo", a->tinygo); break;
	case P1C_TOOLCHAIN_GO: text = labelled(ctx, "Go", a->go); break;
	case P1C_TOOLCHAIN_ASSEMBLYSCRIPT: text = labelled(ctx, "AssemblyScript", a->asc); break;
	case P1C_TOOLCHAIN_GHC: /* GHC's wasm backend picks its features itself: the fallback below */
	case P1C_TOOLCHAIN_UNKNOWN:
	case P1C_TOOLCHAIN_COUNT: break;
	}
	if (text)
		return text;
	const char *label = ctx->toolchain ? p1c_toolchain_label(ctx->toolchain) : NULL;
	if (!label || a->neutral) /* unknown, or advice that holds for every toolchain */
		return neutral_text(ctx, f, a);
	return rules_printf(ctx, "build without %s, or use a runtime built with it (no %s flag that "
			    "leaves it out is known here)", p1c_feature_name(f), label);
}

/* "rebuild it for wasm32-wasip1 (...)": the preview 1 target, as this toolchain spells it. */
const char *rules_wasip1_target_advice(const struct rules_ctx *ctx)
{
	switch (ctx->toolchain ? ctx->toolchain->id : P1C_TOOLCHAIN_UNKNOWN) {
	case P1C_TOOLCHAIN_CLANG: return "rebuild it for wasm32-wasip1 (clang --target=wasm32-wasip1)";
	case P1C_TOOLCHAIN_RUST:
		return ctx->toolchain->with_c ? "rebuild it for wasm32-wasip1 (cargo build --target "
			"wasm32-wasip1, the C/C++ parts with clang --target=wasm32-wasip1)"
			: "rebuild it for wasm32-wasip1 (cargo build --target wasm32-wasip1)";
	case P1C_TOOLCHAIN_TINYGO: return "rebuild it with tinygo build -target=wasip1";
	case P1C_TOOLCHAIN_GO: return "rebuild it with GOOS=wasip1 GOARCH=wasm";
	default: return "rebuild it for WASI preview 1 (wasm32-wasip1)";
	}
}

/* How to link a self-contained module instead of a dynamic library. */
const char *rules_static_link_advice(const struct rules_ctx *ctx)
{
	switch (ctx->toolchain ? ctx->toolchain->id : P1C_TOOLCHAIN_UNKNOWN) {
	case P1C_TOOLCHAIN_EMSCRIPTEN:
		return "link a self-contained module instead (emcc without -sSIDE_MODULE or -sMAIN_MODULE): "
		       "the device runtime has no dynamic loader";
	case P1C_TOOLCHAIN_CLANG:
		return "link a self-contained module instead (wasm-ld without -shared or -pie): the device "
		       "runtime has no dynamic loader";
	default:
		return "link a self-contained module instead (emcc without -sSIDE_MODULE or -sMAIN_MODULE, "
		       "wasm-ld without -shared or -pie): the device runtime has no dynamic loader";
	}
}

/* How to link the module as a command (an _start entry point) or as a reactor (_initialize,
 * exports called by name). */
const char *rules_exec_model_advice(const struct rules_ctx *ctx, bool reactor)
{
	switch (ctx->toolchain ? ctx->toolchain->id : P1C_TOOLCHAIN_UNKNOWN) {
	case P1C_TOOLCHAIN_CLANG:
		return reactor ? "clang: link with -mexec-model=reactor"
			       : "clang: link with -mexec-model=command (the default), with a main function";
	case P1C_TOOLCHAIN_RUST:
		if (ctx->toolchain->with_c) /* which one links it is not known */
			return reactor ? "link it as a reactor (exports _initialize and no _start; clang: "
					 "-mexec-model=reactor; rustc: -Z wasi-exec-model=reactor)"
				       : "link it as a command (an _start entry point; clang: "
					 "-mexec-model=command; rustc: a binary crate with fn main)";
		return reactor ? "rustc: -Z wasi-exec-model=reactor (nightly)"
			       : "rustc: a binary crate with fn main (-Z wasi-exec-model=command is the default)";
	case P1C_TOOLCHAIN_GO:
		return reactor ? "Go: go build -buildmode=c-shared (exports _initialize, no _start)"
			       : "Go: go build without -buildmode=c-shared (a command exports _start)";
	case P1C_TOOLCHAIN_TINYGO:
		return reactor ? "TinyGo: tinygo build -buildmode=c-shared"
			       : "TinyGo: tinygo build -target=wasip1 without -buildmode=c-shared";
	case P1C_TOOLCHAIN_ASSEMBLYSCRIPT:
		if (!reactor)
			return "AssemblyScript: asc --explicitStart (exports _start, which runs the top-level "
			       "code)";
		break;
	case P1C_TOOLCHAIN_UNKNOWN:
		return reactor ? "link it as a reactor (exports _initialize and no _start; clang: "
				 "-mexec-model=reactor)"
			       : "link it as a command (an _start entry point; clang: -mexec-model=command)";
	default:
		break;
	}
	return reactor ? "link it as a reactor (exports _initialize and no _start)"
		       : "link it as a command (an _start entry point)";
}
