/* --waivers FILE: a small project file holding only a `waivers:` list (the same entries a
 * profile's `waivers:` key takes), so that accepted findings live next to the code. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "profile/profile_impl.h"

static bool read_text(const char *path, struct p1c_arena *arena, char **text, size_t *len,
		      struct p1c_profile_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return p1c_prof_fail(err, path, 0, 0, "cannot read waivers file '%s': %s", path,
				     strerror(errno));
	char *buf = p1c_arena_alloc(arena, P1C_MAX_PROFILE_SIZE + 2);
	size_t n = buf ? fread(buf, 1, P1C_MAX_PROFILE_SIZE + 1, f) : 0;
	bool failed = ferror(f) != 0;
	int e = errno;
	fclose(f);
	if (!buf)
		return p1c_prof_nomem(err, path);
	if (failed)
		return p1c_prof_fail(err, path, 0, 0, "cannot read waivers file '%s': %s", path,
				     strerror(e));
	if (n > P1C_MAX_PROFILE_SIZE)
		return p1c_prof_fail(err, path, 0, 0, "waivers file '%s' is larger than 1 MiB", path);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return true;
}

bool p1c_waivers_load(const char *path, struct p1c_arena *arena, struct p1c_waiver **out,
		      uint32_t *count, struct p1c_profile_error *err)
{
	char *text = NULL;
	size_t len = 0;
	struct ynode *root = NULL;
	*out = NULL;
	*count = 0;
	if (!read_text(path, arena, &text, &len, err) ||
	    !p1c_prof_yaml_tree(text, len, path, arena, &root, err))
		return false;
	if (root->type != YN_MAP)
		return p1c_prof_fail(err, path, root->line, root->column,
				     "a waivers file must be a mapping with the one key 'waivers'");
	for (uint32_t i = 0; i < root->n; i++) {
		const struct ynode *k = root->items[2 * i];
		if (k->type != YN_SCALAR || strcmp(k->text, "waivers") != 0)
			return p1c_prof_fail(err, path, k->line, k->column,
					     "unknown key '%s' in a waivers file (only 'waivers')",
					     k->type == YN_SCALAR ? k->text : "?");
	}
	if (root->n == 0)
		return true;
	return p1c_prof_waivers_from_tree(root->items[1], path, arena, out, count, err);
}
