/* Device profiles: finding profile files, reading them, following `extends` (with cycle and
 * depth checks), and listing what is on the search path. The YAML reading is in
 * profile_yaml.c, the schema in profile_schema.c, merging in profile_merge.c, lookups in
 * profile_lookup.c. No output, no exit: every failure fills struct p1c_profile_error. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/profile_impl.h"

/* ---- errors ---------------------------------------------------------------------------- */

static void clear_error(struct p1c_profile_error *err)
{
	err->file[0] = '\0';
	err->msg[0] = '\0';
	err->line = err->column = 0;
}

/* ---- the loader ------------------------------------------------------------------------- */

struct ident {
	bool known;
	dev_t dev;
	ino_t ino;
	size_t builtin; /* 1 + index into the built-in table; 0 for a file */
};

/* A profile to read: a file, or a built-in copy (builtin = 1 + index). */
struct source {
	const char *path;
	size_t builtin;
};

struct frame {
	struct ident id;
	const char *path;
};

struct cached {
	struct ident id;
	struct layer resolved;
};

/* Where a file was asked for: an `extends` entry, or the caller (file NULL). */
struct origin {
	const char *file;
	struct where at;
	size_t builtin; /* the asking file is a built-in copy (1 + index), or 0 */
};

struct loader {
	const struct p1c_profile_search *search;
	struct p1c_arena *arena;
	struct p1c_profile_error *err;
	uint32_t depth; /* frames in use: the file asked for, then its parents */
	struct frame stack[P1C_MAX_EXTENDS_DEPTH + 1];
	struct cached *cache; /* files already resolved (diamonds load once) */
	uint32_t ncache, capcache;
};

static bool fail_at(struct loader *ld, const struct origin *from, const char *fallback_file,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* An error about a file as a whole: reported at the `extends` entry that named it, or (for
 * the file the caller asked for) against that file with no line. */
static bool fail_at(struct loader *ld, const struct origin *from, const char *fallback_file,
		    const char *fmt, ...)
{
	char msg[sizeof(ld->err->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (from->file)
		return p1c_prof_fail(ld->err, from->file, from->at.line, from->at.column, "%s", msg);
	return p1c_prof_fail(ld->err, fallback_file, 0, 0, "%s", msg);
}

static bool same_ident(const struct ident *a, const struct ident *b)
{
	return a->known && b->known && a->dev == b->dev && a->ino == b->ino &&
	       a->builtin == b->builtin;
}

static bool read_all(int fd, char *buf, size_t cap, size_t *out)
{
	size_t n = 0;
	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return false;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = n;
	return true;
}

/* Reads a whole profile file (at most P1C_MAX_PROFILE_SIZE bytes). */
static bool read_file(struct loader *ld, const char *path, const struct origin *from, const char **text,
		      size_t *len, struct ident *id)
{
	const char *what = from->file ? "cannot read extended profile" : "cannot read profile";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail_at(ld, from, path, "%s '%s': %s", what, path, strerror(errno));
	struct stat st;
	int e = 0;
	if (fstat(fd, &st) != 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	if (e) {
		close(fd);
		return fail_at(ld, from, path, "%s '%s': %s", what, path, strerror(e));
	}
	bool regular = S_ISREG(st.st_mode);
	if (regular && (uintmax_t)st.st_size > P1C_MAX_PROFILE_SIZE) {
		close(fd);
		return fail_at(ld, from, path, "profile '%s' is larger than 1 MiB (%jd bytes)", path,
			       (intmax_t)st.st_size);
	}
	size_t cap = regular ? (size_t)st.st_size : P1C_MAX_PROFILE_SIZE;
	char *buf = p1c_arena_alloc(ld->arena, cap + 2);
	size_t n = 0;
	bool ok = buf && read_all(fd, buf, cap + 1, &n);
	e = errno;
	close(fd);
	if (!buf)
		return p1c_prof_nomem(ld->err, path);
	if (!ok)
		return fail_at(ld, from, path, "%s '%s': %s", what, path, strerror(e));
	if (n > cap)
		return fail_at(ld, from, path, regular ? "profile '%s' changed while it was read"
						       : "profile '%s' is larger than 1 MiB", path);
	*text = buf;
	*len = n;
	*id = (struct ident){true, st.st_dev, st.st_ino, 0};
	return true;
}

/* The text of a source: the file, or the built-in copy. */
static bool read_source(struct loader *ld, const struct source *src, const struct origin *from,
			const char **text, size_t *len, struct ident *id)
{
	if (!src->builtin)
		return read_file(ld, src->path, from, text, len, id);
	const struct p1c_profile_builtin *b = &ld->search->builtins[src->builtin - 1];
	*text = b->text;
	*len = b->len;
	*id = (struct ident){true, 0, 0, src->builtin};
	return true;
}

static size_t find_builtin(const struct p1c_profile_search *search, const char *name)
{
	for (size_t i = 0; search && i < search->nbuiltins; i++) {
		if (strcmp(search->builtins[i].name, name) == 0)
			return i + 1;
	}
	return 0;
}

static const char *builtin_path(struct p1c_arena *arena, const struct p1c_profile_search *search,
				size_t builtin)
{
	return p1c_arena_printf(arena, P1C_BUILTIN_PREFIX "%s.yaml",
				search->builtins[builtin - 1].name);
}

static bool is_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n >= 5 && strcmp(s + n - 5, ".yaml") == 0) ||
	       (n >= 4 && strcmp(s + n - 4, ".yml") == 0);
}

/* dir + "/" + name + suffix, without doubling a trailing slash. */
static char *join(struct p1c_arena *arena, const char *dir, size_t dirlen, const char *name,
		  const char *suffix)
{
	while (dirlen > 1 && dir[dirlen - 1] == '/')
		dirlen--;
	return p1c_arena_printf(arena, "%.*s%s%s%s", (int)dirlen, dir,
				dirlen && dir[dirlen - 1] == '/' ? "" : "/", name, suffix);
}

/* A profile name along the search path: the first <dir>/<name>.yaml that exists, else the
 * built-in copy of that name. */
static bool search_name(struct loader *ld, const char *name, const struct origin *from,
			struct source *out)
{
	char tried[200] = "";
	size_t ndirs = ld->search ? ld->search->ndirs : 0;
	for (size_t i = 0; i < ndirs; i++) {
		const char *dir = ld->search->dirs[i][0] ? ld->search->dirs[i] : "."; /* "" is "." */
		char *path = join(ld->arena, dir, strlen(dir), name, ".yaml");
		struct stat st;
		if (!path)
			return p1c_prof_nomem(ld->err, from->file);
		if (stat(path, &st) == 0) {
			*out = (struct source){path, 0};
			return true;
		}
		size_t used = strlen(tried);
		snprintf(tried + used, sizeof(tried) - used, "%s%s", i ? ", " : "", dir);
	}
	size_t b = find_builtin(ld->search, name);
	if (b) {
		*out = (struct source){builtin_path(ld->arena, ld->search, b), b};
		return out->path ? true : p1c_prof_nomem(ld->err, from->file);
	}
	bool builtins = ld->search && ld->search->nbuiltins;
	if (!ndirs)
		return fail_at(ld, from, NULL, "profile '%s' not found (no search directories%s)", name,
			       builtins ? "; not a built-in profile" : "");
	return fail_at(ld, from, NULL, "profile '%s' not found (searched: %s%s)", name, tried,
		       builtins ? ", the built-in profiles" : "");
}

static bool load_file(struct loader *ld, const struct source *src, const char *required_name,
		      const struct origin *from, struct layer *out);

/* A name in `extends`: next to the file that names it first (a built-in copy looks among the
 * built-in copies), then along the search path. */
static bool find_parent(struct loader *ld, const char *name, const struct origin *from,
			struct source *out)
{
	if (from->builtin) {
		size_t b = find_builtin(ld->search, name);
		if (b) {
			*out = (struct source){builtin_path(ld->arena, ld->search, b), b};
			return out->path ? true : p1c_prof_nomem(ld->err, from->file);
		}
	} else {
		const char *slash = strrchr(from->file, '/');
		const char *dir = slash ? from->file : ".";
		size_t dirlen = slash ? (size_t)(slash - from->file) + (slash == from->file) : 1;
		char *path = join(ld->arena, dir, dirlen, name, ".yaml");
		struct stat st;
		if (!path)
			return p1c_prof_nomem(ld->err, from->file);
		if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			*out = (struct source){path, 0};
			return true;
		}
	}
	return search_name(ld, name, from, out);
}

static bool cycle_error(struct loader *ld, const struct origin *from, uint32_t start,
			const char *path)
{
	char chain[sizeof(ld->err->msg)] = "";
	for (uint32_t i = start; i < ld->depth; i++) {
		size_t used = strlen(chain);
		snprintf(chain + used, sizeof(chain) - used, "%s -> ", ld->stack[i].path);
	}
	return fail_at(ld, from, path, "extends cycle: %s%s", chain, path);
}

/* One `extends` entry of the file on top of the stack. */
static bool load_parent(struct loader *ld, const char *ref, const struct origin *from,
			struct layer *out)
{
	if (ld->depth > P1C_MAX_EXTENDS_DEPTH)
		return fail_at(ld, from, NULL, "extends chain deeper than %u profiles",
			       P1C_MAX_EXTENDS_DEPTH);
	if (!is_path(ref)) {
		struct source src;
		P1C_TRY(find_parent(ld, ref, from, &src));
		return load_file(ld, &src, ref, from, out);
	}
	if (from->builtin)
		return fail_at(ld, from, NULL, "a built-in profile cannot extend a path ('%s')", ref);
	const char *slash = strrchr(from->file, '/');
	const char *path = ref[0] == '/' || !slash
				   ? ref
				   : join(ld->arena, from->file, (size_t)(slash - from->file), ref, "");
	if (!path)
		return p1c_prof_nomem(ld->err, from->file);
	struct source src = {path, 0};
	return load_file(ld, &src, NULL, from, out);
}

/* The built-in profile whose text this is: the built-in copy itself, or a file with exactly
 * its bytes (a shipped profile on the search path); NULL when there is none. */
static const struct p1c_profile_builtin *same_builtin(const struct loader *ld, const struct ident *id,
						      const char *text, size_t len)
{
	if (id->builtin)
		return &ld->search->builtins[id->builtin - 1];
	for (size_t i = 0; ld->search && i < ld->search->nbuiltins; i++) {
		const struct p1c_profile_builtin *b = &ld->search->builtins[i];
		if (b->len == len && memcmp(b->text, text, len) == 0)
			return b;
	}
	return NULL;
}

/* The text's tree: the one compiled in for a shipped profile's text (parsed at build time by
 * the same reader, profiles/embed-trees.c), else the YAML reader's. */
static bool text_tree(struct loader *ld, const char *text, size_t len, const char *path,
		      const struct ident *id, struct ynode **root)
{
	const struct p1c_profile_builtin *b = same_builtin(ld, id, text, len);
	if (b && b->tree && p1c_prof_tree_decode(b->tree, b->tree_len, ld->arena, root))
		return true;
	return p1c_prof_yaml_tree(text, len, path, ld->arena, root, ld->err);
}

/* Parses one file's text and merges its parents under it. */
static bool resolve_text(struct loader *ld, const char *text, size_t len, const char *path,
			 const struct ident *id, const char *required_name, struct layer *out)
{
	struct ynode *root;
	struct layer file;
	P1C_TRY(text_tree(ld, text, len, path, id, &root));
	P1C_TRY(p1c_prof_layer_from_tree(root, path, ld->arena, &file, ld->err));
	if (required_name && strcmp(file.name, required_name) != 0)
		return p1c_prof_fail(ld->err, path, file.name_at.line, file.name_at.column,
				     "profile '%s' is in a file named '%s.yaml': a profile found by name "
				     "must be named like its file", file.name, required_name);
	ld->stack[ld->depth++] = (struct frame){*id, path};
	struct layer acc;
	memset(&acc, 0, sizeof(acc));
	for (uint32_t i = 0; i < file.extends.count; i++) {
		struct layer parent;
		struct origin from = {path, file.extends_at[i], id->builtin};
		P1C_TRY(load_parent(ld, file.extends.items[i], &from, &parent));
		P1C_TRY(p1c_prof_apply(&acc, &parent, ld->arena, ld->err));
	}
	P1C_TRY(p1c_prof_apply(&acc, &file, ld->arena, ld->err));
	ld->depth--;
	acc.path = path;
	acc.name = file.name;
	acc.name_at = file.name_at;
	acc.description = file.description;
	acc.extends = file.extends;
	acc.extends_at = file.extends_at;
	*out = acc;
	return true;
}

static bool remember(struct loader *ld, const struct ident *id, const struct layer *resolved)
{
	if (ld->ncache == ld->capcache) {
		uint32_t cap = ld->capcache ? 2 * ld->capcache : 8;
		struct cached *c = p1c_arena_array(ld->arena, cap, sizeof(*c));
		if (!c)
			return p1c_prof_nomem(ld->err, resolved->path);
		if (ld->ncache)
			memcpy(c, ld->cache, ld->ncache * sizeof(*c));
		ld->cache = c;
		ld->capcache = cap;
	}
	ld->cache[ld->ncache++] = (struct cached){*id, *resolved};
	return true;
}

static bool load_file(struct loader *ld, const struct source *src, const char *required_name,
		      const struct origin *from, struct layer *out)
{
	const char *text = NULL;
	size_t len = 0;
	struct ident id = {false, 0, 0, 0};
	const char *path = src->path;
	P1C_TRY(read_source(ld, src, from, &text, &len, &id));
	for (uint32_t i = 0; i < ld->depth; i++) {
		if (same_ident(&ld->stack[i].id, &id))
			return cycle_error(ld, from, i, path);
	}
	for (uint32_t i = 0; i < ld->ncache; i++) {
		const struct layer *c = &ld->cache[i].resolved;
		if (same_ident(&ld->cache[i].id, &id) &&
		    (!required_name || strcmp(c->name, required_name) == 0)) {
			*out = *c;
			return true;
		}
	}
	P1C_TRY(resolve_text(ld, text, len, path, &id, required_name, out));
	return remember(ld, &id, out);
}

/* ---- public entry points ------------------------------------------------------------------ */

static bool load_path_or_name(struct loader *ld, const char *name_or_path, struct layer *out)
{
	struct origin top = {NULL, {0, 0}, 0};
	struct source src = {name_or_path, 0};
	if (is_path(name_or_path))
		return load_file(ld, &src, NULL, &top, out);
	P1C_TRY(search_name(ld, name_or_path, &top, &src));
	return load_file(ld, &src, name_or_path, &top, out);
}

bool p1c_profile_load(const char *name_or_path, const struct p1c_profile_search *search,
		      struct p1c_arena *arena, struct p1c_profile *out, struct p1c_profile_error *err)
{
	struct loader ld = {.search = search, .arena = arena, .err = err};
	struct layer acc;
	clear_error(err);
	P1C_TRY(load_path_or_name(&ld, name_or_path, &acc));
	return p1c_prof_finalize(&acc, arena, out, err);
}

bool p1c_profile_load_text(const char *text, size_t len, const char *display_path,
			   const struct p1c_profile_search *search, struct p1c_arena *arena,
			   struct p1c_profile *out, struct p1c_profile_error *err)
{
	struct loader ld = {.search = search, .arena = arena, .err = err};
	struct layer acc;
	struct ident id = {false, 0, 0, 0};
	struct stat st;
	const char *path = display_path ? display_path : "<profile>";
	clear_error(err);
	if (len > P1C_MAX_PROFILE_SIZE)
		return p1c_prof_fail(err, path, 0, 0, "profile is larger than 1 MiB (%zu bytes)", len);
	if (display_path && stat(display_path, &st) == 0)
		id = (struct ident){true, st.st_dev, st.st_ino, 0};
	P1C_TRY(resolve_text(&ld, text ? text : "", text ? len : 0, path, &id, NULL, &acc));
	return p1c_prof_finalize(&acc, arena, out, err);
}

/* ---- listing -------------------------------------------------------------------------------- */

struct found {
	struct p1c_profile_entry e;
	size_t dir; /* index of the search dir: the first one of a name wins */
};

struct found_list {
	struct found *items;
	uint32_t n, cap;
};

static bool grow_found(struct p1c_arena *arena, struct found_list *l)
{
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? 2 * l->cap : 16;
		struct found *items = p1c_arena_array(arena, cap, sizeof(*items));
		if (!items)
			return false;
		if (l->n)
			memcpy(items, l->items, l->n * sizeof(*items));
		l->items = items;
		l->cap = cap;
	}
	return true;
}

static bool add_found(struct p1c_arena *arena, struct found_list *l, const char *dir,
		      size_t dir_index, const char *file)
{
	if (!grow_found(arena, l))
		return false;
	size_t stem = strlen(file) - 5;
	struct found *f = &l->items[l->n++];
	f->e.name = p1c_arena_strndup(arena, file, stem);
	f->e.path = join(arena, dir, strlen(dir), file, "");
	f->e.builtin = false;
	f->dir = dir_index;
	return f->e.name && f->e.path;
}

/* Built-in copies come after every directory: a file of the same name wins. */
static bool add_builtin(struct p1c_arena *arena, struct found_list *l,
			const struct p1c_profile_search *search, size_t index)
{
	if (!grow_found(arena, l))
		return false;
	struct found *f = &l->items[l->n++];
	f->e.name = search->builtins[index].name;
	f->e.path = builtin_path(arena, search, index + 1);
	f->e.builtin = true;
	f->dir = search->ndirs;
	return f->e.path != NULL;
}

static bool scan_dir(struct p1c_arena *arena, struct found_list *l, const char *dir, size_t index)
{
	DIR *d = opendir(dir);
	if (!d)
		return true; /* a missing or unreadable search dir is skipped */
	bool ok = true;
	for (struct dirent *de; ok && (de = readdir(d)) != NULL;) {
		size_t n = strlen(de->d_name);
		if (de->d_name[0] != '.' && n > 5 && strcmp(de->d_name + n - 5, ".yaml") == 0)
			ok = add_found(arena, l, dir, index, de->d_name);
	}
	closedir(d);
	return ok;
}

static int found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	int r = strcmp(x->e.name, y->e.name);
	if (r)
		return r;
	return x->dir < y->dir ? -1 : x->dir > y->dir;
}

/* A file that does not load is listed with "(invalid: file:line:column: message)" as its
 * description, so one broken file does not hide the others. */
static bool describe(const struct p1c_profile_search *search, struct p1c_arena *arena,
		     struct p1c_profile_entry *e)
{
	struct loader ld = {.search = search, .arena = arena};
	struct p1c_profile_error err;
	struct layer acc;
	struct origin top = {NULL, {0, 0}, 0};
	struct source src = {e->path, e->builtin ? find_builtin(search, e->name) : 0};
	ld.err = &err;
	clear_error(&err);
	if (load_file(&ld, &src, e->name, &top, &acc)) {
		e->description = acc.description ? acc.description : "";
		return true;
	}
	if (err.line)
		e->description = p1c_arena_printf(arena, "(invalid: %s:%u:%u: %s)", err.file, err.line,
						  err.column, err.msg);
	else
		e->description = p1c_arena_printf(arena, "(invalid: %s%s%s)", err.file,
						  err.file[0] ? ": " : "", err.msg);
	return e->description != NULL;
}

bool p1c_profile_list(const struct p1c_profile_search *search, struct p1c_arena *arena,
		      struct p1c_profile_entry **out, uint32_t *out_count,
		      struct p1c_profile_error *err)
{
	struct found_list l = {NULL, 0, 0};
	clear_error(err);
	for (size_t i = 0; search && i < search->ndirs; i++) {
		if (!scan_dir(arena, &l, search->dirs[i], i))
			return p1c_prof_nomem(err, search->dirs[i]);
	}
	for (size_t i = 0; search && i < search->nbuiltins; i++) {
		if (!add_builtin(arena, &l, search, i))
			return p1c_prof_nomem(err, NULL);
	}
	if (l.n > 1)
		qsort(l.items, l.n, sizeof(*l.items), found_cmp);
	struct p1c_profile_entry *entries = p1c_arena_array(arena, l.n ? l.n : 1, sizeof(*entries));
	if (!entries)
		return p1c_prof_nomem(err, NULL);
	uint32_t n = 0;
	for (uint32_t i = 0; i < l.n; i++) {
		if (n && strcmp(entries[n - 1].name, l.items[i].e.name) == 0)
			continue;
		entries[n] = l.items[i].e;
		if (!describe(search, arena, &entries[n]))
			return p1c_prof_nomem(err, entries[n].path);
		n++;
	}
	*out = entries;
	*out_count = n;
	return true;
}
