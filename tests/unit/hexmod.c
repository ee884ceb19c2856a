#include <check.h>
#include <ctype.h>
#include <string.h>

#include "hexmod.h"

static int hexdigit(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

static void emit(struct hexmod *h, uint8_t b)
{
	ck_assert_uint_lt(h->len, sizeof(h->buf));
	h->buf[h->len++] = b;
}

/* Closes a `{`: inserts the LEB128 length before the bytes written since start. */
static void close_size(struct hexmod *h, size_t start, int first_mark)
{
	uint8_t leb[5];
	size_t len = h->len - start, n = 0, v = len;
	do {
		leb[n] = (uint8_t)(v & 0x7F);
		v >>= 7;
		if (v)
			leb[n] |= 0x80;
		n++;
	} while (v);
	ck_assert_uint_lt(h->len + n, sizeof(h->buf));
	memmove(h->buf + start + n, h->buf + start, len);
	memcpy(h->buf + start, leb, n);
	h->len += n;
	for (int i = first_mark; i < h->nmarks; i++)
		h->marks[i] += n;
}

void hexmod_build(struct hexmod *h, const char *hex)
{
	size_t starts[16];
	int first_marks[16], depth = 0;
	h->len = 0;
	h->nmarks = 0;
	for (const char *p = hex; *p; p++) {
		if (isspace((unsigned char)*p)) {
			continue;
		} else if (*p == '#') {
			while (p[1] && p[1] != '\n')
				p++;
		} else if (*p == '^') {
			ck_assert_int_lt(h->nmarks, HEXMOD_MAX_MARKS);
			h->marks[h->nmarks++] = h->len;
		} else if (*p == '{') {
			ck_assert_int_lt(depth, 16);
			starts[depth] = h->len;
			first_marks[depth++] = h->nmarks;
		} else if (*p == '}') {
			ck_assert_int_gt(depth, 0);
			depth--;
			close_size(h, starts[depth], first_marks[depth]);
		} else if (*p == '\'') {
			while (*++p && *p != '\'')
				emit(h, (uint8_t)*p);
			ck_assert_msg(*p == '\'', "unterminated string in hex");
		} else {
			ck_assert_msg(isxdigit((unsigned char)p[0]) && isxdigit((unsigned char)p[1]),
				      "bad hex at \"%.10s\"", p);
			emit(h, (uint8_t)(hexdigit(p[0]) << 4 | hexdigit(p[1])));
			p++;
		}
	}
	ck_assert_int_eq(depth, 0);
}

