/* Bump allocator: one arena per analysed file and one per profile; freed in one call. */
#ifndef P1C_ARENA_H
#define P1C_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct p1c_arena_chunk;

struct p1c_arena {
	struct p1c_arena_chunk *head; /* newest chunk first */
	size_t total;                 /* bytes handed out so far */
	size_t limit;                 /* 0 = unlimited; allocations beyond it fail */
};

void p1c_arena_init(struct p1c_arena *arena, size_t limit);
/* Zeroed memory, aligned for any object; NULL when out of memory or over the limit. */
void *p1c_arena_alloc(struct p1c_arena *arena, size_t size);
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
/* Scratch memory for one step (zeroed, from malloc, not from the chunks): it counts against
 * the limit while it lives, so temporary buffers are bounded like the rest. Give it back with
 * p1c_arena_scratch_free and the same count and size. */
void *p1c_arena_scratch(struct p1c_arena *arena, size_t count, size_t size);
void p1c_arena_scratch_free(struct p1c_arena *arena, void *p, size_t count, size_t size);
void p1c_arena_free_all(struct p1c_arena *arena);

#endif
