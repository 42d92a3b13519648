/* An allocator for cmark-gfm that survives running out of memory.
 *
 * cmark calls abort() when its allocator returns NULL, which would make
 * quire die on a large input under a memory limit. Here every block cmark
 * gets is linked into a list owned by the parse; when an allocation fails
 * we longjmp() back to md_mem_run(), free every block on the list, and
 * report QUIRE_ERR_NOMEM. cmark's allocator callbacks take no context, so
 * the current list is thread-local: parses in separate threads stay
 * apart. */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmark-gfm.h>

#include "read/markdown/markdown.h"

union block {
	struct {
		union block *prev, *next;
	} link;
	max_align_t align; /* the payload after the header stays aligned */
};

struct md_heap {
	union block head; /* circular list of live blocks */
	jmp_buf escape;
	cmark_mem mem; /* here, not a global: the library has no mutable globals */
};

static _Thread_local struct md_heap *current;

static void link_block(union block *b)
{
	b->link.next = current->head.link.next;
	b->link.prev = &current->head;
	b->link.next->link.prev = b;
	current->head.link.next = b;
}

static void unlink_block(union block *b)
{
	b->link.prev->link.next = b->link.next;
	b->link.next->link.prev = b->link.prev;
}

static _Noreturn void out_of_memory(void)
{
	longjmp(current->escape, 1);
}

static void *md_calloc(size_t n, size_t size)
{
	if (size != 0 && n > (SIZE_MAX - sizeof(union block)) / size)
		out_of_memory();
	union block *b = calloc(1, sizeof(*b) + n * size);
	if (b == NULL)
		out_of_memory();
	link_block(b);
	return b + 1;
}

static void *md_realloc(void *p, size_t size)
{
	if (p == NULL)
		return md_calloc(1, size);
	if (size > SIZE_MAX - sizeof(union block))
		out_of_memory();
	union block *old = (union block *)p - 1;
	unlink_block(old);
	union block *b = realloc(old, sizeof(*b) + size);
	if (b == NULL) {
		link_block(old); /* still ours, freed with the rest */
		out_of_memory();
	}
	link_block(b);
	return b + 1;
}

static void md_free(void *p)
{
	if (p == NULL)
		return;
	union block *b = (union block *)p - 1;
	unlink_block(b);
	free(b);
}

enum quire_status md_mem_run(enum quire_status (*fn)(void *arg, struct cmark_mem *mem), void *arg)
{
	struct md_heap heap;
	enum quire_status st;

	heap.head.link.next = heap.head.link.prev = &heap.head;
	heap.mem = (cmark_mem){.calloc = md_calloc, .realloc = md_realloc, .free = md_free};
	current = &heap;
	if (setjmp(heap.escape) == 0) {
		st = fn(arg, &heap.mem);
	} else {
		/* fn's frames are gone: what cmark held is on the list. */
		st = QUIRE_ERR_NOMEM;
		while (heap.head.link.next != &heap.head) {
			union block *b = heap.head.link.next;
			unlink_block(b);
			free(b);
		}
	}
	current = NULL;
	return st;
}
