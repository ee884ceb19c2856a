/* WASI 0.2 imports a device provides, matched the way the component model's linker matches
 * versions: an import from "wasi:io/streams@0.2.7" is satisfied by a provided
 * "wasi:io/streams@0.2.0" function of the same name (semver-compatible: the same major, and
 * for 0.x the same minor; pre-releases only exactly). The "cm32p2|wasi:io/streams@0.2" module
 * spelling (major.minor only, resource drops named "<res>_drop") matches the same entries.
 * Naming: wasm-tools' `component embed --dummy` and wit-bindgen's legacy names
 * ("[resource-drop]<res>"). */
#include <stdio.h>
#include <string.h>

#include "profile/profile_impl.h"

struct p2name {
	const char *iface; /* "wasi:io/streams", not NUL-terminated */
	size_t iface_len;
	unsigned major, minor, patch;
	bool has_patch, prerelease;
	const char *suffix; /* "-rc-..." or "+build", up to the end */
	size_t suffix_len;
};

static bool read_uint(const char **p, const char *end, unsigned *out)
{
	unsigned v = 0;
	const char *s = *p;
	while (*p < end && **p >= '0' && **p <= '9' && v < 100000)
		v = v * 10 + (unsigned)(*(*p)++ - '0');
	*out = v;
	return *p > s;
}

/* "[cm32p2|]ns:pkg/iface@X.Y[.Z][-pre]" */
static bool parse_module(const char *s, size_t len, struct p2name *out)
{
	const char *end = s + len;
	if (len > 7 && memcmp(s, "cm32p2|", 7) == 0)
		s += 7;
	const char *at = NULL;
	for (const char *p = s; p < end; p++)
		if (*p == '@')
			at = p;
	if (!at || at == s || !memchr(s, ':', (size_t)(at - s)) || !memchr(s, '/', (size_t)(at - s)))
		return false;
	*out = (struct p2name){.iface = s, .iface_len = (size_t)(at - s)};
	const char *p = at + 1;
	if (!read_uint(&p, end, &out->major) || p >= end || *p++ != '.' ||
	    !read_uint(&p, end, &out->minor))
		return false;
	if (p < end && *p == '.') {
		p++;
		if (!read_uint(&p, end, &out->patch))
			return false;
		out->has_patch = true;
	}
	if (p < end && (*p == '-' || *p == '+')) {
		out->prerelease = *p == '-';
		out->suffix = p;
		out->suffix_len = (size_t)(end - p);
		return true;
	}
	return p == end;
}

static bool same_iface(const struct p2name *a, const struct p2name *b)
{
	return a->iface_len == b->iface_len && memcmp(a->iface, b->iface, a->iface_len) == 0;
}

/* Semver-compatible in the linker's sense (0.x: same minor; otherwise same major). */
static bool compatible(const struct p2name *want, const struct p2name *have)
{
	if (want->prerelease || have->prerelease)
		return want->major == have->major && want->minor == have->minor &&
		       want->patch == have->patch && want->suffix_len == have->suffix_len &&
		       memcmp(want->suffix, have->suffix, want->suffix_len) == 0;
	return want->major == have->major && (want->major != 0 || want->minor == have->minor);
}

/* "[resource-drop]R" and "R_drop" name the same function. */
static bool same_name(struct p1c_str a, const char *b)
{
	static const char drop[] = "[resource-drop]";
	size_t bl = strlen(b), dl = sizeof(drop) - 1;
	if (a.len == bl && memcmp(a.ptr, b, bl) == 0)
		return true;
	const char *ap = (const char *)a.ptr;
	if (a.len > dl && memcmp(ap, drop, dl) == 0)
		return bl == a.len - dl + 5 && memcmp(b, ap + dl, a.len - dl) == 0 &&
		       memcmp(b + a.len - dl, "_drop", 5) == 0;
	if (bl > dl && memcmp(b, drop, dl) == 0)
		return a.len == bl - dl + 5 && memcmp(ap, b + dl, bl - dl) == 0 &&
		       memcmp(ap + bl - dl, "_drop", 5) == 0;
	return false;
}

static int version_cmp(const struct p2name *a, const struct p2name *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	return a->patch < b->patch ? -1 : a->patch > b->patch;
}

const struct p1c_profile_import *p1c_prof_find_semver(const struct p1c_profile *p,
						      struct p1c_str module, struct p1c_str name)
{
	struct p2name want, have, best_v = {0};
	if (!parse_module((const char *)module.ptr, module.len, &want))
		return NULL;
	const struct p1c_profile_import *best = NULL;
	for (uint32_t i = 0; i < p->nimports; i++) {
		const struct p1c_profile_import *e = &p->imports[i];
		if (!parse_module(e->module, strlen(e->module), &have) || !same_iface(&want, &have) ||
		    !compatible(&want, &have) || !same_name(name, e->name))
			continue;
		if (!best || version_cmp(&have, &best_v) > 0) { /* the newest compatible one */
			best = e;
			best_v = have;
		}
	}
	return best;
}

/* Distance between versions, for "the nearest provided version". */
static unsigned long version_distance(const struct p2name *a, const struct p2name *b)
{
	unsigned long d = 0;
	d += (unsigned long)(a->major > b->major ? a->major - b->major : b->major - a->major) * 1000000ul;
	d += (unsigned long)(a->minor > b->minor ? a->minor - b->minor : b->minor - a->minor);
	return d; /* patch levels are all compatible: the newest of a major.minor is nearest */
}

const char *p1c_profile_nearest_provided(const struct p1c_profile *p, struct p1c_str module,
					 struct p1c_str name, bool *has_function)
{
	struct p2name want, have, best_v = {0};
	if (!parse_module((const char *)module.ptr, module.len, &want))
		return NULL;
	const char *best = NULL;
	unsigned long best_d = 0;
	bool best_named = false;
	for (uint32_t i = 0; i < p->nimports; i++) {
		const struct p1c_profile_import *e = &p->imports[i];
		if (!parse_module(e->module, strlen(e->module), &have) || !same_iface(&want, &have))
			continue;
		bool named = same_name(name, e->name);
		unsigned long d = version_distance(&want, &have);
		if (!best || (named && !best_named) ||
		    (named == best_named && (d < best_d || (d == best_d && version_cmp(&have, &best_v) > 0)))) {
			best = e->module;
			best_v = have;
			best_d = d;
			best_named = named;
		}
	}
	*has_function = best_named;
	return best;
}
