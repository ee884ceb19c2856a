/* Bump allocator: one arena per analysed file and one per profile; freed in one call. */
#ifndef P1C_ARENA_H
#define P1C_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct p1c_arena_chunk;
struct p1c_arena_free;

/* An arena with a limit (one per analysed file) takes its memory from one reservation of
 * limit bytes, handed out in order, so the pages it touches are dense and, past the first
 * 512 KiB, huge pages; an unlimited one (or one whose reservation mmap(2) refused) from chunks. */
struct p1c_arena {
	struct p1c_arena_chunk *head;      /* newest chunk first (no region) */
	size_t total;                      /* bytes counted against the limit */
	size_t limit;                      /* 0 = unlimited; allocations beyond it fail */
	unsigned char *region;             /* the reservation, or NULL */
	size_t region_used;                /* bytes of it handed out (or freed to free_list) */
	struct p1c_arena_free *free_list;  /* scratch given back, for reuse (region only) */
	bool no_region;                    /* mmap(2) refused the reservation: chunks */
};

void p1c_arena_init(struct p1c_arena *arena, size_t limit);
#define P1C_ARENA_ALIGN (_Alignof(max_align_t))
/* n rounded up to a multiple of P1C_ARENA_ALIGN. */
static inline size_t p1c_arena_align_up(size_t n)
{
	return (n + P1C_ARENA_ALIGN - 1) & ~(size_t)(P1C_ARENA_ALIGN - 1);
}
/* size bytes (a multiple of P1C_ARENA_ALIGN) of the region that were never handed out, or
 * NULL when fewer are left; arena->region is set. */
static inline void *p1c_arena_bump(struct p1c_arena *arena, size_t size)
{
	if (arena->limit - arena->region_used < size)
		return NULL;
	void *p = arena->region + arena->region_used;
	arena->region_used += size;
	arena->total = arena->region_used;
	return p;
}
/* Zeroed memory, aligned for any object; NULL when out of memory or over the limit. */
void *p1c_arena_alloc_any(struct p1c_arena *arena, size_t size);
/* The same, with the common case inline: fresh bytes of a reserved region. */
static inline void *p1c_arena_alloc(struct p1c_arena *arena, size_t size)
{
	void *p = arena->region && size - 1 < SIZE_MAX / 2
			  ? p1c_arena_bump(arena, p1c_arena_align_up(size))
			  : NULL;
	return p ? p : p1c_arena_alloc_any(arena, size);
}
/* count * size with overflow check; NULL on overflow too. */
void *p1c_arena_array(struct p1c_arena *arena, size_t count, size_t size);
/* NUL-terminated copy of len bytes. */
char *p1c_arena_strndup(struct p1c_arena *arena, const void *src, size_t len);
char *p1c_arena_strdup(struct p1c_arena *arena, const char *src);
/* printf into the arena; NULL on failure. */
char *p1c_arena_printf(struct p1c_arena *arena, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *p1c_arena_vprintf(struct p1c_arena *arena, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Scratch memory for one step (zeroed): it counts against the limit, so temporary buffers are
 * bounded like the rest. Give it back with p1c_arena_scratch_free and the same count and size:
 * a later scratch buffer of about its size reuses it (with a region), or it is freed. */
void *p1c_arena_scratch(struct p1c_arena *arena, size_t count, size_t size);
void p1c_arena_scratch_free(struct p1c_arena *arena, void *p, size_t count, size_t size);
void p1c_arena_free_all(struct p1c_arena *arena);

#endif
