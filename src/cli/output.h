/* Report destinations: standard output; a regular file (or a name that does not exist yet)
 * written atomically, temp file in the target's directory + rename, keeping the replaced
 * file's mode, so a failed or interrupted run never leaves a partial report behind; a symlink
 * is followed and its target replaced; anything else (character device, FIFO, socket,
 * /dev/stdout, /dev/fd/N) is opened and written in place. CLI layer only. */
#ifndef P1C_OUTPUT_H
#define P1C_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct p1c_output {
	FILE *file;
	const char *path;  /* NULL: standard output */
	char target[4096]; /* path with its symlinks followed: what the rename replaces */
	char temp[4096];   /* temp file next to target */
	bool in_place;     /* written in place (not a regular file): no temp, no rename */
	int signal_slot;   /* output.c's slot that removes temp on SIGINT/SIGTERM/SIGHUP, or -1 */
};

bool p1c_output_open(struct p1c_output *out, const char *path, char *msg, size_t msg_size);
/* ok=false discards the temp file. Returns false (with msg) when anything failed. */
bool p1c_output_commit(struct p1c_output *out, bool ok, char *msg, size_t msg_size);

#endif
