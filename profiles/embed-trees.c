/* Build-time tool: parses each shipped profile with the tool's own YAML reader
 * (src/profile/profile_yaml.c) and writes the tree as bytes (src/profile/profile_tree.c) to
 * OUTDIR/NAME.tree, for embed-profiles to compile in beside the text: a run that loads a
 * shipped profile reads the tree instead of parsing the YAML again.
 * Usage: embed-trees OUTDIR FILE.yaml... Fails (and writes nothing for that file) when a
 * profile does not parse or its tree does not decode back to what was parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile_impl.h"

static char *read_all(const char *path, size_t *len)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return NULL;
	size_t cap = P1C_MAX_PROFILE_SIZE + 1, n;
	char *buf = malloc(cap + 1);
	n = buf ? fread(buf, 1, cap, in) : 0;
	bool bad = !buf || ferror(in) || n == cap;
	fclose(in);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int tree_file(const char *outdir, const char *path)
{
	struct p1c_arena arena;
	struct p1c_profile_error err = {0};
	struct ynode *root, *back;
	uint8_t *bytes;
	size_t len, nbytes;
	char *text = read_all(path, &len);
	if (!text) {
		fprintf(stderr, "embed-trees: %s: cannot read it (or larger than 1 MiB)\n", path);
		return 1;
	}
	p1c_arena_init(&arena, 0);
	int rc = 1;
	if (!p1c_prof_yaml_tree(text, len, path, &arena, &root, &err))
		fprintf(stderr, "embed-trees: %s:%u:%u: %s\n", err.file, err.line, err.column, err.msg);
	else if (!p1c_prof_tree_encode(root, &arena, &bytes, &nbytes) ||
		 !p1c_prof_tree_decode(bytes, nbytes, &arena, &back) || !p1c_prof_tree_equal(root, back))
		fprintf(stderr, "embed-trees: %s: the tree does not encode and decode back\n", path);
	else
		rc = 0;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t stem = strlen(base) > 5 ? strlen(base) - 5 : strlen(base);
	char out[4096];
	snprintf(out, sizeof(out), "%s/%.*s.tree", outdir, (int)stem, base);
	FILE *f = rc == 0 ? fopen(out, "wb") : NULL;
	if (f) {
		bool wrote = fwrite(bytes, 1, nbytes, f) == nbytes;
		rc = fclose(f) == 0 && wrote ? 0 : 1;
	}
	if (rc == 0 && !f)
		rc = 1;
	if (rc != 0 && f != NULL)
		perror(out);
	p1c_arena_free_all(&arena);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: embed-trees OUTDIR FILE.yaml...\n", stderr);
		return 2;
	}
	for (int i = 2; i < argc; i++)
		if (tree_file(argv[1], argv[i]) != 0)
			return 1;
	return 0;
}
