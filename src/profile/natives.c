/* The natives scanner's parser: NativeSymbol array initializers and the registrations that
 * name them. Entry styles (core/iwasm/include/lib_export.h and the samples of WAMR 2.4):
 *   { "name", fn, "(ii)i", NULL }               positional
 *   { .symbol = "name", .signature = "(i)" }    designated
 *   EXPORT_WASM_API_WITH_SIG(name, "(i)i")      WAMR's macros (and _SIG2, _ATT, _ATT2, API,
 *                                               API2: no signature, so WAMR does not check)
 *   REG_NATIVE_FUNC(name, "(i)i")               a function-like #define of the scanned files
 * Registrations: wasm_runtime_register_natives[_raw]("module", array, n) (and the
 * wasm_native_* forms), RuntimeInitArgs .native_module_name / .native_symbols, and iwasm's
 * --native-lib entry point get_native_lib (samples/native-lib). */
#include <stdio.h>
#include <string.h>

#include "profile/natives_impl.h"
#include "profile/profile.h" /* p1c_wamr_sig_parse */

#define MAX_EXPANSION_DEPTH 8
#define MAX_EXPANDED (1u << 16) /* tokens one entry may expand to */

struct nentry {
	const char *name, *sig;
	uint32_t line;
};

struct p1c_natives_array {
	const char *name, *file;
	uint32_t line;
	struct nentry *entries;
	uint32_t n;
	bool registered;
};

struct p1c_natives_reg {
	const char *module, *array, *file;
	uint32_t line;
};

/* The parse of one file. */
struct pctx {
	struct p1c_natives *n;
	struct nfile *f;
	const struct nfile *prelude;
};

/* WAMR's entry macros, as core/iwasm/include/lib_export.h (WAMR 2.4) defines them. */
static const char prelude_text[] =
	"#define EXPORT_WASM_API(symbol) { #symbol, (void *)symbol, NULL, NULL }\n"
	"#define EXPORT_WASM_API2(symbol) { #symbol, (void *)symbol##_wrapper, NULL, NULL }\n"
	"#define EXPORT_WASM_API_WITH_SIG(symbol, signature) { #symbol, (void *)symbol, signature, NULL }\n"
	"#define EXPORT_WASM_API_WITH_SIG2(symbol, signature) { #symbol, (void *)symbol##_wrapper, signature, NULL }\n"
	"#define EXPORT_WASM_API_WITH_ATT(symbol, signature, att) { #symbol, (void *)symbol, signature, att }\n"
	"#define EXPORT_WASM_API_WITH_ATT2(symbol, signature, att) { #symbol, (void *)symbol##_wrapper, signature, att }\n";

#define GROW(arena, items, n, cap, init)                                                   \
	(((n) < (cap)) || grow((arena), (void **)&(items), &(cap), sizeof(*(items)), (n), (init)))

static bool grow(struct p1c_arena *arena, void **items, uint32_t *cap, size_t size, uint32_t n,
		 uint32_t init)
{
	uint32_t newcap = *cap ? 2 * *cap : init;
	void *p = p1c_arena_array(arena, newcap, size);
	if (!p)
		return false;
	if (n)
		memcpy(p, *items, (size_t)n * size);
	*items = p;
	*cap = newcap;
	return true;
}

static bool problem(struct p1c_natives *n, const char *file, uint32_t line, const char *msg)
{
	if (!msg || !GROW(n->arena, n->problems, n->nproblems, n->capproblems, 8))
		return false;
	n->problems[n->nproblems++] = (struct p1c_native_problem){file, line, msg};
	return true;
}

static bool is(const struct ntok *t, const char *text)
{
	return strcmp(t->text, text) == 0 && t->kind != NT_STRING && t->kind != NT_CHAR;
}

/* ---- macros ------------------------------------------------------------------------------ */

static const struct nmacro *find_macro(const struct pctx *c, const char *name)
{
	for (uint32_t i = c->f->nmacros; i-- > 0;) /* the last #define wins */
		if (strcmp(c->f->macros[i].name, name) == 0)
			return &c->f->macros[i];
	for (uint32_t i = 0; i < c->prelude->nmacros; i++)
		if (strcmp(c->prelude->macros[i].name, name) == 0)
			return &c->prelude->macros[i];
	return NULL;
}

/* The index after the ')' matching the '(' at i, or 0 when there is none before hi. */
static uint32_t match_close(const struct ntok *t, uint32_t i, uint32_t hi, const char *open,
			    const char *close)
{
	int depth = 0;
	for (; i < hi; i++) {
		if (is(&t[i], open))
			depth++;
		else if (is(&t[i], close) && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* Splits [lo, hi) at commas outside (), [] and {}: starts of each part into at[] (count
 * returned, at most max), hi closes the last. */
static uint32_t split_commas(const struct ntok *t, uint32_t lo, uint32_t hi, uint32_t *at,
			     uint32_t max)
{
	uint32_t n = 0;
	int depth = 0;
	if (lo >= hi)
		return 0;
	at[n++] = lo;
	for (uint32_t i = lo; i < hi; i++) {
		if (is(&t[i], "(") || is(&t[i], "[") || is(&t[i], "{"))
			depth++;
		else if (is(&t[i], ")") || is(&t[i], "]") || is(&t[i], "}"))
			depth--;
		else if (depth == 0 && is(&t[i], ",") && n < max)
			at[n++] = i + 1;
	}
	return n;
}

struct expander {
	const struct pctx *c;
	const char *active[MAX_EXPANSION_DEPTH];
	uint32_t nactive;
};

static bool expand(struct expander *x, const struct ntok *t, uint32_t lo, uint32_t hi,
		   struct ntokv *out);

static const char *spell(struct p1c_arena *arena, const struct ntok *t, uint32_t lo, uint32_t hi)
{
	const char *s = "";
	for (uint32_t i = lo; i < hi && s; i++)
		s = p1c_arena_printf(arena, "%s%s%s", s, *s && t[i].kind == NT_IDENT &&
				     t[i - 1].kind == NT_IDENT ? " " : "", t[i].text);
	return s;
}

/* The body of m with arguments args[k] = tokens [at[k], end[k]) substituted; then rescanned. */
static bool substitute(struct expander *x, const struct nmacro *m, const struct ntok *t,
		       const uint32_t *at, const uint32_t *end, uint32_t nargs, struct ntokv *out)
{
	struct p1c_arena *arena = x->c->n->arena;
	struct ntokv body = {0};
	for (uint32_t i = 0; i < m->body.n; i++) {
		const struct ntok *b = &m->body.t[i];
		uint32_t k = 0;
		while (b->kind == NT_IDENT && k < m->nparams && strcmp(m->params[k], b->text) != 0)
			k++;
		bool param = b->kind == NT_IDENT && k < m->nparams && k < nargs;
		struct ntok tok = *b;
		if (param && b->hash) {
			tok = (struct ntok){.kind = NT_STRING, .line = b->line,
					    .text = spell(arena, t, at[k], end[k])};
		} else if (param) {
			for (uint32_t j = at[k]; j < end[k]; j++)
				if (!p1c_nat_push(arena, &body, &t[j]))
					return false;
			if (b->paste && body.n)
				body.t[body.n - 1].paste = true;
			continue;
		}
		if (!tok.text || !p1c_nat_push(arena, &body, &tok))
			return false;
	}
	/* token pasting: a ## b becomes one identifier */
	uint32_t n = 0;
	for (uint32_t i = 0; i < body.n; i++) {
		struct ntok tok = body.t[i];
		while (tok.paste && i + 1 < body.n) {
			tok.text = p1c_arena_printf(arena, "%s%s", tok.text, body.t[++i].text);
			tok.paste = body.t[i].paste;
			if (!tok.text)
				return false;
		}
		tok.paste = tok.hash = false;
		body.t[n++] = tok;
	}
	body.n = n;
	x->active[x->nactive++] = m->name;
	bool ok = expand(x, body.t, 0, body.n, out);
	x->nactive--;
	return ok;
}

static bool is_active(const struct expander *x, const char *name)
{
	for (uint32_t i = 0; i < x->nactive; i++)
		if (strcmp(x->active[i], name) == 0)
			return true;
	return false;
}

/* Expands every macro in [lo, hi) into out (a macro is not expanded inside itself). */
static bool expand(struct expander *x, const struct ntok *t, uint32_t lo, uint32_t hi,
		   struct ntokv *out)
{
	struct p1c_arena *arena = x->c->n->arena;
	for (uint32_t i = lo; i < hi; i++) {
		const struct nmacro *m = t[i].kind == NT_IDENT && x->nactive < MAX_EXPANSION_DEPTH &&
						 !is_active(x, t[i].text)
					 ? find_macro(x->c, t[i].text) : NULL;
		if (m && m->function_like && i + 1 < hi && is(&t[i + 1], "(")) {
			uint32_t close = match_close(t, i + 1, hi, "(", ")");
			if (close) {
				uint32_t at[64], end[64];
				uint32_t nargs = split_commas(t, i + 2, close - 1, at, 64);
				for (uint32_t k = 0; k < nargs; k++)
					end[k] = k + 1 < nargs ? at[k + 1] - 1 : close - 1;
				P1C_TRY(substitute(x, m, t, at, end, nargs, out));
				i = close - 1;
				continue;
			}
		} else if (m && !m->function_like) {
			P1C_TRY(substitute(x, m, t, NULL, NULL, 0, out));
			continue;
		}
		if (!p1c_nat_push(arena, out, &t[i]) || out->n > MAX_EXPANDED)
			return false;
	}
	return true;
}

static bool expand_range(const struct pctx *c, const struct ntok *t, uint32_t lo, uint32_t hi,
			 struct ntokv *out)
{
	struct expander x = {.c = c};
	*out = (struct ntokv){0};
	return expand(&x, t, lo, hi, out);
}

/* ---- values -------------------------------------------------------------------------------- */

enum value_kind { V_STRING, V_NULL, V_OTHER };

/* A string (adjacent literals joined, parentheses around it ignored), NULL/0, or other. */
static enum value_kind value_of(struct p1c_arena *arena, const struct ntok *t, uint32_t lo,
				uint32_t hi, const char **str)
{
	while (hi - lo >= 2 && is(&t[lo], "(") && is(&t[hi - 1], ")") &&
	       match_close(t, lo, hi, "(", ")") == hi) {
		lo++;
		hi--;
	}
	if (lo < hi && t[lo].kind == NT_STRING) {
		const char *s = "";
		for (uint32_t i = lo; i < hi; i++) {
			if (t[i].kind != NT_STRING)
				return V_OTHER;
			s = p1c_arena_printf(arena, "%s%s", s, t[i].text);
		}
		*str = s;
		return s ? V_STRING : V_OTHER;
	}
	/* NULL, 0, (void *)0, (const char *)NULL */
	if (lo < hi && (is(&t[hi - 1], "NULL") || is(&t[hi - 1], "0") || is(&t[hi - 1], "nullptr"))) {
		if (hi - lo == 1)
			return V_NULL;
		if (is(&t[lo], "(") && match_close(t, lo, hi, "(", ")") == hi - 1)
			return V_NULL;
	}
	return V_OTHER;
}

/* ---- arrays -------------------------------------------------------------------------------- */

/* One braced entry, tokens [lo, hi) inside the braces. *why says why it is left out. */
static bool read_entry(struct pctx *c, const struct ntok *t, uint32_t lo, uint32_t hi,
		       struct nentry *e, const char **why)
{
	struct p1c_arena *arena = c->n->arena;
	uint32_t at[8], end[8];
	uint32_t n = split_commas(t, lo, hi, at, 8);
	for (uint32_t k = 0; k < n; k++)
		end[k] = k + 1 < n ? at[k + 1] - 1 : hi;
	int sym = -1, sig = -1;
	if (n && is(&t[at[0]], ".")) {
		for (uint32_t k = 0; k < n; k++) {
			if (end[k] - at[k] < 3 || !is(&t[at[k]], ".") || !is(&t[at[k] + 2], "="))
				continue;
			if (is(&t[at[k] + 1], "symbol"))
				sym = (int)k;
			else if (is(&t[at[k] + 1], "signature"))
				sig = (int)k;
			at[k] += 3;
		}
	} else {
		sym = n > 0 ? 0 : -1;
		sig = n > 2 ? 2 : -1;
	}
	const char *name = NULL, *signature = "";
	if (sym < 0 || value_of(arena, t, at[sym], end[sym], &name) != V_STRING) {
		*why = "its symbol is not a string literal";
		return false;
	}
	if (sig >= 0) {
		enum value_kind k = value_of(arena, t, at[sig], end[sig], &signature);
		if (k == V_NULL)
			signature = "";
		else if (k != V_STRING) {
			*why = p1c_arena_printf(arena, "the signature of '%s' is not a string literal or "
						"NULL", name);
			return false;
		}
	}
	*e = (struct nentry){name, signature, t[lo > 0 ? lo - 1 : 0].line};
	return true;
}

static bool add_entry(struct pctx *c, struct p1c_natives_array *a, uint32_t *cap,
		      const struct nentry *e)
{
	if (!GROW(c->n->arena, a->entries, a->n, *cap, 16))
		return false;
	a->entries[a->n++] = *e;
	return true;
}

/* One item of the array's initializer list, [lo, hi): a braced entry, or a macro that
 * expands to one. */
static bool read_item(struct pctx *c, struct p1c_natives_array *a, uint32_t *cap,
		      const struct ntok *t, uint32_t lo, uint32_t hi, uint32_t index)
{
	struct ntokv x;
	if (!expand_range(c, t, lo, hi, &x))
		return problem(c->n, c->f->path, t[lo].line,
			       p1c_arena_printf(c->n->arena, "entry %u of '%s': macro expansion too "
						"large; left out", index, a->name));
	const char *why = "it is not a { ... } initializer (nor a macro that expands to one)";
	struct nentry e;
	if (x.n >= 2 && is(&x.t[0], "{") && match_close(x.t, 0, x.n, "{", "}") == x.n) {
		for (uint32_t k = 0; k < x.n; k++)
			x.t[k].line = t[lo].line;
		if (read_entry(c, x.t, 1, x.n - 1, &e, &why)) {
			e.line = t[lo].line;
			return add_entry(c, a, cap, &e);
		}
	}
	return problem(c->n, c->f->path, t[lo].line,
		       p1c_arena_printf(c->n->arena, "entry %u of NativeSymbol array '%s' left out: %s",
					index, a->name, why));
}

/* At "NativeSymbol": NAME [ ... ] = { items }; returns the index after it (or i + 1). */
static uint32_t read_array(struct pctx *c, uint32_t i, bool *ok)
{
	const struct ntok *t = c->f->toks.t;
	uint32_t n = c->f->toks.n;
	if (i + 3 >= n || t[i + 1].kind != NT_IDENT || !is(&t[i + 2], "["))
		return i + 1;
	uint32_t after = match_close(t, i + 2, n, "[", "]");
	if (!after || after + 1 >= n || !is(&t[after], "=") || !is(&t[after + 1], "{"))
		return i + 1;
	uint32_t close = match_close(t, after + 1, n, "{", "}");
	if (!close) {
		*ok = problem(c->n, c->f->path, t[i].line, "NativeSymbol array without a closing '}'");
		return n;
	}
	if (!GROW(c->n->arena, c->n->arrays, c->n->narrays, c->n->caparrays, 8)) {
		*ok = false;
		return n;
	}
	struct p1c_natives_array *a = &c->n->arrays[c->n->narrays++];
	*a = (struct p1c_natives_array){.name = t[i + 1].text, .file = c->f->path, .line = t[i].line};
	uint32_t cap = 0, at[4096];
	uint32_t items = split_commas(t, after + 2, close - 1, at, 4096);
	for (uint32_t k = 0; k < items && *ok; k++) {
		uint32_t end = k + 1 < items ? at[k + 1] - 1 : close - 1;
		if (end > at[k]) /* a trailing comma leaves an empty last item */
			*ok = read_item(c, a, &cap, t, at[k], end, k);
	}
	if (items == 4096)
		*ok = *ok && problem(c->n, c->f->path, t[i].line, "more than 4096 entries: the rest "
				     "are left out");
	return close;
}

/* ---- registrations --------------------------------------------------------------------------- */

static bool add_reg(struct pctx *c, const char *module, const char *array, uint32_t line)
{
	if (!GROW(c->n->arena, c->n->regs, c->n->nregs, c->n->capregs, 8))
		return false;
	c->n->regs[c->n->nregs++] = (struct p1c_natives_reg){module, array, c->f->path, line};
	return true;
}

/* The array an argument names: `arr`, `&arr[0]`, or either after casts. */
static const char *array_arg(const struct ntok *t, uint32_t lo, uint32_t hi)
{
	while (lo < hi && is(&t[lo], "(")) {
		uint32_t close = match_close(t, lo, hi, "(", ")");
		if (!close)
			return NULL;
		lo = close; /* a cast */
	}
	if (hi - lo == 1 && t[lo].kind == NT_IDENT)
		return t[lo].text;
	if (hi - lo == 5 && is(&t[lo], "&") && t[lo + 1].kind == NT_IDENT && is(&t[lo + 2], "[") &&
	    is(&t[lo + 3], "0") && is(&t[lo + 4], "]"))
		return t[lo + 1].text;
	return NULL;
}

static bool declares(const struct ntok *t, uint32_t lo, uint32_t hi)
{
	for (uint32_t i = lo; i < hi; i++)
		if (is(&t[i], "char") || is(&t[i], "NativeSymbol"))
			return true;
	return false;
}

/* At a register function's name: ( "module", array, count ). */
static bool read_register_call(struct pctx *c, uint32_t i)
{
	const struct ntok *t = c->f->toks.t;
	uint32_t n = c->f->toks.n;
	if (i + 1 >= n || !is(&t[i + 1], "("))
		return true;
	uint32_t close = match_close(t, i + 1, n, "(", ")");
	uint32_t at[4];
	uint32_t nargs = close ? split_commas(t, i + 2, close - 1, at, 4) : 0;
	if (nargs < 2 || declares(t, at[0], at[1] - 1) ||
	    declares(t, at[1], nargs > 2 ? at[2] - 1 : close - 1))
		return true; /* a prototype, or not a call */
	struct ntokv mod;
	const char *module = NULL, *array = array_arg(t, at[1], at[2 < nargs ? 2 : 1] - 1);
	if (!expand_range(c, t, at[0], at[1] - 1, &mod))
		return false;
	struct p1c_arena *arena = c->n->arena;
	if (value_of(arena, mod.t, 0, mod.n, &module) != V_STRING) {
		/* the table is accounted for (module NULL): one message, not two */
		P1C_TRY(!array || add_reg(c, NULL, array, t[i].line));
		return problem(c->n, c->f->path, t[i].line, p1c_arena_printf(arena,
			"%s(%s, %s, ...): the module name is not a string literal (or a macro for "
			"one), so the table's module is unknown: not written", t[i].text,
			spell(arena, t, at[0], at[1] - 1), array ? array : "?"));
	}
	if (!array)
		return problem(c->n, c->f->path, t[i].line, p1c_arena_printf(arena,
			"%s(\"%s\", ...): the table argument does not name an array: not attributed",
			t[i].text, module));
	return add_reg(c, module, array, t[i].line);
}

static bool is_register_function(const char *s)
{
	static const char *const names[] = {
		"wasm_runtime_register_natives", "wasm_runtime_register_natives_raw",
		"wasm_native_register_natives", "wasm_native_register_natives_raw"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

/* `X = "module"` or `X = array` for X = native_module_name / native_symbols (RuntimeInitArgs,
 * also as designated initializers), and inside get_native_lib the assignments through its
 * out-parameters. The k-th module name pairs with the k-th table. */
struct pairing {
	const char *modules[32], *arrays[32];
	uint32_t lines[32];
	uint32_t nmod, narr;
};

static void note_assignment(struct pctx *c, uint32_t i, bool in_native_lib, struct pairing *p)
{
	const struct ntok *t = c->f->toks.t;
	uint32_t n = c->f->toks.n;
	if (i + 2 >= n || !is(&t[i + 1], "=") || !(is(&t[i + 3 < n ? i + 3 : i], ";") ||
						   is(&t[i + 3 < n ? i + 3 : i], ",") ||
						   is(&t[i + 3 < n ? i + 3 : i], "}")))
		return;
	/* in get_native_lib: `*p_module_name = "env";`, `*p_native_symbols = table;` */
	bool out_param = in_native_lib && i > 0 && is(&t[i - 1], "*");
	bool module_key = is(&t[i], "native_module_name") || (out_param && t[i + 2].kind == NT_STRING);
	bool table_key = is(&t[i], "native_symbols") || (out_param && t[i + 2].kind == NT_IDENT);
	if (module_key && t[i + 2].kind == NT_STRING && p->nmod < 32) {
		p->lines[p->nmod] = t[i].line;
		p->modules[p->nmod++] = t[i + 2].text;
	} else if (table_key && t[i + 2].kind == NT_IDENT && p->narr < 32) {
		p->arrays[p->narr++] = t[i + 2].text;
	}
}

static bool pair_up(struct pctx *c, const struct pairing *p)
{
	uint32_t both = p->nmod < p->narr ? p->nmod : p->narr;
	for (uint32_t k = 0; k < both; k++)
		P1C_TRY(add_reg(c, p->modules[k], p->arrays[k], p->lines[k]));
	if (p->nmod != p->narr)
		return problem(c->n, c->f->path, p->nmod ? p->lines[0] : 1, p1c_arena_printf(
			c->n->arena, "%u native module name(s) but %u native table(s) assigned "
			"(native_module_name / native_symbols or get_native_lib): the extra ones are not "
			"attributed", p->nmod, p->narr));
	return true;
}

static bool parse_file(struct pctx *c)
{
	const struct ntok *t = c->f->toks.t;
	uint32_t n = c->f->toks.n, native_lib_end = 0;
	struct pairing pairs = {0};
	bool ok = true;
	for (uint32_t i = 0; i < n && ok;) {
		if (t[i].kind != NT_IDENT) {
			i++;
			continue;
		}
		if (is(&t[i], "NativeSymbol")) {
			i = read_array(c, i, &ok);
			continue;
		}
		if (is_register_function(t[i].text))
			ok = read_register_call(c, i);
		else if (is(&t[i], "get_native_lib") && i + 1 < n && is(&t[i + 1], "(")) {
			uint32_t params = match_close(t, i + 1, n, "(", ")");
			if (params && params < n && is(&t[params], "{"))
				native_lib_end = match_close(t, params, n, "{", "}");
		} else {
			note_assignment(c, i, i < native_lib_end, &pairs);
		}
		i++;
	}
	return ok && pair_up(c, &pairs);
}

/* ---- public ---------------------------------------------------------------------------------- */

struct p1c_natives_files {
	struct nfile prelude;
	bool ready;
};

void p1c_natives_init(struct p1c_natives *n, struct p1c_arena *arena)
{
	memset(n, 0, sizeof(*n));
	n->arena = arena;
}

bool p1c_natives_scan(struct p1c_natives *n, const char *path, const char *text, size_t len,
		      uint32_t *err_line, char *err, size_t err_size)
{
	if (!n->files) {
		n->files = p1c_arena_alloc(n->arena, sizeof(*n->files));
		if (!n->files)
			return false;
		memset(n->files, 0, sizeof(*n->files));
		P1C_TRY(p1c_nat_lex(&n->files->prelude, prelude_text, sizeof(prelude_text) - 1,
				    n->arena, err_line, err, err_size));
	}
	struct nfile *f = p1c_arena_alloc(n->arena, sizeof(*f));
	if (!f) {
		snprintf(err, err_size, "out of memory");
		*err_line = 0;
		return false;
	}
	memset(f, 0, sizeof(*f));
	f->path = path;
	P1C_TRY(p1c_nat_lex(f, text, len, n->arena, err_line, err, err_size));
	struct pctx c = {n, f, &n->files->prelude};
	if (!parse_file(&c)) {
		snprintf(err, err_size, "out of memory");
		*err_line = 0;
		return false;
	}
	return true;
}

static struct p1c_natives_array *find_array(const struct p1c_natives *n, const char *name)
{
	for (uint32_t i = 0; i < n->narrays; i++)
		if (strcmp(n->arrays[i].name, name) == 0)
			return &n->arrays[i];
	return NULL;
}

/* An entry whose signature WAMR's grammar refuses is left out and said: WAMR would never
 * link it (check_symbol_signature fails for every type). */
static bool add_native(struct p1c_natives *n, const struct p1c_natives_reg *r,
		       const struct p1c_natives_array *a, const struct nentry *e)
{
	struct p1c_functype ft;
	size_t at;
	char why[128];
	if (e->sig[0] && !p1c_wamr_sig_parse(e->sig, n->arena, &ft, &at, why, sizeof(why)))
		return problem(n, a->file, e->line, p1c_arena_printf(n->arena,
			"'%s' in array '%s': invalid WAMR signature \"%s\": %s; WAMR never links it, "
			"so it is not written", e->name, a->name, e->sig, why));
	if (!GROW(n->arena, n->items, n->nitems, n->capitems, 32))
		return false;
	n->items[n->nitems++] = (struct p1c_native){r->module, e->name, e->sig, a->file, e->line,
						    a->name, r->file, r->line};
	return true;
}

bool p1c_natives_finish(struct p1c_natives *n)
{
	for (uint32_t i = 0; i < n->nregs; i++) {
		const struct p1c_natives_reg *r = &n->regs[i];
		struct p1c_natives_array *a = find_array(n, r->array);
		if (!r->module) {
			if (a)
				a->registered = true;
			continue;
		}
		if (!a) {
			P1C_TRY(problem(n, r->file, r->line, p1c_arena_printf(n->arena,
				"module '%s': table '%s' is not a NativeSymbol array initialized in the "
				"scanned files: not attributed", r->module, r->array)));
			continue;
		}
		a->registered = true;
		for (uint32_t k = 0; k < a->n; k++)
			P1C_TRY(add_native(n, r, a, &a->entries[k]));
	}
	for (uint32_t i = 0; i < n->narrays; i++) {
		const struct p1c_natives_array *a = &n->arrays[i];
		if (!a->registered)
			P1C_TRY(problem(n, a->file, a->line, p1c_arena_printf(n->arena,
				"NativeSymbol array '%s' (%u entr%s) is registered by no "
				"wasm_runtime_register_natives call in the scanned files: its module is "
				"unknown, so it is not written", a->name, a->n, a->n == 1 ? "y" : "ies")));
	}
	return true;
}
