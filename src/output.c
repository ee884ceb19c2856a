#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool p1c_output_open(struct p1c_output *out, const char *path, char *msg, size_t msg_size)
{
	memset(out, 0, sizeof(*out));
	out->path = path;
	if (!path) {
		out->file = stdout;
		return true;
	}
	const char *slash = strrchr(path, '/');
	int dir_len = slash ? (int)(slash - path + 1) : 0;
	int n = snprintf(out->temp, sizeof(out->temp), "%.*s.%s.XXXXXX", dir_len, path,
			 slash ? slash + 1 : path);
	if (n < 0 || (size_t)n >= sizeof(out->temp)) {
		snprintf(msg, msg_size, "%s: path too long", path);
		return false;
	}
	int fd = mkstemp(out->temp);
	if (fd < 0) {
		snprintf(msg, msg_size, "cannot create a temporary file for %s: %s", path, strerror(errno));
		return false;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !(out->file = fdopen(fd, "w"))) {
		snprintf(msg, msg_size, "%s: %s", out->temp, strerror(errno));
		close(fd);
		unlink(out->temp);
		return false;
	}
	return true;
}

static bool commit_stdout(bool ok, char *msg, size_t msg_size)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		snprintf(msg, msg_size, "error writing standard output: %s", strerror(errno));
		return false;
	}
	if (!ok)
		snprintf(msg, msg_size, "error writing the report to standard output");
	return ok;
}

bool p1c_output_commit(struct p1c_output *out, bool ok, char *msg, size_t msg_size)
{
	if (!out->path)
		return commit_stdout(ok, msg, msg_size);
	int saved = 0;
	if (fflush(out->file) != 0 || ferror(out->file) || fsync(fileno(out->file)) != 0)
		saved = errno ? errno : EIO;
	if (fclose(out->file) != 0 && !saved)
		saved = errno ? errno : EIO;
	if (ok && !saved && rename(out->temp, out->path) == 0)
		return true;
	if (ok && !saved)
		saved = errno;
	unlink(out->temp);
	if (saved)
		snprintf(msg, msg_size, "cannot write %s: %s", out->path, strerror(saved));
	else
		snprintf(msg, msg_size, "cannot write %s: the report could not be produced", out->path);
	return false;
}
