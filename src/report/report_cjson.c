/* Writing cJSON reports: a whole tree at once (small documents), or a stream whose containers
 * are printed as they are opened and whose values are cJSON subtrees printed and freed one by
 * one, so that a report's peak memory is one finding's, not the report's. Both print exactly
 * what cJSON_Print (cJSON 1.7, formatted) prints for the same tree: an object's members on
 * their own lines indented by tabs, `"key":<TAB>value`, arrays on one line with ", ". */
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

/* Text cJSON printed at depth 0, shifted to `depth`: cJSON escapes newlines inside strings,
 * so every newline in it is a line break of the layout, followed by its indentation. */
static void put_indented(FILE *out, const char *text, uint32_t depth)
{
	for (const char *nl; (nl = strchr(text, '\n')) != NULL; text = nl + 1) {
		fwrite(text, 1, (size_t)(nl - text) + 1, out);
		tabs(out, depth);
	}
	fputs(text, out);
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

void p1c_jstream_value(struct p1c_jstream *s, const char *key, cJSON *value)
{
	char *text = value ? cJSON_Print(value) : NULL;
	cJSON_Delete(value);
	if (!text) {
		s->failed = true;
		return;
	}
	lead(s, key);
	put_indented(s->out, text, s->depth);
	free(text);
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
