#include "base/path.h"

#include <string.h>

/* Appends one segment (len bytes) to out (used bytes), handling "." and "..". */
static bool push_segment(char *out, size_t size, size_t *used, const char *seg, size_t len)
{
	if (len == 0 || (len == 1 && seg[0] == '.'))
		return true;
	if (len == 2 && seg[0] == '.' && seg[1] == '.') {
		while (*used > 0 && out[*used - 1] != '/')
			(*used)--;
		if (*used > 0)
			(*used)--; /* the slash before the dropped segment; "/.." stays "/" */
		out[*used] = '\0';
		return true;
	}
	if (*used + 1 + len + 1 > size)
		return false;
	out[(*used)++] = '/';
	memcpy(out + *used, seg, len);
	*used += len;
	out[*used] = '\0';
	return true;
}

static bool push_path(char *out, size_t size, size_t *used, const char *path)
{
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t len = strcspn(p, "/");
		if (!push_segment(out, size, used, p, len))
			return false;
		p += len;
	}
	return true;
}

bool p1c_path_absolute(const char *dir, const char *path, char *out, size_t size)
{
	size_t used = 0;
	if (size < 2)
		return false;
	out[0] = '\0';
	if (path[0] != '/' && !push_path(out, size, &used, dir))
		return false;
	if (!push_path(out, size, &used, path))
		return false;
	if (used == 0) {
		out[0] = '/';
		out[1] = '\0';
	}
	return true;
}

const char *p1c_path_under(const char *root, const char *abs)
{
	size_t len = strlen(root);
	while (len > 0 && root[len - 1] == '/')
		len--;
	if (strncmp(root, abs, len) != 0 || abs[len] != '/' || abs[len + 1] == '\0')
		return NULL;
	return abs + len + 1;
}

static bool uri_keeps(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

size_t p1c_uri_encode(const char *path, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		char enc[3] = {(char)*p, 0, 0};
		size_t len = 1;
		if (!uri_keeps(*p)) {
			enc[0] = '%';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			len = 3;
		}
		for (size_t i = 0; i < len; i++, n++)
			if (n + 1 < size)
				out[n] = enc[i];
	}
	if (size)
		out[n < size ? n : size - 1] = '\0';
	return n;
}
