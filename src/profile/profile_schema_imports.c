/* The profile schema's import keys: `imports` (core or WAMR signatures, stubs, whole-module
 * removal), `import-sets`, and feature names as LLVM spells them. The rest of the schema is
 * in profile_schema.c. */
#include <stdio.h>
#include <string.h>

#include "profile/profile_schema_impl.h"

/* A WAMR native signature: errors point at the offending character (in a quoted scalar
 * without escapes the text starts one column after the quote). */
static bool parse_wamr_sig(struct sctx *c, const struct ynode *v, const char *what,
			   struct p1c_profile_import *out)
{
	char why[128];
	size_t at = 0;
	if (!v->text[0]) {
		out->unchecked = true; /* WAMR: an empty signature is not checked */
		out->signature = v->text;
		return true;
	}
	if (!p1c_wamr_sig_parse(v->text, c->arena, &out->type, &at, why, sizeof(why))) {
		uint32_t col = v->column + (v->plain ? 0u : 1u) + (uint32_t)(at > 200 ? 200 : at);
		return p1c_prof_fail(c->err, c->path, v->line, col, "%s: invalid WAMR signature "
				     "\"%.60s\": %s", what, v->text, why);
	}
	out->signature = v->text;
	return true;
}

/* "(i32) -> i32" (core syntax: has "->" or a digit, as in "(i32"), else "(i)i" or "" (a
 * WAMR signature). */
static bool parse_import_sig(struct sctx *c, const struct ynode *v, const char *what,
			     struct p1c_profile_import *out)
{
	P1C_TRY(p1c_sch_want_type(c, v, YN_SCALAR, what));
	if (strstr(v->text, "->") || strpbrk(v->text, "0123456789"))
		return p1c_sch_parse_sig(c, v, what, &out->type);
	return parse_wamr_sig(c, v, what, out);
}

static bool on_imp_signature(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	c->imp_has_sig = true;
	return parse_import_sig(c, v, c->imp_what, c->imp);
}

static bool on_imp_stub(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	P1C_TRY(p1c_sch_get_string(c, v, "stub", &c->imp->stub));
	if (!v->text[0])
		return p1c_sch_fail(c, v, "%s.stub must say what the stub does", c->imp_what);
	return true;
}

/* A signature, or { signature: SIG, stub: "what it does instead" }. */
static bool parse_import_value(struct sctx *c, const struct ynode *v, const char *what,
			       struct p1c_profile_import *out)
{
	static const struct key_handler h[] = {{"signature", on_imp_signature},
					       {"stub", on_imp_stub}};
	if (v->type != YN_MAP)
		return parse_import_sig(c, v, what, out);
	c->imp = out;
	c->imp_what = what;
	c->imp_has_sig = false;
	P1C_TRY(p1c_sch_walk_map(c, v, what, h, 2));
	if (!c->imp_has_sig)
		return p1c_sch_fail(c, v, "%s needs a 'signature'", what);
	return true;
}

static bool read_module_imports(struct sctx *c, const char *where, const struct ynode *mod,
				const struct ynode *funcs, struct kv *out)
{
	char what[2 * MAX_NAME_LEN + 48];
	snprintf(what, sizeof(what), "%s.%.*s", where, (int)MAX_NAME_LEN, mod->text);
	if (funcs->type != YN_MAP)
		return p1c_sch_fail(c, funcs, "%s must be a mapping of function names to signatures, or ~ "
			    "(removes every inherited import of the module), got %s", what,
			    p1c_sch_type_name(funcs));
	P1C_TRY(p1c_sch_check_keys(c, funcs, what));
	for (uint32_t i = 0; i < funcs->n; i++) {
		const struct ynode *k = funcs->items[2 * i], *v = funcs->items[2 * i + 1];
		struct kv *e = &out[i];
		e->k1 = mod->text;
		e->k2 = k->text;
		e->at = p1c_sch_where(k);
		e->del = v->type == YN_NULL;
		e->v.imp.set = c->set;
		snprintf(what, sizeof(what), "%s.%.*s.%.*s", where, (int)MAX_NAME_LEN, mod->text,
			 (int)MAX_NAME_LEN, k->text);
		if (e->del && c->set)
			return p1c_sch_fail(c, v, "%s: an import set cannot remove entries (write the removal "
				    "under imports)", what);
		if (!e->del)
			P1C_TRY(parse_import_value(c, v, what, &e->v.imp));
	}
	return true;
}

/* Appends module -> functions entries to the layer's imports; `module: ~` (plain imports
 * only) is a whole-module deletion. */
static bool add_imports(struct sctx *c, const struct ynode *v, const char *where)
{
	P1C_TRY(p1c_sch_want_type(c, v, YN_MAP, where));
	P1C_TRY(p1c_sch_check_keys(c, v, where));
	size_t total = 0;
	for (uint32_t i = 0; i < v->n; i++)
		total += v->items[2 * i + 1]->type == YN_MAP ? v->items[2 * i + 1]->n : 0;
	struct kvmap *m = &c->L->imports, *dels = &c->L->module_dels;
	struct kv *items = p1c_arena_array(c->arena, m->n + total + 1, sizeof(*items));
	struct kv *del = p1c_arena_array(c->arena, dels->n + v->n + 1, sizeof(*del));
	if (!items || !del)
		return p1c_prof_nomem(c->err, c->path);
	if (m->n)
		memcpy(items, m->items, m->n * sizeof(*items));
	if (dels->n)
		memcpy(del, dels->items, dels->n * sizeof(*del));
	m->items = items;
	dels->items = del;
	for (uint32_t i = 0; i < v->n; i++) {
		const struct ynode *mod = v->items[2 * i], *funcs = v->items[2 * i + 1];
		if (funcs->type == YN_NULL && !c->set) {
			dels->items[dels->n++] = (struct kv){.k1 = mod->text, .del = true, .at = p1c_sch_where(mod)};
			continue;
		}
		P1C_TRY(read_module_imports(c, where, mod, funcs, m->items + m->n));
		m->n += funcs->n;
	}
	return true;
}

bool p1c_sch_on_imports(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	c->set = NULL;
	return add_imports(c, v, "imports");
}

/* import-sets: { NAME: { module: { name: sig } } }: imports that a child removes as a group
 * with `NAME: ~`. */
bool p1c_sch_on_import_sets(struct sctx *c, const struct ynode *k, const struct ynode *v)
{
	(void)k;
	P1C_TRY(p1c_sch_want_type(c, v, YN_MAP, "import-sets"));
	P1C_TRY(p1c_sch_check_keys(c, v, "import-sets"));
	struct kvmap *dels = &c->L->set_dels;
	dels->items = p1c_arena_array(c->arena, v->n + 1u, sizeof(*dels->items));
	if (!dels->items)
		return p1c_prof_nomem(c->err, c->path);
	for (uint32_t i = 0; i < v->n; i++) {
		const struct ynode *name = v->items[2 * i], *body = v->items[2 * i + 1];
		if (body->type == YN_NULL) {
			dels->items[dels->n++] = (struct kv){.k1 = name->text, .del = true,
							     .at = p1c_sch_where(name)};
			continue;
		}
		char where[MAX_NAME_LEN + 16];
		snprintf(where, sizeof(where), "import-sets.%.*s", (int)MAX_NAME_LEN, name->text);
		c->set = name->text;
		P1C_TRY(add_imports(c, body, where));
	}
	c->set = NULL;
	return true;
}

/* The same function in imports and in an import set (or in two sets) of one file. */
bool p1c_sch_check_duplicate_imports(struct sctx *c, const struct kvmap *m)
{
	for (uint32_t i = 1; i < m->n; i++) {
		const struct kv *a = &m->items[i - 1], *b = &m->items[i];
		if (p1c_prof_kv_cmp(a, b) != 0)
			continue;
		const struct kv *later = a->at.line > b->at.line ? a : b;
		return p1c_prof_fail(c->err, c->path, later->at.line, later->at.column,
				     "%.128s#%.128s is listed twice in this file (imports and "
				     "import-sets)", a->k1, a->k2);
	}
	return true;
}

/* Feature names as LLVM (-m<name>, clang/lib/Basic/Targets/WebAssembly.cpp) and the
 * target_features custom section (WebAssembly/tool-conventions Linking.md, "+name") spell
 * them, for names that differ from the wasm-tools names profiles use. */
static const struct {
	const char *llvm, *ours, *also;
} llvm_feature_names[] = {
	{"simd128", "simd", NULL},
	{"nontrapping-fptoint", "saturating-float-to-int", NULL},
	{"sign-ext", "sign-extension", NULL},
	{"multivalue", "multi-value", NULL},
	{"mutable-globals", "mutable-global", NULL},
	{"atomics", "threads", NULL},
	{"multimemory", "multi-memory", NULL},
	{"exception-handling", "exceptions", "or 'legacy-exceptions' for try/catch/delegate"},
	{"typed-function-references", "function-references", NULL},
	{"half-precision", NULL, NULL},
	{"fp16", NULL, NULL},
};

/* True when k is such a name: the error (with the name to write) is then filled in. */
bool p1c_sch_llvm_feature_name(struct sctx *c, const struct ynode *k)
{
	const char *name = k->text[0] == '+' || k->text[0] == '-' ? k->text + 1 : k->text;
	for (size_t i = 0; i < sizeof(llvm_feature_names) / sizeof(llvm_feature_names[0]); i++) {
		if (strcmp(name, llvm_feature_names[i].llvm) != 0)
			continue;
		if (!llvm_feature_names[i].ours)
			p1c_sch_fail(c, k, "unknown feature '%s': LLVM's '%s' is not a feature wasm-p1check "
			     "detects (see FEATURES in wasm-p1check-profile(5))", k->text, name);
		else
			p1c_sch_fail(c, k, "unknown feature '%s' (LLVM's and target_features' name for it; "
			     "here it is '%s'%s%s)", k->text, llvm_feature_names[i].ours,
			     llvm_feature_names[i].also ? ", " : "",
			     llvm_feature_names[i].also ? llvm_feature_names[i].also : "");
		return true;
	}
	if (name != k->text && p1c_feature_lookup(name) >= 0) {
		p1c_sch_fail(c, k, "unknown feature '%s' (a target_features entry; here it is '%s: true' or "
		     "'%s: false')", k->text, name, name);
		return true;
	}
	return false;
}
