/* Module decoder: every section, the cross-section checks, custom sections, components, and
 * the lookups/formatting. Modules are written in a small annotated hex notation (see build()):
 *   hex pairs       bytes
 *   'text'          the raw bytes of text
 *   { ... }         a u32 LEB128 of the enclosed length, then the enclosed bytes: section and
 *                   body sizes, vector-free names ({'env'} = 03 65 6e 76)
 *   ^               a mark: the offset of the next byte (a mark right before `{` is the size)
 *   # ...           a comment to the end of the line
 * Error tests put the first mark on the byte the error must point at, and check code, offset,
 * section, item and the exact message. */
#include <check.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/caps.h"
#include "wasm/module.h"
#include "hexmod.h"
#include "suites.h"

#define HDR "00 61 73 6d 01 00 00 00 "
#define TYPE_V_V "01 {01 60 00 00} " /* type 0: () -> () */

static struct hexmod hm; /* the module under test */
#define mbuf hm.buf
#define mlen hm.len
#define marks hm.marks
#define nmarks hm.nmarks
static struct p1c_arena arena;
static struct p1c_module m;
static struct p1c_error err;

static void build(const char *hex)
{
	hexmod_build(&hm, hex);
}

static bool parse_built(void)
{
	return p1c_module_parse(mbuf, 0, mlen, &arena, &m, &err);
}

static void ok(const char *hex)
{
	build(hex);
	ck_assert_msg(parse_built(), "unexpected error at 0x%llx (section %d item %u): %s",
		      (unsigned long long)err.offset, err.section, err.item, err.msg);
	ck_assert_int_eq(err.code, P1C_ERR_NONE);
}

static void check_error(const struct p1c_error *e, enum p1c_errcode code, int section,
			uint32_t item, const char *msg)
{
	ck_assert_msg(nmarks >= 1, "error test without a ^ mark");
	ck_assert_msg(e->code == code, "code %d (%s), expected %d", e->code, e->msg, code);
	ck_assert_msg(e->offset == marks[0], "offset 0x%llx, expected 0x%llx (%s)",
		      (unsigned long long)e->offset, (unsigned long long)marks[0], e->msg);
	ck_assert_int_eq(e->section, section);
	ck_assert_uint_eq(e->item, item);
	if (msg)
		ck_assert_str_eq(e->msg, msg);
}

static void fails(const char *hex, enum p1c_errcode code, int section, uint32_t item,
		  const char *msg)
{
	build(hex);
	ck_assert_msg(!parse_built(), "parsed, expected: %s", msg ? msg : "an error");
	check_error(&err, code, section, item, msg);
}

/* The module parses, with exactly one warning matching the first mark. */
static void warns(const char *hex, enum p1c_errcode code, uint32_t item, const char *msg)
{
	ok(hex);
	ck_assert_uint_eq(m.nwarnings, 1);
	check_error(&m.warnings[0], code, P1C_SEC_CUSTOM, item, msg);
}

static void setup(void)
{
	p1c_arena_init(&arena, 0);
}

static void teardown(void)
{
	p1c_arena_free_all(&arena);
}

static bool str_is(struct p1c_str s, const char *c)
{
	return p1c_str_eq(s, c);
}

static const char *ftype(uint32_t type_index)
{
	static char text[128];
	const struct p1c_functype *ft = p1c_module_type_func(&m, type_index);
	ck_assert_ptr_nonnull(ft);
	p1c_functype_format(text, sizeof(text), ft);
	return text;
}

/* ---- preamble, components, section framing ---- */

START_TEST(empty_module)
{
	ok(HDR);
	ck_assert_int_eq(m.format, P1C_FORMAT_CORE);
	ck_assert_uint_eq(m.version, 1);
	ck_assert_uint_eq(m.nsections, 0);
	ck_assert_uint_eq(m.nfuncs, 0);
	ck_assert_uint_eq(m.begin, 0);
	ck_assert_uint_eq(m.end, 8);
	ck_assert_ptr_eq(m.base, mbuf);
}
END_TEST

START_TEST(preamble_errors)
{
	fails("^", P1C_ERR_TRUNCATED, P1C_SECTION_NONE, P1C_ITEM_NONE,
	      "unexpected end of file: 0 bytes, the preamble needs 8");
	fails("00 61 73 ^", P1C_ERR_TRUNCATED, P1C_SECTION_NONE, P1C_ITEM_NONE, NULL);
	fails("00 61 73 6d 01 00 00 ^", P1C_ERR_TRUNCATED, P1C_SECTION_NONE, P1C_ITEM_NONE, NULL);
	fails("^00 61 73 6e 01 00 00 00", P1C_ERR_MALFORMED, P1C_SECTION_NONE, P1C_ITEM_NONE,
	      "bad magic number");
	fails("^7f 45 4c 46 02 01 01 00", P1C_ERR_MALFORMED, P1C_SECTION_NONE, P1C_ITEM_NONE,
	      "bad magic number");
	fails("^7f", P1C_ERR_MALFORMED, P1C_SECTION_NONE, P1C_ITEM_NONE, "bad magic number");
	fails("00 61 73 6d ^02 00 00 00", P1C_ERR_MALFORMED, P1C_SECTION_NONE, P1C_ITEM_NONE,
	      "unsupported version 0x2 (expected 1: core module, or 0x0d/layer 1: component)");
	fails("00 61 73 6d ^0c 00 01 00", P1C_ERR_MALFORMED, P1C_SECTION_NONE, P1C_ITEM_NONE,
	      "unsupported version 0xc, layer 1 (expected 1: core module, or 0x0d/layer 1: component)");
	/* a NULL base is an empty input */
	ck_assert(!p1c_module_parse(NULL, 0, 0, &arena, &m, &err));
	ck_assert_int_eq(err.code, P1C_ERR_TRUNCATED);
	ck_assert_uint_eq(err.offset, 0);
}
END_TEST

START_TEST(component_nested_modules)
{
	ok("00 61 73 6d 0d 00 01 00"
	   "00 {{'hi'}}"                                       /* custom */
	   "01 {^00 61 73 6d 01 00 00 00}"                     /* core module */
	   "07 {00 00}"                                        /* some other section */
	   "01 {^00 61 73 6d 01 00 00 00 01 {01 60 00 00}}"); /* core module with a type */
	ck_assert_int_eq(m.format, P1C_FORMAT_COMPONENT);
	ck_assert_uint_eq(m.version, 0x1000d);
	ck_assert_uint_eq(m.nnested, 2);
	ck_assert_uint_eq(m.nested[0].offset, marks[0]);
	ck_assert_uint_eq(m.nested[0].offset, 15);
	ck_assert_uint_eq(m.nested[0].size, 8);
	ck_assert_uint_eq(m.nested[1].offset, marks[1]);
	ck_assert_uint_eq(m.nested[1].size, 14);
	ck_assert_uint_eq(m.nsections, 0); /* component sections are not core sections */
	/* the nested module parses in place, with absolute offsets */
	uint64_t at = m.nested[1].offset;
	size_t size = m.nested[1].size;
	ck_assert(p1c_module_parse(mbuf, at, at + size, &arena, &m, &err));
	ck_assert_int_eq(m.format, P1C_FORMAT_CORE);
	ck_assert_uint_eq(m.begin, at);
	ck_assert_uint_eq(m.ntypes, 1);
	ck_assert_uint_eq(m.types[0].offset, at + 11);
	/* cut by one byte: the type section's size runs past the module's end */
	ck_assert(!p1c_module_parse(mbuf, at, at + size - 1, &arena, &m, &err));
	ck_assert_int_eq(err.code, P1C_ERR_TRUNCATED);
	ck_assert_uint_eq(err.offset, at + 9);
	ck_assert_int_eq(err.section, P1C_SEC_TYPE);
	ck_assert_str_eq(err.msg, "section size 4 past end of module (3 bytes left)");
}
END_TEST

START_TEST(component_errors)
{
	fails("00 61 73 6d 0d 00 01 00 01 ^09 00 61", P1C_ERR_TRUNCATED, P1C_SECTION_NONE,
	      P1C_ITEM_NONE, "section size 9 past end of file (2 bytes left)");
	fails("00 61 73 6d 0d 00 01 00 01 80 ^", P1C_ERR_TRUNCATED, P1C_SECTION_NONE, P1C_ITEM_NONE,
	      "unexpected end");
	ck_assert_uint_eq(err.offset, 10);
}
END_TEST

START_TEST(section_order_and_ids)
{
	fails(HDR "03 {00} ^01 {00}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, P1C_ITEM_NONE,
	      "type section out of order (after the function section)");
	fails(HDR "01 {00} ^01 {00}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, P1C_ITEM_NONE,
	      "duplicate type section");
	fails(HDR "06 {00} ^0d {00}", P1C_ERR_MALFORMED, P1C_SEC_TAG, P1C_ITEM_NONE,
	      "tag section out of order (after the global section)");
	fails(HDR "0a {00} ^0c {00}", P1C_ERR_MALFORMED, P1C_SEC_DATACOUNT, P1C_ITEM_NONE,
	      "data count section out of order (after the code section)");
	fails(HDR "0b {00} ^0a {00}", P1C_ERR_MALFORMED, P1C_SEC_CODE, P1C_ITEM_NONE,
	      "code section out of order (after the data section)");
	fails(HDR "00 {{'a'}} ^0e 00", P1C_ERR_MALFORMED, 14, P1C_ITEM_NONE,
	      "unknown section id 0x0e");
	fails(HDR "^ff 00", P1C_ERR_MALFORMED, 0xff, P1C_ITEM_NONE, "unknown section id 0xff");
	/* the full order, with tag between memory and global, data count before code */
	ok(HDR "00 {{'a'}} 01 {00} 02 {00} 03 {00} 04 {00} 05 {00} 0d {00} 06 {00} 07 {00}"
	       "00 {{'b'}} 09 {00} 0c {00} 0a {00} 0b {00} 00 {{'c'}}");
	ck_assert_uint_eq(m.nsections, 15);
	ck_assert_uint_eq(m.sections[0].id, P1C_SEC_CUSTOM);
	ck_assert(str_is(m.sections[0].name, "a"));
	ck_assert_uint_eq(m.sections[0].offset, 8);
	ck_assert_uint_eq(m.sections[0].payload_offset, 10);
	ck_assert_uint_eq(m.sections[0].size, 2);
	ck_assert_uint_eq(m.sections[6].id, P1C_SEC_TAG);
	ck_assert_uint_eq(m.sections[11].id, P1C_SEC_DATACOUNT);
	ck_assert(str_is(m.sections[14].name, "c"));
}
END_TEST

START_TEST(section_sizes)
{
	fails(HDR "01 ^10 01 60", P1C_ERR_TRUNCATED, P1C_SEC_TYPE, P1C_ITEM_NONE,
	      "section size 16 past end of file (2 bytes left)");
	fails(HDR "01 05 01 60 00 00 ^ff", P1C_ERR_MALFORMED, P1C_SEC_TYPE, P1C_ITEM_NONE,
	      "section size mismatch: 1 unread byte(s) at the end of the type section");
	fails(HDR "01 {01 60 01 7f ^}", P1C_ERR_TRUNCATED, P1C_SEC_TYPE, 0,
	      "unexpected end of type section");
	fails(HDR "01 ^", P1C_ERR_TRUNCATED, P1C_SEC_TYPE, P1C_ITEM_NONE, "unexpected end");
	fails(HDR "01 ff ff ff ff ^1f", P1C_ERR_MALFORMED, P1C_SEC_TYPE, P1C_ITEM_NONE,
	      "integer too large");
	/* padded section sizes are fine */
	ok(HDR "01 84 80 80 80 00 01 60 00 00");
	ck_assert_uint_eq(m.ntypes, 1);
	ck_assert_uint_eq(m.sections[0].payload_offset, 14);
}
END_TEST

START_TEST(huge_counts_fail_before_allocating)
{
	p1c_arena_free_all(&arena);
	p1c_arena_init(&arena, 4096); /* far less than 50000 imports would need */
	fails(HDR TYPE_V_V "02 {^d0 86 03 00 00 00}", P1C_ERR_TRUNCATED, P1C_SEC_IMPORT,
	      P1C_ITEM_NONE, "import count 50000 exceeds what the section can hold (3 bytes left)");
	ck_assert_uint_lt(arena.total, 4096);
	fails(HDR "02 {^ff ff ff ff 0f}", P1C_ERR_LIMIT, P1C_SEC_IMPORT, P1C_ITEM_NONE,
	      "too many imports: 4294967295 (limit 100000)");
	fails(HDR "01 {^ff ff ff 7f}", P1C_ERR_LIMIT, P1C_SEC_TYPE, P1C_ITEM_NONE,
	      "too many types: 268435455 (limit 1000000)");
	fails(HDR "01 {^ff ff 03}", P1C_ERR_TRUNCATED, P1C_SEC_TYPE, P1C_ITEM_NONE,
	      "type count 65535 exceeds what the section can hold (0 bytes left)");
	fails(HDR TYPE_V_V "03 {^ff ff 03 00 00}", P1C_ERR_TRUNCATED, P1C_SEC_FUNCTION,
	      P1C_ITEM_NONE, "function count 65535 exceeds what the section can hold (2 bytes left)");
	fails(HDR "07 {^80 80 04 00}", P1C_ERR_TRUNCATED, P1C_SEC_EXPORT, P1C_ITEM_NONE,
	      "export count 65536 exceeds what the section can hold (1 bytes left)");
	fails(HDR "0b {^80 80 04 00}", P1C_ERR_TRUNCATED, P1C_SEC_DATA, P1C_ITEM_NONE,
	      "data segment count 65536 exceeds what the section can hold (1 bytes left)");
	ck_assert_uint_lt(arena.total, 4096);
}
END_TEST

START_TEST(out_of_memory)
{
	p1c_arena_free_all(&arena);
	p1c_arena_init(&arena, 64);
	fails(HDR "01 {^01 60 00 00}", P1C_ERR_NOMEM, P1C_SEC_TYPE, P1C_ITEM_NONE, "out of memory");
}
END_TEST

/* ---- type section ---- */

START_TEST(func_types)
{
	ok(HDR "01 {06"
	       " ^60 02 7f 7f 01 7f"
	       " 60 00 00"
	       " 60 01 7f 02 7f 7e"
	       " 60 03 7d 7c 7b 00"
	       " 60 03 70 6f 69 01 63 00"
	       " 60 02 64 70 63 6f 01 64 05}");
	ck_assert_uint_eq(m.ntypes, 6);
	ck_assert_str_eq(ftype(0), "(i32 i32) -> i32");
	ck_assert_str_eq(ftype(1), "() -> ()");
	ck_assert_str_eq(ftype(2), "(i32) -> (i32 i64)");
	ck_assert_str_eq(ftype(3), "(f32 f64 v128) -> ()");
	ck_assert_str_eq(ftype(4), "(funcref externref exnref) -> (ref null 0)");
	ck_assert_str_eq(ftype(5), "((ref func) externref) -> (ref 5)");
	for (uint32_t i = 0; i < 6; i++) {
		ck_assert_uint_eq(m.types[i].form, P1C_TYPE_FUNC);
		ck_assert(!m.types[i].gc_syntax);
		ck_assert_uint_eq(m.types[i].rec_group, i);
		ck_assert_uint_eq(m.types[i].rec_size, 1);
	}
	ck_assert_uint_eq(m.types[0].offset, marks[0]);
	ck_assert_uint_eq(m.types[4].func.results[0].code, P1C_VT_REF_NULL);
	ck_assert_int_eq(m.types[4].func.results[0].heap, 0);
	ck_assert_uint_eq(m.types[5].func.params[0].code, P1C_VT_REF);
	ck_assert_int_eq(m.types[5].func.params[0].heap, -0x10);
	ck_assert_ptr_null(p1c_module_type_func(&m, 6));
}
END_TEST

START_TEST(gc_types)
{
	ok(HDR "01 {03"
	       " 4e 02 5f 01 7f 00 5e 78 01"              /* rec { struct {i32}, array (mut i8) } */
	       " 50 01 00 5f 01 7f 00"                    /* sub 0 struct {i32} */
	       " 4e 02 5f 01 63 04 01 4f 00 60 00 01 64 03}"); /* rec: forward reference to 4 */
	ck_assert_uint_eq(m.ntypes, 5);
	static const uint8_t forms[5] = {P1C_TYPE_STRUCT, P1C_TYPE_ARRAY, P1C_TYPE_STRUCT,
					 P1C_TYPE_STRUCT, P1C_TYPE_FUNC};
	static const uint32_t groups[5] = {0, 0, 1, 2, 2}, sizes[5] = {2, 2, 1, 2, 2};
	for (uint32_t i = 0; i < 5; i++) {
		ck_assert_uint_eq(m.types[i].form, forms[i]);
		ck_assert(m.types[i].gc_syntax);
		ck_assert_uint_eq(m.types[i].rec_group, groups[i]);
		ck_assert_uint_eq(m.types[i].rec_size, sizes[i]);
	}
	ck_assert_ptr_null(p1c_module_type_func(&m, 0));
	ck_assert_str_eq(ftype(4), "() -> (ref 3)");
	/* a plain struct outside rec/sub is still a struct, without the GC type syntax */
	ok(HDR "01 {01 5f 02 78 00 77 01}");
	ck_assert_uint_eq(m.types[0].form, P1C_TYPE_STRUCT);
	ck_assert(!m.types[0].gc_syntax);
}
END_TEST

START_TEST(type_errors)
{
	fails(HDR "01 {01 60 01 63 ^01 00}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, 0,
	      "type index 1 out of range (1 types)");
	fails(HDR "01 {01 4e 02 60 01 63 ^02 00 60 00 00}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, 0,
	      "type index 2 out of range (2 types)");
	fails(HDR "01 {01 50 01 ^00 5f 00}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, 0,
	      "supertype 0 must be an earlier type");
	fails(HDR "01 {01 ^61 00 00}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, 0,
	      "invalid type form 0x61");
	fails(HDR "01 {02 60 00 00 60 01 ^7a 00}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, 1,
	      "invalid value type 0x7a");
	fails(HDR "01 {01 60 01 63 ^40 00}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, 0,
	      "invalid heap type 0x40");
	fails(HDR "01 {01 60 ^e9 07 00}", P1C_ERR_LIMIT, P1C_SEC_TYPE, 0,
	      "too many params: 1001 (limit 1000)");
	fails(HDR "01 {01 5f 01 7f ^02}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, 0,
	      "invalid field mutability 0x02");
	fails(HDR "01 {02 4e 01 60 00 00 4e 01 50 ^02 00 00 5f 00}", P1C_ERR_LIMIT, P1C_SEC_TYPE, 1,
	      "too many supertypes: 2 (limit 1)");
	/* items are type indices, counting every member of earlier rec groups */
	fails(HDR "01 {02 4e 02 60 00 00 60 00 00 ^62}", P1C_ERR_MALFORMED, P1C_SEC_TYPE, 2,
	      "invalid type form 0x62");
}
END_TEST

/* custom-descriptors' type rules (WebAssembly/custom-descriptors proposals/custom-descriptors/
 * Overview.md, "Custom Descriptor Definitions"): each is P1C_ERR_INVALID at the index byte it
 * concerns, with the offending type as the item. LEBs are written overlong where the offset
 * of a later index depends on the length of an earlier one. */
START_TEST(custom_descriptor_rules)
{
	/* Valid: a pair; a chain (type 1 has both clauses); the subtyping the text allows. */
	ok(HDR "01 {01 4e 02 4d 01 5f 00 4c 00 5f 00}");
	ok(HDR "01 {01 4e 03 4d 01 5f 00 4c 00 4d 02 5f 00 4c 01 5f 00}");
	ok(HDR "01 {01 4e 04 50 00 4d 01 5f 00 50 00 4c 00 5f 00"
	       "          50 01 00 4d 03 5f 00 50 01 01 4c 02 5f 00}");
	ok(HDR "01 {02 50 00 5f 00 4e 02 50 01 00 4d 02 5f 00 4c 01 5f 00}");
	/* Types 2 and 3 repeat the rec group of types 0 and 1, so they are the same types: $sub's
	 * descriptor (type 5, a subtype of type 3) is a subtype of $super's (type 1). */
	ok(HDR "01 {03 4e 02 50 00 4d 01 5f 00 50 00 4c 00 5f 00 4e 02 50 00 4d 03 5f 00 50 00 4c 02 5f 00"
	       "          4e 02 50 01 00 4d 05 5f 00 50 01 03 4c 04 5f 00}");
	/* A describes clause names an earlier type. */
	fails(HDR "01 {01 4c ^00 5f 00}", P1C_ERR_INVALID, P1C_SEC_TYPE, 0,
	      "described type 0 must be an earlier type");
	/* Clauses only on struct types. */
	fails(HDR "01 {01 4e 02 ^4d 01 5e 78 00 4c 00 5f 00}", P1C_ERR_INVALID, P1C_SEC_TYPE, 0,
	      "descriptor clause on type 0, which is not a struct type");
	fails(HDR "01 {01 4e 02 4d 01 5f 00 ^4c 00 60 00 00}", P1C_ERR_INVALID, P1C_SEC_TYPE, 1,
	      "describes clause on type 1, which is not a struct type");
	/* The two clauses name each other. */
	fails(HDR "01 {01 4e 03 5f 00 4d ^02 5f 00 4c 00 5f 00}", P1C_ERR_INVALID, P1C_SEC_TYPE, 1,
	      "descriptor type 2 of type 1 has no (describes 1) clause");
	fails(HDR "01 {01 4e 02 5f 00 4c ^00 5f 00}", P1C_ERR_INVALID, P1C_SEC_TYPE, 1,
	      "described type 0 of type 1 has no (descriptor 1) clause");
	fails(HDR "01 {01 4e 03 4d 01 5f 00 4c 80 00 4d ^82 00 5f 00 5f 00}", P1C_ERR_INVALID,
	      P1C_SEC_TYPE, 1, "descriptor type 2 of type 1 has no (describes 1) clause");
	/* Subtyping: descriptor clauses. */
	fails(HDR "01 {01 4e 04 50 00 4d 01 5f 00 50 00 4c 00 5f 00"
		  "          50 81 00 ^80 00 4d 83 00 5f 00 4c 02 5f 00}",
	      P1C_ERR_INVALID, P1C_SEC_TYPE, 2,
	      "supertype 0 has (descriptor 1), but descriptor type 3 is not a subtype of type 1");
	/* The same in rec groups of 3: types 2 and 3 are no longer the same types as 0 and 1 (nor
	 * is type 6, in a group of another size). */
	fails(HDR "01 {03 4e 02 50 00 4d 01 5f 00 50 00 4c 00 5f 00"
		  "          4e 03 50 00 4d 03 5f 00 50 00 4c 02 5f 00 5f 00"
		  "          4e 03 50 01 ^00 4d 06 5f 00 50 01 03 4c 05 5f 00 5f 00}",
	      P1C_ERR_INVALID, P1C_SEC_TYPE, 5,
	      "supertype 0 has (descriptor 1), but descriptor type 6 is not a subtype of type 1");
	fails(HDR "01 {01 4e 03 50 00 4d 01 5f 00 50 00 4c 00 5f 00 50 01 ^00 5f 00}",
	      P1C_ERR_INVALID, P1C_SEC_TYPE, 2, "supertype 0 has a descriptor clause, its subtype none");
	/* Subtyping: describes clauses. */
	fails(HDR "01 {01 4e 04 50 00 4d 01 5f 00 50 00 4c 00 5f 00 4d 03 5f 00"
		  "          50 01 ^01 4c 02 5f 00}",
	      P1C_ERR_INVALID, P1C_SEC_TYPE, 3,
	      "supertype 1 has (describes 0), but described type 2 is not a subtype of type 0");
	fails(HDR "01 {01 4e 03 50 00 5f 00 4d 02 5f 00 50 01 ^00 4c 01 5f 00}", P1C_ERR_INVALID,
	      P1C_SEC_TYPE, 2, "supertype 0 of a type with a describes clause has none");
	fails(HDR "01 {01 4e 03 50 00 4d 01 5f 00 50 00 4c 00 5f 00 50 01 ^01 5f 00}",
	      P1C_ERR_INVALID, P1C_SEC_TYPE, 2, "supertype 1 has a describes clause, its subtype none");
}
END_TEST

/* ---- imports ---- */

#define IMPORTS_MODULE                                                                             \
	HDR "01 {03 60 02 7f 7f 01 7f 60 01 7f 00 60 01 7e 00}"                                    \
	    "02 {06"                                                                               \
	    " ^{'wasi_snapshot_preview1'} {'fd_close'} 00 00"                                     \
	    " ^{'env'} {'t'} 01 70 01 01 0a"                                                      \
	    " {'env'} {'memory'} 02 00 01"                                                        \
	    " {'env'} {'g'} 03 7f 01"                                                             \
	    " {'env'} {'e'} 04 00 01"                                                             \
	    " {'m'} {'f2'} 00 02}"

START_TEST(imports_every_kind)
{
	ok(IMPORTS_MODULE); /* the same bytes as wat2wasm --enable-exceptions writes */
	ck_assert_uint_eq(m.nimports, 6);
	const struct p1c_import *im = m.imports;
	ck_assert(str_is(im[0].module, "wasi_snapshot_preview1"));
	ck_assert(str_is(im[0].name, "fd_close"));
	ck_assert_uint_eq(im[0].offset, 0x1c);
	ck_assert_uint_eq(im[0].offset, marks[0]);
	ck_assert_uint_eq(im[1].offset, marks[1]);
	ck_assert_uint_eq(im[0].kind, P1C_EXTERN_FUNC);
	ck_assert_uint_eq(im[0].kind_index, 0);
	ck_assert_uint_eq(im[0].type_index, 0);
	ck_assert_uint_eq(im[1].kind, P1C_EXTERN_TABLE);
	ck_assert_uint_eq(m.tables[im[1].kind_index].type.elem.code, P1C_VT_FUNCREF);
	ck_assert(m.tables[im[1].kind_index].type.limits.has_max);
	ck_assert_uint_eq(m.tables[im[1].kind_index].type.limits.min, 1);
	ck_assert_uint_eq(m.tables[im[1].kind_index].type.limits.max, 10);
	ck_assert_uint_eq(im[2].kind, P1C_EXTERN_MEMORY);
	ck_assert(!m.memories[im[2].kind_index].limits.has_max);
	ck_assert_uint_eq(m.memories[im[2].kind_index].limits.min, 1);
	ck_assert_uint_eq(m.memories[im[2].kind_index].limits.page_size_log2, 16);
	ck_assert_uint_eq(im[3].kind, P1C_EXTERN_GLOBAL);
	ck_assert_uint_eq(m.globals[im[3].kind_index].type.type.code, P1C_VT_I32);
	ck_assert(m.globals[im[3].kind_index].type.mutable_);
	ck_assert(m.tables[0].imported && m.memories[0].imported && m.globals[0].imported);
	ck_assert_uint_eq(im[4].kind, P1C_EXTERN_TAG);
	ck_assert_uint_eq(im[4].type_index, 1);
	ck_assert_uint_eq(im[5].kind, P1C_EXTERN_FUNC);
	ck_assert_uint_eq(im[5].kind_index, 1);
	/* index spaces: imported entries first */
	ck_assert_uint_eq(m.nfuncs, 2);
	ck_assert_uint_eq(m.nfunc_imports, 2);
	ck_assert_uint_eq(m.func_types[1], 2);
	ck_assert_uint_eq(m.func_import[0], 0);
	ck_assert_uint_eq(m.func_import[1], 5);
	ck_assert_uint_eq(m.ntables, 1);
	ck_assert(m.tables[0].imported);
	ck_assert_uint_eq(m.tables[0].offset, marks[1]);
	ck_assert_uint_eq(m.nmemories, 1);
	ck_assert(m.memories[0].imported);
	ck_assert_uint_eq(m.nglobals, 1);
	ck_assert(m.globals[0].type.mutable_);
	ck_assert_uint_eq(m.ntags, 1);
	ck_assert_uint_eq(m.ntag_imports, 1);
	ck_assert_uint_eq(m.tag_types[0], 1);
	char text[64];
	p1c_functype_format(text, sizeof(text), p1c_module_func_type(&m, 1));
	ck_assert_str_eq(text, "(i64) -> ()");
	ck_assert(str_is(p1c_module_func_name(&m, 0), "fd_close"));
	ck_assert(str_is(p1c_module_func_name(&m, 1), "f2"));
	ck_assert_ptr_null(p1c_module_func_type(&m, 2));
}
END_TEST

START_TEST(import_errors)
{
	fails(HDR TYPE_V_V "02 {01 {'m'} {} ^7f 01 {'a'} 00 00}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT,
	      0, "compact import encoding (0x7f group) is not supported by p1 runtimes");
	fails(HDR TYPE_V_V "02 {02 {'m'} {'x'} 00 00 {'m'} {} ^7e 00 00 01 {'a'}}",
	      P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 1,
	      "compact import encoding (0x7e group) is not supported by p1 runtimes");
	fails(HDR TYPE_V_V "02 {01 {'m'} {'f'} ^05 00}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "invalid import kind 0x05");
	fails(HDR TYPE_V_V "02 {01 {'m'} {'f'} 00 ^05}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "type index 5 out of range (1 types)");
	fails(HDR "01 {01 5f 00} 02 {01 {'m'} {'f'} 00 ^00}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "type 0 is not a function type");
	fails(HDR "02 {01 {'m'} {'f'} 00 ^00}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "type index 0 out of range (0 types)");
	fails(HDR "02 {01 {'m'} {'m'} 02 ^10 01}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "invalid limits flags 0x10");
	fails(HDR "02 {01 {'m'} {'t'} 01 70 ^08 01}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "invalid limits flags 0x08");
	fails(HDR "02 {01 {'m'} {'t'} 01 ^7f 00 01}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "invalid reference type 0x7f");
	fails(HDR "02 {01 {'m'} {'g'} 03 7f ^02}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "invalid global mutability 0x02");
	fails(HDR TYPE_V_V "02 {01 {'m'} {'e'} 04 ^01 00}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "invalid tag attribute 0x01");
	fails(HDR "02 {01 {^c3 28} {'f'} 00 00}", P1C_ERR_MALFORMED, P1C_SEC_IMPORT, 0,
	      "invalid UTF-8 in name (byte 0xc3)");
}
END_TEST

START_TEST(truncated_import_keeps_what_was_read)
{
	fails(HDR TYPE_V_V "02 {02 {'env'} {'f'} 00 00 05 'en' ^}", P1C_ERR_TRUNCATED,
	      P1C_SEC_IMPORT, 1, "unexpected end of import section");
	ck_assert_uint_eq(m.nimports, 1);
	ck_assert_uint_eq(m.nfuncs, 1); /* counts match the arrays */
	ck_assert_uint_eq(m.nfunc_imports, 1);
	ck_assert(str_is(p1c_module_func_name(&m, 0), "f"));
	ck_assert_uint_eq(m.ntypes, 1);
}
END_TEST

/* ---- limits, tables, memories ---- */

START_TEST(memory_limits)
{
	ok(HDR "05 {06"
	       " 00 01"                      /* min 1 */
	       " 03 01 02"                   /* shared 1..2 */
	       " 04 80 80 80 80 10"          /* i64, min 2^32 */
	       " 05 01 80 80 80 80 20"       /* i64, 1..2^33 */
	       " 09 01 02 00"                /* 1..2, page size 2^0 */
	       " 0c 00 10}");               /* i64, min 0, page size 2^16 */
	ck_assert_uint_eq(m.nmemories, 6);
	const struct p1c_limits *l = &m.memories[0].limits;
	ck_assert(!l->has_max && !l->shared && !l->is64 && !l->custom_page_size);
	ck_assert_uint_eq(l->min, 1);
	ck_assert_uint_eq(l->page_size_log2, 16);
	l = &m.memories[1].limits;
	ck_assert(l->has_max && l->shared && !l->is64);
	ck_assert_uint_eq(l->max, 2);
	ck_assert_uint_eq(l->flags, 3);
	l = &m.memories[2].limits;
	ck_assert(l->is64 && !l->has_max);
	ck_assert_uint_eq(l->min, (uint64_t)1 << 32);
	l = &m.memories[3].limits;
	ck_assert(l->is64 && l->has_max);
	ck_assert_uint_eq(l->max, (uint64_t)1 << 33);
	l = &m.memories[4].limits;
	ck_assert(l->custom_page_size && l->has_max);
	ck_assert_uint_eq(l->page_size_log2, 0);
	ck_assert_uint_eq(l->max, 2);
	l = &m.memories[5].limits;
	ck_assert(l->custom_page_size && l->is64);
	ck_assert_uint_eq(l->page_size_log2, 16);
	ck_assert(!m.memories[0].imported);
	ck_assert_uint_eq(m.memories[0].offset, 11);
}
END_TEST

START_TEST(memory_errors)
{
	fails(HDR "05 {01 08 01 ^0c}", P1C_ERR_INVALID, P1C_SEC_MEMORY, 0,
	      "invalid custom page size log2 12 (only 0 and 16 are valid)");
	fails(HDR "05 {02 00 01 ^10 01}", P1C_ERR_MALFORMED, P1C_SEC_MEMORY, 1,
	      "invalid limits flags 0x10");
	/* Wasm 3.0 (5.2.4): limits are u64 LEBs for every address type; a bound past what a
	 * 32-bit memory can address is a validation error at the limits, not "integer too large" */
	fails(HDR "05 {01 ^00 ff ff ff ff 1f}", P1C_ERR_INVALID, P1C_SEC_MEMORY, 0,
	      "memory limit 8589934591 over the 32-bit maximum of 65536 pages");
	fails(HDR "05 {01 ^00 80 80 80 80 10}", P1C_ERR_INVALID, P1C_SEC_MEMORY, 0, NULL);
	fails(HDR "05 {01 ^01 81 80 04 81 80 04}", P1C_ERR_INVALID, P1C_SEC_MEMORY, 0,
	      "memory limit 65537 over the 32-bit maximum of 65536 pages");
	fails(HDR "05 {01 ^01 03 02}", P1C_ERR_INVALID, P1C_SEC_MEMORY, 0,
	      "memory limits: minimum 3 larger than maximum 2");
	fails(HDR "04 {01 70 ^01 05 04}", P1C_ERR_INVALID, P1C_SEC_TABLE, 0,
	      "table limits: minimum 5 larger than maximum 4");
	/* page size 1 (log2 0): a 32-bit memory may then have 2^32 pages, not one more */
	fails(HDR "05 {01 ^08 81 80 80 80 10 00}", P1C_ERR_INVALID, P1C_SEC_MEMORY, 0,
	      "memory limit 4294967297 over the 32-bit maximum of 4294967296 pages");
	fails(HDR "05 {^e5 00 00 01}", P1C_ERR_LIMIT, P1C_SEC_MEMORY, P1C_ITEM_NONE,
	      "too many memories: 101 (limit 100)");
}
END_TEST

/* A valid 32-bit limit in a 6-byte LEB (1 = 81 80 80 80 80 00) and the largest ones. */
START_TEST(limits_u64_leb)
{
	ok(HDR "05 {02 01 81 80 80 80 80 00 80 80 04 08 80 80 80 80 10 00}");
	ck_assert_uint_eq(m.nmemories, 2);
	ck_assert_uint_eq(m.memories[0].limits.min, 1);
	ck_assert_uint_eq(m.memories[0].limits.max, 65536);
	ck_assert_uint_eq(m.memories[1].limits.min, 1ull << 32);
}
END_TEST

START_TEST(tables)
{
	ok(HDR "04 {03"
	       " ^70 00 01"
	       " 6f 05 00 80 80 80 80 10"      /* externref, table64 0..2^32 */
	       " 40 00 70 00 01 d0 70 0b}");  /* with an init expression */
	ck_assert_uint_eq(m.ntables, 3);
	ck_assert_uint_eq(m.tables[0].offset, marks[0]);
	ck_assert_uint_eq(m.tables[0].type.elem.code, P1C_VT_FUNCREF);
	ck_assert_uint_eq(m.tables[1].type.elem.code, P1C_VT_EXTERNREF);
	ck_assert(m.tables[1].type.limits.is64);
	ck_assert_uint_eq(m.tables[1].type.limits.max, (uint64_t)1 << 32);
	ck_assert(m.tables[2].type.has_init_expr);
	ck_assert(!m.tables[0].type.has_init_expr);
	fails(HDR "04 {01 40 ^01 70 00 01 d0 70 0b}", P1C_ERR_MALFORMED, P1C_SEC_TABLE, 0,
	      "invalid table encoding 0x40 0x01 (expected 0x40 0x00)");
	fails(HDR "04 {01 70 ^0c 01}", P1C_ERR_MALFORMED, P1C_SEC_TABLE, 0,
	      "invalid limits flags 0x0c");
	/* imported then defined: one index space */
	ok(HDR "02 {01 {'env'} {'t'} 01 70 00 01} 04 {01 6f 00 02}");
	ck_assert_uint_eq(m.ntables, 2);
	ck_assert_uint_eq(m.ntable_imports, 1);
	ck_assert(m.tables[0].imported);
	ck_assert(!m.tables[1].imported);
	ck_assert_uint_eq(m.tables[1].type.limits.min, 2);
}
END_TEST

/* ---- functions and code ---- */

START_TEST(code_bodies)
{
	ok(HDR "01 {01 60 02 7f 7f 01 7f}"
	       "02 {01 {'m'} {'f'} 00 00}"
	       "03 {02 00 00}"
	       "0a {02 ^{02 03 7f 01 7e ^20 00 0b} ^{00 ^20 01 0b}}");
	ck_assert_uint_eq(m.nfuncs, 3);
	ck_assert_uint_eq(m.nbodies, 2);
	const struct p1c_body *b = m.bodies;
	ck_assert_uint_eq(b[0].code_offset, marks[1]);
	ck_assert_uint_eq(b[0].end, marks[2]);
	ck_assert_uint_eq(b[0].nlocals, 2 + 4); /* (i32, i32) params, 3 + 1 declared */
	ck_assert_uint_eq(b[1].code_offset, marks[3]);
	ck_assert_uint_eq(b[1].end, mlen);
	ck_assert_uint_eq(b[1].nlocals, 2);
	ck_assert_uint_eq(m.code_size, 15);
	ck_assert_uint_eq(m.func_types[2], 0);
	ck_assert(m.bodies_checked); /* both end with 0x0b: the body decoder relies on it */
	/* padded body size and local count */
	ok(HDR TYPE_V_V "03 {01 00} 0a {01 85 80 80 80 00 80 80 00 01 0b}");
	ck_assert_uint_eq(m.bodies[0].code_offset, m.bodies[0].end - 2);
}
END_TEST

START_TEST(code_errors)
{
	fails(HDR TYPE_V_V "03 {02 00 00} 0a {^01 {00 0b}}", P1C_ERR_MALFORMED, P1C_SEC_CODE,
	      P1C_ITEM_NONE,
	      "code section has 1 function bodies but the function section declares 2 functions");
	fails(HDR TYPE_V_V "03 {^01 00}", P1C_ERR_MALFORMED, P1C_SEC_FUNCTION, P1C_ITEM_NONE,
	      "function section declares 1 functions but there is no code section");
	fails(HDR TYPE_V_V "0a {^01 {00 0b}}", P1C_ERR_MALFORMED, P1C_SEC_CODE, P1C_ITEM_NONE,
	      "code section has 1 function bodies but the function section declares 0 functions");
	/* errors in bodies name the function index (imports come first) */
	fails(HDR TYPE_V_V "02 {01 {'m'} {'f'} 00 00} 03 {01 00} 0a {01 ^10 00 0b}",
	      P1C_ERR_TRUNCATED, P1C_SEC_CODE, 1,
	      "function body 1 size 16 past end of code section (2 bytes left)");
	fails(HDR TYPE_V_V "03 {02 00 00} 0a {02 {00 0b} {01 ^d1 86 03 7f 0b}}", P1C_ERR_LIMIT,
	      P1C_SEC_CODE, 1, "function 1 has too many locals: 50001 (limit 50000)");
	fails(HDR TYPE_V_V "03 {02 00 00} 0a {02 {00 0b} {02 80 80 02 7f ^80 80 02 7e 0b}}",
	      P1C_ERR_LIMIT, P1C_SEC_CODE, 1, "function 1 has too many locals: 65536 (limit 50000)");
	/* the JS API's locals limit counts the parameters: (i32 i32) and 49999 locals is one
	 * over, 49998 fit (V8 in Node 20 agrees) */
	fails(HDR "01 {01 60 02 7f 7f 00} 03 {01 00} 0a {01 {01 ^cf 86 03 7f 0b}}", P1C_ERR_LIMIT,
	      P1C_SEC_CODE, 0, "function 0 has too many locals: 50001 with its 2 parameters (limit 50000)");
	ok(HDR "01 {01 60 02 7f 7f 00} 03 {01 00} 0a {01 {01 ce 86 03 7f 0b}}");
	fails(HDR TYPE_V_V "03 {01 00} 0a {01 {00 ^01}}", P1C_ERR_MALFORMED, P1C_SEC_CODE, 0,
	      "function body 0 does not end with 0x0b (end)");
	fails(HDR TYPE_V_V "03 {01 00} 0a {01 {02 01 7f 81 80 ^}}", P1C_ERR_TRUNCATED, P1C_SEC_CODE, 0,
	      "unexpected end of function body 0");
	fails(HDR TYPE_V_V "03 {01 00} 0a {01 {^02 01 7f}}", P1C_ERR_TRUNCATED, P1C_SEC_CODE, 0,
	      "local declaration count 2 exceeds what the section can hold (2 bytes left)");
	fails(HDR TYPE_V_V "03 {01 00} 0a {01 {01 01 7f ^}}", P1C_ERR_TRUNCATED, P1C_SEC_CODE, 0,
	      "unexpected end of function body 0 (no instructions)");
	fails(HDR TYPE_V_V "03 {01 00} 0a {01 {01 01 ^7a 0b}}", P1C_ERR_MALFORMED, P1C_SEC_CODE, 0,
	      "invalid value type 0x7a");
	fails(HDR TYPE_V_V "03 {02 00 ^01}", P1C_ERR_MALFORMED, P1C_SEC_FUNCTION, 1,
	      "type index 1 out of range (1 types)");
}
END_TEST

/* ---- globals and constant expressions ---- */

/* i32.const values in one to five LEB bytes (s32, spec 5.2.2): the short forms are decoded in
 * place, the five-byte one by the reader; each value worked out from its 7-bit groups. */
START_TEST(const_expr_i32_lengths)
{
	ok(HDR "06 {09"
	       " 7f 00 41 80 01 0b"          /* 0x00 + 0x01 << 7 = 128 */
	       " 7f 00 41 ff 00 0b"          /* 127, padded to two bytes */
	       " 7f 00 41 40 0b"             /* bit 6 set in the last group: -64 */
	       " 7f 00 41 bf 7f 0b"          /* 0x3f + 0x7f << 7 = 0x3fbf, sign bit 13: -65 */
	       " 7f 00 41 ff ff ff 3f 0b"    /* 28 bits, bit 27 clear: 2^27 - 1 */
	       " 7f 00 41 80 80 80 40 0b"    /* bit 27 set: -2^27 */
	       " 7f 00 41 ff ff ff 7f 0b"    /* 28 one bits: -1 */
	       " 7f 00 41 80 80 80 80 78 0b" /* five bytes: -2^31 */
	       " 7f 00 41 ff ff ff ff 07 0b}"); /* five bytes: 2^31 - 1 */
	static const int64_t want[] = {128, 127, -64, -65, 134217727, -134217728, -1,
				       INT32_MIN, INT32_MAX};
	static const uint32_t size[] = {4, 4, 3, 4, 6, 6, 6, 7, 7};
	ck_assert_uint_eq(m.nglobals, 9);
	for (uint32_t i = 0; i < 9; i++) {
		ck_assert(m.globals[i].init.is_const);
		ck_assert_int_eq(m.globals[i].init.value, want[i]);
		ck_assert_uint_eq(m.globals[i].init.size, size[i]);
		ck_assert_uint_eq(m.globals[i].init.ref_func, P1C_NO_INDEX);
	}
}
END_TEST

START_TEST(globals_and_const_exprs)
{
	ok(HDR "01 {02 60 00 01 7f 5f 00}"
	       "02 {01 {'m'} {'g'} 03 7f 00}"
	       "03 {01 00}"
	       "06 {0c"
	       " ^7f 00 ^41 2a 0b"                            /* 1: i32 42 */
	       " 7e 01 42 7f 0b"                              /* 2: mut i64 -1 */
	       " 7d 00 43 00 00 80 3f 0b"                     /* 3: f32 1.0 */
	       " 7c 00 44 00 00 00 00 00 00 00 00 0b"         /* 4: f64 0 */
	       " 7b 00 fd 0c 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 0b" /* 5: v128 */
	       " 7f 00 23 00 0b"                              /* 6: global.get 0 */
	       " 70 00 d0 70 0b"                              /* 7: ref.null func */
	       " 70 00 d2 00 0b"                              /* 8: ref.func 0 */
	       " 7f 00 41 01 41 02 6a 0b"                     /* 9: extended const */
	       " 7e 00 42 01 42 02 7e 0b"                     /* 10: i64.mul */
	       " 6c 00 41 05 fb 1c 0b"                        /* 11: ref.i31 (gc) */
	       " 63 01 00 fb 01 01 0b}"                       /* 12: struct.new_default 1 */
	       "0a {01 {00 41 00 0b}}");
	ck_assert_uint_eq(m.nglobals, 13);
	ck_assert_uint_eq(m.nglobal_imports, 1);
	const struct p1c_global *g = m.globals;
	ck_assert(g[0].imported);
	ck_assert_uint_eq(g[1].offset, marks[0]);
	ck_assert_uint_eq(g[1].init.offset, marks[1]);
	ck_assert_uint_eq(g[1].init.size, 3);
	ck_assert(g[1].init.is_const);
	ck_assert_int_eq(g[1].init.value, 42);
	ck_assert(g[2].type.mutable_);
	ck_assert(g[2].init.is_const);
	ck_assert_int_eq(g[2].init.value, -1);
	ck_assert(!g[3].init.is_const);
	ck_assert_uint_eq(g[4].init.size, 10);
	ck_assert_uint_eq(g[5].type.type.code, P1C_VT_V128);
	ck_assert_uint_eq(g[5].init.size, 19);
	ck_assert(!g[6].init.is_const);
	ck_assert_uint_eq(g[7].init.ref_func, UINT32_MAX);
	ck_assert_uint_eq(g[8].init.ref_func, 0);
	ck_assert(g[9].init.extended);
	ck_assert(!g[9].init.is_const);
	ck_assert(g[10].init.extended);
	ck_assert(!g[1].init.extended);
	ck_assert(g[11].init.uses_gc);
	ck_assert(g[12].init.uses_gc);
	ck_assert_uint_eq(g[12].type.type.code, P1C_VT_REF_NULL);
	ck_assert_int_eq(g[12].type.type.heap, 1);
	ck_assert(!g[1].init.uses_gc);
}
END_TEST

/* Every ref.func of every constant expression is kept (table and global initializers,
 * element expressions, nested inside GC ones); a lone ref.func or global.get of a defined
 * global is the expression's function value; a global.get of an imported one is the host's. */
START_TEST(const_expr_function_refs)
{
	ok(HDR "01 {02 60 00 00 5f 01 70 00}"          /* 0: () -> (), 1: struct (field funcref) */
	       "02 {01 {'env'} {'g'} 03 70 00}"        /* global 0: imported funcref */
	       "03 {02 00 00}"
	       "04 {02 40 00 70 00 01 ^d2 01 0b"       /* table 0 = ref.func 1 */
	       " 70 00 01}"                            /* table 1: no initializer */
	       "06 {03 70 00 ^d2 00 0b"                /* global 1 = ref.func 0 */
	       " 70 00 ^23 01 0b"                      /* global 2 = global.get 1 */
	       " 63 01 00 ^d2 01 fb 00 01 0b}"         /* global 3 = struct.new 1 (ref.func 1) */
	       "09 {01 04 41 00 0b 02 23 02 0b 23 00 0b}" /* [global.get 2, global.get 0] */
	       "0a {02 {03 01 7f 01 ^7b 02 ^70 0b} {00 0b}}");
	ck_assert(m.tables[0].type.has_init_expr);
	ck_assert_uint_eq(m.tables[0].init.ref_func, 1);
	ck_assert_uint_eq(m.tables[1].init.ref_func, P1C_NO_INDEX);
	ck_assert_uint_eq(m.globals[0].init.ref_func, P1C_NO_INDEX);
	ck_assert_uint_eq(m.globals[1].init.ref_func, 0);
	ck_assert(!m.globals[1].init.reads_defined_global);
	ck_assert_uint_eq(m.globals[2].init.ref_func, 0);
	ck_assert(m.globals[2].init.reads_defined_global);
	ck_assert_uint_eq(m.globals[3].init.ref_func, P1C_NO_INDEX); /* a struct, not a function */
	ck_assert(m.globals[3].init.uses_gc);
	ck_assert_uint_eq(m.nconst_funcs, 3);
	static const uint32_t funcs[3] = {1, 0, 1};
	static const int at[3] = {0, 1, 3};
	for (uint32_t i = 0; i < 3; i++) {
		ck_assert_uint_eq(m.const_funcs[i].func, funcs[i]);
		ck_assert_uint_eq(m.const_funcs[i].offset, marks[at[i]]);
	}
	const struct p1c_elem *e = &m.elems[0];
	ck_assert_uint_eq(e->funcs[0], 0);
	ck_assert_uint_eq(e->funcs[1], P1C_NO_INDEX);
	ck_assert(e->imported_ref);
	ck_assert_uint_eq(e->gc_at, e->offset + 5); /* the global.get 2 expression */
	ck_assert_uint_eq(e->extended_at, 0);
	/* locals: only the non-number declarations, with their type offsets */
	ck_assert_uint_eq(m.nlocal_decls, 2);
	ck_assert_uint_eq(m.local_decls[0].func, 0);
	ck_assert_uint_eq(m.local_decls[0].count, 1);
	ck_assert_uint_eq(m.local_decls[0].offset, marks[4]);
	ck_assert_uint_eq(m.local_decls[0].type.code, P1C_VT_V128);
	ck_assert_uint_eq(m.local_decls[1].count, 2);
	ck_assert_uint_eq(m.local_decls[1].offset, marks[5]);
	ck_assert_uint_eq(m.local_decls[1].type.code, P1C_VT_FUNCREF);
	/* a body that fails keeps none of its declarations */
	fails(HDR TYPE_V_V "03 {01 00} 0a {01 {01 01 7b ^}}", P1C_ERR_TRUNCATED, P1C_SEC_CODE, 0,
	      "unexpected end of function body 0 (no instructions)");
	ck_assert_uint_eq(m.nlocal_decls, 0);
}
END_TEST

START_TEST(const_expr_errors)
{
	fails(HDR "06 {02 7f 00 41 00 0b 7f 00 41 00 ^1a 0b}", P1C_ERR_MALFORMED, P1C_SEC_GLOBAL, 1,
	      "instruction not valid in a constant expression: 0x1a");
	fails(HDR "06 {01 7f 00 ^fb 02 00 00 0b}", P1C_ERR_MALFORMED, P1C_SEC_GLOBAL, 0,
	      "instruction not valid in a constant expression: 0xfb 2");
	fails(HDR "06 {01 7b 00 ^fd 0d 0b}", P1C_ERR_MALFORMED, P1C_SEC_GLOBAL, 0,
	      "instruction not valid in a constant expression: 0xfd 13");
	fails(HDR "06 {01 7f 00 23 ^00 0b}", P1C_ERR_INVALID, P1C_SEC_GLOBAL, 0,
	      "global index 0 out of range (0 globals)");
	/* a constant expression reads only immutable globals (spec 3.0 3.4.14) */
	fails(HDR "02 {01 03 65 6e 76 01 67 03 7f 01} 06 {01 7f 00 ^23 00 0b}", P1C_ERR_INVALID,
	      P1C_SEC_GLOBAL, 0, "global.get of mutable global 0 in a constant expression");
	fails(HDR "06 {01 70 00 d2 ^00 0b}", P1C_ERR_INVALID, P1C_SEC_GLOBAL, 0,
	      "function index 0 out of range (0 functions)");
	fails(HDR "06 {01 7f 00 41 00 ^}", P1C_ERR_TRUNCATED, P1C_SEC_GLOBAL, 0,
	      "unexpected end of global section");
	fails(HDR "06 {01 7f 00 41 ff ff ff ff ^0f 0b}", P1C_ERR_MALFORMED, P1C_SEC_GLOBAL, 0,
	      "integer too large");
}
END_TEST

/* ---- exports and start ---- */

#define EXPORTS_MODULE                                                                             \
	HDR TYPE_V_V "02 {01 {'m'} {'f'} 00 00}"                                                   \
		     "03 {02 00 00} 04 {01 70 00 01} 05 {01 00 01} 0d {01 00 00}"                  \
		     "06 {01 7f 00 41 00 0b}"                                                      \
		     "07 {06"                                                                      \
		     " ^{'_start'} 00 02"                                                          \
		     " {'memory'} 02 00"                                                           \
		     " {'t'} 01 00"                                                                \
		     " {'g'} 03 00"                                                                \
		     " {'e'} 04 00"                                                                \
		     " {'alias'} 00 02}"                                                           \
		     "08 {^02}"                                                                    \
		     "0a {02 {00 0b} {00 0b}}"

/* The one parser of "N" / "func[N]" (--why, --entry). */
START_TEST(func_index_syntax)
{
	static const struct { const char *text; bool ok; uint32_t n; } cases[] = {
		{"0", true, 0},          {"17", true, 17},        {"func[3]", true, 3},
		{"func[0]", true, 0},    {"4294967295", true, UINT32_MAX},
		{"4294967296", false, 0}, {"99999999999999999999", false, 0},
		{"", false, 0},          {"func[]", false, 0},    {"func[3", false, 0},
		{"func[3]x", false, 0},  {"3]", false, 0},        {"-0", false, 0},
		{"+1", false, 0},        {" 1", false, 0},        {"1 ", false, 0},
		{"0x10", false, 0},      {"func[-1]", false, 0},  {"f", false, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t n = 12345;
		bool ok = p1c_func_index_parse(cases[i].text, &n);
		ck_assert_msg(ok == cases[i].ok, "\"%s\": %d", cases[i].text, ok);
		if (ok)
			ck_assert_uint_eq(n, cases[i].n);
	}
}
END_TEST

START_TEST(exports_and_start)
{
	ok(EXPORTS_MODULE);
	ck_assert_uint_eq(m.nexports, 6);
	ck_assert(str_is(m.exports[0].name, "_start"));
	ck_assert_uint_eq(m.exports[0].offset, marks[0]);
	ck_assert_uint_eq(m.exports[0].kind, P1C_EXTERN_FUNC);
	ck_assert_uint_eq(m.exports[0].index, 2);
	const struct p1c_export *e = p1c_module_find_export(&m, "memory");
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->kind, P1C_EXTERN_MEMORY);
	ck_assert_uint_eq(p1c_module_find_export(&m, "e")->kind, P1C_EXTERN_TAG);
	ck_assert_ptr_null(p1c_module_find_export(&m, "_initialize"));
	ck_assert_ptr_null(p1c_module_find_export(&m, "_star"));
	/* the function exports by function, then position: func 2's first is exports[0] */
	uint32_t nfunc = 0, first2 = UINT32_MAX;
	for (uint32_t i = 0; i < m.nexports; i++)
		nfunc += m.exports[i].kind == P1C_EXTERN_FUNC;
	ck_assert_uint_eq(m.nfunc_exports, nfunc);
	for (uint32_t i = 0; i < m.nfunc_exports; i++) {
		ck_assert(i == 0 || m.func_exports[i - 1].func < m.func_exports[i].func ||
			  (m.func_exports[i - 1].func == m.func_exports[i].func &&
			   m.func_exports[i - 1].position < m.func_exports[i].position));
		ck_assert_uint_ne(m.func_exports[i].func, 1);
		if (m.func_exports[i].func == 2 && first2 == UINT32_MAX)
			first2 = m.func_exports[i].position;
	}
	ck_assert_uint_eq(first2, 0);
	ck_assert(m.has_start);
	ck_assert_uint_eq(m.start_func, 2);
	ck_assert_uint_eq(m.start_offset, marks[1]);
	/* names without a name section: first export, else import field, else none */
	ck_assert(str_is(p1c_module_func_name(&m, 2), "_start"));
	ck_assert(str_is(p1c_module_func_name(&m, 0), "f"));
	ck_assert_uint_eq(p1c_module_func_name(&m, 1).len, 0);
	ck_assert_uint_eq(p1c_module_func_name(&m, 99).len, 0);
	/* a module built by hand, without func_exports, still finds export names */
	m.func_exports = NULL;
	ck_assert(str_is(p1c_module_func_name(&m, 2), "_start"));
}
END_TEST

/* A function's name from its exports is its first export's, whatever the order of functions:
 * func 1 is exported first, func 0 second and fourth, func 2 third. */
START_TEST(first_export_names_the_function)
{
	ok(HDR TYPE_V_V "03 {03 00 00 00} 07 {04 {'b'} 00 01 {'a'} 00 00 {'z'} 00 02 {'c'} 00 00}"
			"0a {03 {00 0b} {00 0b} {00 0b}}");
	ck_assert_uint_eq(m.nfunc_exports, 4);
	ck_assert(str_is(p1c_module_func_name(&m, 0), "a"));
	ck_assert(str_is(p1c_module_func_name(&m, 1), "b"));
	ck_assert(str_is(p1c_module_func_name(&m, 2), "z"));
	ck_assert_uint_eq(p1c_module_func_name(&m, 3).len, 0);
}
END_TEST

START_TEST(export_errors)
{
	fails(HDR TYPE_V_V "03 {01 00} 07 {02 {'a'} 00 00 ^{'a'} 00 00} 0a {01 {00 0b}}",
	      P1C_ERR_MALFORMED, P1C_SEC_EXPORT, 1, "duplicate export name \"a\"");
	fails(HDR TYPE_V_V "03 {01 00} 07 {01 {'a'} 00 ^05}", P1C_ERR_MALFORMED, P1C_SEC_EXPORT, 0,
	      "export func index 5 out of range (1 functions)");
	fails(HDR "07 {01 {'m'} 02 ^00}", P1C_ERR_MALFORMED, P1C_SEC_EXPORT, 0,
	      "export memory index 0 out of range (0 memories)");
	fails(HDR "07 {01 {'a'} ^05 00}", P1C_ERR_MALFORMED, P1C_SEC_EXPORT, 0,
	      "invalid export kind 0x05");
	fails(HDR TYPE_V_V "03 {02 00 00} 08 {^05}", P1C_ERR_MALFORMED, P1C_SEC_START,
	      P1C_ITEM_NONE, "start function index 5 out of range (2 functions)");
	/* many distinct names: no false duplicates */
	char hex[4096] = HDR "05 {01 00 01} 07 {40";
	for (int i = 0; i < 64; i++)
		snprintf(hex + strlen(hex), sizeof(hex) - strlen(hex), " {'e%d'} 02 00", i);
	strcat(hex, "}");
	ok(hex);
	ck_assert_uint_eq(m.nexports, 64);
}
END_TEST

/* ---- element and data segments ---- */

START_TEST(element_forms)
{
	ok(HDR TYPE_V_V "03 {02 00 00} 04 {01 70 00 04}"
	       "09 {08"
	       " ^00 41 00 0b 02 00 01"             /* 0: active table 0, [0 1] */
	       " 01 00 01 00"                       /* 1: passive, elemkind, [0] */
	       " 02 00 41 01 0b 00 01 01"           /* 2: active table 0, elemkind, [1] */
	       " 03 00 01 01"                       /* 3: declarative, [1] */
	       " 04 41 02 0b 02 d2 00 0b d0 70 0b"  /* 4: active, exprs [ref.func 0, ref.null] */
	       " 05 70 01 d2 01 0b"                 /* 5: passive funcref exprs */
	       " 06 00 41 03 0b 70 01 d2 00 0b"     /* 6: active table 0 funcref exprs */
	       " 07 70 01 d2 01 0b}"                /* 7: declarative funcref exprs */
	       "0a {02 {00 0b} {00 0b}}");
	ck_assert_uint_eq(m.nelems, 8);
	static const uint8_t modes[8] = {P1C_SEG_ACTIVE, P1C_SEG_PASSIVE, P1C_SEG_ACTIVE,
					 P1C_SEG_DECLARATIVE, P1C_SEG_ACTIVE, P1C_SEG_PASSIVE,
					 P1C_SEG_ACTIVE, P1C_SEG_DECLARATIVE};
	static const uint32_t counts[8] = {2, 1, 1, 1, 2, 1, 1, 1};
	static const uint32_t first[8] = {0, 0, 1, 1, 0, 1, 0, 1};
	for (uint32_t i = 0; i < 8; i++) {
		const struct p1c_elem *e = &m.elems[i];
		ck_assert_uint_eq(e->flags, i);
		ck_assert_uint_eq(e->mode, modes[i]);
		ck_assert_uint_eq(e->count, counts[i]);
		ck_assert_uint_eq(e->funcs[0], first[i]);
		ck_assert_uint_eq(e->type.code, P1C_VT_FUNCREF);
		ck_assert_uint_eq(e->table, 0);
	}
	ck_assert_uint_eq(m.elems[0].offset, marks[0]);
	ck_assert_uint_eq(m.elems[0].funcs[1], 1);
	ck_assert(m.elems[0].offset_expr.is_const);
	ck_assert_int_eq(m.elems[2].offset_expr.value, 1);
	ck_assert_int_eq(m.elems[4].offset_expr.value, 2);
	ck_assert_int_eq(m.elems[6].offset_expr.value, 3);
	ck_assert_uint_eq(m.elems[4].funcs[1], UINT32_MAX); /* ref.null */
	ck_assert_uint_eq(m.elems[1].offset_expr.size, 0);  /* passive: no offset */
}
END_TEST

START_TEST(element_errors)
{
	const char *mod = HDR TYPE_V_V "03 {02 00 00} 04 {01 70 00 04} ";
	char hex[512];
	snprintf(hex, sizeof(hex), "%s 09 {01 ^08 00 00}", mod);
	fails(hex, P1C_ERR_MALFORMED, P1C_SEC_ELEMENT, 0, "invalid element segment flags 8");
	snprintf(hex, sizeof(hex), "%s 09 {02 01 00 01 00 01 ^01 00}", mod);
	fails(hex, P1C_ERR_MALFORMED, P1C_SEC_ELEMENT, 1, "invalid element kind 0x01");
	snprintf(hex, sizeof(hex), "%s 09 {01 02 ^01 41 00 0b 00 00}", mod);
	fails(hex, P1C_ERR_MALFORMED, P1C_SEC_ELEMENT, 0, "table index 1 out of range (1 tables)");
	snprintf(hex, sizeof(hex), "%s 09 {01 00 41 00 0b 02 01 ^05}", mod);
	fails(hex, P1C_ERR_MALFORMED, P1C_SEC_ELEMENT, 0,
	      "function index 5 out of range (2 functions)");
	snprintf(hex, sizeof(hex), "%s 09 {01 04 41 00 0b 01 d2 ^07 0b}", mod);
	fails(hex, P1C_ERR_INVALID, P1C_SEC_ELEMENT, 0,
	      "function index 7 out of range (2 functions)");
	snprintf(hex, sizeof(hex), "%s 09 {01 05 ^7f 00}", mod);
	fails(hex, P1C_ERR_MALFORMED, P1C_SEC_ELEMENT, 0, "invalid reference type 0x7f");
	fails(HDR "09 {01 00 ^41 00 0b 00}", P1C_ERR_MALFORMED, P1C_SEC_ELEMENT, 0,
	      "table index 0 out of range (0 tables)");
}
END_TEST

START_TEST(data_segments)
{
	ok(HDR "05 {01 00 01} 0c {^03}"
	       "0b {03"
	       " ^00 41 10 0b 03 ^'abc'"       /* active, memory 0, offset 16 */
	       " 01 02 'xy'"                   /* passive */
	       " 02 00 41 20 0b 01 'z'}");     /* active, explicit memory 0 */
	ck_assert(m.has_datacount);
	ck_assert_uint_eq(m.datacount, 3);
	ck_assert_uint_eq(m.ndata, 3);
	ck_assert_uint_eq(m.data_size, 6);
	ck_assert_uint_eq(m.data[0].offset, marks[1]);
	ck_assert_uint_eq(m.data[0].bytes_offset, marks[2]);
	ck_assert_uint_eq(m.data[0].mode, P1C_SEG_ACTIVE);
	ck_assert_int_eq(m.data[0].offset_expr.value, 16);
	ck_assert_uint_eq(m.data[0].size, 3);
	ck_assert_uint_eq(m.data[1].mode, P1C_SEG_PASSIVE);
	ck_assert_uint_eq(m.data[1].flags, 1);
	ck_assert_uint_eq(m.data[2].flags, 2);
	ck_assert_uint_eq(m.data[2].memory, 0);
	ck_assert_int_eq(m.data[2].offset_expr.value, 32);
	ok(HDR "0b {00}"); /* no data count section: any count */
	ck_assert(!m.has_datacount);
}
END_TEST

START_TEST(data_errors)
{
	fails(HDR "05 {01 00 01} 0c {02} 0b {^03 01 00 01 00 01 00}", P1C_ERR_MALFORMED,
	      P1C_SEC_DATA, P1C_ITEM_NONE,
	      "data section has 3 segments but the data count section says 2");
	fails(HDR "0c {^01}", P1C_ERR_MALFORMED, P1C_SEC_DATACOUNT, P1C_ITEM_NONE,
	      "data count section says 1 segments but there is no data section");
	ok(HDR "0c {00}");
	fails(HDR "05 {01 00 01} 0b {02 01 00 ^03 00}", P1C_ERR_MALFORMED, P1C_SEC_DATA, 1,
	      "invalid data segment flags 3");
	fails(HDR "05 {01 00 01} 0b {01 02 ^01 41 00 0b 00}", P1C_ERR_MALFORMED, P1C_SEC_DATA, 0,
	      "memory index 1 out of range (1 memories)");
	fails(HDR "05 {01 00 01} 0b {01 00 41 00 0b 05 'ab' ^}", P1C_ERR_TRUNCATED, P1C_SEC_DATA, 0,
	      "unexpected end of data section");
	fails(HDR "0c {^ff ff 07}", P1C_ERR_LIMIT, P1C_SEC_DATACOUNT, P1C_ITEM_NONE,
	      "too many data segments: 131071 (limit 100000)");
}
END_TEST

/* ---- custom sections ---- */

#define NAMED_FUNCS HDR TYPE_V_V "02 {01 {'m'} {'f'} 00 00} 03 {02 00 00} 07 {01 {'run'} 00 02}"
#define NAMED_CODE "0a {02 {00 0b} {00 0b}}"

START_TEST(name_section)
{
	ok(NAMED_FUNCS NAMED_CODE
	   "00 {{'name'}"
	   " 00 {{'mod'}}"
	   " 01 {02 00 {'imp'} 02 {'main'}}"
	   " 02 {01 02 02 00 {'a'} 01 {'b'}}"
	   " 07 {01 00 {'g'}}}"); /* global names: skipped */
	ck_assert(m.has_names);
	ck_assert(!m.names_malformed);
	ck_assert_uint_eq(m.nwarnings, 0);
	ck_assert(str_is(m.module_name, "mod"));
	ck_assert(str_is(m.func_names[0], "imp"));
	ck_assert_ptr_null(m.func_names[1].ptr);
	ck_assert(str_is(m.func_names[2], "main"));
	ck_assert_uint_eq(m.nlocal_names, 2);
	/* the name section wins over export and import names */
	ck_assert(str_is(p1c_module_func_name(&m, 2), "main"));
	ck_assert(str_is(p1c_module_func_name(&m, 0), "imp"));
	ck_assert_uint_eq(p1c_module_func_name(&m, 1).len, 0);
	/* an empty name falls back to the export name */
	ok(NAMED_FUNCS NAMED_CODE "00 {{'name'} 01 {01 02 {}}}");
	ck_assert(str_is(p1c_module_func_name(&m, 2), "run"));
}
END_TEST

START_TEST(name_section_malformed_is_a_warning)
{
	/* an index out of range: skipped, names before and after it kept */
	warns(NAMED_FUNCS NAMED_CODE "00 {{'name'} 01 {03 00 {'a'} ^07 {'b'} 02 {'c'}}}",
	      P1C_ERR_MALFORMED, P1C_ITEM_NONE, "function name index 7 out of range (3 functions)");
	ck_assert(m.names_malformed);
	ck_assert(str_is(m.func_names[0], "a"));
	ck_assert(str_is(m.func_names[2], "c"));
	ck_assert(str_is(p1c_module_func_name(&m, 2), "c"));
	/* a duplicate index: the first name is kept */
	warns(NAMED_FUNCS NAMED_CODE "00 {{'name'} 01 {03 00 {'a'} ^00 {'b'} 01 {'c'}}}",
	      P1C_ERR_MALFORMED, P1C_ITEM_NONE, "function name index 0 duplicate or out of order");
	ck_assert(str_is(m.func_names[0], "a"));
	ck_assert(str_is(m.func_names[1], "c"));
	/* a subsection running past the section: decoding stops, earlier names are kept */
	warns(NAMED_FUNCS NAMED_CODE "00 {{'name'} 00 {{'mod'}} 01 ^20 01 00 {'a'}}",
	      P1C_ERR_TRUNCATED, P1C_ITEM_NONE, "name subsection 1 size 32 past end of section");
	ck_assert(str_is(m.module_name, "mod"));
	ck_assert_ptr_null(m.func_names[0].ptr);
	/* bad UTF-8 */
	warns(NAMED_FUNCS NAMED_CODE "00 {{'name'} 01 {02 00 {'a'} 01 {'b' ^ff}}}",
	      P1C_ERR_MALFORMED, P1C_ITEM_NONE, "invalid UTF-8 in name (byte 0xff)");
	ck_assert(str_is(m.func_names[0], "a"));
	/* local names for a function out of range (the item is that function) */
	warns(NAMED_FUNCS NAMED_CODE "00 {{'name'} 02 {01 ^09 01 00 {'x'}}}", P1C_ERR_MALFORMED, 9,
	      "local names for function 9 out of range (3 functions)");
	/* subsections out of order are decoded, with a warning */
	warns(NAMED_FUNCS NAMED_CODE "00 {{'name'} 01 {01 00 {'a'}} ^00 {{'mod'}}}",
	      P1C_ERR_MALFORMED, P1C_ITEM_NONE, "name subsection 0 out of order");
	ck_assert(str_is(m.module_name, "mod"));
	ck_assert(str_is(m.func_names[0], "a"));
	/* a subsection with bytes left over */
	warns(NAMED_FUNCS NAMED_CODE "00 {{'name'} 00 {{'mod'} ^00}}", P1C_ERR_MALFORMED,
	      P1C_ITEM_NONE, "name subsection 0 size mismatch");
	/* truncated inside a subsection */
	warns(NAMED_FUNCS NAMED_CODE "00 {{'name'} 01 {02 00 {'a'} 01 ^}}", P1C_ERR_TRUNCATED,
	      P1C_ITEM_NONE, "unexpected end");
}
END_TEST

START_TEST(name_section_placement)
{
	warns(HDR TYPE_V_V "^00 {{'name'} 01 {01 00 {'a'}}} 03 {01 00} 0a {01 {00 0b}}",
	      P1C_ERR_MALFORMED, P1C_ITEM_NONE,
	      "name section before the function section; names ignored");
	ck_assert(m.has_names);
	ck_assert(m.names_malformed);
	ck_assert_ptr_null(m.func_names);
	ck_assert_uint_eq(p1c_module_func_name(&m, 0).len, 0);
	/* after the code section but before data: fine */
	ok(HDR TYPE_V_V "03 {01 00} 0a {01 {00 0b}} 00 {{'name'} 01 {01 00 {'a'}}} 0b {00}");
	ck_assert(str_is(m.func_names[0], "a"));
	/* a second name section is ignored */
	warns(HDR TYPE_V_V "03 {01 00} 0a {01 {00 0b}} 00 {{'name'} 01 {01 00 {'a'}}}"
	      "^00 {{'name'} 01 {01 00 {'b'}}}",
	      P1C_ERR_MALFORMED, P1C_ITEM_NONE, "duplicate name section ignored");
	ck_assert(str_is(m.func_names[0], "a"));
	ck_assert(!m.names_malformed);
}
END_TEST

START_TEST(producers_section)
{
	ok(HDR "00 {{'producers'} 02"
	       " {'language'} 01 {'C99'} {}"
	       " {'processed-by'} 02 {'clang'} {'14.0.6'} {'lld'} {}}");
	ck_assert_uint_eq(m.nproducers, 2);
	ck_assert(str_is(m.producers[0].name, "language"));
	ck_assert_uint_eq(m.producers[0].nvalues, 1);
	ck_assert(str_is(m.producers[0].values[0].name, "C99"));
	ck_assert_uint_eq(m.producers[0].values[0].version.len, 0);
	ck_assert(str_is(m.producers[1].values[0].version, "14.0.6"));
	ck_assert(str_is(m.producers[1].values[1].name, "lld"));
	/* malformed: a warning; what was read before is kept */
	warns(HDR "00 {{'producers'} 02 {'language'} 01 {'C99'} {} {'sdk'} ^05 {'x'} {}}",
	      P1C_ERR_TRUNCATED, 1,
	      "producer value count 5 exceeds what the section can hold (3 bytes left)");
	ck_assert_uint_eq(m.nproducers, 2);
	ck_assert_uint_eq(m.producers[1].nvalues, 0);
	ck_assert(str_is(m.producers[0].values[0].name, "C99"));
	warns(HDR "00 {{'producers'} 01 {'language'} 00 ^ff}", P1C_ERR_MALFORMED, P1C_ITEM_NONE,
	      "producers section size mismatch");
	ck_assert_uint_eq(m.nproducers, 1);
}
END_TEST

START_TEST(target_features_section)
{
	ok(HDR "00 {{'target_features'} 03 2b {'mutable-globals'} 2d {'simd128'} 3d {'atomics'}}");
	ck_assert(m.has_target_features);
	ck_assert_uint_eq(m.ntarget_features, 3);
	ck_assert_uint_eq(m.target_features[0].prefix, '+');
	ck_assert(str_is(m.target_features[0].name, "mutable-globals"));
	ck_assert_uint_eq(m.target_features[1].prefix, '-');
	ck_assert_uint_eq(m.target_features[2].prefix, '=');
	warns(HDR "00 {{'target_features'} 02 2b {'sign-ext'} ^78 {'simd128'}}", P1C_ERR_MALFORMED,
	      1, "invalid target feature prefix 0x78");
	ck_assert_uint_eq(m.ntarget_features, 1);
}
END_TEST

START_TEST(custom_section_errors)
{
	fails(HDR "00 {02 ^c0 80}", P1C_ERR_MALFORMED, P1C_SEC_CUSTOM, P1C_ITEM_NONE,
	      "invalid UTF-8 in name (byte 0xc0)");
	fails(HDR "00 ^05 01 61", P1C_ERR_TRUNCATED, P1C_SEC_CUSTOM, P1C_ITEM_NONE,
	      "section size 5 past end of file (2 bytes left)");
	fails(HDR "00 02 05 61 ^01 00", P1C_ERR_TRUNCATED, P1C_SEC_CUSTOM, P1C_ITEM_NONE,
	      "unexpected end of custom section");
	fails(HDR "00 00 ^", P1C_ERR_TRUNCATED, P1C_SEC_CUSTOM, P1C_ITEM_NONE,
	      "unexpected end of custom section");
	/* an unknown custom section is opaque */
	ok(HDR "00 {{'.debug_info'} ff ff ff}");
	ck_assert(str_is(m.sections[0].name, ".debug_info"));
}
END_TEST

START_TEST(warnings_are_bounded)
{
	char hex[4096] = HDR;
	for (int i = 0; i < 40; i++)
		strcat(hex, " 00 {{'producers'} 00}");
	ok(hex);
	ck_assert_uint_eq(m.nwarnings, P1C_MAX_WARNINGS);
	ck_assert_str_eq(m.warnings[0].msg, "duplicate producers section ignored");
	ck_assert_uint_eq(m.nsections, 40);
}
END_TEST

/* ---- formatting and comparisons ---- */

START_TEST(valtype_text)
{
	static const struct {
		uint8_t code;
		int64_t heap;
		const char *text;
	} cases[] = {
		{0x7F, 0, "i32"}, {0x7E, 0, "i64"}, {0x7D, 0, "f32"}, {0x7C, 0, "f64"},
		{0x7B, 0, "v128"}, {0x70, 0, "funcref"}, {0x6F, 0, "externref"},
		{0x69, 0, "exnref"}, {0x6A, 0, "arrayref"}, {0x6B, 0, "structref"},
		{0x6C, 0, "i31ref"}, {0x6D, 0, "eqref"}, {0x6E, 0, "anyref"}, {0x71, 0, "nullref"},
		{0x72, 0, "nullexternref"}, {0x73, 0, "nullfuncref"}, {0x74, 0, "nullexnref"},
		{0x63, 3, "(ref null 3)"}, {0x64, 0, "(ref 0)"}, {0x64, -0x10, "(ref func)"},
		{0x64, -0x11, "(ref extern)"}, {0x64, -0x17, "(ref exn)"}, {0x64, -0x12, "(ref any)"},
		{0x63, -0x10, "funcref"}, {0x63, -0x0C, "nullexnref"}, {0x40, 0, "<0x40>"},
	};
	char text[32];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct p1c_valtype vt = {.code = cases[i].code, .heap = cases[i].heap};
		int n = p1c_valtype_format(text, sizeof(text), &vt);
		ck_assert_str_eq(text, cases[i].text);
		ck_assert_int_eq(n, (int)strlen(cases[i].text));
	}
}
END_TEST

START_TEST(functype_text)
{
	static const struct p1c_valtype i32 = {.code = P1C_VT_I32};
	static const struct p1c_valtype i64 = {.code = P1C_VT_I64};
	const struct p1c_valtype two[2] = {i32, i32}, mixed[2] = {i32, i64};
	char text[64];
	struct p1c_functype ft = {2, 1, two, &i32};
	ck_assert_int_eq(p1c_functype_format(text, sizeof(text), &ft), 16);
	ck_assert_str_eq(text, "(i32 i32) -> i32");
	ft = (struct p1c_functype){0, 0, NULL, NULL};
	p1c_functype_format(text, sizeof(text), &ft);
	ck_assert_str_eq(text, "() -> ()");
	ft = (struct p1c_functype){1, 2, &i32, mixed};
	p1c_functype_format(text, sizeof(text), &ft);
	ck_assert_str_eq(text, "(i32) -> (i32 i64)");
	/* snprintf-style: truncated, NUL-terminated, full length returned */
	ft = (struct p1c_functype){2, 1, two, &i32};
	ck_assert_int_eq(p1c_functype_format(text, 5, &ft), 16);
	ck_assert_str_eq(text, "(i32");
	ck_assert_int_eq(p1c_functype_format(NULL, 0, &ft), 16);
	ck_assert_int_eq(p1c_functype_format(text, 1, &ft), 16);
	ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(type_equality)
{
	struct p1c_valtype funcref = {.code = P1C_VT_FUNCREF, .heap = 0},
			   ref_null_func = {.code = P1C_VT_REF_NULL, .heap = -0x10};
	struct p1c_valtype ref_func = {.code = P1C_VT_REF, .heap = -0x10};
	struct p1c_valtype i32 = {.code = P1C_VT_I32}, i32_junk = {.code = P1C_VT_I32, .heap = 5};
	struct p1c_valtype ref3 = {.code = P1C_VT_REF, .heap = 3};
	struct p1c_valtype ref4 = {.code = P1C_VT_REF, .heap = 4};
	/* custom-descriptors: (ref (exact 3)) is another type than (ref 3). */
	struct p1c_valtype ref3_exact = {.code = P1C_VT_REF, .exact = true, .heap = 3};
	ck_assert(!p1c_valtype_eq(&ref3, &ref3_exact));
	ck_assert(p1c_valtype_eq(&ref3_exact, &ref3_exact));
	ck_assert(p1c_valtype_eq(&funcref, &ref_null_func));
	ck_assert(!p1c_valtype_eq(&funcref, &ref_func));
	ck_assert(p1c_valtype_eq(&i32, &i32_junk));
	ck_assert(!p1c_valtype_eq(&ref3, &ref4));
	ck_assert(!p1c_valtype_eq(&i32, &funcref));
	struct p1c_functype a = {1, 1, &i32, &i32}, b = {1, 1, &i32_junk, &i32};
	struct p1c_functype c = {1, 0, &i32, NULL}, d = {1, 1, &i32, &funcref};
	ck_assert(p1c_functype_eq(&a, &b));
	ck_assert(!p1c_functype_eq(&a, &c));
	ck_assert(!p1c_functype_eq(&a, &d));
	ck_assert_str_eq(p1c_extern_kind_name(P1C_EXTERN_FUNC), "func");
	ck_assert_str_eq(p1c_extern_kind_name(P1C_EXTERN_TABLE), "table");
	ck_assert_str_eq(p1c_extern_kind_name(P1C_EXTERN_MEMORY), "memory");
	ck_assert_str_eq(p1c_extern_kind_name(P1C_EXTERN_GLOBAL), "global");
	ck_assert_str_eq(p1c_extern_kind_name(P1C_EXTERN_TAG), "tag");
	ck_assert_str_eq(p1c_extern_kind_name(9), "unknown");
}
END_TEST

Suite *module_suite(void)
{
	Suite *s = suite_create("module");
	TCase *frame = tcase_create("framing");
	tcase_add_checked_fixture(frame, setup, teardown);
	tcase_add_test(frame, empty_module);
	tcase_add_test(frame, preamble_errors);
	tcase_add_test(frame, component_nested_modules);
	tcase_add_test(frame, component_errors);
	tcase_add_test(frame, section_order_and_ids);
	tcase_add_test(frame, section_sizes);
	tcase_add_test(frame, huge_counts_fail_before_allocating);
	tcase_add_test(frame, out_of_memory);
	suite_add_tcase(s, frame);
	TCase *secs = tcase_create("sections");
	tcase_add_checked_fixture(secs, setup, teardown);
	tcase_add_test(secs, func_types);
	tcase_add_test(secs, gc_types);
	tcase_add_test(secs, type_errors);
	tcase_add_test(secs, custom_descriptor_rules);
	tcase_add_test(secs, imports_every_kind);
	tcase_add_test(secs, import_errors);
	tcase_add_test(secs, truncated_import_keeps_what_was_read);
	tcase_add_test(secs, memory_limits);
	tcase_add_test(secs, memory_errors);
	tcase_add_test(secs, limits_u64_leb);
	tcase_add_test(secs, tables);
	tcase_add_test(secs, code_bodies);
	tcase_add_test(secs, code_errors);
	tcase_add_test(secs, globals_and_const_exprs);
	tcase_add_test(secs, const_expr_i32_lengths);
	tcase_add_test(secs, const_expr_function_refs);
	tcase_add_test(secs, func_index_syntax);
	tcase_add_test(secs, const_expr_errors);
	tcase_add_test(secs, exports_and_start);
	tcase_add_test(secs, first_export_names_the_function);
	tcase_add_test(secs, export_errors);
	tcase_add_test(secs, element_forms);
	tcase_add_test(secs, element_errors);
	tcase_add_test(secs, data_segments);
	tcase_add_test(secs, data_errors);
	suite_add_tcase(s, secs);
	TCase *custom = tcase_create("custom");
	tcase_add_checked_fixture(custom, setup, teardown);
	tcase_add_test(custom, name_section);
	tcase_add_test(custom, name_section_malformed_is_a_warning);
	tcase_add_test(custom, name_section_placement);
	tcase_add_test(custom, producers_section);
	tcase_add_test(custom, target_features_section);
	tcase_add_test(custom, custom_section_errors);
	tcase_add_test(custom, warnings_are_bounded);
	suite_add_tcase(s, custom);
	TCase *fmt = tcase_create("format");
	tcase_add_test(fmt, valtype_text);
	tcase_add_test(fmt, functype_text);
	tcase_add_test(fmt, type_equality);
	suite_add_tcase(s, fmt);
	return s;
}
