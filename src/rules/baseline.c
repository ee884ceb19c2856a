#include "rules/baseline.h"

#include <stdlib.h>
#include <string.h>

#include "base/input.h"

#define LOCK_HEADER "# wasm-p1check baseline 1"
#define MAX_LOCK_SIZE (16u << 20)

static int compare_entries(const void *pa, const void *pb)
{
	const struct p1c_baseline_entry *a = pa, *b = pb;
	int c = strcmp(a->module, b->module);
	if (!c)
		c = strcmp(a->name, b->name);
	if (!c)
		c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->type, b->type);
}

bool p1c_baseline_entry_of(const struct p1c_module *m, const struct p1c_import *imp,
			   struct p1c_arena *arena, struct p1c_baseline_entry *out)
{
	char type[512];
	p1c_import_type_format(type, sizeof(type), m, imp);
	out->kind = p1c_extern_kind_name(imp->kind);
	out->module = p1c_arena_strndup(arena, imp->module.ptr, imp->module.len);
	out->name = p1c_arena_strndup(arena, imp->name.ptr, imp->name.len);
	out->type = p1c_arena_strdup(arena, type);
	return out->module && out->name && out->type;
}

bool p1c_baseline_contains(const struct p1c_baseline *b, const struct p1c_baseline_entry *e)
{
	return b->count && bsearch(e, b->entries, b->count, sizeof(*e), compare_entries) != NULL;
}

static bool from_module(const char *path, struct p1c_arena *arena, struct p1c_baseline *out,
			char *msg, size_t msg_size)
{
	struct p1c_input in;
	if (!p1c_input_open(path, &in, msg, msg_size))
		return false;
	struct p1c_module m;
	struct p1c_error err;
	bool ok = p1c_module_parse(in.data, 0, in.size, arena, &m, &err);
	if (!ok)
		snprintf(msg, msg_size, "0x%08llx: not a well-formed wasm binary: %s",
			 (unsigned long long)err.offset, err.msg);
	out->entries = ok ? p1c_arena_array(arena, (size_t)m.nimports + 1, sizeof(*out->entries)) : NULL;
	for (uint32_t i = 0; out->entries && i < m.nimports; i++)
		ok = ok && p1c_baseline_entry_of(&m, &m.imports[i], arena, &out->entries[out->count++]);
	if (ok && !out->entries) {
		snprintf(msg, msg_size, "out of memory");
		ok = false;
	}
	p1c_input_close(&in);
	return ok;
}

/* Undoes the lock file's escapes (\t \n \\) in place. */
static bool unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r != '\\') {
			*w++ = *r;
			continue;
		}
		r++;
		if (*r == 't')
			*w++ = '\t';
		else if (*r == 'n')
			*w++ = '\n';
		else if (*r == '\\')
			*w++ = '\\';
		else
			return false;
	}
	*w = '\0';
	return true;
}

static bool parse_line(char *line, struct p1c_baseline_entry *e)
{
	char *fields[4];
	for (int i = 0; i < 4; i++) {
		fields[i] = line;
		char *tab = strchr(line, '\t');
		if ((tab == NULL) != (i == 3))
			return false;
		if (tab) {
			*tab = '\0';
			line = tab + 1;
		}
	}
	for (int i = 0; i < 4; i++)
		if (!unescape(fields[i]))
			return false;
	*e = (struct p1c_baseline_entry){fields[0], fields[1], fields[2], fields[3]};
	return true;
}

static bool from_lock(char *text, size_t len, struct p1c_arena *arena, struct p1c_baseline *out,
		      char *msg, size_t msg_size)
{
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	out->entries = p1c_arena_array(arena, lines, sizeof(*out->entries));
	if (!out->entries) {
		snprintf(msg, msg_size, "out of memory");
		return false;
	}
	if (strncmp(text, LOCK_HEADER, strlen(LOCK_HEADER)) != 0) {
		snprintf(msg, msg_size, "1: not a wasm-p1check baseline (it starts with \"%s\")",
			 LOCK_HEADER);
		return false;
	}
	size_t lineno = 0;
	for (char *line = text; line; ) { /* every line counts, blank ones too */
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		if (line[0] != '#' && line[0] != '\0') {
			if (!parse_line(line, &out->entries[out->count])) {
				snprintf(msg, msg_size, "%zu: expected kind, module, name and type "
					 "separated by tabs", lineno);
				return false;
			}
			out->count++;
		}
		line = nl ? nl + 1 : NULL;
	}
	return true;
}

static bool load_baseline(const char *path, struct p1c_arena *arena, struct p1c_baseline *out,
		       char *msg, size_t msg_size)
{
	memset(out, 0, sizeof(*out));
	out->path = path;
	size_t n = strlen(path);
	bool ok;
	if (n > 5 && strcmp(path + n - 5, ".wasm") == 0) {
		ok = from_module(path, arena, out, msg, msg_size);
	} else {
		struct p1c_input in;
		if (!p1c_input_open(path, &in, msg, msg_size))
			return false;
		char *text = in.size <= MAX_LOCK_SIZE ? p1c_arena_strndup(arena, in.data, in.size) : NULL;
		p1c_input_close(&in);
		if (!text) {
			snprintf(msg, msg_size, "larger than %u bytes, or out of memory", MAX_LOCK_SIZE);
			return false;
		}
		ok = from_lock(text, strlen(text), arena, out, msg, msg_size);
	}
	if (ok && out->count)
		qsort(out->entries, out->count, sizeof(*out->entries), compare_entries);
	return ok;
}

/* msg: "PATH:LINE: ...", "PATH:0xOFFSET: ..." or "PATH: ..." (the form of compiler messages). */
bool p1c_baseline_load(const char *path, struct p1c_arena *arena, struct p1c_baseline *out,
		       char *msg, size_t msg_size)
{
	char why[384];
	why[0] = '\0';
	if (load_baseline(path, arena, out, why, sizeof(why)))
		return true;
	bool located = why[0] >= '0' && why[0] <= '9';
	snprintf(msg, msg_size, "%s:%s%s", path, located ? "" : " ", why);
	return false;
}

static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '\\')
			fputs("\\\\", out);
		else
			fputc(*s, out);
	}
}

int p1c_baseline_write(FILE *out, const struct p1c_module *m, const char *source,
		       struct p1c_arena *arena)
{
	fprintf(out, "%s: the imports of %s\n# kind, module, name, type; tab-separated, with \\t, "
		     "\\n and \\\\ escaped. Use: wasm-p1check --baseline FILE app.wasm\n",
		LOCK_HEADER, source);
	for (uint32_t i = 0; i < m->nimports; i++) {
		struct p1c_baseline_entry e;
		if (!p1c_baseline_entry_of(m, &m->imports[i], arena, &e))
			return -1;
		const char *fields[] = {e.kind, e.module, e.name, e.type};
		for (int k = 0; k < 4; k++) {
			if (k)
				fputc('\t', out);
			put_escaped(out, fields[k]);
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
