/* Source locations for findings: call sites on witness paths found by decoding the caller's
 * body, mapped through the module's DWARF line tables (analysis/dwarf.c). */
#include <string.h>

#include "base/path.h"
#include "rules/rules.h"
#include "wasm/code.h"

struct site_search {
	const struct p1c_module *m;
	uint32_t callee;
	enum p1c_cg_edge edge;
	const struct p1c_functype *callee_type;
	bool found, found_certain;
	uint64_t offset;
};

static bool makes_edge(const struct site_search *s, const struct p1c_code_event *ev)
{
	if (s->edge == P1C_CG_CALL)
		return ev->kind == P1C_EV_CALL && ev->target == s->callee;
	if (s->edge == P1C_CG_INDIRECT)
		return ev->kind == P1C_EV_CALL_INDIRECT && s->callee_type &&
		       p1c_module_type_func(s->m, ev->type_index) &&
		       p1c_functype_eq(p1c_module_type_func(s->m, ev->type_index), s->callee_type);
	return ev->kind == P1C_EV_CALL_REF;
}

/* The first site that always runs when the caller runs, else the first site: the call graph
 * marks an edge certain when any of its sites is (callgraph.h, edge_sure), and a path that
 * is "always" takes that site, not an earlier call under a branch. */
static void visit_site(void *user, const struct p1c_code_event *ev)
{
	struct site_search *s = user;
	if (s->found_certain || !makes_edge(s, ev))
		return;
	if (!s->found || ev->certain)
		s->offset = ev->offset;
	s->found = true;
	s->found_certain = ev->certain;
}

/* The offset of the instruction in caller that makes the edge to callee (visit_site). */
static bool call_site(const struct p1c_module *m, uint32_t caller, uint32_t callee,
		      enum p1c_cg_edge edge, uint64_t *offset)
{
	if (caller < m->nfunc_imports || caller >= m->nfuncs)
		return false;
	struct site_search s = {m, callee, edge, p1c_module_func_type(m, callee), false, false, 0};
	struct p1c_error err;
	p1c_code_walk(m, caller, visit_site, &s, &err);
	*offset = s.offset;
	return s.found;
}

static bool under_root(const char *root, const char *file)
{
	char abs[4096];
	if (!root)
		return true;
	return file[0] == '/' && p1c_path_absolute("/", file, abs, sizeof(abs)) &&
	       p1c_path_under(root, abs) != NULL;
}

static struct p1c_srcloc *path_locations(const struct p1c_module *m, const struct p1c_srcmap *map,
					 const struct p1c_cg_path *path, struct p1c_arena *arena)
{
	struct p1c_srcloc *locs = p1c_arena_array(arena, path->nsteps ? path->nsteps : 1, sizeof(*locs));
	if (!locs)
		return NULL;
	for (uint32_t j = 0; j < path->nsteps; j++) {
		uint64_t offset = 0;
		uint32_t func = path->steps[j].func;
		bool have = false;
		if (j == 0 && func >= m->nfunc_imports && func - m->nfunc_imports < m->nbodies)
			have = (offset = m->bodies[func - m->nfunc_imports].code_offset, true);
		else if (j > 0 && !(path->elided && j == path->elided_at)) /* no call across a gap */
			have = call_site(m, path->steps[j - 1].func, func,
					 (enum p1c_cg_edge)path->steps[j].edge, &offset);
		if (!have || !p1c_srcmap_lookup(map, offset, &locs[j]))
			memset(&locs[j], 0, sizeof(locs[j]));
	}
	return locs;
}

/* The reviewer's place: first call site under the root, else the deepest one with an
 * absolute path (a relative DWARF path, from a build without an absolute compilation
 * directory such as Debian's wasi-libc, names no file a reader can open). */
static const struct p1c_srcloc *primary(const struct p1c_finding *f, const char *root)
{
	if (!f->npaths)
		return NULL;
	const struct p1c_srcloc *locs = f->path_src[0], *deepest = NULL;
	for (uint32_t j = 1; j < f->paths[0].nsteps; j++) {
		if (!locs[j].line)
			continue;
		if (locs[j].file[0] != '/')
			continue;
		if (under_root(root, locs[j].file))
			return &locs[j];
		deepest = &locs[j];
	}
	return deepest;
}

static bool attach_one(const struct p1c_module *m, const struct p1c_srcmap *map, const char *root,
		       struct p1c_finding *f, struct p1c_arena *arena)
{
	if (f->npaths) {
		f->path_src = p1c_arena_array(arena, f->npaths, sizeof(*f->path_src));
		if (!f->path_src)
			return false;
		for (uint32_t i = 0; i < f->npaths; i++)
			if (!(f->path_src[i] = path_locations(m, map, &f->paths[i], arena)))
				return false;
	}
	f->src = primary(f, root);
	struct p1c_srcloc here;
	if (!f->src && f->has_offset && p1c_srcmap_lookup(map, f->offset, &here)) {
		struct p1c_srcloc *copy = p1c_arena_array(arena, 1, sizeof(*copy));
		if (!copy)
			return false;
		*copy = here;
		f->src = copy;
	}
	return true;
}

bool p1c_rules_attach_sources(const struct p1c_module *m, const struct p1c_srcmap *map,
			      const char *source_root, struct p1c_audit *audit, struct p1c_arena *arena)
{
	if (!map->nranges)
		return true;
	for (uint32_t i = 0; i < audit->nfindings; i++)
		if (!attach_one(m, map, source_root, &audit->findings[i], arena))
			return false;
	return true;
}
