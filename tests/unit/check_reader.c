/* Reader: every LEB128 edge (lengths, padding, overlong, unused bits, truncation at each
 * byte), names and UTF-8, counts, sub-windows, and the error context (offset, section, item,
 * first error wins). Windows start at PAD so offsets are checked as absolute offsets. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "base/caps.h"
#include "base/reader.h"
#include "suites.h"

#define PAD 3 /* bytes before every window: offsets in errors are absolute */
#define SEC 2 /* context used by every reader in this file */
#define ITEM 7

static uint8_t buf[256];
static struct p1c_error err;
static struct p1c_loc loc;
static struct p1c_reader rd;

/* Window over PAD filler bytes followed by bytes[0, len). */
static struct p1c_reader *open_bytes(const uint8_t *bytes, size_t len)
{
	memset(buf, 0xEE, PAD);
	memcpy(buf + PAD, bytes, len);
	memset(&err, 0, sizeof(err));
	loc.section = SEC;
	loc.item = ITEM;
	p1c_reader_init(&rd, buf, PAD, PAD + len, &err, &loc);
	return &rd;
}

#define OPEN(...)                                                                                  \
	open_bytes((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static void assert_err(enum p1c_errcode code, uint64_t offset, const char *msg)
{
	ck_assert_int_eq(err.code, code);
	ck_assert_uint_eq(err.offset, offset);
	ck_assert_int_eq(err.section, SEC);
	ck_assert_uint_eq(err.item, ITEM);
	if (msg)
		ck_assert_str_eq(err.msg, msg);
}

static uint32_t u32_of(struct p1c_reader *r)
{
	uint32_t v = 0xDEADBEEF;
	ck_assert_msg(p1c_reader_u32(r, &v), "u32 failed: %s", err.msg);
	ck_assert(p1c_reader_at_end(r));
	return v;
}

static uint64_t u64_of(struct p1c_reader *r)
{
	uint64_t v = 0;
	ck_assert_msg(p1c_reader_u64(r, &v), "u64 failed: %s", err.msg);
	ck_assert(p1c_reader_at_end(r));
	return v;
}

static int32_t s32_of(struct p1c_reader *r)
{
	int32_t v = 0;
	ck_assert_msg(p1c_reader_s32(r, &v), "s32 failed: %s", err.msg);
	ck_assert(p1c_reader_at_end(r));
	return v;
}

static int64_t s33_of(struct p1c_reader *r)
{
	int64_t v = 0;
	ck_assert_msg(p1c_reader_s33(r, &v), "s33 failed: %s", err.msg);
	ck_assert(p1c_reader_at_end(r));
	return v;
}

static int64_t s64_of(struct p1c_reader *r)
{
	int64_t v = 0;
	ck_assert_msg(p1c_reader_s64(r, &v), "s64 failed: %s", err.msg);
	ck_assert(p1c_reader_at_end(r));
	return v;
}

START_TEST(u32_lengths)
{
	ck_assert_uint_eq(u32_of(OPEN(0x00)), 0);
	ck_assert_uint_eq(u32_of(OPEN(0x7F)), 127);
	ck_assert_uint_eq(u32_of(OPEN(0x80, 0x01)), 128);
	ck_assert_uint_eq(u32_of(OPEN(0xFF, 0x7F)), 16383);
	ck_assert_uint_eq(u32_of(OPEN(0x80, 0x80, 0x01)), 16384);
	ck_assert_uint_eq(u32_of(OPEN(0xFF, 0xFF, 0x7F)), (1u << 21) - 1);
	ck_assert_uint_eq(u32_of(OPEN(0x80, 0x80, 0x80, 0x01)), 1u << 21);
	ck_assert_uint_eq(u32_of(OPEN(0xFF, 0xFF, 0xFF, 0x7F)), (1u << 28) - 1);
	ck_assert_uint_eq(u32_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x01)), 1u << 28);
	ck_assert_uint_eq(u32_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)), UINT32_MAX);
	ck_assert_uint_eq(u32_of(OPEN(0xE5, 0x8E, 0x26)), 624485);
}
END_TEST

START_TEST(u32_padded)
{
	ck_assert_uint_eq(u32_of(OPEN(0x80, 0x00)), 0);
	ck_assert_uint_eq(u32_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x00)), 0);
	/* wasm-ld's relocatable call index: call 15 as 8f 80 80 80 00 */
	ck_assert_uint_eq(u32_of(OPEN(0x8F, 0x80, 0x80, 0x80, 0x00)), 15);
	ck_assert_uint_eq(u32_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x00)), (1u << 28) - 1);
	/* the cursor stops after the integer */
	struct p1c_reader *r = OPEN(0x81, 0x00, 0x42);
	uint32_t v;
	ck_assert(p1c_reader_u32(r, &v));
	ck_assert_uint_eq(v, 1);
	ck_assert_uint_eq(p1c_reader_offset(r), PAD + 2);
}
END_TEST

START_TEST(u32_unused_bits)
{
	uint32_t v;
	ck_assert(!p1c_reader_u32(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x1F), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
	ck_assert(!p1c_reader_u32(OPEN(0x80, 0x80, 0x80, 0x80, 0x10), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
	ck_assert(!p1c_reader_u32(OPEN(0x80, 0x80, 0x80, 0x80, 0x70), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
}
END_TEST

START_TEST(u32_overlong)
{
	uint32_t v;
	ck_assert(!p1c_reader_u32(OPEN(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer representation too long");
	ck_assert(!p1c_reader_u32(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x8F, 0x00), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer representation too long");
	/* continuation in the last allowed byte is "too long" even when no byte follows */
	ck_assert(!p1c_reader_u32(OPEN(0x80, 0x80, 0x80, 0x80, 0x80), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer representation too long");
}
END_TEST

START_TEST(u32_truncated_each_byte)
{
	static const uint8_t full[5] = {0x80, 0x80, 0x80, 0x80, 0x01};
	for (size_t len = 0; len < 5; len++) {
		uint32_t v = 0;
		ck_assert(!p1c_reader_u32(open_bytes(full, len), &v));
		assert_err(P1C_ERR_TRUNCATED, PAD + len, "unexpected end");
	}
}
END_TEST

START_TEST(u64_lengths)
{
	uint8_t bytes[10];
	for (unsigned n = 1; n <= 9; n++) { /* 2^(7(n-1)) takes n bytes */
		memset(bytes, 0x80, n - 1);
		bytes[n - 1] = 0x01;
		ck_assert_uint_eq(u64_of(open_bytes(bytes, n)), (uint64_t)1 << (7 * (n - 1)));
		memset(bytes, 0xFF, n - 1);
		bytes[n - 1] = 0x7F;
		uint64_t max = n == 9 ? ((uint64_t)1 << 63) - 1 : ((uint64_t)1 << (7 * n)) - 1;
		ck_assert_uint_eq(u64_of(open_bytes(bytes, n)), max);
	}
	memset(bytes, 0xFF, 9);
	bytes[9] = 0x01;
	ck_assert_uint_eq(u64_of(open_bytes(bytes, 10)), UINT64_MAX);
	memset(bytes, 0x80, 9);
	bytes[9] = 0x01;
	ck_assert_uint_eq(u64_of(open_bytes(bytes, 10)), (uint64_t)1 << 63);
	memset(bytes, 0x80, 9);
	bytes[9] = 0x00; /* padded zero */
	ck_assert_uint_eq(u64_of(open_bytes(bytes, 10)), 0);
	/* 2^32 needs a 64-bit reader: 80 80 80 80 10 */
	ck_assert_uint_eq(u64_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x10)), (uint64_t)1 << 32);
}
END_TEST

START_TEST(u64_errors)
{
	uint8_t bytes[11];
	uint64_t v;
	memset(bytes, 0xFF, 9);
	bytes[9] = 0x02; /* bit 64 */
	ck_assert(!p1c_reader_u64(open_bytes(bytes, 10), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 9, "integer too large");
	bytes[9] = 0x7E;
	ck_assert(!p1c_reader_u64(open_bytes(bytes, 10), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 9, "integer too large");
	memset(bytes, 0x80, 10);
	bytes[10] = 0x00; /* 11 bytes */
	ck_assert(!p1c_reader_u64(open_bytes(bytes, 11), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 9, "integer representation too long");
	for (size_t len = 0; len < 10; len++) {
		ck_assert(!p1c_reader_u64(open_bytes(bytes, len), &v));
		assert_err(P1C_ERR_TRUNCATED, PAD + len, "unexpected end");
	}
}
END_TEST

START_TEST(s32_values)
{
	ck_assert_int_eq(s32_of(OPEN(0x00)), 0);
	ck_assert_int_eq(s32_of(OPEN(0x01)), 1);
	ck_assert_int_eq(s32_of(OPEN(0x3F)), 63);
	ck_assert_int_eq(s32_of(OPEN(0x40)), -64);
	ck_assert_int_eq(s32_of(OPEN(0x7F)), -1);
	ck_assert_int_eq(s32_of(OPEN(0xC0, 0x00)), 64);
	ck_assert_int_eq(s32_of(OPEN(0x80, 0x7F)), -128);
	ck_assert_int_eq(s32_of(OPEN(0xFF, 0x00)), 127);
	ck_assert_int_eq(s32_of(OPEN(0x9B, 0xF1, 0x59)), -624485);
	ck_assert_int_eq(s32_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x07)), INT32_MAX);
	ck_assert_int_eq(s32_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x78)), INT32_MIN);
	/* padded forms within 5 bytes */
	ck_assert_int_eq(s32_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x7F)), -1);
	ck_assert_int_eq(s32_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x00)), 0);
	ck_assert_int_eq(s32_of(OPEN(0xFF, 0x7F)), -1);
}
END_TEST

START_TEST(s32_errors)
{
	int32_t v;
	/* last byte must be 0x00..0x07 or 0x78..0x7f */
	ck_assert(!p1c_reader_s32(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
	ck_assert(!p1c_reader_s32(OPEN(0x80, 0x80, 0x80, 0x80, 0x70), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
	ck_assert(!p1c_reader_s32(OPEN(0x80, 0x80, 0x80, 0x80, 0x08), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
	ck_assert(!p1c_reader_s32(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x77), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
	ck_assert(!p1c_reader_s32(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer representation too long");
	static const uint8_t full[5] = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
	for (size_t len = 0; len < 5; len++) {
		ck_assert(!p1c_reader_s32(open_bytes(full, len), &v));
		assert_err(P1C_ERR_TRUNCATED, PAD + len, "unexpected end");
	}
}
END_TEST

START_TEST(s33_values)
{
	ck_assert_int_eq(s33_of(OPEN(0x00)), 0);
	ck_assert_int_eq(s33_of(OPEN(0x70)), -16); /* funcref heap type */
	ck_assert_int_eq(s33_of(OPEN(0x40)), -64); /* empty block type */
	ck_assert_int_eq(s33_of(OPEN(0x7F)), -1);
	ck_assert_int_eq(s33_of(OPEN(0x85, 0x80, 0x80, 0x80, 0x00)), 5);
	ck_assert_int_eq(s33_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)), 0xFFFFFFFFll);
	ck_assert_int_eq(s33_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x70)), -0x100000000ll);
	ck_assert_int_eq(s33_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x7F)), -1);
}
END_TEST

START_TEST(s33_errors)
{
	int64_t v;
	/* last byte must be 0x00..0x0f or 0x70..0x7f */
	ck_assert(!p1c_reader_s33(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x1F), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
	ck_assert(!p1c_reader_s33(OPEN(0x80, 0x80, 0x80, 0x80, 0x60), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer too large");
	ck_assert(!p1c_reader_s33(OPEN(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 4, "integer representation too long");
	ck_assert(!p1c_reader_s33(OPEN(0x80, 0x80), &v));
	assert_err(P1C_ERR_TRUNCATED, PAD + 2, "unexpected end");
}
END_TEST

START_TEST(s64_values)
{
	ck_assert_int_eq(s64_of(OPEN(0x00)), 0);
	ck_assert_int_eq(s64_of(OPEN(0x7F)), -1);
	ck_assert_int_eq(s64_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x10)), 0x100000000ll);
	ck_assert_int_eq(s64_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x70)), -0x100000000ll);
	ck_assert_int_eq(s64_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00)),
			 INT64_MAX);
	ck_assert_int_eq(s64_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F)),
			 INT64_MIN);
	ck_assert_int_eq(s64_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)),
			 -1);
	ck_assert_int_eq(s64_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)),
			 0);
	/* 2^62 - 1 and -2^62 in 9 bytes */
	ck_assert_int_eq(s64_of(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F)),
			 (int64_t)(((uint64_t)1 << 62) - 1));
	ck_assert_int_eq(s64_of(OPEN(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40)),
			 -(int64_t)((uint64_t)1 << 62));
}
END_TEST

START_TEST(s64_errors)
{
	int64_t v;
	/* the 10th byte must be 0x00 or 0x7f */
	ck_assert(!p1c_reader_s64(OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
				  &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 9, "integer too large");
	ck_assert(!p1c_reader_s64(OPEN(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E),
				  &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 9, "integer too large");
	ck_assert(!p1c_reader_s64(OPEN(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
				       0x00),
				  &v));
	assert_err(P1C_ERR_MALFORMED, PAD + 9, "integer representation too long");
	static const uint8_t full[10] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
	for (size_t len = 0; len < 10; len++) {
		ck_assert(!p1c_reader_s64(open_bytes(full, len), &v));
		assert_err(P1C_ERR_TRUNCATED, PAD + len, "unexpected end");
	}
}
END_TEST

START_TEST(bytes_u8_peek_skip)
{
	struct p1c_reader *r = OPEN(0x01, 0x02, 0x03, 0x04);
	uint8_t b;
	const uint8_t *p;
	ck_assert(p1c_reader_peek(r, &b));
	ck_assert_uint_eq(b, 1);
	ck_assert_uint_eq(p1c_reader_offset(r), PAD);
	ck_assert(p1c_reader_u8(r, &b));
	ck_assert_uint_eq(b, 1);
	ck_assert(p1c_reader_bytes(r, 2, &p));
	ck_assert_uint_eq(p[0], 2);
	ck_assert_uint_eq(p1c_reader_left(r), 1);
	ck_assert(!p1c_reader_bytes(r, 2, &p));
	assert_err(P1C_ERR_TRUNCATED, PAD + 4, "unexpected end");
	ck_assert_uint_eq(p1c_reader_left(r), 1); /* a failed read does not move */
	r = OPEN(0x01);
	ck_assert(p1c_reader_skip(r, 1));
	ck_assert(p1c_reader_at_end(r));
	ck_assert(!p1c_reader_peek(r, &b));
	assert_err(P1C_ERR_TRUNCATED, PAD + 1, "unexpected end");
	r = OPEN(0x01);
	ck_assert(p1c_reader_skip(r, 1));
	ck_assert(!p1c_reader_u8(r, &b));
	assert_err(P1C_ERR_TRUNCATED, PAD + 1, "unexpected end");
	r = OPEN(0x01);
	ck_assert(!p1c_reader_skip(r, 2));
	assert_err(P1C_ERR_TRUNCATED, PAD + 1, "unexpected end");
}
END_TEST

static bool name_ok(const uint8_t *bytes, size_t len, struct p1c_str *out)
{
	return p1c_reader_name(open_bytes(bytes, len), out);
}

START_TEST(names_valid)
{
	struct p1c_str s;
	ck_assert(name_ok((const uint8_t[]){0x00}, 1, &s));
	ck_assert_uint_eq(s.len, 0);
	ck_assert(name_ok((const uint8_t[]){0x03, 'a', 'b', 'c'}, 4, &s));
	ck_assert(p1c_str_eq(s, "abc"));
	ck_assert_ptr_eq(s.ptr, buf + PAD + 1); /* a slice of the input, not a copy */
	/* é, €, U+1D11E, U+10FFFF, U+FFFF, U+E000 (after the surrogates) */
	ck_assert(name_ok((const uint8_t[]){0x02, 0xC3, 0xA9}, 3, &s));
	ck_assert(name_ok((const uint8_t[]){0x03, 0xE2, 0x82, 0xAC}, 4, &s));
	ck_assert(name_ok((const uint8_t[]){0x04, 0xF0, 0x9D, 0x84, 0x9E}, 5, &s));
	ck_assert(name_ok((const uint8_t[]){0x04, 0xF4, 0x8F, 0xBF, 0xBF}, 5, &s));
	ck_assert(name_ok((const uint8_t[]){0x03, 0xEF, 0xBF, 0xBF}, 4, &s));
	ck_assert(name_ok((const uint8_t[]){0x03, 0xEE, 0x80, 0x80}, 4, &s));
	ck_assert(name_ok((const uint8_t[]){0x03, 0xED, 0x9F, 0xBF}, 4, &s)); /* U+D7FF */
	ck_assert(name_ok((const uint8_t[]){0x02, 0xC2, 0x80}, 3, &s));       /* U+0080 */
	ck_assert(name_ok((const uint8_t[]){0x03, 0xE0, 0xA0, 0x80}, 4, &s)); /* U+0800 */
	ck_assert(name_ok((const uint8_t[]){0x04, 0xF0, 0x90, 0x80, 0x80}, 5, &s)); /* U+10000 */
	/* "wasi:sockets/udp@0.2.0" with a padded length */
	ck_assert(p1c_reader_name(OPEN(0x96, 0x80, 0x80, 0x80, 0x00, 'w', 'a', 's', 'i', ':', 's', 'o',
				       'c', 'k', 'e', 't', 's', '/', 'u', 'd', 'p', '@', '0', '.', '2',
				       '.', '0'),
				  &s));
	ck_assert(p1c_str_eq(s, "wasi:sockets/udp@0.2.0"));
	ck_assert(p1c_str_has_prefix(s, "wasi:"));
	ck_assert(!p1c_str_has_prefix(s, "wasi_"));
	ck_assert(p1c_str_has_prefix(s, ""));
}
END_TEST

/* An invalid name: the error points at the first byte of the bad sequence. */
static void bad_name(const uint8_t *bytes, size_t len, size_t bad_at)
{
	struct p1c_str s;
	ck_assert(!name_ok(bytes, len, &s));
	assert_err(P1C_ERR_MALFORMED, PAD + bad_at, NULL);
	ck_assert_msg(strstr(err.msg, "invalid UTF-8") != NULL, "%s", err.msg);
}

START_TEST(names_invalid_utf8)
{
	bad_name((const uint8_t[]){0x02, 0xC0, 0x80}, 3, 1);             /* overlong NUL */
	bad_name((const uint8_t[]){0x02, 0xC1, 0xBF}, 3, 1);             /* overlong */
	bad_name((const uint8_t[]){0x03, 0xE0, 0x80, 0x80}, 4, 1);       /* overlong 3-byte */
	bad_name((const uint8_t[]){0x03, 0xE0, 0x9F, 0xBF}, 4, 1);       /* overlong U+07FF */
	bad_name((const uint8_t[]){0x04, 0xF0, 0x8F, 0xBF, 0xBF}, 5, 1); /* overlong U+FFFF */
	bad_name((const uint8_t[]){0x03, 0xED, 0xA0, 0x80}, 4, 1);       /* U+D800 */
	bad_name((const uint8_t[]){0x03, 0xED, 0xBF, 0xBF}, 4, 1);       /* U+DFFF */
	bad_name((const uint8_t[]){0x04, 0xF4, 0x90, 0x80, 0x80}, 5, 1); /* U+110000 */
	bad_name((const uint8_t[]){0x04, 0xF5, 0x80, 0x80, 0x80}, 5, 1);
	bad_name((const uint8_t[]){0x01, 0xFF}, 2, 1);
	bad_name((const uint8_t[]){0x03, 'a', 'b', 0x80}, 4, 3);      /* lone continuation */
	bad_name((const uint8_t[]){0x03, 'a', 0xE2, 0x82}, 4, 2);     /* cut sequence */
	bad_name((const uint8_t[]){0x03, 0xE2, 0x28, 0xA1}, 4, 1);    /* bad 2nd byte */
	bad_name((const uint8_t[]){0x04, 0xF0, 0x9D, 0x84, 0x41}, 5, 1); /* bad 4th byte */
	ck_assert(!p1c_utf8_valid((const uint8_t *)"\xC3", 1));
	ck_assert(p1c_utf8_valid((const uint8_t *)"", 0));
	ck_assert(p1c_utf8_valid((const uint8_t *)"\xC3\xA9t\xC3\xA9", 5));
	/* the decoder behind both: code points and lengths at each boundary */
	static const struct { const char *s; size_t len, n; uint32_t cp; } seqs[] = {
		{"A", 1, 1, 0x41},           {"\xC2\x80", 2, 2, 0x80},
		{"\xDF\xBF", 2, 2, 0x7FF},    {"\xE0\xA0\x80", 3, 3, 0x800},
		{"\xED\x9F\xBF", 3, 3, 0xD7FF}, {"\xEF\xBF\xBF", 3, 3, 0xFFFF},
		{"\xF0\x90\x80\x80", 4, 4, 0x10000}, {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
		{"\xE2\x82\xAC", 2, 0, 0},    /* cut by len */
		{"\xC0\x80", 2, 0, 0},        {"\xED\xA0\x80", 3, 0, 0},
	};
	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		uint32_t cp = 0;
		size_t n = p1c_utf8_decode((const uint8_t *)seqs[i].s, seqs[i].len, &cp);
		ck_assert_msg(n == seqs[i].n, "sequence %zu: length %zu", i, n);
		if (n)
			ck_assert_uint_eq(cp, seqs[i].cp);
	}
	ck_assert_uint_eq(p1c_utf8_decode((const uint8_t *)"x", 0, &(uint32_t){0}), 0);
}
END_TEST

START_TEST(names_truncated_and_too_long)
{
	struct p1c_str s;
	ck_assert(!p1c_reader_name(OPEN(0x05, 'a', 'b'), &s));
	assert_err(P1C_ERR_TRUNCATED, PAD + 3, "unexpected end");
	ck_assert(!p1c_reader_name(OPEN(0x85), &s));
	assert_err(P1C_ERR_TRUNCATED, PAD + 1, "unexpected end");
	/* 100001 = a1 8d 06: over P1C_MAX_NAME_LEN, reported at the length */
	struct p1c_reader *r = OPEN(0x00, 0xA1, 0x8D, 0x06, 'x');
	ck_assert(p1c_reader_name(r, &s));
	ck_assert(!p1c_reader_name(r, &s));
	assert_err(P1C_ERR_LIMIT, PAD + 1, "name too long: 100001 bytes (limit 100000)");
}
END_TEST

START_TEST(count_checks)
{
	uint32_t n = 0;
	/* 4000000 = 80 92 f4 01 */
	struct p1c_reader *r = OPEN(0x80, 0x92, 0xF4, 0x01, 0x00);
	ck_assert(!p1c_reader_count(r, 4, P1C_MAX_IMPORTS, "import", &n));
	assert_err(P1C_ERR_LIMIT, PAD, "too many imports: 4000000 (limit 100000)");
	/* 1000 = e8 07, then 12 bytes */
	uint8_t bytes[14] = {0xE8, 0x07};
	ck_assert(!p1c_reader_count(open_bytes(bytes, sizeof(bytes)), 4, P1C_MAX_IMPORTS, "import",
				    &n));
	assert_err(P1C_ERR_TRUNCATED, PAD,
		   "import count 1000 exceeds what the section can hold (12 bytes left)");
	bytes[0] = 3;
	r = open_bytes(bytes, 13); /* 3 entries of 4 in 12 bytes: fits exactly */
	ck_assert(p1c_reader_count(r, 4, P1C_MAX_IMPORTS, "import", &n));
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(p1c_reader_offset(r), PAD + 1);
	bytes[0] = 4;
	ck_assert(!p1c_reader_count(open_bytes(bytes, 13), 4, P1C_MAX_IMPORTS, "import", &n));
	assert_err(P1C_ERR_TRUNCATED, PAD, NULL);
	/* min_entry_size 0: only the cap applies */
	ck_assert(p1c_reader_count(OPEN(0x7F), 0, 200, "entry", &n));
	ck_assert_uint_eq(n, 127);
	ck_assert(!p1c_reader_count(OPEN(0x7F), 0, 100, "entry", &n));
	assert_err(P1C_ERR_LIMIT, PAD, "too many entries: 127 (limit 100)");
	ck_assert(!p1c_reader_count(OPEN(0x7F), 0, 100, "function body", &n));
	assert_err(P1C_ERR_LIMIT, PAD, "too many function bodies: 127 (limit 100)");
	ck_assert(!p1c_reader_count(OPEN(0x80), 1, 100, "entry", &n));
	assert_err(P1C_ERR_TRUNCATED, PAD + 1, "unexpected end");
}
END_TEST

START_TEST(sub_windows)
{
	struct p1c_reader *r = OPEN(0x02, 0xAA, 0x80, 0x05);
	struct p1c_reader sub;
	uint8_t b;
	uint32_t v;
	ck_assert(p1c_reader_u8(r, &b));
	ck_assert(p1c_reader_sub(r, 2, &sub));
	ck_assert_uint_eq(p1c_reader_offset(r), PAD + 3); /* the parent moved past the window */
	ck_assert_uint_eq(p1c_reader_offset(&sub), PAD + 1);
	ck_assert_uint_eq(p1c_reader_left(&sub), 2);
	ck_assert(p1c_reader_u8(&sub, &b));
	ck_assert_uint_eq(b, 0xAA);
	/* 0x80 continues into the parent's next byte, but the window ends first */
	ck_assert(!p1c_reader_u32(&sub, &v));
	assert_err(P1C_ERR_TRUNCATED, PAD + 3, "unexpected end");
	ck_assert_ptr_eq(sub.loc, &loc);
	/* a window longer than what is left */
	r = OPEN(0x01, 0x02);
	ck_assert(!p1c_reader_sub(r, 3, &sub));
	assert_err(P1C_ERR_TRUNCATED, PAD + 2, "unexpected end");
	r = OPEN(0x01, 0x02);
	ck_assert(p1c_reader_sub(r, 2, &sub));
	ck_assert(p1c_reader_at_end(r));
	ck_assert(p1c_reader_sub(r, 0, &sub));
	ck_assert(p1c_reader_at_end(&sub));
}
END_TEST

START_TEST(first_error_wins)
{
	struct p1c_reader *r = OPEN(0xFF, 0xFF, 0xFF, 0xFF, 0x1F);
	uint32_t v;
	ck_assert(!p1c_reader_fail(r, P1C_ERR_MALFORMED, "first %d", 1));
	loc.item = 99;
	ck_assert(!p1c_reader_u32(r, &v));
	ck_assert(!p1c_reader_fail_at(r, 1234, P1C_ERR_LIMIT, "third"));
	ck_assert_int_eq(err.code, P1C_ERR_MALFORMED);
	ck_assert_uint_eq(err.offset, PAD);
	ck_assert_str_eq(err.msg, "first 1");
	ck_assert_uint_eq(err.item, ITEM); /* the context at the time of the first error */
	/* the context is read at the failure, not when the reader was created */
	r = OPEN(0x00);
	loc.section = 11;
	loc.item = 4;
	ck_assert(!p1c_reader_fail_at(r, 77, P1C_ERR_MALFORMED, "x"));
	ck_assert_int_eq(err.section, 11);
	ck_assert_uint_eq(err.item, 4);
	ck_assert_uint_eq(err.offset, 77);
}
END_TEST

START_TEST(no_context_no_err)
{
	struct p1c_reader r;
	struct p1c_error e;
	memset(&e, 0, sizeof(e));
	static const uint8_t bytes[] = {0x80};
	p1c_reader_init(&r, bytes, 0, 1, &e, NULL);
	uint32_t v;
	ck_assert(!p1c_reader_u32(&r, &v));
	ck_assert_int_eq(e.code, P1C_ERR_TRUNCATED);
	ck_assert_uint_eq(e.offset, 1);
	ck_assert_int_eq(e.section, P1C_SECTION_NONE);
	ck_assert_uint_eq(e.item, P1C_ITEM_NONE);
	p1c_reader_init(&r, bytes, 0, 1, NULL, NULL); /* errors may be dropped */
	ck_assert(!p1c_reader_u32(&r, &v));
	/* long messages are cut to the buffer */
	memset(&e, 0, sizeof(e));
	p1c_reader_init(&r, bytes, 0, 1, &e, NULL);
	ck_assert(!p1c_reader_fail(&r, P1C_ERR_MALFORMED, "%0300d", 5));
	ck_assert_uint_eq(strlen(e.msg), sizeof(e.msg) - 1);
}
END_TEST

Suite *reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *leb = tcase_create("leb128");
	tcase_add_test(leb, u32_lengths);
	tcase_add_test(leb, u32_padded);
	tcase_add_test(leb, u32_unused_bits);
	tcase_add_test(leb, u32_overlong);
	tcase_add_test(leb, u32_truncated_each_byte);
	tcase_add_test(leb, u64_lengths);
	tcase_add_test(leb, u64_errors);
	tcase_add_test(leb, s32_values);
	tcase_add_test(leb, s32_errors);
	tcase_add_test(leb, s33_values);
	tcase_add_test(leb, s33_errors);
	tcase_add_test(leb, s64_values);
	tcase_add_test(leb, s64_errors);
	suite_add_tcase(s, leb);
	TCase *other = tcase_create("cursor");
	tcase_add_test(other, bytes_u8_peek_skip);
	tcase_add_test(other, names_valid);
	tcase_add_test(other, names_invalid_utf8);
	tcase_add_test(other, names_truncated_and_too_long);
	tcase_add_test(other, count_checks);
	tcase_add_test(other, sub_windows);
	tcase_add_test(other, first_error_wins);
	tcase_add_test(other, no_context_no_err);
	suite_add_tcase(s, other);
	return s;
}
