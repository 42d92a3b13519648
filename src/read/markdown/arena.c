/* The allocator of one cmark parse. cmark allocates and frees every node,
 * line buffer and inline delimiter one by one, and freeing its tree walks
 * it node by node; with the C library's allocator that is a fifth of the
 * reader's time. Here small blocks come from large zeroed chunks, freed
 * ones are kept on a list per size class for reuse (so memory stays close
 * to what malloc would hold), and the whole parse, tree included, is
 * given back at once. Large blocks (long lines, big literals) go to
 * malloc, linked so they are released with the rest.
 *
 * Once the parse is done the arena drains (md_mem_drain): the reader frees
 * cmark's nodes as it turns them into the model, and a chunk whose blocks
 * are all freed goes back to the system at once, so the tree and the model
 * are never both whole in memory. Each chunk counts its live blocks, and
 * each block's header names its chunk.
 *
 * cmark_mem's functions take no context, so the arena in use is found
 * through a thread-local pointer, set for the span of one parse; the
 * library keeps no writable global. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "core/core.h"
#include "read/markdown/markdown.h"

#define MD_ARENA_CLASSES 40
#define MD_ARENA_MAX_SMALL ((size_t)64 * 1024)
#define GRAIN 8 /* the alignment of every block */

struct chunk;
struct large_head;

struct md_arena {
	cmark_mem mem; /* per arena: the library keeps no writable globals */
	struct chunk **chunks; /* by number; NULL once given back; the last is being filled */
	size_t nchunks, chunks_cap;
	struct large_head *large;
	void *free[MD_ARENA_CLASSES]; /* freed small blocks, by size class */
	bool draining;                /* freed blocks are not reused (md_mem_drain) */
	struct md_arena *outer;
	jmp_buf escape; /* where running out of memory goes */
};

struct chunk {
	size_t cap, used;
	size_t live; /* blocks handed out and not freed */
	_Alignas(GRAIN) unsigned char data[];
};

/* Before each small block: its size class and, above CLASS_BITS, the
 * number of its chunk. Before each large one: the
 * links of the large list, its size, and LARGE where a class would be.
 * Blocks are aligned to 8 bytes, which is all cmark's structures (pointers,
 * integers) ask for; a 16-byte header would make its 168-byte nodes cost
 * 192 bytes instead of 176. */
struct small_head {
	size_t cls;
};
struct large_head {
	struct large_head *prev, *next;
	size_t size;
	size_t cls; /* LARGE */
};

#define LARGE ((size_t)-1)
#define CLASS_BITS 8
#define CLASS_MASK (((size_t)1 << CLASS_BITS) - 1)
#define SMALL_HEAD sizeof(struct small_head)
#define LARGE_HEAD sizeof(struct large_head)
#define FIRST_CHUNK ((size_t)64 * 1024)
#define MAX_CHUNK ((size_t)8 * 1024 * 1024)

_Static_assert(SMALL_HEAD % GRAIN == 0 && LARGE_HEAD % GRAIN == 0, "headers keep alignment");
_Static_assert(MD_ARENA_CLASSES <= CLASS_MASK, "a class fits below the chunk number");

static _Thread_local struct md_arena *current;

/* Classes: multiples of 8 bytes up to 256 (0 to 31), then powers of two
 * up to MD_ARENA_MAX_SMALL. */
static size_t class_of(size_t size)
{
	if (size <= 256)
		return size <= GRAIN ? 0 : (size - 1) / GRAIN;
	size_t cls = 32, cap = 512;
	while (cap < size) {
		cap *= 2;
		cls++;
	}
	return cls;
}

static size_t class_size(size_t cls)
{
	return cls < 32 ? (cls + 1) * GRAIN : (size_t)256 << (cls - 31);
}

_Static_assert((256 << (MD_ARENA_CLASSES - 1 - 31)) == MD_ARENA_MAX_SMALL, "classes cover the small sizes");

/* cmark does not check what its allocator returns, so running out of
 * memory escapes to md_mem_run(), which frees the arena and reports it.
 * running out of memory ends the process here as it would there. */
static _Noreturn void out_of_memory(void)
{
	longjmp(current->escape, 1);
}

static void *large_alloc(struct md_arena *a, size_t size, bool zero)
{
	if (size > SIZE_MAX - LARGE_HEAD)
		out_of_memory();
	struct large_head *h = zero ? calloc(1, LARGE_HEAD + size) : malloc(LARGE_HEAD + size);
	if (h == NULL)
		out_of_memory();
	h->prev = NULL;
	h->next = a->large;
	if (a->large)
		a->large->prev = h;
	a->large = h;
	h->size = size;
	h->cls = LARGE;
	return h + 1;
}

static void large_unlink(struct md_arena *a, struct large_head *h)
{
	if (h->prev)
		h->prev->next = h->next;
	else
		a->large = h->next;
	if (h->next)
		h->next->prev = h->prev;
}

static struct chunk *block_chunk(struct md_arena *a, const struct small_head *h)
{
	return a->chunks[h->cls >> CLASS_BITS];
}

static void chunk_release(struct md_arena *a, size_t number)
{
	struct chunk *c = a->chunks[number];
	quire_chunk_free(c, sizeof(*c) + c->cap);
	a->chunks[number] = NULL;
}

static struct chunk *chunk_add(struct md_arena *a, size_t need)
{
	struct chunk *last = a->nchunks ? a->chunks[a->nchunks - 1] : NULL;
	size_t cap = last ? last->cap * 2 : FIRST_CHUNK;

	if (cap > MAX_CHUNK)
		cap = MAX_CHUNK;
	if (cap < need)
		cap = need;
	if (!QUIRE_RESERVE(a->chunks, a->chunks_cap, a->nchunks + 1))
		out_of_memory();
	/* Fresh chunks are zeroed and each byte of them is handed out once;
	 * reused blocks are cleared in small_alloc. The tail of the old
	 * chunk is left unused. */
	size_t bytes = sizeof(struct chunk) + cap;
	struct chunk *c = quire_chunk_alloc(&bytes);
	if (c == NULL)
		out_of_memory();
	c->cap = bytes - sizeof(*c);
	a->chunks[a->nchunks++] = c;
	/* A drained chunk left behind goes when it is no longer filled. */
	if (last && last->live == 0 && a->draining)
		chunk_release(a, a->nchunks - 2);
	return c;
}

static void *small_alloc(struct md_arena *a, size_t cls, bool zero)
{
	size_t size = class_size(cls);
	struct small_head *free_block = a->free[cls];

	if (free_block) {
		a->free[cls] = *(void **)free_block;
		block_chunk(a, free_block - 1)->live++;
		if (zero)
			memset(free_block, 0, size);
		return free_block;
	}
	size_t need = SMALL_HEAD + size;
	struct chunk *c = a->nchunks ? a->chunks[a->nchunks - 1] : NULL;
	if (c == NULL || c->cap - c->used < need)
		c = chunk_add(a, need);
	struct small_head *h = (struct small_head *)(c->data + c->used);
	c->used += need;
	c->live++;
	h->cls = cls | (a->nchunks - 1) << CLASS_BITS;
	return h + 1;
}

static void *arena_alloc(size_t size, bool zero)
{
	struct md_arena *a = current;
	if (size > MD_ARENA_MAX_SMALL)
		return large_alloc(a, size, zero);
	return small_alloc(a, class_of(size), zero);
}

static size_t block_class(void *ptr)
{
	size_t cls = ((size_t *)ptr)[-1];
	return cls == LARGE ? LARGE : cls & CLASS_MASK;
}

static void arena_free(void *ptr)
{
	struct md_arena *a = current;

	if (ptr == NULL)
		return;
	size_t cls = block_class(ptr);
	if (cls == LARGE) {
		struct large_head *h = (struct large_head *)ptr - 1;
		large_unlink(a, h);
		free(h);
		return;
	}
	size_t number = ((size_t *)ptr)[-1] >> CLASS_BITS;
	struct chunk *c = a->chunks[number];
	c->live--;
	if (!a->draining) {
		*(void **)ptr = a->free[cls];
		a->free[cls] = ptr;
	} else if (c->live == 0 && number + 1 < a->nchunks) {
		chunk_release(a, number);
	}
}

void md_mem_drain(struct cmark_mem *mem)
{
	struct md_arena *a = (struct md_arena *)mem;

	a->draining = true;
	memset(a->free, 0, sizeof(a->free));
	for (size_t i = 0; i + 1 < a->nchunks; i++)
		if (a->chunks[i] && a->chunks[i]->live == 0)
			chunk_release(a, i);
}

static void *arena_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory();
	return arena_alloc(n * size, true);
}

static void *arena_realloc(void *ptr, size_t size)
{
	struct md_arena *a = current;

	if (ptr == NULL)
		return arena_alloc(size, false);
	size_t cls = block_class(ptr);
	if (cls == LARGE) {
		struct large_head *h = (struct large_head *)ptr - 1;
		if (size <= MD_ARENA_MAX_SMALL || size > SIZE_MAX - LARGE_HEAD) {
			/* Shrinking to a small block is rare enough to copy. */
			void *fresh = arena_alloc(size, false);
			memcpy(fresh, ptr, size < h->size ? size : h->size);
			arena_free(ptr);
			return fresh;
		}
		large_unlink(a, h);
		struct large_head *fresh = realloc(h, LARGE_HEAD + size);
		if (fresh == NULL)
			out_of_memory();
		fresh->size = size;
		fresh->prev = NULL;
		fresh->next = a->large;
		if (a->large)
			a->large->prev = fresh;
		a->large = fresh;
		return fresh + 1;
	}
	size_t have = class_size(cls);
	if (size <= have)
		return ptr;
	void *fresh = arena_alloc(size, false);
	memcpy(fresh, ptr, have);
	arena_free(ptr);
	return fresh;
}

/* The arena is on the heap, not in md_mem_run's frame: it changes between
 * setjmp and longjmp, and a local that does so is indeterminate after the
 * jump. */
enum quire_status md_mem_run(enum quire_status (*fn)(void *arg, struct cmark_mem *mem), void *arg)
{
	enum quire_status st;
	struct md_arena *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return QUIRE_ERR_NOMEM;
	a->mem.calloc = arena_calloc;
	a->mem.realloc = arena_realloc;
	a->mem.free = arena_free;
	a->outer = current;
	current = a;
	if (setjmp(a->escape) == 0)
		st = fn(arg, &a->mem);
	else
		st = QUIRE_ERR_NOMEM;
	current = a->outer;
	for (size_t i = 0; i < a->nchunks; i++)
		if (a->chunks[i])
			chunk_release(a, i);
	free(a->chunks);
	for (struct large_head *h = a->large; h;) {
		struct large_head *next = h->next;
		free(h);
		h = next;
	}
	free(a);
	return st;
}
