/* Custom sections the report uses: `name` (spec 3.0 appendix "Name Section"), `producers`
 * and `target_features` (WebAssembly/tool-conventions ProducersSection.md, Linking.md).
 *
 * None of them is ever fatal. Policy, the same for all three: decoding stops at the first
 * structural error (truncation, bad LEB, bad UTF-8, bad prefix byte); what was decoded
 * before it is KEPT (counts always match the arrays); the section gets exactly one warning,
 * for its first problem. In the name section, semantic problems (an index out of range, a
 * duplicate or out-of-order index, subsections out of order or not filling their size) do
 * not stop decoding: the offending entry is skipped (for duplicates the first name is kept)
 * and the first such problem is the section's warning. Any problem in the name section sets
 * m->names_malformed. */
#include <string.h>

#include "base/caps.h"
#include "wasm/module_internal.h"

/* A reader over the custom payload whose errors land in *e (a warning), not in ps->err. */
static void warn_reader(struct p1c_reader *out, const struct p1c_reader *in, struct p1c_error *e,
			struct p1c_loc *loc)
{
	memset(e, 0, sizeof(*e));
	*out = *in;
	out->err = e;
	loc->section = P1C_SEC_CUSTOM;
	loc->item = P1C_ITEM_NONE;
	out->loc = loc;
}

static bool namemap_entry(struct p1c_module *m, struct p1c_reader *r, int64_t *prev)
{
	uint64_t at = p1c_reader_offset(r);
	uint32_t idx;
	struct p1c_str name;
	P1C_TRY(p1c_reader_u32(r, &idx));
	P1C_TRY(p1c_reader_name(r, &name));
	if (idx >= m->nfuncs) {
		p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
				   "function name index %u out of range (%u functions)", idx, m->nfuncs);
		return true;
	}
	if ((int64_t)idx <= *prev)
		p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
				   "function name index %u duplicate or out of order", idx);
	else
		*prev = idx;
	if (!m->func_names[idx].ptr) /* keep the first name */
		m->func_names[idx] = name;
	return true;
}

static bool function_names(struct p1c_module *m, struct p1c_reader *r)
{
	uint32_t n;
	int64_t prev = -1;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_INDEX_SPACE, "function name", &n));
	for (uint32_t i = 0; i < n; i++)
		P1C_TRY(namemap_entry(m, r, &prev));
	return true;
}

static bool local_names_of(struct p1c_module *m, struct p1c_reader *r)
{
	uint32_t n;
	int64_t prev = -1;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_LOCALS + P1C_MAX_PARAMS, "local name", &n));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t at = p1c_reader_offset(r);
		uint32_t idx;
		struct p1c_str name;
		P1C_TRY(p1c_reader_u32(r, &idx));
		P1C_TRY(p1c_reader_name(r, &name));
		if ((int64_t)idx <= prev) {
			p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					   "local name index %u duplicate or out of order", idx);
			continue;
		}
		prev = idx;
		m->nlocal_names++;
	}
	return true;
}

static bool local_names(struct p1c_module *m, struct p1c_reader *r, struct p1c_loc *loc)
{
	uint32_t n;
	int64_t prev = -1;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_INDEX_SPACE, "function", &n));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t at = p1c_reader_offset(r);
		uint32_t func;
		P1C_TRY(p1c_reader_u32(r, &func));
		loc->item = func;
		if (func >= m->nfuncs)
			p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					   "local names for function %u out of range (%u functions)",
					   func, m->nfuncs);
		else if ((int64_t)func <= prev)
			p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
					   "local names for function %u duplicate or out of order",
					   func);
		else
			prev = func;
		P1C_TRY(local_names_of(m, r));
		loc->item = P1C_ITEM_NONE;
	}
	return true;
}

/* One subsection; false on a structural error (decoding stops). */
static bool name_subsection(struct p1c_module *m, struct p1c_reader *r, int *last_id,
			    struct p1c_loc *loc)
{
	uint64_t at = p1c_reader_offset(r);
	uint8_t id;
	uint32_t size;
	struct p1c_reader sub;
	P1C_TRY(p1c_reader_u8(r, &id));
	P1C_TRY(p1c_reader_u32(r, &size));
	if (size > p1c_reader_left(r))
		return p1c_reader_fail_at(r, at + 1, P1C_ERR_TRUNCATED,
					  "name subsection %u size %u past end of section", id, size);
	P1C_TRY(p1c_reader_sub(r, size, &sub));
	if ((int)id <= *last_id)
		p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "name subsection %u out of order", id);
	*last_id = id;
	bool ok = true;
	if (id == 0)
		ok = p1c_reader_name(&sub, &m->module_name);
	else if (id == 1)
		ok = function_names(m, &sub);
	else if (id == 2)
		ok = local_names(m, &sub, loc);
	else
		sub.p = sub.end; /* other subsections: skipped */
	if (ok && !p1c_reader_at_end(&sub))
		p1c_reader_fail(&sub, P1C_ERR_MALFORMED, "name subsection %u size mismatch", id);
	return ok;
}

void p1c_mod_name_section(struct p1c_parser *ps, struct p1c_reader *in)
{
	struct p1c_module *m = ps->m;
	struct p1c_error e;
	struct p1c_loc loc;
	struct p1c_reader r;
	warn_reader(&r, in, &e, &loc);
	m->has_names = true;
	m->func_names = p1c_mod_alloc(ps, &r, m->nfuncs, sizeof(*m->func_names));
	if (m->func_names) {
		int last_id = -1;
		while (!p1c_reader_at_end(&r) && name_subsection(m, &r, &last_id, &loc))
			;
	}
	if (e.code != P1C_ERR_NONE) {
		m->names_malformed = true;
		p1c_mod_warn(ps, &e);
	}
}

static bool producer_values(struct p1c_parser *ps, struct p1c_reader *r,
			    struct p1c_producer_field *f)
{
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_PRODUCER_VALUES, "producer value", &n));
	f->values = p1c_mod_alloc(ps, r, n, sizeof(*f->values));
	if (!f->values)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		P1C_TRY(p1c_reader_name(r, &f->values[i].name));
		P1C_TRY(p1c_reader_name(r, &f->values[i].version));
		f->nvalues++;
	}
	return true;
}

static bool producers(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_loc *loc)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_PRODUCER_FIELDS, "producer field", &n));
	m->producers = p1c_mod_alloc(ps, r, n, sizeof(*m->producers));
	if (!m->producers)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		loc->item = i;
		P1C_TRY(p1c_reader_name(r, &m->producers[i].name));
		m->nproducers++;
		P1C_TRY(producer_values(ps, r, &m->producers[i]));
	}
	loc->item = P1C_ITEM_NONE;
	if (!p1c_reader_at_end(r))
		return p1c_reader_fail(r, P1C_ERR_MALFORMED, "producers section size mismatch");
	return true;
}

void p1c_mod_producers_section(struct p1c_parser *ps, struct p1c_reader *in)
{
	struct p1c_error e;
	struct p1c_loc loc;
	struct p1c_reader r;
	warn_reader(&r, in, &e, &loc);
	if (!producers(ps, &r, &loc))
		p1c_mod_warn(ps, &e);
}

static bool target_features(struct p1c_parser *ps, struct p1c_reader *r, struct p1c_loc *loc)
{
	struct p1c_module *m = ps->m;
	uint32_t n;
	P1C_TRY(p1c_reader_count(r, 2, P1C_MAX_PRODUCER_VALUES, "target feature", &n));
	m->target_features = p1c_mod_alloc(ps, r, n, sizeof(*m->target_features));
	if (!m->target_features)
		return false;
	m->has_target_features = true;
	for (uint32_t i = 0; i < n; i++) {
		loc->item = i;
		struct p1c_target_feature *f = &m->target_features[i];
		uint64_t at = p1c_reader_offset(r);
		P1C_TRY(p1c_reader_u8(r, &f->prefix));
		if (f->prefix != '+' && f->prefix != '-' && f->prefix != '=')
			return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
						  "invalid target feature prefix 0x%02x", f->prefix);
		P1C_TRY(p1c_reader_name(r, &f->name));
		m->ntarget_features++;
	}
	loc->item = P1C_ITEM_NONE;
	if (!p1c_reader_at_end(r))
		return p1c_reader_fail(r, P1C_ERR_MALFORMED, "target_features section size mismatch");
	return true;
}

void p1c_mod_target_features_section(struct p1c_parser *ps, struct p1c_reader *in)
{
	struct p1c_error e;
	struct p1c_loc loc;
	struct p1c_reader r;
	warn_reader(&r, in, &e, &loc);
	if (!target_features(ps, &r, &loc))
		p1c_mod_warn(ps, &e);
}
