/* The natives scanner's tokenizer: C tokens with comments, line continuations, string
 * literals (decoded, adjacent ones kept apart for the parser to join), character constants,
 * and the preprocessor lines it needs (#define; #if 0 ... #endif skipped). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "profile/natives_impl.h"

#define MAX_TOKENS (1u << 22) /* per file: a 1 GiB source would still be refused */

struct lexer {
	const char *p, *end;
	uint32_t line;
	bool line_start;
	struct p1c_arena *arena;
	char *err;
	size_t err_size;
	uint32_t *err_line;
};

static bool lex_fail(struct lexer *lx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool lex_fail(struct lexer *lx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(lx->err, lx->err_size, fmt, ap);
	va_end(ap);
	*lx->err_line = lx->line;
	return false;
}

bool p1c_nat_push(struct p1c_arena *arena, struct ntokv *v, const struct ntok *t)
{
	if (v->n == v->cap) {
		if (v->cap >= MAX_TOKENS)
			return false;
		uint32_t cap = v->cap ? 2 * v->cap : 64;
		struct ntok *items = p1c_arena_array(arena, cap, sizeof(*items));
		if (!items)
			return false;
		if (v->n)
			memcpy(items, v->t, v->n * sizeof(*items));
		v->t = items;
		v->cap = cap;
	}
	v->t[v->n++] = *t;
	return true;
}

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Skips a backslash-newline at p (line continuation); returns whether it did. */
static bool skip_continuation(struct lexer *lx)
{
	if (lx->p + 1 < lx->end && lx->p[0] == '\\' && (lx->p[1] == '\n' || lx->p[1] == '\r')) {
		lx->p += lx->p[1] == '\r' && lx->p + 2 < lx->end && lx->p[2] == '\n' ? 3 : 2;
		lx->line++;
		return true;
	}
	return false;
}

/* Blanks and comments; stops at a newline when in_directive (the directive ends there). */
static bool skip_space(struct lexer *lx, bool in_directive)
{
	while (lx->p < lx->end) {
		char c = *lx->p;
		if (skip_continuation(lx))
			continue;
		if (c == '\n') {
			if (in_directive)
				return true;
			lx->line++;
			lx->line_start = true;
			lx->p++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			lx->p++;
		} else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				if (!skip_continuation(lx))
					lx->p++;
		} else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
			uint32_t start = lx->line;
			lx->p += 2;
			while (lx->p + 1 < lx->end && !(lx->p[0] == '*' && lx->p[1] == '/'))
				lx->line += *lx->p++ == '\n';
			if (lx->p + 1 >= lx->end) {
				lx->line = start;
				return lex_fail(lx, "unterminated /* comment");
			}
			lx->p += 2;
		} else {
			return true;
		}
	}
	return true;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One escape after the backslash; appends its byte. */
static char read_escape(struct lexer *lx)
{
	char c = *lx->p++;
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
		unsigned v = (unsigned)(c - '0');
		for (int i = 0; i < 2 && lx->p < lx->end && *lx->p >= '0' && *lx->p <= '7'; i++)
			v = v * 8 + (unsigned)(*lx->p++ - '0');
		return (char)(v & 0xFF);
	}
	case 'x': {
		unsigned v = 0;
		while (lx->p < lx->end && hex_value(*lx->p) >= 0)
			v = (v * 16 + (unsigned)hex_value(*lx->p++)) & 0xFF;
		return (char)v;
	}
	default: return c; /* \\ \" \' \? and the rest */
	}
}

/* A string or character literal starting at the quote. */
static bool read_quoted(struct lexer *lx, struct ntok *t)
{
	char quote = *lx->p++;
	size_t cap = (size_t)(lx->end - lx->p) + 1, n = 0;
	char *buf = p1c_arena_alloc(lx->arena, cap);
	if (!buf)
		return lex_fail(lx, "out of memory");
	while (lx->p < lx->end && *lx->p != quote) {
		if (skip_continuation(lx))
			continue;
		if (*lx->p == '\n')
			break;
		if (*lx->p == '\\' && lx->p + 1 < lx->end) {
			lx->p++;
			buf[n++] = read_escape(lx);
		} else {
			buf[n++] = *lx->p++;
		}
	}
	if (lx->p >= lx->end || *lx->p != quote)
		return lex_fail(lx, "unterminated %s", quote == '"' ? "string literal" : "character constant");
	lx->p++;
	buf[n] = '\0';
	t->kind = quote == '"' ? NT_STRING : NT_CHAR;
	t->text = strlen(buf) == n ? buf : "";
	if (strlen(buf) != n)
		t->kind = NT_CHAR; /* a NUL inside: not usable as a name */
	return true;
}

/* One token at p (not a blank, not a comment). */
static bool read_token(struct lexer *lx, struct ntok *t)
{
	const char *start = lx->p;
	*t = (struct ntok){.line = lx->line};
	char c = *lx->p;
	/* encoding prefixes of string literals: u8"", u"", U"", L"" */
	size_t pre = c == 'u' && lx->p + 1 < lx->end && lx->p[1] == '8' ? 2
		     : c == 'u' || c == 'U' || c == 'L' ? 1 : 0;
	if (pre && lx->p + pre < lx->end && (lx->p[pre] == '"' || lx->p[pre] == '\'')) {
		lx->p += pre;
		return read_quoted(lx, t);
	}
	if (c == '"' || c == '\'')
		return read_quoted(lx, t);
	if (is_ident_start(c) || (c >= '0' && c <= '9')) {
		bool number = !is_ident_start(c);
		while (lx->p < lx->end && (is_ident_char(*lx->p) || (number && *lx->p == '.')))
			lx->p++;
		t->kind = number ? NT_NUMBER : NT_IDENT;
	} else {
		static const char *const two[] = {"##", "->", "++", "--", "<<", ">>", "&&", "||",
						  "==", "!=", "<=", ">=", "+=", "-=", "*=", "/="};
		t->kind = NT_PUNCT;
		lx->p++;
		for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++) {
			if (start + 1 < lx->end && start[0] == two[i][0] && start[1] == two[i][1]) {
				lx->p = start + 2;
				break;
			}
		}
	}
	t->text = p1c_arena_strndup(lx->arena, start, (size_t)(lx->p - start));
	return t->text ? true : lex_fail(lx, "out of memory");
}

/* The rest of a directive line as tokens. */
static bool directive_tokens(struct lexer *lx, struct ntokv *out)
{
	for (;;) {
		P1C_TRY(skip_space(lx, true));
		if (lx->p >= lx->end || *lx->p == '\n')
			return true;
		struct ntok t;
		P1C_TRY(read_token(lx, &t));
		if (!p1c_nat_push(lx->arena, out, &t))
			return lex_fail(lx, "too many tokens");
	}
}

static bool add_macro(struct lexer *lx, struct nfile *f, const struct nmacro *m)
{
	if (f->nmacros == f->capmacros) {
		uint32_t cap = f->capmacros ? 2 * f->capmacros : 16;
		struct nmacro *items = p1c_arena_array(lx->arena, cap, sizeof(*items));
		if (!items)
			return lex_fail(lx, "out of memory");
		if (f->nmacros)
			memcpy(items, f->macros, f->nmacros * sizeof(*items));
		f->macros = items;
		f->capmacros = cap;
	}
	f->macros[f->nmacros++] = *m;
	return true;
}

/* Marks '#' and '##' in a macro body on the tokens they apply to, and drops them. */
static void mark_operators(struct ntokv *body)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < body->n; i++) {
		struct ntok *t = &body->t[i];
		if (t->kind == NT_PUNCT && strcmp(t->text, "##") == 0 && n) {
			body->t[n - 1].paste = true;
			continue;
		}
		if (t->kind == NT_PUNCT && strcmp(t->text, "#") == 0 && i + 1 < body->n) {
			body->t[i + 1].hash = true;
			continue;
		}
		body->t[n++] = *t;
	}
	body->n = n;
}

/* After "#define": NAME, NAME(params...), then the body. */
static bool read_define(struct lexer *lx, struct nfile *f)
{
	P1C_TRY(skip_space(lx, true));
	if (lx->p >= lx->end || !is_ident_start(*lx->p))
		return directive_tokens(lx, &(struct ntokv){0});
	struct ntok name;
	P1C_TRY(read_token(lx, &name));
	struct nmacro m = {.name = name.text};
	if (lx->p < lx->end && *lx->p == '(') {
		struct ntokv all = {0};
		m.function_like = true;
		P1C_TRY(directive_tokens(lx, &all));
		uint32_t i = 1; /* after '(' */
		m.params = p1c_arena_array(lx->arena, all.n + 1u, sizeof(*m.params));
		if (!m.params)
			return lex_fail(lx, "out of memory");
		for (; i < all.n && strcmp(all.t[i].text, ")") != 0; i++) {
			if (all.t[i].kind == NT_IDENT || strcmp(all.t[i].text, "...") == 0)
				m.params[m.nparams++] = all.t[i].text;
		}
		m.body = (struct ntokv){all.t + (i < all.n ? i + 1 : i), all.n - (i < all.n ? i + 1 : i),
					0};
	} else {
		P1C_TRY(directive_tokens(lx, &m.body));
	}
	mark_operators(&m.body);
	return add_macro(lx, f, &m);
}

/* Skips an `#if 0` block up to its #else, #elif or #endif (nesting counted). */
static bool skip_if0(struct lexer *lx)
{
	int depth = 0;
	while (lx->p < lx->end) {
		P1C_TRY(skip_space(lx, false));
		if (lx->p >= lx->end)
			break;
		if (*lx->p == '#' && lx->line_start) {
			lx->p++;
			struct ntokv d = {0};
			P1C_TRY(directive_tokens(lx, &d));
			const char *w = d.n ? d.t[0].text : "";
			if (strncmp(w, "if", 2) == 0)
				depth++;
			else if (strcmp(w, "endif") == 0 && depth-- == 0)
				return true;
			else if ((strcmp(w, "else") == 0 || strcmp(w, "elif") == 0) && depth == 0)
				return true;
			continue;
		}
		lx->line_start = false;
		if (*lx->p == '"' || *lx->p == '\'') {
			struct ntok t;
			P1C_TRY(read_quoted(lx, &t));
		} else {
			lx->p++;
		}
	}
	return lex_fail(lx, "#if 0 without #endif");
}

static bool read_directive(struct lexer *lx, struct nfile *f)
{
	lx->p++; /* '#' */
	P1C_TRY(skip_space(lx, true));
	struct ntok word = {0};
	if (lx->p < lx->end && is_ident_start(*lx->p))
		P1C_TRY(read_token(lx, &word));
	if (word.text && strcmp(word.text, "define") == 0)
		return read_define(lx, f);
	struct ntokv rest = {0};
	P1C_TRY(directive_tokens(lx, &rest));
	if (word.text && strcmp(word.text, "if") == 0 && rest.n == 1 &&
	    strcmp(rest.t[0].text, "0") == 0)
		return skip_if0(lx);
	return true;
}

bool p1c_nat_lex(struct nfile *f, const char *text, size_t len, struct p1c_arena *arena,
		 uint32_t *line, char *err, size_t err_size)
{
	struct lexer lx = {text, text + len, 1, true, arena, err, err_size, line};
	for (;;) {
		P1C_TRY(skip_space(&lx, false));
		if (lx.p >= lx.end)
			return true;
		if (*lx.p == '#' && lx.line_start) {
			P1C_TRY(read_directive(&lx, f));
			continue;
		}
		lx.line_start = false;
		struct ntok t;
		P1C_TRY(read_token(&lx, &t));
		if (!p1c_nat_push(arena, &f->toks, &t))
			return lex_fail(&lx, "too many tokens (or out of memory)");
	}
}
