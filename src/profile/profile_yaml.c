/* libyaml events -> a small tree of struct ynode with 1-based line/column marks.
 * The only file that uses libyaml. Refused on purpose: anchors and aliases (simple, and no
 * "billion laughs"), tags other than !!str, more than one document, NUL characters inside a
 * scalar, nesting deeper than P1C_MAX_YAML_NESTING and more than P1C_MAX_YAML_NODES nodes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "profile/profile_impl.h"

#define TAG_STR "tag:yaml.org,2002:str"

struct ybuild {
	yaml_parser_t parser;
	const char *text;
	size_t len;
	const char *path;
	struct p1c_arena *arena;
	struct p1c_profile_error *err;
	uint32_t nodes;
};

static uint32_t to_u32(size_t v)
{
	return v >= UINT32_MAX ? UINT32_MAX - 1 : (uint32_t)v;
}

static bool fail_mark(struct ybuild *b, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fail_mark(struct ybuild *b, yaml_mark_t mark, const char *fmt, ...)
{
	char msg[sizeof(b->err->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return p1c_prof_fail(b->err, b->path, to_u32(mark.line) + 1, to_u32(mark.column) + 1, "%s",
			     msg);
}

/* Line and column (1-based, in characters) of a byte offset; for libyaml's reader errors,
 * which carry an offset but no mark. */
static void offset_to_mark(const char *text, size_t len, size_t offset, yaml_mark_t *mark)
{
	mark->line = 0;
	mark->column = 0;
	for (size_t i = 0; i < offset && i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			mark->line++;
			mark->column = 0;
		} else if ((c & 0xC0) != 0x80) {
			mark->column++;
		}
	}
}

static bool syntax_error(struct ybuild *b)
{
	yaml_parser_t *p = &b->parser;
	const char *problem = p->problem ? p->problem : "unknown error";
	if (p->error == YAML_MEMORY_ERROR)
		return p1c_prof_nomem(b->err, b->path);
	if (p->error == YAML_READER_ERROR) {
		yaml_mark_t mark;
		offset_to_mark(b->text, b->len, p->problem_offset, &mark);
		return p1c_prof_fail(b->err, b->path, to_u32(mark.line) + 1, to_u32(mark.column) + 1,
				     "YAML syntax error: %s (value 0x%x at byte offset %zu)", problem,
				     (unsigned)p->problem_value & 0xFFFFFFu, p->problem_offset);
	}
	if (p->context)
		return p1c_prof_fail(b->err, b->path, to_u32(p->problem_mark.line) + 1,
				     to_u32(p->problem_mark.column) + 1,
				     "YAML syntax error: %s (%s at line %zu, column %zu)", problem,
				     p->context, p->context_mark.line + 1, p->context_mark.column + 1);
	return p1c_prof_fail(b->err, b->path, to_u32(p->problem_mark.line) + 1,
			     to_u32(p->problem_mark.column) + 1, "YAML syntax error: %s", problem);
}

static bool next_event(struct ybuild *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev))
		return syntax_error(b);
	return true;
}

static struct ynode *new_node(struct ybuild *b, yaml_mark_t mark, uint8_t type)
{
	if (++b->nodes > P1C_MAX_YAML_NODES) {
		fail_mark(b, mark, "too many YAML nodes (limit %u)", P1C_MAX_YAML_NODES);
		return NULL;
	}
	struct ynode *n = p1c_arena_alloc(b->arena, sizeof(*n));
	if (!n) {
		p1c_prof_nomem(b->err, b->path);
		return NULL;
	}
	n->type = type;
	n->line = to_u32(mark.line) + 1;
	n->column = to_u32(mark.column) + 1;
	return n;
}

/* Refuses an anchor, and any tag but !!str on a scalar. */
static bool check_props(struct ybuild *b, yaml_mark_t mark, const yaml_char_t *anchor,
			const yaml_char_t *tag, bool scalar)
{
	if (anchor)
		return fail_mark(b, mark, "YAML anchors (&%s) are not supported in profiles",
				 (const char *)anchor);
	if (tag && !(scalar && strcmp((const char *)tag, TAG_STR) == 0))
		return fail_mark(b, mark, "YAML tag '%s' is not supported in profiles (only !!str is)",
				 (const char *)tag);
	return true;
}

static bool is_null_text(const char *s, size_t len)
{
	return len == 0 || (len == 1 && s[0] == '~') ||
	       (len == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

static bool make_scalar(struct ybuild *b, const yaml_event_t *ev, struct ynode **out)
{
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	P1C_TRY(check_props(b, ev->start_mark, ev->data.scalar.anchor, ev->data.scalar.tag, true));
	if (memchr(value, '\0', len))
		return fail_mark(b, ev->start_mark, "%s", "a NUL character is not allowed in a profile string");
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag;
	struct ynode *n = new_node(b, ev->start_mark, plain && is_null_text(value, len) ? YN_NULL
										: YN_SCALAR);
	if (!n)
		return false;
	n->plain = plain;
	n->len = len;
	n->text = p1c_arena_strndup(b->arena, value, len);
	if (!n->text)
		return p1c_prof_nomem(b->err, b->path);
	*out = n;
	return true;
}

static bool parse_node(struct ybuild *b, const yaml_event_t *ev, unsigned depth,
		       struct ynode **out);

/* Reads the children of a sequence or mapping up to its end event. */
static bool read_children(struct ybuild *b, struct ynode *n, yaml_event_type_t end, unsigned depth)
{
	struct ynode *head = NULL, **tail = &head;
	uint32_t count = 0;
	for (;;) {
		yaml_event_t ev;
		P1C_TRY(next_event(b, &ev));
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		struct ynode *child = NULL;
		bool ok = parse_node(b, &ev, depth + 1, &child);
		yaml_event_delete(&ev);
		P1C_TRY(ok);
		*tail = child;
		tail = &child->next;
		count++;
	}
	n->items = p1c_arena_array(b->arena, count ? count : 1, sizeof(*n->items));
	if (!n->items)
		return p1c_prof_nomem(b->err, b->path);
	uint32_t i = 0;
	for (struct ynode *c = head; c; c = c->next)
		n->items[i++] = c;
	n->n = end == YAML_MAPPING_END_EVENT ? count / 2 : count;
	return true;
}

static bool make_collection(struct ybuild *b, const yaml_event_t *ev, unsigned depth,
			    struct ynode **out)
{
	bool map = ev->type == YAML_MAPPING_START_EVENT;
	const yaml_char_t *anchor = map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	const yaml_char_t *tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	P1C_TRY(check_props(b, ev->start_mark, anchor, tag, false));
	if (depth >= P1C_MAX_YAML_NESTING)
		return fail_mark(b, ev->start_mark, "YAML nesting deeper than %u levels",
				 P1C_MAX_YAML_NESTING);
	struct ynode *n = new_node(b, ev->start_mark, map ? YN_MAP : YN_SEQ);
	if (!n)
		return false;
	P1C_TRY(read_children(b, n, map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT, depth));
	*out = n;
	return true;
}

static bool parse_node(struct ybuild *b, const yaml_event_t *ev, unsigned depth,
		       struct ynode **out)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return make_scalar(b, ev, out);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return make_collection(b, ev, depth, out);
	case YAML_ALIAS_EVENT:
		return fail_mark(b, ev->start_mark, "YAML aliases (*%s) are not supported in profiles",
				 (const char *)ev->data.alias.anchor);
	default:
		return fail_mark(b, ev->start_mark, "%s", "unexpected YAML event");
	}
}

/* Expects an event of type want; anything else is an error at its mark. */
static bool expect_event(struct ybuild *b, yaml_event_type_t want, const char *msg)
{
	yaml_event_t ev;
	P1C_TRY(next_event(b, &ev));
	bool ok = ev.type == want || fail_mark(b, ev.start_mark, "%s", msg);
	yaml_event_delete(&ev);
	return ok;
}

static bool read_stream(struct ybuild *b, struct ynode **out)
{
	P1C_TRY(expect_event(b, YAML_STREAM_START_EVENT, "expected the start of a YAML stream"));
	yaml_event_t ev;
	P1C_TRY(next_event(b, &ev));
	if (ev.type != YAML_DOCUMENT_START_EVENT) {
		yaml_mark_t mark = ev.start_mark;
		yaml_event_delete(&ev);
		return fail_mark(b, mark, "%s", "the profile is empty (expected a mapping with a 'profile' key)");
	}
	yaml_event_delete(&ev);
	P1C_TRY(next_event(b, &ev));
	bool ok = parse_node(b, &ev, 0, out);
	yaml_event_delete(&ev);
	P1C_TRY(ok);
	P1C_TRY(expect_event(b, YAML_DOCUMENT_END_EVENT, "expected the end of the YAML document"));
	return expect_event(b, YAML_STREAM_END_EVENT,
			    "a profile must be a single YAML document (found a second one)");
}

bool p1c_prof_yaml_tree(const char *text, size_t len, const char *path, struct p1c_arena *arena,
			struct ynode **out, struct p1c_profile_error *err)
{
	struct ybuild b = {.text = text, .len = len, .path = path, .arena = arena, .err = err};
	if (!yaml_parser_initialize(&b.parser))
		return p1c_prof_nomem(err, path);
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	bool ok = read_stream(&b, out);
	yaml_parser_delete(&b.parser);
	return ok;
}
