/* Report destinations: standard output, or a file written atomically (temp file + rename),
 * so a failed or interrupted run never leaves a partial report behind. CLI layer only. */
#ifndef P1C_OUTPUT_H
#define P1C_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct p1c_output {
	FILE *file;
	const char *path;  /* NULL: standard output */
	char temp[4096];   /* temp file next to path */
	int signal_slot;   /* output.c's slot that removes temp on SIGINT/SIGTERM/SIGHUP, or -1 */
};

bool p1c_output_open(struct p1c_output *out, const char *path, char *msg, size_t msg_size);
/* ok=false discards the temp file. Returns false (with msg) when anything failed. */
bool p1c_output_commit(struct p1c_output *out, bool ok, char *msg, size_t msg_size);

#endif
