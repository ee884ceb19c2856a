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

static size_t page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (size_t)page : 4096;
}

/* Fresh zero pages (mmap(2) anonymous memory is zero-filled), huge pages welcome: the mapping
 * starts on an ARENA_MAPPED boundary (a larger one is trimmed, munmap(2)), so each whole 2 MiB
 * of it can be one huge page and only its tail takes small ones. */
static void *map_zeroed(size_t bytes, int flags)
{
	size_t span = bytes + ARENA_MAPPED;
	unsigned char *p = mmap(NULL, span, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	size_t unit = page_size();
	size_t head = (ARENA_MAPPED - (uintptr_t)p % ARENA_MAPPED) % ARENA_MAPPED;
	size_t used = head + (bytes + unit - 1) / unit * unit;
	if (head)
		munmap(p, head);
	if (span > used)
		munmap(p + used, span - used);
#ifdef MADV_HUGEPAGE
	if (!(flags & MAP_NORESERVE)) /* advice only: without it, small pages */
		(void)madvise(p + head, bytes, MADV_HUGEPAGE);
#endif
	return p + head;
}

void p1c_arena_init(struct p1c_arena *arena, size_t limit)
{
	arena->head = NULL;
	arena->total = 0;
	arena->limit = limit;
	arena->region = NULL;
	arena->region_used = 0;
	arena->free_list = NULL;
	arena->no_region = false;
}

/* ---- the region: one reservation of limit bytes ---- */

/* Scratch given back: a block of the region, reused by a later scratch buffer or allocation.
 * Its whole pages from zero_begin to zero_end went back to the kernel (MADV_DONTNEED: the
 * memory is freed, and reads as zero when touched again), so only the rest needs a memset. */
struct p1c_arena_free {
	struct p1c_arena_free *next;
	size_t size;
	unsigned char *zero_begin, *zero_end;
};

/* The first ARENA_SMALL bytes handed out are small pages, the rest may be huge pages: the
 * region starts ARENA_SMALL before a 2 MiB boundary of its mapping, and the mapping's first
 * 2 MiB (never handed out but for that tail) keep small pages. A huge page is cleared whole
 * when first touched, about the cost of 100 small-page faults here (a 2-core VM: 0.2 ms
 * against 2-3 us), so a run that uses a few hundred KiB (a small module, most real ones) takes
 * only small pages, and one that uses megabytes (many functions or imports) huge pages after
 * its first ARENA_SMALL. */
#define ARENA_SMALL (512u * 1024u)

/* The mapping holding a region for limit bytes: limit and the unused head before it. */
static size_t region_bytes(size_t limit, size_t page)
{
	return limit > SIZE_MAX - 3 * ARENA_MAPPED
		       ? 0 : (limit + ARENA_MAPPED - ARENA_SMALL + page - 1) / page * page;
}

static unsigned char *region_mapping(const struct p1c_arena *arena)
{
	return arena->region - (ARENA_MAPPED - ARENA_SMALL);
}

/* Reserves the region on the first allocation: address space only (MAP_NORESERVE), pages come
 * as they are touched (see ARENA_SMALL for which are huge). false: no region (an address
 * space too small, strict overcommit), and the chunks serve instead. */
static bool region_reserve(struct p1c_arena *arena)
{
	if (arena->no_region) /* refused once: the chunks serve, without asking again */
		return false;
	size_t bytes = region_bytes(arena->limit, page_size());
	unsigned char *p = bytes ? map_zeroed(bytes, MAP_NORESERVE) : NULL;
	arena->no_region = !p;
	if (!p)
		return false;
#ifdef MADV_HUGEPAGE
	if (bytes > ARENA_MAPPED)
		(void)madvise(p + ARENA_MAPPED, bytes - ARENA_MAPPED, MADV_HUGEPAGE);
#endif
	arena->region = p + (ARENA_MAPPED - ARENA_SMALL);
	return true;
}

/* Puts size bytes at p on the free list. A block of ARENA_MAPPED or more gives its whole pages
 * (past its header) back to the kernel, as munmap(2) of such a buffer did, so the memory in use
 * falls; a smaller one keeps them, for a reuse that costs a memset instead of page faults. */
static void give_back(struct p1c_arena *arena, unsigned char *p, size_t size)
{
	struct p1c_arena_free *block = (struct p1c_arena_free *)p;
	uintptr_t page = page_size();
	uintptr_t from = ((uintptr_t)p + sizeof(*block) + page - 1) / page * page;
	uintptr_t to = ((uintptr_t)p + size) / page * page;
	block->zero_begin = block->zero_end = p + size;
	if (size >= ARENA_MAPPED && to > from && madvise((void *)from, to - from, MADV_DONTNEED) == 0) {
		block->zero_begin = (unsigned char *)from;
		block->zero_end = (unsigned char *)to;
	}
	block->size = size;
	block->next = arena->free_list;
	arena->free_list = block;
}

/* Zeroes [p, p + size) but the part of [zero_begin, zero_end) it holds (zero already). */
static void zero_except(unsigned char *p, size_t size, unsigned char *zero_begin,
			unsigned char *zero_end)
{
	unsigned char *end = p + size;
	if (zero_begin >= end || zero_end <= p || zero_begin >= zero_end) {
		memset(p, 0, size);
		return;
	}
	if (zero_begin > p)
		memset(p, 0, (size_t)(zero_begin - p));
	if (zero_end < end)
		memset(zero_end, 0, (size_t)(end - zero_end));
}

/* A freed block of at least size bytes (the best fit), zeroed; what it has beyond size goes
 * back to the list when that is worth a block of its own. */
static void *reuse_freed(struct p1c_arena *arena, size_t size)
{
	struct p1c_arena_free **best = NULL;
	for (struct p1c_arena_free **at = &arena->free_list; *at; at = &(*at)->next)
		if ((*at)->size >= size && (!best || (*at)->size < (*best)->size))
			best = at;
	if (!best)
		return NULL;
	struct p1c_arena_free block = **best;
	unsigned char *p = (unsigned char *)*best;
	*best = block.next;
	size_t rest = block.size - size;
	if (rest >= ARENA_MIN_CHUNK)
		give_back(arena, p + size, rest);
	zero_except(p, size, block.zero_begin, block.zero_end);
	return p;
}

/* size: aligned. Fresh (zero) bytes of the region, else a freed block; NULL past the limit. */
static void *region_alloc(struct p1c_arena *arena, size_t size)
{
	void *p = p1c_arena_bump(arena, size);
	return p ? p : reuse_freed(arena, size);
}

static struct p1c_arena_chunk *new_chunk(struct p1c_arena *arena, size_t need)
{
	size_t cap = need > ARENA_MIN_CHUNK ? need : ARENA_MIN_CHUNK;
	/* Fresh zero pages for large chunks, so allocations need no memset and pages nobody
	 * writes are never touched. */
	bool mapped = sizeof(struct p1c_arena_chunk) + cap >= ARENA_MAPPED;
	struct p1c_arena_chunk *chunk = mapped ? map_zeroed(sizeof(*chunk) + cap, 0)
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

void *p1c_arena_alloc_any(struct p1c_arena *arena, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX / 2)
		return NULL;
	size = p1c_arena_align_up(size);
	if (arena->limit && (arena->region || region_reserve(arena)))
		return region_alloc(arena, size);
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

/* What a scratch buffer of `bytes` takes of the region, and gives back to its free list: room
 * for a free-list entry, aligned (the same on both sides, so a freed block is whole). */
static size_t region_block_bytes(size_t bytes)
{
	return p1c_arena_align_up(bytes < sizeof(struct p1c_arena_free) ? sizeof(struct p1c_arena_free)
									 : bytes);
}

void *p1c_arena_scratch(struct p1c_arena *arena, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / 2 / size)
		return NULL;
	size_t bytes = count && size ? count * size : 1;
	if (arena->limit && (arena->region || region_reserve(arena))) {
		bytes = region_block_bytes(bytes);
		void *reused = reuse_freed(arena, bytes);
		return reused ? reused : region_alloc(arena, bytes);
	}
	if (arena->limit && (bytes > arena->limit || arena->total > arena->limit - bytes))
		return NULL;
	void *p = bytes >= ARENA_MAPPED ? map_zeroed(bytes, 0) : calloc(1, bytes);
	if (p)
		arena->total += bytes;
	return p;
}

void p1c_arena_scratch_free(struct p1c_arena *arena, void *p, size_t count, size_t size)
{
	if (!p)
		return;
	size_t bytes = count && size ? count * size : 1;
	if (arena->region) { /* to the free list: the region is unmapped as a whole */
		give_back(arena, p, region_block_bytes(bytes));
		return;
	}
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
	if (arena->region)
		munmap(region_mapping(arena), region_bytes(arena->limit, page_size()));
	arena->region = NULL;
	arena->region_used = 0;
	arena->free_list = NULL;
	arena->no_region = false;
}
