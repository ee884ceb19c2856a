/* Writing cJSON reports: a whole tree at once (small documents), or a stream whose containers
 * are printed as they are opened and whose values are cJSON subtrees printed and freed one by
 * one, so that a report's peak memory is one finding's, not the report's. Both print exactly
 * what cJSON_Print (cJSON 1.7, formatted) prints for the same tree: an object's members on
 * their own lines indented by tabs, `"key":<TAB>value`, arrays on one line with ", ". The
 * stream prints its values itself, straight to the file (cJSON_Print's formatting of a number
 * alone, "%1.15g" read back with sscanf, cost a finding's report more than building it). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_cjson.h"

int p1c_report_cjson_write(FILE *out, cJSON *root)
{
	char *text = root ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	if (!text)
		return -1;
	fputs(text, out);
	fputc('\n', out);
	free(text);
	return ferror(out) ? -1 : 0;
}

static void tabs(FILE *out, uint32_t n)
{
	static const char many[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
	for (; n > sizeof(many) - 1; n -= (uint32_t)sizeof(many) - 1)
		fwrite(many, 1, sizeof(many) - 1, out);
	fwrite(many, 1, n, out);
}

/* What comes before a member or element: the separator from the previous one, and in an
 * object the indentation and the key (keys are the reporters' own ASCII names: no escapes). */
static void lead(struct p1c_jstream *s, const char *key)
{
	uint32_t top = s->depth - 1;
	bool in_array = s->array >> top & 1u;
	if (s->nonempty >> top & 1u)
		fputs(in_array ? ", " : ",\n", s->out);
	s->nonempty |= 1ull << top;
	if (!in_array) {
		tabs(s->out, s->depth);
		fprintf(s->out, "\"%s\":\t", key);
	}
}

void p1c_jstream_begin(struct p1c_jstream *s, FILE *out)
{
	*s = (struct p1c_jstream){.out = out};
	fputc('{', out);
	fputc('\n', out);
	s->depth = 1;
}

void p1c_jstream_open(struct p1c_jstream *s, const char *key, bool array)
{
	if (s->depth >= P1C_JSTREAM_DEPTH) {
		s->failed = true;
		return;
	}
	lead(s, key);
	fputs(array ? "[" : "{\n", s->out);
	uint64_t bit = 1ull << s->depth;
	s->array = array ? s->array | bit : s->array & ~bit;
	s->nonempty &= ~bit;
	s->depth++;
}

void p1c_jstream_close(struct p1c_jstream *s)
{
	if (s->depth <= 1) {
		s->failed = true;
		return;
	}
	uint32_t top = --s->depth;
	if (s->array >> top & 1u) {
		fputc(']', s->out);
		return;
	}
	if (s->nonempty >> top & 1u)
		fputc('\n', s->out);
	tabs(s->out, s->depth);
	fputc('}', s->out);
}

/* The stream's values are put together here and written in large pieces. */
struct jbuf {
	FILE *out;
	size_t n;
	char buf[8192];
};

static void jb_flush(struct jbuf *b)
{
	fwrite(b->buf, 1, b->n, b->out);
	b->n = 0;
}

static void jb_put(struct jbuf *b, const void *p, size_t n)
{
	if (n > sizeof(b->buf) - b->n) {
		jb_flush(b);
		if (n > sizeof(b->buf)) {
			fwrite(p, 1, n, b->out);
			return;
		}
	}
	memcpy(b->buf + b->n, p, n);
	b->n += n;
}

static void jb_str(struct jbuf *b, const char *s)
{
	jb_put(b, s, strlen(s));
}

static void jb_tabs(struct jbuf *b, uint32_t n)
{
	static const char many[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
	for (; n > sizeof(many) - 1; n -= (uint32_t)sizeof(many) - 1)
		jb_put(b, many, sizeof(many) - 1);
	jb_put(b, many, n);
}

/* A string as cJSON 1.7 prints it (print_string_ptr): '"', '\\' and the control characters
 * escaped (\b \f \n \r \t, else \u00XX), every other byte as it is; NULL as "". */
static void put_string(struct jbuf *b, const char *text)
{
	static const char short_escape[] = "\bb\ff\nn\rr\tt\"\"\\\\";
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	jb_put(b, "\"", 1);
	for (const unsigned char *run = p;; p++) {
		if (*p > 31 && *p != '"' && *p != '\\')
			continue;
		jb_put(b, run, (size_t)(p - run));
		if (!*p)
			break;
		char esc[8];
		const char *e = memchr(short_escape, *p, sizeof(short_escape) - 1);
		if (e && (e - short_escape) % 2 == 0)
			snprintf(esc, sizeof(esc), "\\%c", e[1]);
		else
			snprintf(esc, sizeof(esc), "\\u%04x", *p);
		jb_str(b, esc);
		run = p + 1;
	}
	jb_put(b, "\"", 1);
}

/* A number as cJSON 1.7 prints it (print_number: "%1.15g", or "%1.17g" when that does not
 * read back): an integral value below 10^15 is its digits either way; anything else is
 * printed by cJSON itself. */
static bool put_number(struct jbuf *b, const cJSON *item)
{
	double d = item->valuedouble;
	if (!signbit(d) && d < 1e15 && d == (double)(uint64_t)d) { /* not -0, not NaN */
		char digits[24];
		size_t n = sizeof(digits);
		uint64_t v = (uint64_t)d;
		do
			digits[--n] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		jb_put(b, digits + n, sizeof(digits) - n);
		return true;
	}
	char *text = cJSON_PrintUnformatted(item);
	if (text)
		jb_str(b, text);
	free(text);
	return text != NULL;
}

/* A cJSON tree as cJSON_Print (cJSON 1.7, formatted) prints it, at `depth` (the number of
 * containers around it, which its members' indentation counts): an object's members each on
 * a line indented by depth + 1 tabs, `"key":<TAB>value`, then depth tabs and '}'; an array's
 * elements on one line separated by ", ". Straight into the stream, without the text. */
static bool put_item(struct jbuf *b, const cJSON *item, uint32_t depth)
{
	switch (item->type & 0xFF) {
	case cJSON_NULL: jb_put(b, "null", 4); return true;
	case cJSON_False: jb_put(b, "false", 5); return true;
	case cJSON_True: jb_put(b, "true", 4); return true;
	case cJSON_Number: return put_number(b, item);
	case cJSON_String: put_string(b, item->valuestring); return true;
	case cJSON_Raw: /* as it is */
		if (item->valuestring)
			jb_str(b, item->valuestring);
		return item->valuestring != NULL;
	case cJSON_Array:
		jb_put(b, "[", 1);
		for (const cJSON *c = item->child; c; c = c->next) {
			if (!put_item(b, c, depth + 1))
				return false;
			if (c->next)
				jb_put(b, ", ", 2);
		}
		jb_put(b, "]", 1);
		return true;
	case cJSON_Object:
		jb_put(b, "{\n", 2);
		for (const cJSON *c = item->child; c; c = c->next) {
			jb_tabs(b, depth + 1);
			put_string(b, c->string);
			jb_put(b, ":\t", 2);
			if (!put_item(b, c, depth + 1))
				return false;
			jb_put(b, c->next ? ",\n" : "\n", c->next ? 2 : 1);
		}
		jb_tabs(b, depth);
		jb_put(b, "}", 1);
		return true;
	default: /* cJSON prints nothing for an invalid item */
		return false;
	}
}

void p1c_jstream_value(struct p1c_jstream *s, const char *key, cJSON *value)
{
	if (!value) {
		s->failed = true;
		return;
	}
	struct jbuf b;
	b.out = s->out;
	b.n = 0;
	lead(s, key);
	if (!put_item(&b, value, s->depth))
		s->failed = true;
	jb_flush(&b);
	cJSON_Delete(value);
	if (ferror(s->out)) /* a closed pipe or a full disk: the loops over findings stop */
		s->failed = true;
}

int p1c_jstream_end(struct p1c_jstream *s)
{
	if (s->depth != 1)
		s->failed = true;
	s->depth = 0;
	fputs(s->nonempty & 1u ? "\n}\n" : "}\n", s->out);
	return s->failed || ferror(s->out) ? -1 : 0;
}
