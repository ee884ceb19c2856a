/* The one-line verdict for core modules built for WASI 0.2: which kind of wasm32-wasip2
 * build it is, from the import set, the cabi_realloc export, the component-type:* custom
 * section and the producers section. wasi-libc's wasm32-wasip2 target imported preview 1
 * functions (served by the component adapter) up to wasi-sdk-27 and none from wasi-sdk-28
 * on (WebAssembly/wasi-libc 7c616cbf, "Remove uses of preview1 component adapter"). */
#include <string.h>

#include "rules/rules_internal.h"

static bool is_p1_module(struct p1c_str module)
{
	return p1c_str_eq(module, "wasi_snapshot_preview1") || p1c_str_eq(module, "wasi_unstable");
}

/* "; also: cabi_realloc export, component-type custom section, producers wasi-sdk 25" */
static const char *evidence(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	bool cabi = false, ctype = false;
	for (uint32_t i = 0; i < m->nexports; i++)
		cabi |= p1c_str_eq(m->exports[i].name, "cabi_realloc");
	for (uint32_t i = 0; i < m->nsections; i++)
		ctype |= m->sections[i].id == 0 && p1c_str_has_prefix(m->sections[i].name, "component-type");
	const char *sdk = NULL;
	for (uint32_t i = 0; i < m->nproducers; i++)
		for (uint32_t j = 0; p1c_str_eq(m->producers[i].name, "sdk") && j < m->producers[i].nvalues; j++)
			sdk = rules_text(ctx, p1c_arena_printf(ctx->arena, "%.*s %.*s",
				(int)m->producers[i].values[j].name.len, (const char *)m->producers[i].values[j].name.ptr,
				(int)m->producers[i].values[j].version.len,
				(const char *)m->producers[i].values[j].version.ptr));
	if (!cabi && !ctype && !sdk)
		return "";
	return rules_text(ctx, p1c_arena_printf(ctx->arena, "; %s%s%s%s%s", cabi ? "exports cabi_realloc" : "",
		cabi && (ctype || sdk) ? ", " : "", ctype ? "a component-type custom section" : "",
		ctype && sdk ? ", " : "", sdk ? sdk : ""));
}

/* Which build style the import set is, named only for a toolchain known to build that way:
 * wasi-libc (wasi-sdk, clang) imported preview 1 functions for the component adapter up to
 * wasi-sdk 27 and none from 28 on; Rust's std linked that wasi-libc and imported preview 1
 * itself before rust-lang/rust#145944; TinyGo's -target=wasip2 has its own small libc that
 * imports WASI 0.2 only (tinygo-org/tinygo#4027). Anything else: no style is claimed. */
static const char *mixed_style(const struct rules_ctx *ctx)
{
	switch (ctx->toolchain ? ctx->toolchain->id : P1C_TOOLCHAIN_UNKNOWN) {
	case P1C_TOOLCHAIN_CLANG: return ": wasi-sdk 22-27 style";
	case P1C_TOOLCHAIN_RUST:
		return ctx->toolchain->with_c ? "" : ": Rust std with the preview 1 component adapter";
	case P1C_TOOLCHAIN_TINYGO: return ": TinyGo -target=wasip2";
	default: return "";
	}
}

static const char *pure_style(const struct rules_ctx *ctx)
{
	switch (ctx->toolchain ? ctx->toolchain->id : P1C_TOOLCHAIN_UNKNOWN) {
	case P1C_TOOLCHAIN_CLANG: return "pure WASI 0.2 core module (wasi-sdk >= 28 style)";
	case P1C_TOOLCHAIN_RUST:
		return ctx->toolchain->with_c ? "pure WASI 0.2 core module"
					      : "pure WASI 0.2 core module (Rust wasm32-wasip2)";
	case P1C_TOOLCHAIN_TINYGO: return "pure WASI 0.2 core module (TinyGo -target=wasip2)";
	default: return "pure WASI 0.2 core module";
	}
}

void check_wasip2_build(struct rules_ctx *ctx, struct p1c_audit *out)
{
	const struct p1c_module *m = ctx->module;
	uint32_t p2 = 0, p1 = 0;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct p1c_import *imp = &m->imports[i];
		if (imp->kind != P1C_EXTERN_FUNC)
			continue;
		if (p1c_str_has_prefix(imp->module, "wasi:") || p1c_str_has_prefix(imp->module, "cm32p2|"))
			p2++;
		else if (is_p1_module(imp->module))
			p1++;
	}
	if (!p2)
		return;
	out->wasip2_build = p1 ? P1C_WASIP2_MIXED : P1C_WASIP2_PURE;
	out->wasip2_verdict = rules_text(ctx, p1
		? p1c_arena_printf(ctx->arena, "core module built for wasm32-wasip2%s, mixing preview 1 and "
				   "WASI 0.2 imports (%u preview 1, %u WASI 0.2)%s", mixed_style(ctx), p1, p2,
				   evidence(ctx))
		: p1c_arena_printf(ctx->arena, "%s: %u WASI 0.2 imports, none from preview 1%s",
				   pure_style(ctx), p2, evidence(ctx)));
}
