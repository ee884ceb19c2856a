/* The arena (base/arena.c): with a limit, memory from one reservation handed out in order;
 * every allocation zeroed, scratch given back reused (zeroed again, split when much larger),
 * the limit never passed; without a limit (or with one no reservation can hold), chunks. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "suites.h"

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Allocations are zeroed and distinct, and the limit holds, in either mode. */
static void check_mode(size_t limit)
{
	struct p1c_arena arena;
	p1c_arena_init(&arena, limit);
	unsigned char *a = p1c_arena_alloc(&arena, 100);
	unsigned char *b = p1c_arena_array(&arena, 1000, 8);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert(all_zero(a, 100) && all_zero(b, 8000));
	ck_assert(b >= a + 100 || b + 8000 <= a);
	memset(a, 0xAA, 100);
	memset(b, 0xBB, 8000);
	ck_assert_ptr_null(p1c_arena_array(&arena, SIZE_MAX / 4, 8)); /* overflow */
	p1c_arena_free_all(&arena);
}

START_TEST(allocations_are_zeroed_in_every_mode)
{
	check_mode(0);              /* chunks */
	check_mode(64u << 20);      /* the region */
	check_mode(SIZE_MAX);       /* no reservation can hold it: chunks */
}
END_TEST

START_TEST(the_limit_is_never_passed)
{
	struct p1c_arena arena;
	p1c_arena_init(&arena, 1u << 20);
	ck_assert_ptr_nonnull(p1c_arena_alloc(&arena, 600u << 10));
	ck_assert_ptr_null(p1c_arena_alloc(&arena, 600u << 10));
	ck_assert_ptr_null(p1c_arena_scratch(&arena, 600u << 10, 1));
	ck_assert_ptr_nonnull(p1c_arena_alloc(&arena, 300u << 10)); /* what is left still serves */
	ck_assert(arena.total <= arena.limit);
	p1c_arena_free_all(&arena);
	ck_assert_uint_eq(arena.total, 0);
	ck_assert_ptr_nonnull(p1c_arena_alloc(&arena, 900u << 10)); /* free_all gave it all back */
	p1c_arena_free_all(&arena);
}
END_TEST

/* Scratch given back is reused, zeroed again; a much larger block is split and its rest
 * serves the next request; a block of 2 MiB or more (pages returned to the kernel) reads as
 * zero when reused. */
START_TEST(scratch_is_reused_zeroed)
{
	struct p1c_arena arena;
	p1c_arena_init(&arena, 64u << 20);
	size_t sizes[] = {4000, 1u << 20, 3u << 20};
	for (size_t k = 0; k < 3; k++) {
		unsigned char *s = p1c_arena_scratch(&arena, sizes[k], 1);
		ck_assert_ptr_nonnull(s);
		memset(s, 0xCC, sizes[k]);
		size_t used = arena.total;
		p1c_arena_scratch_free(&arena, s, sizes[k], 1);
		unsigned char *again = p1c_arena_scratch(&arena, sizes[k], 1);
		ck_assert_ptr_eq(again, s);
		ck_assert_uint_eq(arena.total, used); /* nothing new handed out */
		ck_assert(all_zero(again, sizes[k]));
		p1c_arena_scratch_free(&arena, again, sizes[k], 1);
	}
	p1c_arena_free_all(&arena);
	/* A 3 MiB block, split: 1 MiB from its start, then 1.5 MiB from its rest. */
	unsigned char *big = p1c_arena_scratch(&arena, 3u << 20, 1);
	memset(big, 0xDD, 3u << 20);
	p1c_arena_scratch_free(&arena, big, 3u << 20, 1);
	size_t used = arena.total;
	unsigned char *head = p1c_arena_scratch(&arena, 1u << 20, 1);
	unsigned char *rest = p1c_arena_scratch(&arena, 3u << 19, 1);
	ck_assert_uint_eq(arena.total, used);
	ck_assert_ptr_eq(head, big);
	ck_assert_ptr_eq(rest, big + (1u << 20));
	ck_assert(all_zero(head, 1u << 20) && all_zero(rest, 3u << 19));
	/* A plain allocation after all this is fresh and zero. */
	unsigned char *fresh = p1c_arena_alloc(&arena, 1u << 20);
	ck_assert_ptr_nonnull(fresh);
	ck_assert(all_zero(fresh, 1u << 20));
	p1c_arena_free_all(&arena);
}
END_TEST

Suite *arena_suite(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, allocations_are_zeroed_in_every_mode);
	tcase_add_test(tc, the_limit_is_never_passed);
	tcase_add_test(tc, scratch_is_reused_zeroed);
	suite_add_tcase(s, tc);
	return s;
}
