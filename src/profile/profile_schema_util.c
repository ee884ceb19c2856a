/* Helpers shared by the profile schema's files (profile_schema.c, profile_schema_imports.c):
 * errors at a node, type checks, unique keys, walking a mapping with key handlers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile_schema_impl.h"

bool p1c_sch_fail(struct sctx *c, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	p1c_prof_vfail(c->err, c->path, at->line, at->column, fmt, ap);
	va_end(ap);
	return false;
}

struct where p1c_sch_where(const struct ynode *n)
{
	return (struct where){n->line, n->column};
}

const char *p1c_sch_type_name(const struct ynode *n)
{
	static const char *const names[] = {"null", "a string", "a sequence", "a mapping"};
	return names[n->type];
}

bool p1c_sch_want_type(struct sctx *c, const struct ynode *n, uint8_t type, const char *what)
{
	static const char *const want[] = {"null", "a string", "a sequence", "a mapping"};
	if (n->type == type)
		return true;
	return p1c_sch_fail(c, n, "%s must be %s, got %s", what, want[type], p1c_sch_type_name(n));
}

bool p1c_sch_get_string(struct sctx *c, const struct ynode *n, const char *what, const char **out)
{
	P1C_TRY(p1c_sch_want_type(c, n, YN_SCALAR, what));
	*out = n->text;
	return true;
}

static int node_pos_cmp(const void *a, const void *b)
{
	const struct ynode *x = *(const struct ynode *const *)a, *y = *(const struct ynode *const *)b;
	int r = strcmp(x->text, y->text);
	if (r)
		return r;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->column < y->column ? -1 : x->column > y->column;
}

/* Keys must be strings and unique; reports the first repeated key in file order. */
bool p1c_sch_check_keys(struct sctx *c, const struct ynode *map, const char *what)
{
	if (map->n == 0)
		return true;
	const struct ynode **keys = p1c_arena_array(c->arena, map->n, sizeof(*keys));
	if (!keys)
		return p1c_prof_nomem(c->err, c->path);
	for (uint32_t i = 0; i < map->n; i++) {
		keys[i] = map->items[2 * i];
		if (keys[i]->type != YN_SCALAR)
			return p1c_sch_fail(c, keys[i], "keys in %s must be strings, got %s", what,
				    p1c_sch_type_name(keys[i]));
	}
	qsort(keys, map->n, sizeof(*keys), node_pos_cmp);
	/* Sorted by (text, position): the second key of each run is that text's first repeat. */
	const struct ynode *dup = NULL, *first = NULL;
	for (uint32_t i = 1, run = 0; i < map->n; i++) {
		if (strcmp(keys[run]->text, keys[i]->text) != 0) {
			run = i;
			continue;
		}
		if (i == run + 1 && (!dup || keys[i]->line < dup->line ||
				     (keys[i]->line == dup->line && keys[i]->column < dup->column))) {
			dup = keys[i];
			first = keys[run];
		}
	}
	if (dup)
		return p1c_sch_fail(c, dup, "duplicate key '%s' in %s (first at line %u, column %u)", dup->text,
			    what, first->line, first->column);
	return true;
}

static bool unknown_key(struct sctx *c, const struct ynode *key, const char *what,
			const struct key_handler *h, size_t nh)
{
	char list[200] = "";
	for (size_t i = 0; i < nh; i++) {
		size_t used = strlen(list);
		snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", h[i].key);
	}
	return p1c_sch_fail(c, key, "unknown key '%s' in %s (expected one of: %s)", key->text, what, list);
}

bool p1c_sch_walk_map(struct sctx *c, const struct ynode *map, const char *what,
		     const struct key_handler *h, size_t nh)
{
	P1C_TRY(p1c_sch_want_type(c, map, YN_MAP, what));
	P1C_TRY(p1c_sch_check_keys(c, map, what));
	for (uint32_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->items[2 * i], *v = map->items[2 * i + 1];
		size_t j = 0;
		while (j < nh && strcmp(h[j].key, k->text) != 0)
			j++;
		if (j == nh)
			return unknown_key(c, k, what, h, nh);
		P1C_TRY(h[j].fn(c, k, v));
	}
	return true;
}

bool p1c_sch_parse_sig(struct sctx *c, const struct ynode *v, const char *what,
		      struct p1c_functype *out)
{
	char why[128];
	const char *text;
	P1C_TRY(p1c_sch_get_string(c, v, what, &text));
	if (!p1c_prof_functype_parse(text, c->arena, out, why, sizeof(why)))
		return p1c_sch_fail(c, v, "%s: invalid signature \"%.60s\": %s", what, v->text, why);
	return true;
}

