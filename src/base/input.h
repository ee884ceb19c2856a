/* Input files: mapped read-only (or read from a pipe), never written. */
#ifndef P1C_INPUT_H
#define P1C_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct p1c_input {
	const uint8_t *data;
	size_t size;
	bool mapped;    /* munmap on close; otherwise free (when data != NULL) */
};

/* "-" reads standard input. On failure returns false with errno-style text in msg. */
bool p1c_input_open(const char *path, struct p1c_input *out, char *msg, size_t msg_size);
void p1c_input_close(struct p1c_input *in);

#endif
