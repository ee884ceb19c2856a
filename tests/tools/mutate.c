/* mutate: hostile variants of one input, for tests/mutate.sh.
 *   mutate prefixes IN OUTDIR FROM COUNT   OUTDIR/p<len>.wasm: the first len bytes of IN, for
 *                                          len in [FROM, FROM+COUNT) and len < size of IN
 *   mutate random IN OUTDIR SEED COUNT     OUTDIR/m<seed>-<i>.wasm: IN with 1 to 4 seeded
 *                                          random corruptions each: mostly in place (bit
 *                                          flips, special bytes, 5-byte maximal LEB128s;
 *                                          half of them in the code section), the others
 *                                          deletions, insertions, duplicated ranges and
 *                                          truncations
 *   mutate boundaries IN                   the prefix lengths of IN that end on a top-level
 *                                          section boundary (8, then each section's end),
 *                                          one per line: every other proper prefix cuts a
 *                                          section short and is malformed (spec 3.0 5.5.2:
 *                                          a section's size covers its contents exactly)
 * Deterministic: the same arguments give the same files (splitmix64). Prints the number of
 * files written. Exit 1 on a usage or I/O error. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	uint8_t *p;
	size_t n, cap;
};

static uint64_t next_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t below(uint64_t *state, size_t n)
{
	return n ? (size_t)(next_rand(state) % n) : 0;
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	out->n = 0;
	out->cap = 1 << 16;
	out->p = malloc(out->cap);
	size_t got;
	while (out->p && (got = fread(out->p + out->n, 1, out->cap - out->n, f)) > 0) {
		out->n += got;
		if (out->n == out->cap)
			out->p = realloc(out->p, out->cap *= 2);
	}
	fclose(f);
	if (!out->p)
		fprintf(stderr, "mutate: out of memory\n");
	return out->p ? 0 : -1;
}

static int write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

/* Makes room for `extra` more bytes. */
static int reserve(struct buf *b, size_t extra)
{
	if (b->n + extra <= b->cap)
		return 0;
	size_t cap = (b->n + extra) * 2;
	uint8_t *p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

static void insert_at(struct buf *b, size_t at, const uint8_t *src, size_t len)
{
	memmove(b->p + at + len, b->p + at, b->n - at);
	memcpy(b->p + at, src, len);
	b->n += len;
}

/* The code section's payload in the input, where corruptions reach the decoder, the call
 * graph and the rules rather than the section framing; {0, 0} when there is none. */
struct span {
	size_t lo, hi;
};

static size_t read_leb(const uint8_t *p, size_t n, size_t *at)
{
	size_t v = 0;
	for (unsigned shift = 0; *at < n && shift < 35; shift += 7) {
		uint8_t c = p[(*at)++];
		v |= (size_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	return SIZE_MAX;
}

static struct span code_section(const struct buf *in)
{
	size_t at = 8;
	while (at < in->n) {
		uint8_t id = in->p[at++];
		size_t size = read_leb(in->p, in->n, &at);
		if (size == SIZE_MAX || size > in->n - at)
			break;
		if (id == 10)
			return (struct span){at, at + size};
		at += size;
	}
	return (struct span){0, 0};
}

/* Where to corrupt: half the time inside the code section (when b still reaches it). */
static size_t spot(uint64_t *rs, const struct buf *b, const struct span *code, size_t len)
{
	size_t hi = code->hi < b->n ? code->hi : b->n;
	if (below(rs, 2) && code->lo + len < hi)
		return code->lo + below(rs, hi - code->lo - len + 1);
	return b->n >= len ? below(rs, b->n - len + 1) : 0;
}

/* A corruption that keeps the length (and so, mostly, the section framing). */
static void corrupt_in_place(struct buf *b, uint64_t *rs, const struct span *code)
{
	static const uint8_t special[] = {0x00, 0x01, 0x0b, 0x0e, 0x10, 0x11, 0x40, 0x41, 0x60,
					  0x7f, 0x80, 0xd2, 0xfc, 0xfd, 0xff};
	static const uint8_t max_leb[] = {0xff, 0xff, 0xff, 0xff, 0x0f};
	if (b->n < sizeof(max_leb))
		return;
	switch (below(rs, 3)) {
	case 0: /* flip a bit */
		b->p[spot(rs, b, code, 1)] ^= (uint8_t)(1u << below(rs, 8));
		break;
	case 1: /* a byte that means something to a decoder (end, br_table, call, ref.func...) */
		b->p[spot(rs, b, code, 1)] = special[below(rs, sizeof(special))];
		break;
	default: /* a count, size or index claiming 4 GiB */
		memcpy(b->p + spot(rs, b, code, sizeof(max_leb)), max_leb, sizeof(max_leb));
		break;
	}
}

/* A corruption that moves bytes (b has room for 64 more). */
static void corrupt_structure(struct buf *b, uint64_t *rs)
{
	uint8_t tmp[32];
	size_t at = below(rs, b->n + 1), len;
	switch (below(rs, 4)) {
	case 0: /* delete up to 16 bytes */
		len = 1 + below(rs, 16);
		len = at + len > b->n ? b->n - at : len;
		memmove(b->p + at, b->p + at + len, b->n - at - len);
		b->n -= len;
		break;
	case 1: /* insert up to 16 random bytes */
		len = 1 + below(rs, 16);
		for (size_t i = 0; i < len; i++)
			tmp[i] = (uint8_t)next_rand(rs);
		insert_at(b, at, tmp, len);
		break;
	case 2: /* duplicate up to 32 bytes from elsewhere */
		len = 1 + below(rs, 32);
		if (b->n >= len) {
			memcpy(tmp, b->p + below(rs, b->n - len + 1), len);
			insert_at(b, at, tmp, len);
		}
		break;
	default: /* truncate */
		b->n = at;
		break;
	}
}

static int do_random(const struct buf *in, const char *dir, uint64_t seed, size_t count)
{
	struct buf b = {NULL, 0, 0};
	char path[4096];
	struct span code = code_section(in);
	for (size_t i = 0; i < count; i++) {
		uint64_t rs = seed * 1000003u + i;
		b.n = 0;
		if (reserve(&b, in->n + 64 * 4) != 0)
			return -1;
		memcpy(b.p, in->p, in->n);
		b.n = in->n;
		for (size_t k = 1 + below(&rs, 4); k > 0; k--) {
			if (below(&rs, 10) < 7)
				corrupt_in_place(&b, &rs, &code);
			else
				corrupt_structure(&b, &rs);
		}
		snprintf(path, sizeof(path), "%s/m%llu-%zu.wasm", dir, (unsigned long long)seed, i);
		if (write_file(path, b.p, b.n) != 0)
			return -1;
	}
	free(b.p);
	printf("%zu\n", count);
	return 0;
}

static int do_prefixes(const struct buf *in, const char *dir, size_t from, size_t count)
{
	char path[4096];
	size_t n = 0;
	for (size_t len = from; len < in->n && len - from < count; len++, n++) {
		snprintf(path, sizeof(path), "%s/p%zu.wasm", dir, len);
		if (write_file(path, in->p, len) != 0)
			return -1;
	}
	printf("%zu\n", n);
	return 0;
}

/* Reads the section headers only (id byte, u32 LEB size): no section contents. */
static int do_boundaries(const struct buf *in)
{
	size_t pos = 8;
	if (in->n < 8)
		return 0;
	printf("8\n");
	while (pos < in->n) {
		pos++; /* id */
		uint64_t size = 0;
		unsigned shift = 0;
		while (pos < in->n && shift < 35) {
			uint8_t b = in->p[pos++];
			size |= (uint64_t)(b & 0x7f) << shift;
			shift += 7;
			if (!(b & 0x80))
				break;
		}
		if (size > in->n - pos)
			return 0; /* the rest is one truncated section */
		pos += (size_t)size;
		printf("%zu\n", pos);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "boundaries") == 0) {
		struct buf in;
		if (read_file(argv[2], &in) != 0)
			return 1;
		int rc = do_boundaries(&in);
		free(in.p);
		return rc;
	}
	if (argc != 6 || (strcmp(argv[1], "prefixes") != 0 && strcmp(argv[1], "random") != 0)) {
		fprintf(stderr, "usage: mutate prefixes|random IN OUTDIR FROM|SEED COUNT\n");
		return 1;
	}
	struct buf in;
	if (read_file(argv[2], &in) != 0)
		return 1;
	uint64_t a = strtoull(argv[4], NULL, 10);
	size_t count = (size_t)strtoull(argv[5], NULL, 10);
	int rc = argv[1][0] == 'p' ? do_prefixes(&in, argv[3], (size_t)a, count)
				   : do_random(&in, argv[3], a, count);
	free(in.p);
	return rc == 0 ? 0 : 1;
}
