/* Annotated hex -> module bytes, for unit tests (see check_module.c for the notation):
 * hex pairs, 'text', { ... } = u32 LEB128 length prefix, ^ = mark the next offset, # comment. */
#ifndef P1C_TEST_HEXMOD_H
#define P1C_TEST_HEXMOD_H

#include <stddef.h>
#include <stdint.h>

#define HEXMOD_MAX_MARKS 16

struct hexmod {
	uint8_t buf[8192];
	size_t len;
	uint64_t marks[HEXMOD_MAX_MARKS];
	int nmarks;
};

void hexmod_build(struct hexmod *h, const char *hex);

#endif
