/* Shared by the section decoders: allocation that fails with the reader's offset, growable
 * arrays, warnings kept on the module (capped at P1C_MAX_WARNINGS). */
#include <string.h>

#include "base/caps.h"
#include "wasm/module_internal.h"

bool p1c_mod_nomem(struct p1c_reader *r)
{
	return p1c_reader_fail(r, P1C_ERR_NOMEM, "out of memory");
}

void *p1c_mod_alloc(struct p1c_parser *ps, struct p1c_reader *r, size_t count, size_t size)
{
	void *p = p1c_arena_array(ps->arena, count, size);
	if (!p)
		p1c_mod_nomem(r);
	return p;
}

void *p1c_mod_grow(struct p1c_parser *ps, struct p1c_reader *r, void *arr, uint32_t n,
		   uint32_t *cap, size_t elem)
{
	if (n < *cap)
		return arr;
	if (*cap > UINT32_MAX / 2) {
		p1c_mod_nomem(r);
		return NULL;
	}
	uint32_t ncap = *cap < 8 ? 8 : *cap * 2;
	void *fresh = p1c_mod_alloc(ps, r, ncap, elem);
	if (fresh && n)
		memcpy(fresh, arr, (size_t)n * elem);
	if (fresh)
		*cap = ncap;
	return fresh;
}

void p1c_mod_warn(struct p1c_parser *ps, const struct p1c_error *w)
{
	struct p1c_module *m = ps->m;
	if (m->nwarnings >= P1C_MAX_WARNINGS)
		return;
	if (!m->warnings) {
		m->warnings = p1c_arena_array(ps->arena, P1C_MAX_WARNINGS, sizeof(*m->warnings));
		if (!m->warnings)
			return;
	}
	m->warnings[m->nwarnings++] = *w;
}
