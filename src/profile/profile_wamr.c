/* WAMR native signature strings, as in a NativeSymbol table: '(' then one letter per
 * parameter, ')' then at most one result letter. i i32, I i64, f f32, F f64, r externref,
 * '*' an i32 pointer, '~' the i32 length of the buffer the '*' before it points to, '$' an
 * i32 pointer to a NUL-terminated string (core/iwasm/include/lib_export.h and
 * doc/export_native_api.md, WAMR 2.4). The check WAMR makes when it links an import is
 * check_symbol_signature in core/iwasm/common/wasm_native.c; p1c_wamr_sig_matches follows it
 * letter for letter. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/caps.h"
#include "profile/profile.h"

static bool sig_fail(size_t *at, size_t index, char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static bool sig_fail(size_t *at, size_t index, char *why, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	*at = index;
	return false;
}

/* The core type of a value letter (not '*', '~', '$'), or 0. */
static uint8_t value_letter(char c)
{
	switch (c) {
	case 'i': return P1C_VT_I32;
	case 'I': return P1C_VT_I64;
	case 'f': return P1C_VT_F32;
	case 'F': return P1C_VT_F64;
	case 'r': return P1C_VT_EXTERNREF;
	default: return 0;
	}
}

static bool param_letter(char c)
{
	return value_letter(c) || c == '*' || c == '~' || c == '$';
}

/* Checks the grammar; counts parameters (each letter is one core parameter). */
static bool check_grammar(const char *s, uint32_t *nparams, size_t *at, char *why, size_t size)
{
	if (s[0] != '(')
		return sig_fail(at, 0, why, size, "expected '(' at character 1");
	size_t i = 1;
	for (; s[i] && s[i] != ')'; i++) {
		if (!param_letter(s[i]))
			return sig_fail(at, i, why, size, "'%c' at character %zu is not a parameter letter "
					"(i I f F r * ~ $)", s[i], i + 1);
		if (s[i] == '~' && s[i - 1] != '*')
			return sig_fail(at, i, why, size, "'~' at character %zu must follow '*' (the length "
					"of the buffer before it)", i + 1);
		if (i > P1C_MAX_PARAMS)
			return sig_fail(at, i, why, size, "more than %u parameters", P1C_MAX_PARAMS);
	}
	if (!s[i])
		return sig_fail(at, i, why, size, "expected ')' at character %zu", i + 1);
	*nparams = (uint32_t)(i - 1);
	i++;
	if (s[i] && !value_letter(s[i]))
		return sig_fail(at, i, why, size, "'%c' at character %zu is not a result letter "
				"(i I f F r)", s[i], i + 1);
	if (s[i] && s[i + 1])
		return sig_fail(at, i + 1, why, size, "'%c' at character %zu: at most one result",
				s[i + 1], i + 2);
	return true;
}

bool p1c_wamr_sig_parse(const char *text, struct p1c_arena *arena, struct p1c_functype *out,
			size_t *at, char *why, size_t size)
{
	uint32_t n = 0;
	if (!check_grammar(text, &n, at, why, size))
		return false;
	const char *result = strchr(text, ')') + 1;
	struct p1c_valtype *params = p1c_arena_array(arena, n + 1u, sizeof(*params));
	struct p1c_valtype *results = p1c_arena_array(arena, 1, sizeof(*results));
	if (!params || !results)
		return sig_fail(at, 0, why, size, "out of memory");
	for (uint32_t i = 0; i < n; i++) {
		uint8_t code = value_letter(text[1 + i]);
		params[i] = (struct p1c_valtype){.code = code ? code : P1C_VT_I32};
	}
	results[0] = (struct p1c_valtype){.code = value_letter(*result)};
	*out = (struct p1c_functype){n, *result ? 1u : 0u, params, results};
	return true;
}

bool p1c_wamr_sig_matches(const char *sig, const struct p1c_functype *ft)
{
	if (!sig[0])
		return true; /* an empty signature: WAMR does not check the type */
	const char *p = sig;
	if (*p++ != '(')
		return false;
	uint32_t i = 0;
	for (; i < ft->nparams; i++) {
		char c = *p++;
		uint8_t code = ft->params[i].code;
		if (value_letter(c) && value_letter(c) == code)
			continue;
		if (code != P1C_VT_I32)
			return false; /* '*', '~' and '$' stand for i32 only */
		if (c == '*') {
			if (i + 1 < ft->nparams && ft->params[i + 1].code == P1C_VT_I32 && *p == '~') {
				i++; /* the buffer's length */
				p++;
			}
		} else if (c != '$') {
			return false;
		}
	}
	if (*p++ != ')')
		return false;
	if (ft->nresults) {
		/* WAMR compares the first result only */
		if (!*p || value_letter(*p) != ft->results[0].code)
			return false;
		p++;
	}
	return *p == '\0';
}

bool p1c_profile_import_accepts(const struct p1c_profile_import *e, const struct p1c_functype *ft)
{
	if (e->unchecked)
		return true;
	if (!ft)
		return false;
	if (e->signature)
		return p1c_wamr_sig_matches(e->signature, ft);
	return p1c_functype_eq(&e->type, ft);
}
