#include "base/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/caps.h"

static bool read_all(int fd, struct p1c_input *out, char *msg, size_t msg_size)
{
	size_t cap = 64 * 1024, len = 0;
	uint8_t *buf = malloc(cap);
	if (!buf) {
		snprintf(msg, msg_size, "out of memory");
		return false;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= P1C_MAX_FILE_SIZE) {
				free(buf);
				snprintf(msg, msg_size, "input larger than %llu bytes",
					 (unsigned long long)P1C_MAX_FILE_SIZE);
				return false;
			}
			uint8_t *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				snprintf(msg, msg_size, "out of memory");
				return false;
			}
			buf = bigger;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(msg, msg_size, "%s", strerror(errno));
			free(buf);
			return false;
		}
		len += (size_t)n;
	}
	out->data = buf;
	out->size = len;
	out->mapped = false;
	return true;
}

static bool map_file(int fd, const struct stat *st, struct p1c_input *out, char *msg,
		     size_t msg_size)
{
	if ((unsigned long long)st->st_size > P1C_MAX_FILE_SIZE) {
		snprintf(msg, msg_size, "file larger than %llu bytes",
			 (unsigned long long)P1C_MAX_FILE_SIZE);
		return false;
	}
	out->size = (size_t)st->st_size;
	out->mapped = out->size > 0;
	if (out->size == 0) {
		out->data = NULL;
		return true;
	}
	void *p = mmap(NULL, out->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(msg, msg_size, "cannot map: %s", strerror(errno));
		return false;
	}
	out->data = p;
	return true;
}

bool p1c_input_open(const char *path, struct p1c_input *out, char *msg, size_t msg_size)
{
	memset(out, 0, sizeof(*out));
	if (strcmp(path, "-") == 0)
		return read_all(STDIN_FILENO, out, msg, msg_size);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(msg, msg_size, "%s", strerror(errno));
		return false;
	}
	struct stat st;
	bool ok;
	if (fstat(fd, &st) != 0) {
		snprintf(msg, msg_size, "%s", strerror(errno));
		ok = false;
	} else if (S_ISDIR(st.st_mode)) {
		snprintf(msg, msg_size, "is a directory");
		ok = false;
	} else if (S_ISREG(st.st_mode)) {
		ok = map_file(fd, &st, out, msg, msg_size);
	} else {
		ok = read_all(fd, out, msg, msg_size);
	}
	close(fd);
	return ok;
}

void p1c_input_close(struct p1c_input *in)
{
	if (in->mapped)
		munmap((void *)(uintptr_t)in->data, in->size);
	else
		free((void *)(uintptr_t)in->data);
	in->data = NULL;
	in->size = 0;
}
