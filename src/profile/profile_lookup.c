/* The small tables and lookups behind profiles: feature names (features.def), the words used
 * for enum values, signature text <-> struct p1c_functype, and the queries the rules make
 * (find an import, is a feature allowed, is an import denied). */
#include <fnmatch.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/caps.h"
#include "profile/profile_impl.h"

/* ---- features ---------------------------------------------------------------------------- */

/* ---- words for values --------------------------------------------------------------------- */

const char *p1c_unresolved_policy_name(enum p1c_unresolved_policy v)
{
	static const char *const names[] = {"trap-on-call", "link-error"};
	return (unsigned)v < 2 ? names[v] : NULL;
}

const char *p1c_kind_req_name(enum p1c_kind_req v)
{
	static const char *const names[] = {"any", "command", "reactor", "command-or-reactor"};
	return (unsigned)v < 4 ? names[v] : NULL;
}

const char *p1c_both_entries_name(enum p1c_both_entries v)
{
	static const char *const names[] = {"run-both", "refuse"};
	return (unsigned)v < 2 ? names[v] : NULL;
}

const char *p1c_wrong_type_name(enum p1c_wrong_type v)
{
	static const char *const names[] = {"skip", "fail", "run"};
	return (unsigned)v < 3 ? names[v] : NULL;
}

const char *p1c_stage_name(enum p1c_stage v)
{
	static const char *const names[] = {"load", "instantiate", "call"};
	return (unsigned)v < 3 ? names[v] : NULL;
}

bool p1c_cond_parse(const char *text, struct p1c_cond *out)
{
	static const struct { const char *word; uint8_t kind; bool arg; } words[] = {
		{"always", P1C_COND_ALWAYS, false},        {"imports-wasi", P1C_COND_IMPORTS_WASI, false},
		{"no-wasi-imports", P1C_COND_NO_WASI_IMPORTS, false},
		{"export:", P1C_COND_EXPORT, true},        {"no-export:", P1C_COND_NO_EXPORT, true},
		{"feature:", P1C_COND_FEATURE, true},
	};
	memset(out, 0, sizeof(*out));
	out->text = text;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);
		if (words[i].arg ? strncmp(text, words[i].word, n) != 0 || !text[n]
				 : strcmp(text, words[i].word) != 0)
			continue;
		out->kind = words[i].kind;
		out->name = words[i].arg ? text + n : NULL;
		if (out->kind != P1C_COND_FEATURE)
			return true;
		int f = p1c_feature_lookup(out->name);
		out->feature = (uint8_t)(f < 0 ? 0 : f);
		return f >= 0;
	}
	return false;
}

static const struct {
	const char *name;
	uint8_t code;
} valtypes[] = {
	{"i32", P1C_VT_I32},   {"i64", P1C_VT_I64},         {"f32", P1C_VT_F32},
	{"f64", P1C_VT_F64},   {"v128", P1C_VT_V128},       {"funcref", P1C_VT_FUNCREF},
	{"externref", P1C_VT_EXTERNREF}, {"exnref", P1C_VT_EXNREF},
};

const char *p1c_profile_valtype_name(uint8_t code)
{
	for (size_t i = 0; i < sizeof(valtypes) / sizeof(valtypes[0]); i++) {
		if (valtypes[i].code == code)
			return valtypes[i].name;
	}
	return NULL;
}

/* ---- limits (limits.def) ------------------------------------------------------------ */

static const struct {
	const char *key;
	bool is_size;
	size_t offset;
} limit_rows[P1C_LIMIT_COUNT] = {
#define LIMIT(id, key, field, is_size, what) \
	[P1C_LIMIT_##id] = {key, is_size, offsetof(struct p1c_profile_limits, field)},
#include "profile/limits.def"
#undef LIMIT
};

const char *p1c_limit_key(enum p1c_limit_id id)
{
	return (unsigned)id < P1C_LIMIT_COUNT ? limit_rows[id].key : "?";
}

bool p1c_limit_is_size(enum p1c_limit_id id)
{
	return (unsigned)id < P1C_LIMIT_COUNT && limit_rows[id].is_size;
}

uint64_t *p1c_limit_field(struct p1c_profile_limits *l, enum p1c_limit_id id)
{
	return (uint64_t *)(void *)((char *)l + limit_rows[id].offset);
}

/* The binary size units, largest first. */
static const struct {
	const char *name;
	uint64_t bytes;
} size_units[] = {{"GiB", UINT64_C(1) << 30}, {"MiB", UINT64_C(1) << 20}, {"KiB", UINT64_C(1) << 10}};

const char *p1c_size_unit(uint64_t bytes, uint64_t *count)
{
	*count = bytes;
	for (size_t i = 0; i < sizeof(size_units) / sizeof(size_units[0]); i++) {
		if (bytes && bytes % size_units[i].bytes == 0) {
			*count = bytes / size_units[i].bytes;
			return size_units[i].name;
		}
	}
	return NULL;
}

uint64_t p1c_size_suffix(const char *suffix)
{
	for (size_t i = 0; i < sizeof(size_units) / sizeof(size_units[0]); i++)
		if (strcmp(suffix, size_units[i].name) == 0)
			return size_units[i].bytes;
	return 0;
}

uint64_t p1c_limit_get(const struct p1c_profile_limits *l, enum p1c_limit_id id)
{
	return *(const uint64_t *)(const void *)((const char *)l + limit_rows[id].offset);
}

/* ---- signatures: "(i32 i64) -> i32", "() -> ()", "(i32) -> (i32 i64)" ----------------------- */

struct sigp {
	const char *p;
	char *why;
	size_t size;
};

static bool sig_fail(struct sigp *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool sig_fail(struct sigp *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->why, s->size, fmt, ap);
	va_end(ap);
	return false;
}

static void skip_blanks(struct sigp *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		s->p++;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool parse_valtype(struct sigp *s, uint8_t *code)
{
	size_t n = 0;
	while (is_word_char(s->p[n]))
		n++;
	if (n == 0)
		return sig_fail(s, *s->p ? "expected a value type at '%.16s'" : "expected a value type "
			       "at the end%.0s", s->p);
	for (size_t i = 0; i < sizeof(valtypes) / sizeof(valtypes[0]); i++) {
		if (strlen(valtypes[i].name) == n && memcmp(valtypes[i].name, s->p, n) == 0) {
			*code = valtypes[i].code;
			s->p += n;
			return true;
		}
	}
	return sig_fail(s, "unknown value type '%.*s' (expected i32, i64, f32, f64, v128, funcref, "
		       "externref or exnref)", (int)(n > 24 ? 24 : n), s->p);
}

/* After '(': value types separated by blanks or commas, then ')'. out NULL: count only. */
static bool parse_types(struct sigp *s, struct p1c_valtype *out, uint32_t *count)
{
	uint32_t n = 0;
	skip_blanks(s);
	while (*s->p != ')') {
		uint8_t code;
		P1C_TRY(parse_valtype(s, &code));
		if (n >= P1C_MAX_PARAMS)
			return sig_fail(s, "more than %u types in a list", P1C_MAX_PARAMS);
		if (out)
			out[n] = (struct p1c_valtype){.code = code};
		n++;
		skip_blanks(s);
		if (*s->p == ',') {
			s->p++;
			skip_blanks(s);
			if (*s->p == ')')
				return sig_fail(s, "expected a value type after ','");
		}
	}
	s->p++;
	*count = n;
	return true;
}

static bool expect(struct sigp *s, const char *tok)
{
	skip_blanks(s);
	if (strncmp(s->p, tok, strlen(tok)) != 0)
		return sig_fail(s, *s->p ? "expected '%s' at '%.16s'" : "expected '%s' at the end%.0s",
				tok, s->p);
	s->p += strlen(tok);
	return true;
}

/* One pass over the text: counts (out == NULL) or fills. */
static bool parse_sig(struct sigp *s, struct p1c_valtype *params, struct p1c_valtype *results,
		      struct p1c_functype *ft)
{
	P1C_TRY(expect(s, "("));
	P1C_TRY(parse_types(s, params, &ft->nparams));
	P1C_TRY(expect(s, "->"));
	skip_blanks(s);
	if (*s->p == '(') {
		s->p++;
		P1C_TRY(parse_types(s, results, &ft->nresults));
	} else {
		uint8_t code;
		P1C_TRY(parse_valtype(s, &code));
		if (results)
			results[0] = (struct p1c_valtype){.code = code};
		ft->nresults = 1;
	}
	skip_blanks(s);
	if (*s->p)
		return sig_fail(s, "unexpected '%.16s' after the signature", s->p);
	return true;
}

bool p1c_prof_functype_parse(const char *text, struct p1c_arena *arena, struct p1c_functype *out,
			     char *why, size_t size)
{
	struct sigp s = {text, why, size};
	struct p1c_functype ft = {0, 0, NULL, NULL};
	P1C_TRY(parse_sig(&s, NULL, NULL, &ft));
	struct p1c_valtype *params = p1c_arena_array(arena, ft.nparams + 1u, sizeof(*params));
	struct p1c_valtype *results = p1c_arena_array(arena, ft.nresults + 1u, sizeof(*results));
	if (!params || !results)
		return sig_fail(&s, "out of memory");
	s.p = text;
	P1C_TRY(parse_sig(&s, params, results, &ft));
	ft.params = params;
	ft.results = results;
	*out = ft;
	return true;
}

bool p1c_functype_parse(const char *text, struct p1c_arena *arena, struct p1c_functype *out)
{
	char why[128];
	return text && p1c_prof_functype_parse(text, arena, out, why, sizeof(why));
}

/* ---- queries ------------------------------------------------------------------------------- */

/* Byte order, as strcmp orders the profile's NUL-free strings. */
/* s against the NUL-terminated c, as memcmp over the shorter length then the lengths would
 * order them, in one pass (no strlen: most comparisons end at the first bytes). */
static int str_cmp(struct p1c_str s, const char *c)
{
	const unsigned char *u = (const unsigned char *)c;
	for (uint32_t i = 0; i < s.len; i++) {
		if (!u[i])
			return 1; /* c ends first */
		if (s.ptr[i] != u[i])
			return s.ptr[i] < u[i] ? -1 : 1;
	}
	return u[s.len] ? -1 : 0;
}

/* FNV-1a (Fowler, Noll, Vo) over the module's bytes, a 0xFF (never in UTF-8 text: it only
 * separates), and the name's bytes. */
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static uint32_t hash_bytes(uint32_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * FNV_PRIME;
	return h;
}

static uint32_t import_hash(const uint8_t *module, size_t module_len, const uint8_t *name, size_t name_len)
{
	uint32_t h = hash_bytes(FNV_OFFSET, module, module_len);
	h = (h ^ 0xFFu) * FNV_PRIME;
	return hash_bytes(h, name, name_len);
}

bool p1c_prof_index_imports(struct p1c_profile *p, struct p1c_arena *arena)
{
	uint32_t slots = 16;
	while (slots < 2u * p->nimports && slots < (UINT32_C(1) << 31))
		slots *= 2;
	uint32_t *table = p1c_arena_array(arena, slots, sizeof(*table));
	if (!table)
		return false;
	for (uint32_t i = 0; i < p->nimports; i++) {
		const struct p1c_profile_import *imp = &p->imports[i];
		uint32_t h = import_hash((const uint8_t *)imp->module, strlen(imp->module),
					 (const uint8_t *)imp->name, strlen(imp->name));
		while (table[h & (slots - 1)])
			h++;
		table[h & (slots - 1)] = i + 1;
	}
	p->import_slots = table;
	p->import_slot_mask = slots - 1;
	return true;
}

static const struct p1c_profile_import *find_exact(const struct p1c_profile *p, struct p1c_str module,
						   struct p1c_str name)
{
	if (p->import_slots) {
		uint32_t h = import_hash(module.ptr, module.len, name.ptr, name.len);
		for (uint32_t slot; (slot = p->import_slots[h & p->import_slot_mask]) != 0; h++) {
			const struct p1c_profile_import *imp = &p->imports[slot - 1];
			if (str_cmp(module, imp->module) == 0 && str_cmp(name, imp->name) == 0)
				return imp;
		}
		return NULL;
	}
	uint32_t lo = 0, hi = p->nimports;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct p1c_profile_import *imp = &p->imports[mid];
		int r = str_cmp(module, imp->module);
		if (r == 0)
			r = str_cmp(name, imp->name);
		if (r == 0)
			return imp;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The module's own entry first; then, if runtime.module-aliases maps the module to another,
 * that module's entry (aliases are not followed further); then, for a WASI 0.2 interface, a
 * semver-compatible version of it (profile_semver.c). */
const struct p1c_profile_import *p1c_profile_find_import(const struct p1c_profile *p,
							 struct p1c_str module, struct p1c_str name)
{
	const struct p1c_profile_import *imp = find_exact(p, module, name);
	for (uint32_t i = 0; !imp && i < p->nmodule_aliases; i++) {
		const struct p1c_module_alias *a = &p->module_aliases[i];
		if (str_cmp(module, a->from) == 0) {
			struct p1c_str to = {(const uint8_t *)a->to, (uint32_t)strlen(a->to)};
			imp = find_exact(p, to, name);
		}
	}
	return imp ? imp : p1c_prof_find_semver(p, module, name);
}

bool p1c_profile_feature_allowed(const struct p1c_profile *p, enum p1c_feature f)
{
	return (unsigned)f < P1C_FEATURE_COUNT && (p->features_allowed >> f) & 1u;
}

bool p1c_strlist_contains(const struct p1c_strlist *list, struct p1c_str s)
{
	for (uint32_t i = 0; i < list->count; i++) {
		if (s.len && (uint8_t)list->items[i][0] != s.ptr[0]) /* differs at the first byte */
			continue;
		if (str_cmp(s, list->items[i]) == 0)
			return true;
	}
	return false;
}

/* ---- deny patterns: fnmatch(3) globs (flags 0, C locale) over "module#name" and the module -- */

/* "module#name" as fnmatch wants it: NUL-terminated, in small[] or on the heap. A NUL byte
 * inside a name (valid UTF-8, U+0000) becomes 0xFF, which no valid UTF-8 text holds: like
 * NUL it is matched only by '?', '*' or a negated bracket expression, never by a literal or
 * a range of a pattern (profiles are UTF-8), and it does not end the string early. */
struct deny_subject {
	char *text;
	size_t module_len;
	char small[256];
};

static bool subject_init(struct deny_subject *s, struct p1c_str module, struct p1c_str name)
{
	size_t len = (size_t)module.len + 1 + name.len;
	s->text = len < sizeof(s->small) ? s->small : malloc(len + 1);
	if (!s->text)
		return false;
	if (module.len)
		memcpy(s->text, module.ptr, module.len);
	s->text[module.len] = '#';
	if (name.len)
		memcpy(s->text + module.len + 1, name.ptr, name.len);
	s->text[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (s->text[i] == '\0')
			s->text[i] = (char)0xFF;
	s->module_len = module.len;
	return true;
}

static void subject_free(struct deny_subject *s)
{
	if (s->text != s->small)
		free(s->text);
}

/* Does "module#name" start with the pattern's literal start (d->literal bytes, before its
 * first *, ?, [ or \)? Compared in place, without building the text: a literal matches only
 * itself (fnmatch(3), flags 0), in "module#name" and in the module alone, which is that text
 * cut at the '#', so when it does not start with the literal neither matches. A NUL byte of a
 * name (0xFF in the subject) equals no byte of a UTF-8 pattern either way. */
static bool literal_start_matches(const struct p1c_deny *d, struct p1c_str module, struct p1c_str name)
{
	const uint8_t *lit = (const uint8_t *)d->pattern;
	uint32_t n = d->literal, i = 0;
	for (uint32_t j = 0; i < n && j < module.len; i++, j++)
		if (lit[i] != module.ptr[j])
			return false;
	if (i == n)
		return true;
	if (lit[i++] != '#')
		return false;
	for (uint32_t j = 0; i < n && j < name.len; i++, j++)
		if (lit[i] != name.ptr[j])
			return false;
	return i == n;
}

static bool subject_matches(const char *pattern, struct deny_subject *s)
{
	if (fnmatch(pattern, s->text, 0) == 0)
		return true;
	s->text[s->module_len] = '\0'; /* the module alone */
	bool hit = fnmatch(pattern, s->text, 0) == 0;
	s->text[s->module_len] = '#';
	return hit;
}

/* Out of memory for a long name: no pattern matches (the import stays unknown, not denied). */
bool p1c_prof_deny_matches(const struct p1c_deny *d, struct p1c_str module, struct p1c_str name)
{
	struct deny_subject s;
	if (!literal_start_matches(d, module, name) || !subject_init(&s, module, name))
		return false;
	bool hit = subject_matches(d->pattern, &s);
	subject_free(&s);
	return hit;
}

void p1c_prof_index_deny(struct p1c_profile *p)
{
	memset(p->deny_first, 0, sizeof(p->deny_first));
	for (uint32_t i = 0; i < p->ndeny; i++) {
		const struct p1c_deny *d = &p->deny[i];
		if (!d->literal) { /* any first byte */
			memset(p->deny_first, 0xFF, sizeof(p->deny_first));
			break;
		}
		uint8_t b = (uint8_t)d->pattern[0];
		p->deny_first[b >> 3] = (uint8_t)(p->deny_first[b >> 3] | (1u << (b & 7)));
	}
	p->deny_first_set = true;
}

/* The subject text is built once, for the first pattern whose literal start it has. */
const struct p1c_deny *p1c_profile_denied(const struct p1c_profile *p, struct p1c_str module,
					  struct p1c_str name)
{
	struct deny_subject s;
	bool built = false;
	const struct p1c_deny *hit = NULL;
	/* the subject's first byte: no pattern can match when none may start with it */
	uint8_t first = module.len ? module.ptr[0] : '#';
	if (p->deny_first_set && !((p->deny_first[first >> 3] >> (first & 7)) & 1))
		return NULL;
	for (uint32_t i = 0; i < p->ndeny && !hit; i++) {
		if (!literal_start_matches(&p->deny[i], module, name))
			continue;
		if (!built && !subject_init(&s, module, name))
			return NULL;
		built = true;
		if (subject_matches(p->deny[i].pattern, &s))
			hit = &p->deny[i];
	}
	if (built)
		subject_free(&s);
	return hit;
}

/* ---- comparison (round trips in the tests and the fuzzer) ---- */

static bool strlist_eq(const struct p1c_strlist *a, const struct p1c_strlist *b)
{
	if (a->count != b->count)
		return false;
	for (uint32_t i = 0; i < a->count; i++) {
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	}
	return true;
}

static bool same_opt(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_waiver(const struct p1c_waiver *a, const struct p1c_waiver *b)
{
	return same_opt(a->rule, b->rule) && same_opt(a->import, b->import) &&
	       same_opt(a->feature, b->feature) && same_opt(a->export_name, b->export_name) &&
	       same_opt(a->limit, b->limit) &&
	       same_opt(a->module, b->module) && same_opt(a->reason, b->reason);
}

static bool opt_str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *maps_differ(const struct p1c_profile *a, const struct p1c_profile *b)
{
	if (a->nimports != b->nimports)
		return "import count";
	for (uint32_t i = 0; i < a->nimports; i++) {
		const struct p1c_profile_import *x = &a->imports[i], *y = &b->imports[i];
		if (strcmp(x->module, y->module) || strcmp(x->name, y->name) ||
		    !p1c_functype_eq(&x->type, &y->type) || x->unchecked != y->unchecked ||
		    !opt_str_eq(x->signature, y->signature) || !opt_str_eq(x->stub, y->stub) ||
		    !opt_str_eq(x->set, y->set))
			return "imports";
	}
	if (a->nmodule_aliases != b->nmodule_aliases)
		return "alias count";
	for (uint32_t i = 0; i < a->nmodule_aliases; i++) {
		if (strcmp(a->module_aliases[i].from, b->module_aliases[i].from) ||
		    strcmp(a->module_aliases[i].to, b->module_aliases[i].to))
			return "aliases";
	}
	if (a->ndeny != b->ndeny)
		return "deny count";
	for (uint32_t i = 0; i < a->ndeny; i++) {
		if (strcmp(a->deny[i].pattern, b->deny[i].pattern) ||
		    strcmp(a->deny[i].reason, b->deny[i].reason))
			return "deny";
	}
	if (a->nwaivers != b->nwaivers)
		return "waiver count";
	for (uint32_t i = 0; i < a->nwaivers; i++)
		if (!same_waiver(&a->waivers[i], &b->waivers[i]))
			return "waivers";
	if (a->nrequired_exports != b->nrequired_exports)
		return "export count";
	for (uint32_t i = 0; i < a->nrequired_exports; i++) {
		const struct p1c_required_export *x = &a->required_exports[i], *y = &b->required_exports[i];
		if (strcmp(x->name, y->name) || x->kind != y->kind || x->has_type != y->has_type ||
		    (x->has_type && !p1c_functype_eq(&x->type, &y->type)))
			return "exports";
	}
	return NULL;
}

static bool conds_eq(const struct p1c_conds *a, const struct p1c_conds *b)
{
	if (a->count != b->count)
		return false;
	for (uint32_t i = 0; i < a->count; i++)
		if (strcmp(a->items[i].text, b->items[i].text) != 0)
			return false;
	return true;
}

/* The init sequence, entry checks and memory-export conditions. */
static const char *device_differs(const struct p1c_profile *a, const struct p1c_profile *b)
{
	if (a->ninit != b->ninit || a->nentry_checks != b->nentry_checks ||
	    a->import_types_coerced != b->import_types_coerced ||
	    a->memory_export_bites != b->memory_export_bites ||
	    !conds_eq(&a->memory_export_when, &b->memory_export_when) ||
	    !strlist_eq(&a->wasi_modules, &b->wasi_modules) || !strlist_eq(&a->entry_points, &b->entry_points))
		return "device model";
	for (uint32_t i = 0; i < a->ninit; i++) {
		const struct p1c_init_function *x = &a->init[i], *y = &b->init[i];
		if (strcmp(x->name, y->name) || x->start_function != y->start_function ||
		    x->skip_imported != y->skip_imported || x->wrong_type != y->wrong_type ||
		    x->wasi_unavailable != y->wasi_unavailable || x->proc_exit != y->proc_exit ||
		    !conds_eq(&x->when, &y->when))
			return "init-functions";
	}
	for (uint32_t i = 0; i < a->nentry_checks; i++) {
		const struct p1c_entry_check *x = &a->entry_checks[i], *y = &b->entry_checks[i];
		if (strcmp(x->name, y->name) || x->ntypes != y->ntypes || x->defined != y->defined ||
		    x->bites != y->bites || !conds_eq(&x->when, &y->when))
			return "entry-checks";
		for (uint32_t k = 0; k < x->ntypes; k++)
			if (!p1c_functype_eq(&x->types[k], &y->types[k]))
				return "entry-checks";
	}
	return NULL;
}

const char *p1c_profile_diff(const struct p1c_profile *a, const struct p1c_profile *b)
{
	const char *device = device_differs(a, b);
	if (device)
		return device;
	if (strcmp(a->name, b->name) || strcmp(a->description, b->description))
		return "name or description";
	if (a->unresolved != b->unresolved || a->underscore_fallback != b->underscore_fallback ||
	    a->kind != b->kind || a->memory_export_required != b->memory_export_required ||
	    a->start_and_initialize != b->start_and_initialize)
		return "a scalar";
	if (!strlist_eq(&a->memory_table_import_modules, &b->memory_table_import_modules) ||
	    !strlist_eq(&a->global_imports, &b->global_imports) ||
	    !strlist_eq(&a->libc_entry_points, &b->libc_entry_points))
		return "a list";
	if (a->features_allowed != b->features_allowed)
		return "features";
	if (memcmp(&a->limits, &b->limits, sizeof(a->limits)) != 0)
		return "limits";
	return maps_differ(a, b);
}
