/* genwasm N OUT.wasm: a valid WASI command with N functions (one import, N - 1 defined: the
 * JS API limit of 1000000 counts both), for benchmarks.
 * Function i calls i+1 (a chain from _start), every 8th also makes a call_indirect of its own
 * type through a 4096-entry table, and every 64th calls the fd_write import.
 * genwasm --chain N K OUT.wasm: the worst case for explaining imports: K imports env#iK
 * () -> () no profile provides and a chain of N defined functions from _start, the j-th
 * calling the next and, every N/K functions, the next import; so import k is reached only
 * at the end of a path about k * N / K calls long. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	uint8_t *p;
	size_t n, cap;
};

static void put(struct buf *b, const void *src, size_t len)
{
	if (b->n + len > b->cap) {
		b->cap = (b->n + len) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			perror("realloc");
			exit(2);
		}
	}
	memcpy(b->p + b->n, src, len);
	b->n += len;
}

static void byte(struct buf *b, uint8_t v) { put(b, &v, 1); }

static void leb(struct buf *b, uint64_t v)
{
	do {
		uint8_t c = v & 0x7f;
		v >>= 7;
		byte(b, (uint8_t)(c | (v ? 0x80 : 0)));
	} while (v);
}

static void name(struct buf *b, const char *s)
{
	leb(b, strlen(s));
	put(b, s, strlen(s));
}

static void section(struct buf *out, uint8_t id, struct buf *body)
{
	byte(out, id);
	leb(out, body->n);
	put(out, body->p, body->n);
	body->n = 0;
}

static void body_of(struct buf *code, struct buf *tmp, uint32_t f, uint32_t n)
{
	tmp->n = 0;
	byte(tmp, 0); /* no locals */
	if (f < n) { byte(tmp, 0x10); leb(tmp, f + 1); }
	if (f % 8 == 0) { byte(tmp, 0x41); leb(tmp, f % 4096); byte(tmp, 0x11); leb(tmp, 0); byte(tmp, 0); }
	if (f % 64 == 0) {
		for (int i = 0; i < 4; i++) { byte(tmp, 0x41); byte(tmp, 0); }
		byte(tmp, 0x10); leb(tmp, 0); byte(tmp, 0x1a);
	}
	byte(tmp, 0x0b);
	leb(code, tmp->n);
	put(code, tmp->p, tmp->n);
}

static int write_file(const char *path, const struct buf *out)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(out->p, 1, out->n, f) != out->n || fclose(f) != 0) {
		perror(path);
		return 2;
	}
	return 0;
}

static int chain(uint32_t n, uint32_t k, const char *path)
{
	struct buf out = {0}, s = {0}, tmp = {0};
	uint32_t every = n / k;
	put(&out, "\0asm\1\0\0\0", 8);
	leb(&s, 1); byte(&s, 0x60); byte(&s, 0); byte(&s, 0); /* type 0: () -> () */
	section(&out, 1, &s);
	leb(&s, k);
	for (uint32_t i = 0; i < k; i++) {
		char field[16];
		snprintf(field, sizeof(field), "i%u", i);
		name(&s, "env"); name(&s, field); byte(&s, 0); leb(&s, 0);
	}
	section(&out, 2, &s);
	leb(&s, n);
	for (uint32_t i = 0; i < n; i++) byte(&s, 0);
	section(&out, 3, &s);
	leb(&s, 1); byte(&s, 0); leb(&s, 1);
	section(&out, 5, &s);
	leb(&s, 2); name(&s, "memory"); byte(&s, 2); leb(&s, 0); name(&s, "_start"); byte(&s, 0); leb(&s, k);
	section(&out, 7, &s);
	leb(&s, n);
	for (uint32_t j = 0; j < n; j++) {
		tmp.n = 0;
		byte(&tmp, 0);
		if (j + 1 < n) { byte(&tmp, 0x10); leb(&tmp, k + j + 1); }
		if (j % every == 0 && j / every < k) { byte(&tmp, 0x10); leb(&tmp, j / every); }
		byte(&tmp, 0x0b);
		leb(&s, tmp.n);
		put(&s, tmp.p, tmp.n);
	}
	section(&out, 10, &s);
	return write_file(path, &out);
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "--chain") == 0 && atol(argv[2]) >= 1 && atol(argv[3]) >= 1 &&
	    atol(argv[3]) <= atol(argv[2]))
		return chain((uint32_t)atol(argv[2]), (uint32_t)atol(argv[3]), argv[4]);
	if (argc != 3 || atol(argv[1]) < 2) {
		fprintf(stderr, "usage: genwasm N OUT.wasm | genwasm --chain N K OUT.wasm (1 <= K <= N)\n");
		return 2;
	}
	uint32_t n = (uint32_t)atol(argv[1]) - 1; /* defined functions: 1..n */
	struct buf out = {0}, s = {0}, tmp = {0};
	put(&out, "\0asm\1\0\0\0", 8);
	leb(&s, 2); /* types: 0 = () -> (), 1 = (i32 i32 i32 i32) -> i32 */
	put(&s, "\x60\x00\x00\x60\x04\x7f\x7f\x7f\x7f\x01\x7f", 11);
	section(&out, 1, &s);
	leb(&s, 1); name(&s, "wasi_snapshot_preview1"); name(&s, "fd_write"); byte(&s, 0); leb(&s, 1);
	section(&out, 2, &s);
	leb(&s, n);
	for (uint32_t i = 0; i < n; i++) byte(&s, 0);
	section(&out, 3, &s);
	leb(&s, 1); byte(&s, 0x70); byte(&s, 0); leb(&s, 4096);
	section(&out, 4, &s);
	leb(&s, 1); byte(&s, 0); leb(&s, 1);
	section(&out, 5, &s);
	leb(&s, 2); name(&s, "memory"); byte(&s, 2); leb(&s, 0); name(&s, "_start"); byte(&s, 0); leb(&s, 1);
	section(&out, 7, &s);
	leb(&s, 1); byte(&s, 0); byte(&s, 0x41); leb(&s, 0); byte(&s, 0x0b); leb(&s, 4096);
	for (uint32_t i = 0; i < 4096; i++) leb(&s, 1 + (uint64_t)i * n / 4096);
	section(&out, 9, &s);
	leb(&s, n);
	for (uint32_t f = 1; f <= n; f++) body_of(&s, &tmp, f, n);
	section(&out, 10, &s);
	return write_file(argv[2], &out);
}
