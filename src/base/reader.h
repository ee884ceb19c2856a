/* Bounds-checked cursor over the mapped file. Every read checks the window's end; every
 * failure records the absolute byte offset plus the caller's section/item context. */
#ifndef P1C_READER_H
#define P1C_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/diag.h"

/* A name or byte string inside the input: never NUL-terminated, never copied. */
struct p1c_str {
	const uint8_t *ptr;
	uint32_t len;
};

struct p1c_reader {
	const uint8_t *base;       /* start of the file: offsets are p - base */
	const uint8_t *p;          /* next byte */
	const uint8_t *end;        /* end of this window */
	struct p1c_error *err;     /* first error wins */
	const struct p1c_loc *loc; /* section/item context, may be NULL */
};

void p1c_reader_init(struct p1c_reader *r, const uint8_t *base, size_t begin, size_t end,
		     struct p1c_error *err, const struct p1c_loc *loc);
/* A window of len bytes starting at the cursor; the parent cursor advances past it. */
bool p1c_reader_sub_fail(const struct p1c_reader *r);
static inline bool p1c_reader_sub(struct p1c_reader *r, size_t len, struct p1c_reader *out)
{
	if (len > (size_t)(r->end - r->p))
		return p1c_reader_sub_fail(r);
	*out = *r;
	out->end = r->p + len;
	r->p += len;
	return true;
}

static inline uint64_t p1c_reader_offset(const struct p1c_reader *r)
{
	return (uint64_t)(r->p - r->base);
}
/* The offset as 32 bits, for the compact per-body records: every input is at most
 * P1C_MAX_FILE_SIZE (caps.h, checked when it is read), so its offsets fit. */
static inline uint32_t p1c_reader_offset32(const struct p1c_reader *r)
{
	return (uint32_t)(r->p - r->base);
}
static inline size_t p1c_reader_left(const struct p1c_reader *r)
{
	return (size_t)(r->end - r->p);
}
static inline bool p1c_reader_at_end(const struct p1c_reader *r)
{
	return r->p >= r->end;
}

/* The 8 bytes at p as one word, byte i in bits 8i..8i+7. p must have 8 readable bytes. */
static inline uint64_t p1c_load_le64(const uint8_t *p)
{
	uint64_t word;
	memcpy(&word, p, sizeof(word));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	word = __builtin_bswap64(word);
#endif
	return word;
}

/* The length (1..8) of the LEB128 in word (p1c_load_le64) when it ends within its 8 bytes;
 * 0 when none of them ends it. */
static inline unsigned p1c_leb_len_word(uint64_t word)
{
	uint64_t stops = ~word & 0x8080808080808080ull;
	return stops ? (unsigned)__builtin_ctzll(stops) / 8 + 1 : 0;
}

/* The length (1..8) of the LEB128 at p when it ends within p's first 8 bytes, found in one
 * word; 0 when none of them ends it. p must have 8 readable bytes. */
static inline unsigned p1c_leb_len8(const uint8_t *p)
{
	return p1c_leb_len_word(p1c_load_le64(p));
}

bool p1c_reader_u8(struct p1c_reader *r, uint8_t *out);
bool p1c_reader_peek(const struct p1c_reader *r, uint8_t *out);
/* Encodings longer than one byte, and every error (p1c_reader_u32 inlines the one-byte case:
 * most counts and indices in real modules are below 128). */
bool p1c_reader_u32_long(struct p1c_reader *r, uint32_t *out);
static inline bool p1c_reader_u32(struct p1c_reader *r, uint32_t *out)
{
	if (r->p < r->end && !(*r->p & 0x80)) {
		*out = *r->p++;
		return true;
	}
	return p1c_reader_u32_long(r, out);
}
/* The same with the length of a longer LEB found inline in one 8-byte word, for the loops
 * that read one index per entry (function indices in element segments, body sizes). */
static inline bool p1c_reader_u32_word(struct p1c_reader *r, uint32_t *out)
{
	const uint8_t *p = r->p;
	if (p < r->end && *p < 0x80) {
		*out = *p;
		r->p = p + 1;
		return true;
	}
	if (r->end - p >= 8) {
		uint64_t word = p1c_load_le64(p);
		unsigned n = p1c_leb_len_word(word);
		if (n && n <= 4) { /* at most 28 bits: always a valid u32 */
			uint32_t w = (uint32_t)word; /* the four 7-bit groups side by side, then cut */
			uint32_t v = (w & 0x7Fu) | ((w >> 1) & 0x3F80u) | ((w >> 2) & 0x1FC000u) |
				     ((w >> 3) & 0xFE00000u);
			*out = v & ((1u << (7 * n)) - 1);
			r->p = p + n;
			return true;
		}
	}
	return p1c_reader_u32(r, out);
}
bool p1c_reader_u64(struct p1c_reader *r, uint64_t *out);
bool p1c_reader_s32(struct p1c_reader *r, int32_t *out);
bool p1c_reader_s33(struct p1c_reader *r, int64_t *out);
bool p1c_reader_s64(struct p1c_reader *r, int64_t *out);
bool p1c_reader_bytes(struct p1c_reader *r, size_t len, const uint8_t **out);
bool p1c_reader_skip(struct p1c_reader *r, size_t len);
/* u32 length + UTF-8 bytes (validated; over P1C_MAX_NAME_LEN is an error). */
bool p1c_reader_name(struct p1c_reader *r, struct p1c_str *out);
/* A vector count that must fit in the bytes left, given that each entry takes at least
 * min_entry_size bytes, and must not exceed cap. what names the entries in the message. */
bool p1c_reader_count_long(struct p1c_reader *r, uint32_t min_entry_size, uint32_t cap,
			   const char *what, uint32_t *out);
/* Inlined: a one-byte count within both bounds; p1c_reader_count_long for the rest. */
static inline bool p1c_reader_count(struct p1c_reader *r, uint32_t min_entry_size, uint32_t cap,
				    const char *what, uint32_t *out)
{
	if (r->p < r->end && !(*r->p & 0x80)) {
		uint32_t count = *r->p;
		if (count <= cap && (size_t)count * min_entry_size <= (size_t)(r->end - r->p - 1)) {
			r->p++;
			*out = count;
			return true;
		}
	}
	return p1c_reader_count_long(r, min_entry_size, cap, what, out);
}

/* Record an error at offset (absolute) with the reader's context; always returns false. */
bool p1c_reader_fail_at(struct p1c_reader *r, uint64_t offset, enum p1c_errcode code,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Same, at the current cursor. */
bool p1c_reader_fail(struct p1c_reader *r, enum p1c_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One UTF-8 sequence at s[0, len): its length, with *cp the code point; 0 when it is not
 * valid UTF-8 (overlong forms, UTF-16 surrogates U+D800..U+DFFF and code points above
 * U+10FFFF are rejected, RFC 3629). The one UTF-8 decoder. */
size_t p1c_utf8_decode(const uint8_t *s, size_t len, uint32_t *cp);
bool p1c_utf8_valid(const uint8_t *s, size_t len);
/* Inline: the callers pass literals, whose length the compiler knows. */
static inline bool p1c_str_eq(struct p1c_str s, const char *cstr)
{
	size_t n = strlen(cstr);
	return s.len == n && (n == 0 || memcmp(s.ptr, cstr, n) == 0);
}

static inline bool p1c_str_has_prefix(struct p1c_str s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.len >= n && (n == 0 || memcmp(s.ptr, prefix, n) == 0);
}

#define P1C_TRY(x)                                                                                 \
	do {                                                                                       \
		if (!(x))                                                                          \
			return false;                                                              \
	} while (0)

#endif
