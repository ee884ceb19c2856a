#include "base/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ARENA_MIN_CHUNK (64u * 1024u)
#define ARENA_ALIGN (_Alignof(max_align_t))
/* From this size on, a chunk or a scratch buffer is a mapping of its own, and the kernel may
 * back it with transparent huge pages (madvise(2) MADV_HUGEPAGE): the per-function arrays of
 * a large module then cost a few page faults instead of one per 4 KiB page. */
#define ARENA_MAPPED (2u << 20)

struct p1c_arena_chunk {
	struct p1c_arena_chunk *next;
	size_t used, cap;
	bool mapped; /* from map_zeroed, not calloc */
	max_align_t data[]; /* cap bytes */
};

/* Fresh zero pages (mmap(2) anonymous memory is zero-filled), huge pages welcome: the mapping
 * starts on an ARENA_MAPPED boundary (a larger one is trimmed, munmap(2)), so each whole 2 MiB
 * of it can be one huge page and only its tail takes small ones. */
static void *map_zeroed(size_t bytes)
{
	size_t span = bytes + ARENA_MAPPED;
	unsigned char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);
	if (p == MAP_FAILED)
		return NULL;
	long page = sysconf(_SC_PAGESIZE);
	size_t unit = page > 0 ? (size_t)page : 4096;
	size_t head = (ARENA_MAPPED - (uintptr_t)p % ARENA_MAPPED) % ARENA_MAPPED;
	size_t used = head + (bytes + unit - 1) / unit * unit;
	if (head)
		munmap(p, head);
	if (span > used)
		munmap(p + used, span - used);
#ifdef MADV_HUGEPAGE
	(void)madvise(p + head, bytes, MADV_HUGEPAGE); /* advice only: without it, small pages */
#endif
	return p + head;
}

void p1c_arena_init(struct p1c_arena *arena, size_t limit)
{
	arena->head = NULL;
	arena->total = 0;
	arena->limit = limit;
}

static size_t align_up(size_t n)
{
	return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

static struct p1c_arena_chunk *new_chunk(struct p1c_arena *arena, size_t need)
{
	size_t cap = need > ARENA_MIN_CHUNK ? need : ARENA_MIN_CHUNK;
	/* Fresh zero pages for large chunks, so allocations need no memset and pages nobody
	 * writes are never touched. */
	bool mapped = sizeof(struct p1c_arena_chunk) + cap >= ARENA_MAPPED;
	struct p1c_arena_chunk *chunk = mapped ? map_zeroed(sizeof(*chunk) + cap)
					       : calloc(1, sizeof(*chunk) + cap);
	if (!chunk)
		return NULL;
	chunk->used = 0;
	chunk->cap = cap;
	chunk->mapped = mapped;
	chunk->next = arena->head;
	arena->head = chunk;
	return chunk;
}

void *p1c_arena_alloc(struct p1c_arena *arena, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX / 2)
		return NULL;
	size = align_up(size);
	if (arena->limit && (size > arena->limit || arena->total > arena->limit - size))
		return NULL;
	struct p1c_arena_chunk *chunk = arena->head;
	if (!chunk || chunk->cap - chunk->used < size) {
		chunk = new_chunk(arena, size);
		if (!chunk)
			return NULL;
	}
	void *p = (unsigned char *)chunk->data + chunk->used; /* zero: chunks are calloc'ed */
	chunk->used += size;
	arena->total += size;
	return p;
}

void *p1c_arena_array(struct p1c_arena *arena, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	return p1c_arena_alloc(arena, count * size);
}

char *p1c_arena_strndup(struct p1c_arena *arena, const void *src, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *s = p1c_arena_alloc(arena, len + 1);
	if (s && len)
		memcpy(s, src, len);
	return s;
}

char *p1c_arena_strdup(struct p1c_arena *arena, const char *src)
{
	return p1c_arena_strndup(arena, src, strlen(src));
}

char *p1c_arena_vprintf(struct p1c_arena *arena, const char *fmt, va_list ap)
{
	/* One formatting pass for the usual short text; a second only for a longer one. */
	char small[512];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	char *s = n < 0 ? NULL : p1c_arena_alloc(arena, (size_t)n + 1);
	if (s && (size_t)n < sizeof(small))
		memcpy(s, small, (size_t)n + 1);
	else if (s)
		vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

char *p1c_arena_printf(struct p1c_arena *arena, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = p1c_arena_vprintf(arena, fmt, ap);
	va_end(ap);
	return s;
}

void *p1c_arena_scratch(struct p1c_arena *arena, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / 2 / size)
		return NULL;
	size_t bytes = count && size ? count * size : 1;
	if (arena->limit && (bytes > arena->limit || arena->total > arena->limit - bytes))
		return NULL;
	void *p = bytes >= ARENA_MAPPED ? map_zeroed(bytes) : calloc(1, bytes);
	if (p)
		arena->total += bytes;
	return p;
}

void p1c_arena_scratch_free(struct p1c_arena *arena, void *p, size_t count, size_t size)
{
	if (!p)
		return;
	size_t bytes = count && size ? count * size : 1;
	arena->total -= bytes < arena->total ? bytes : arena->total;
	if (bytes >= ARENA_MAPPED)
		munmap(p, bytes);
	else
		free(p);
}

void p1c_arena_free_all(struct p1c_arena *arena)
{
	struct p1c_arena_chunk *chunk = arena->head;
	while (chunk) {
		struct p1c_arena_chunk *next = chunk->next;
		if (chunk->mapped)
			munmap(chunk, sizeof(*chunk) + chunk->cap);
		else
			free(chunk);
		chunk = next;
	}
	arena->head = NULL;
	arena->total = 0;
}
