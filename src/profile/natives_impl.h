/* Internal to the natives scanner (natives_lex.c, natives.c): tokens and macros. */
#ifndef P1C_NATIVES_IMPL_H
#define P1C_NATIVES_IMPL_H

#include "base/reader.h" /* P1C_TRY */
#include "profile/natives.h"

enum ntok_kind { NT_IDENT, NT_STRING, NT_NUMBER, NT_PUNCT, NT_CHAR };

struct ntok {
	uint8_t kind;     /* enum ntok_kind */
	bool hash;        /* in a macro body: '#' (stringify) before a parameter */
	bool paste;       /* in a macro body: '##' follows this token */
	const char *text; /* NUL-terminated; a string literal's decoded value */
	uint32_t line;
};

struct ntokv {
	struct ntok *t;
	uint32_t n, cap;
};

struct nmacro {
	const char *name;
	bool function_like;
	uint32_t nparams;
	const char **params;
	struct ntokv body;
};

/* One file's tokens (preprocessor lines taken out) and the macros it defines. */
struct nfile {
	const char *path;
	struct ntokv toks;
	struct nmacro *macros;
	uint32_t nmacros, capmacros;
};

bool p1c_nat_push(struct p1c_arena *arena, struct ntokv *v, const struct ntok *t);
/* Tokenizes text: comments and `#if 0` blocks skipped, #define recorded, other directives
 * ignored. On a lexical error returns false with *line and err. */
bool p1c_nat_lex(struct nfile *f, const char *text, size_t len, struct p1c_arena *arena,
		 uint32_t *line, char *err, size_t err_size);

#endif
