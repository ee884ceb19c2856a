/* Bounds-checked cursor over the mapped input: bytes, LEB128 integers, names.
 *
 * LEB128 follows the spec's binary grammar (5.1-binary.values): an N-bit integer takes at most
 * ceil(N/7) bytes. In the last allowed byte the continuation bit must be clear ("integer
 * representation too long") and the bits beyond N must be zero for unsigned integers, or a
 * copy of the sign bit for signed ones ("integer too large"). Both errors point at that last
 * byte, as wasmparser's read_var_u32 does. Padded encodings within the byte limit are legal.
 *
 * Truncation ("unexpected end") always points at the first missing byte, i.e. the end of
 * the window that ran out. Every failure goes through record(), which keeps the first error.
 */
#include "base/reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/caps.h"

void p1c_reader_init(struct p1c_reader *r, const uint8_t *base, size_t begin, size_t end,
		     struct p1c_error *err, const struct p1c_loc *loc)
{
	r->base = base;
	r->p = base + begin;
	r->end = base + (end < begin ? begin : end);
	r->err = err;
	r->loc = loc;
}

static void record(const struct p1c_reader *r, uint64_t offset, enum p1c_errcode code,
		   const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void record(const struct p1c_reader *r, uint64_t offset, enum p1c_errcode code,
		   const char *fmt, va_list ap)
{
	struct p1c_error *err = r->err;
	if (!err || err->code != P1C_ERR_NONE)
		return;
	err->code = code;
	err->offset = offset;
	err->section = r->loc ? r->loc->section : P1C_SECTION_NONE;
	err->item = r->loc ? r->loc->item : P1C_ITEM_NONE;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

bool p1c_reader_fail_at(struct p1c_reader *r, uint64_t offset, enum p1c_errcode code,
			const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	record(r, offset, code, fmt, ap);
	va_end(ap);
	return false;
}

bool p1c_reader_fail(struct p1c_reader *r, enum p1c_errcode code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	record(r, p1c_reader_offset(r), code, fmt, ap);
	va_end(ap);
	return false;
}

/* "unexpected end" at the end of the window (the first byte that is missing). */
static bool fail_end(const struct p1c_reader *r)
{
	struct p1c_reader copy = *r;
	return p1c_reader_fail_at(&copy, (uint64_t)(r->end - r->base), P1C_ERR_TRUNCATED,
				  "unexpected end");
}

bool p1c_reader_sub_fail(const struct p1c_reader *r)
{
	return fail_end(r);
}

bool p1c_reader_u8(struct p1c_reader *r, uint8_t *out)
{
	if (r->p >= r->end)
		return fail_end(r);
	*out = *r->p++;
	return true;
}

/* At the end of the window this records "unexpected end" like every other read. */
bool p1c_reader_peek(const struct p1c_reader *r, uint8_t *out)
{
	if (r->p >= r->end)
		return fail_end(r);
	*out = *r->p;
	return true;
}

/* Reads an LEB128 integer of `bits` bits (32, 33 or 64). Signed results are sign-extended
 * to 64 bits; unsigned ones are zero-extended. */
static bool read_leb(struct p1c_reader *r, unsigned bits, bool is_signed, uint64_t *out)
{
	const unsigned max_bytes = (bits + 6) / 7;
	const unsigned last_bits = bits - 7 * (max_bytes - 1); /* value bits in the last byte */
	uint64_t result = 0;
	unsigned shift = 0;
	for (unsigned i = 0; i < max_bytes; i++, shift += 7) {
		if (r->p >= r->end)
			return fail_end(r);
		uint64_t at = p1c_reader_offset(r);
		uint8_t byte = *r->p++;
		result |= (uint64_t)(byte & 0x7F) << shift;
		if (i + 1 < max_bytes) {
			if (!(byte & 0x80)) {
				if (is_signed && shift + 7 < 64 && (byte & 0x40))
					result |= ~(uint64_t)0 << (shift + 7);
				*out = result;
				return true;
			}
			continue;
		}
		if (byte & 0x80)
			return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED,
						  "integer representation too long");
		unsigned rest = (unsigned)(byte & 0x7F) >> (is_signed ? last_bits - 1 : last_bits);
		unsigned all = 0x7Fu >> (is_signed ? last_bits - 1 : last_bits);
		if (rest != 0 && !(is_signed && rest == all))
			return p1c_reader_fail_at(r, at, P1C_ERR_MALFORMED, "integer too large");
		if (is_signed && shift + 7 < 64 && (byte & 0x40))
			result |= ~(uint64_t)0 << (shift + 7);
	}
	*out = result;
	return true;
}

bool p1c_reader_u32_long(struct p1c_reader *r, uint32_t *out)
{
	const uint8_t *p = r->p;
	/* Fast path: a complete encoding of at most 5 bytes in the window whose last byte has
	 * no bits beyond 32 (byte 5 below 0x10), its length found in one 8-byte word when the
	 * window holds one; anything else, read_leb and its errors. */
	size_t n = 0, left = p1c_reader_left(r);
	if (left >= 8) {
		n = p1c_leb_len8(p);
	} else {
		while (n < left && n < 5 && (p[n] & 0x80))
			n++;
		n = n < left && n < 5 ? n + 1 : 0;
	}
	if (n && n <= 5 && !(n == 5 && p[4] >= 0x10)) {
		uint32_t acc = 0;
		for (size_t i = n; i-- > 0;)
			acc = (acc << 7) | (p[i] & 0x7Fu);
		*out = acc;
		r->p = p + n;
		return true;
	}
	uint64_t v = 0;
	P1C_TRY(read_leb(r, 32, false, &v));
	*out = (uint32_t)v;
	return true;
}

bool p1c_reader_u64(struct p1c_reader *r, uint64_t *out)
{
	return read_leb(r, 64, false, out);
}

bool p1c_reader_s32(struct p1c_reader *r, int32_t *out)
{
	/* Fast path: at most 4 bytes (28 bits, sign-extended: always a valid s32), found in one
	 * 8-byte word; anything else, read_leb and its errors. */
	const uint8_t *p = r->p;
	if (p1c_reader_left(r) >= 8) {
		unsigned n = p1c_leb_len8(p);
		if (n && n <= 4) {
			uint64_t acc = 0;
			for (unsigned i = n; i-- > 0;)
				acc = (acc << 7) | (p[i] & 0x7Fu);
			if (p[n - 1] & 0x40)
				acc |= ~(uint64_t)0 << (7 * n);
			*out = (int32_t)(int64_t)acc;
			r->p = p + n;
			return true;
		}
	}
	uint64_t v = 0;
	P1C_TRY(read_leb(r, 32, true, &v));
	*out = (int32_t)(int64_t)v;
	return true;
}

bool p1c_reader_s33(struct p1c_reader *r, int64_t *out)
{
	uint64_t v = 0;
	P1C_TRY(read_leb(r, 33, true, &v));
	*out = (int64_t)v;
	return true;
}

bool p1c_reader_s64(struct p1c_reader *r, int64_t *out)
{
	uint64_t v = 0;
	P1C_TRY(read_leb(r, 64, true, &v));
	*out = (int64_t)v;
	return true;
}

bool p1c_reader_bytes(struct p1c_reader *r, size_t len, const uint8_t **out)
{
	if (len > p1c_reader_left(r))
		return fail_end(r);
	*out = r->p;
	r->p += len;
	return true;
}

bool p1c_reader_skip(struct p1c_reader *r, size_t len)
{
	const uint8_t *ignored;
	return p1c_reader_bytes(r, len, &ignored);
}

size_t p1c_utf8_decode(const uint8_t *s, size_t len, uint32_t *cp)
{
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (len == 0)
		return 0;
	uint8_t c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (n == 0 || c > 0xF4 || len < n)
		return 0;
	uint32_t v = c & (0x3Fu >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/* Length of the valid UTF-8 prefix of s[0, len): len when all of it is valid. */
static size_t utf8_valid_prefix(const uint8_t *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = s[i] < 0x80 ? 1 : p1c_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

bool p1c_utf8_valid(const uint8_t *s, size_t len)
{
	return utf8_valid_prefix(s, len) == len;
}

bool p1c_reader_name(struct p1c_reader *r, struct p1c_str *out)
{
	uint64_t at = p1c_reader_offset(r);
	uint32_t len;
	P1C_TRY(p1c_reader_u32(r, &len));
	if (len > P1C_MAX_NAME_LEN)
		return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT, "name too long: %u bytes (limit %u)",
					  len, P1C_MAX_NAME_LEN);
	const uint8_t *bytes = NULL;
	P1C_TRY(p1c_reader_bytes(r, len, &bytes));
	size_t ok = utf8_valid_prefix(bytes, len);
	if (ok != len)
		return p1c_reader_fail_at(r, (uint64_t)(bytes + ok - r->base), P1C_ERR_MALFORMED,
					  "invalid UTF-8 in name (byte 0x%02x)", bytes[ok]);
	out->ptr = bytes;
	out->len = len;
	return true;
}

/* English plural of a short noun, for messages: "import" -> "imports", "entry" -> "entries". */
static void plural(char *buf, size_t size, const char *what)
{
	size_t n = strlen(what);
	const char *vowels = "aeiou";
	if (n >= 2 && what[n - 1] == 'y' && !strchr(vowels, what[n - 2]))
		snprintf(buf, size, "%.*sies", (int)(n - 1), what);
	else if (n >= 1 && (what[n - 1] == 's' || what[n - 1] == 'x'))
		snprintf(buf, size, "%ses", what);
	else
		snprintf(buf, size, "%ss", what);
}

bool p1c_reader_count_long(struct p1c_reader *r, uint32_t min_entry_size, uint32_t cap,
			   const char *what, uint32_t *out)
{
	uint64_t at = p1c_reader_offset(r);
	uint32_t count;
	P1C_TRY(p1c_reader_u32(r, &count));
	if (count > cap) {
		char many[64];
		plural(many, sizeof(many), what);
		return p1c_reader_fail_at(r, at, P1C_ERR_LIMIT, "too many %s: %u (limit %u)", many,
					  count, cap);
	}
	size_t left = p1c_reader_left(r);
	if (min_entry_size && count > left / min_entry_size)
		return p1c_reader_fail_at(r, at, P1C_ERR_TRUNCATED,
					  "%s count %u exceeds what the section can hold (%zu bytes left)",
					  what, count, left);
	*out = count;
	return true;
}

