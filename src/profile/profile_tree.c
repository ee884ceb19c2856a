/* A parsed profile (the struct ynode tree profile_yaml.c builds) as bytes, and back. The build
 * parses each shipped profile once (profiles/embed-trees.c) and compiles the bytes in next to
 * its text, so loading a shipped profile (built in, or a file with exactly its bytes) reads the
 * tree instead of running the YAML parser over the text again.
 *
 * Format, every node in preorder: type (1 byte, enum ynode_type), plain (1 byte), line and
 * column (u32 each, little-endian); a scalar or null then its length (u32), its text and a NUL
 * (the decoded tree's texts point into the bytes); a sequence or mapping then its item count
 * (u32; a mapping's is 2 per pair) and the items. */
#include <string.h>

#include "profile/profile_impl.h"

#define NODE_HEAD 10u /* type, plain, line, column */

static size_t encoded_size(const struct ynode *n, unsigned depth)
{
	if (depth > P1C_MAX_YAML_NESTING)
		return SIZE_MAX;
	size_t size = NODE_HEAD + 4;
	if (n->type == YN_SEQ || n->type == YN_MAP) {
		uint32_t items = n->type == YN_MAP ? 2 * n->n : n->n;
		for (uint32_t i = 0; i < items && size != SIZE_MAX; i++) {
			size_t child = encoded_size(n->items[i], depth + 1);
			size = child == SIZE_MAX || child > SIZE_MAX - size ? SIZE_MAX : size + child;
		}
		return size;
	}
	return n->len > SIZE_MAX - size - 1 ? SIZE_MAX : size + n->len + 1;
}

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		*p++ = (uint8_t)(v >> (8 * i));
	return p;
}

static uint8_t *encode_node(const struct ynode *n, uint8_t *p)
{
	*p++ = n->type;
	*p++ = n->plain;
	p = put_u32(p, n->line);
	p = put_u32(p, n->column);
	if (n->type == YN_SEQ || n->type == YN_MAP) {
		uint32_t items = n->type == YN_MAP ? 2 * n->n : n->n;
		p = put_u32(p, items);
		for (uint32_t i = 0; i < items; i++)
			p = encode_node(n->items[i], p);
		return p;
	}
	p = put_u32(p, (uint32_t)n->len);
	if (n->len)
		memcpy(p, n->text, n->len);
	p[n->len] = '\0';
	return p + n->len + 1;
}

bool p1c_prof_tree_encode(const struct ynode *root, struct p1c_arena *arena, uint8_t **out,
			  size_t *len)
{
	size_t size = encoded_size(root, 0);
	uint8_t *buf = size == SIZE_MAX ? NULL : p1c_arena_alloc(arena, size);
	if (!buf)
		return false;
	*len = (size_t)(encode_node(root, buf) - buf);
	*out = buf;
	return *len == size;
}

struct tree_reader {
	const uint8_t *p, *end;
	struct p1c_arena *arena;
	uint32_t nodes;
};

static bool get_u32(struct tree_reader *r, uint32_t *v)
{
	if (r->end - r->p < 4)
		return false;
	*v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
	     (uint32_t)r->p[3] << 24;
	r->p += 4;
	return true;
}

static bool decode_node(struct tree_reader *r, unsigned depth, struct ynode **out);

static bool decode_items(struct tree_reader *r, struct ynode *n, unsigned depth)
{
	uint32_t items;
	if (!get_u32(r, &items) || (n->type == YN_MAP && items % 2) ||
	    items > (size_t)(r->end - r->p) / (NODE_HEAD + 4))
		return false;
	n->n = n->type == YN_MAP ? items / 2 : items;
	n->items = p1c_arena_array(r->arena, items ? items : 1, sizeof(*n->items));
	if (!n->items)
		return false;
	for (uint32_t i = 0; i < items; i++)
		P1C_TRY(decode_node(r, depth + 1, &n->items[i]));
	return true;
}

static bool decode_node(struct tree_reader *r, unsigned depth, struct ynode **out)
{
	if (depth > P1C_MAX_YAML_NESTING || ++r->nodes > P1C_MAX_YAML_NODES || r->end - r->p < 2)
		return false;
	struct ynode *n = p1c_arena_alloc(r->arena, sizeof(*n));
	if (!n || r->p[0] > YN_MAP || r->p[1] > 1)
		return false;
	n->type = r->p[0];
	n->plain = r->p[1];
	r->p += 2;
	P1C_TRY(get_u32(r, &n->line) && get_u32(r, &n->column));
	*out = n;
	if (n->type == YN_SEQ || n->type == YN_MAP)
		return decode_items(r, n, depth);
	uint32_t len;
	if (!get_u32(r, &len) || len >= (size_t)(r->end - r->p) || memchr(r->p, '\0', len) ||
	    r->p[len] != '\0')
		return false;
	n->len = len;
	n->text = (const char *)r->p;
	r->p += len + 1;
	return true;
}

bool p1c_prof_tree_decode(const uint8_t *bytes, size_t len, struct p1c_arena *arena,
			  struct ynode **out)
{
	struct tree_reader r = {bytes, bytes + len, arena, 0};
	return decode_node(&r, 0, out) && r.p == r.end;
}

bool p1c_prof_tree_equal(const struct ynode *a, const struct ynode *b)
{
	if (a->type != b->type || a->plain != b->plain || a->line != b->line ||
	    a->column != b->column || a->n != b->n)
		return false;
	if (a->type != YN_SEQ && a->type != YN_MAP)
		return a->len == b->len && memcmp(a->text, b->text, a->len) == 0 && !b->text[b->len];
	uint32_t items = a->type == YN_MAP ? 2 * a->n : a->n;
	for (uint32_t i = 0; i < items; i++)
		if (!p1c_prof_tree_equal(a->items[i], b->items[i]))
			return false;
	return true;
}
