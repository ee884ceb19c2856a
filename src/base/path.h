/* File paths for reports: made absolute and normalized lexically (no file system access),
 * expressed relative to a root, percent-encoded as URI references (RFC 3986). */
#ifndef P1C_PATH_H
#define P1C_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* path made absolute against dir (an absolute directory) when relative, with "." and ".."
 * segments and repeated slashes removed. false when it does not fit in out. */
bool p1c_path_absolute(const char *dir, const char *path, char *out, size_t size);
/* The part of abs (an absolute, normalized path) below root (the same, a directory), or
 * NULL when abs is not inside root. */
const char *p1c_path_under(const char *root, const char *abs);
/* path percent-encoded for a URI: unreserved characters and '/' are kept, every other byte
 * is %XX. Returns the length needed (like snprintf); out is truncated but terminated. */
size_t p1c_uri_encode(const char *path, char *out, size_t size);

#endif
