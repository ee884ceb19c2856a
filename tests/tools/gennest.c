/* gennest DEPTH OUT.wasm: a valid WASI-free command (memory and _start exported) whose _start
 * body is DEPTH nested empty `block`s, for tests/hostile.sh (the P1C_MAX_BLOCK_DEPTH cap).
 * Prints the byte offset of the first `block` opcode, so a test can compute where the
 * (cap)th one is: offset + 2 * (cap - 1). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t leb(uint8_t *out, uint64_t v)
{
	size_t n = 0;
	do {
		uint8_t c = v & 0x7f;
		v >>= 7;
		out[n++] = (uint8_t)(c | (v ? 0x80 : 0));
	} while (v);
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gennest DEPTH OUT.wasm\n");
		return 1;
	}
	uint64_t depth = strtoull(argv[1], NULL, 10);
	static const uint8_t head[] = {
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, /* preamble */
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00,             /* type 0 = () -> () */
		0x03, 0x02, 0x01, 0x00,                         /* one function of type 0 */
		0x05, 0x03, 0x01, 0x00, 0x01,                   /* memory 1 page */
		0x07, 0x13, 0x02,                               /* two exports */
		0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00, /* "_start" -> func 0 */
		0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, /* "memory" -> memory 0 */
	};
	uint64_t body = 1 + 3 * depth + 1; /* no locals, (block 0x40, end) * depth, final end */
	uint8_t bsize[10], csize[10];
	size_t nb = leb(bsize, body);
	size_t nc = leb(csize, 1 + nb + body);
	FILE *f = fopen(argv[2], "wb");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	fwrite(head, 1, sizeof(head), f);
	fputc(0x0a, f);
	fwrite(csize, 1, nc, f);
	fputc(0x01, f);
	fwrite(bsize, 1, nb, f);
	fputc(0x00, f);
	uint64_t first = sizeof(head) + 1 + nc + 1 + nb + 1;
	for (uint64_t i = 0; i < depth; i++)
		fwrite("\x02\x40", 1, 2, f);
	for (uint64_t i = 0; i < depth; i++)
		fputc(0x0b, f);
	fputc(0x0b, f);
	if (fclose(f) != 0) {
		perror(argv[2]);
		return 1;
	}
	printf("%llu\n", (unsigned long long)first);
	return 0;
}
