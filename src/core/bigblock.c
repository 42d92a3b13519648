/* Zeroed chunks for the arenas; the large ones straight from the kernel.
 * A big document's parse tree and model fill hundreds of megabytes touched
 * once each, and faulting them in 4 KB at a time weighed on a conversion.
 * Chunks from 2 MB up are 2 MB aligned and offered for transparent huge
 * pages (Linux's madvise; elsewhere they are plain mappings). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "core.h"

#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

static size_t rounded(size_t size)
{
	return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static void *big_alloc(size_t len)
{
	unsigned char *raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
	                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	uintptr_t start = ((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	unsigned char *p = (unsigned char *)start;
	if (p > raw)
		munmap(raw, (size_t)(p - raw));
	size_t tail = (size_t)(raw + len + HUGE_PAGE - (p + len));
	if (tail)
		munmap(p + len, tail);
#ifdef MADV_HUGEPAGE
	madvise(p, len, MADV_HUGEPAGE);
#endif
	return p;
}

void *quire_chunk_alloc(size_t *size)
{
	if (*size < QUIRE_BIG_BLOCK)
		return calloc(1, *size ? *size : 1);
	size_t len = rounded(*size);
	if (len < *size || len > SIZE_MAX - HUGE_PAGE)
		return NULL;
	void *p = big_alloc(len);
	if (p)
		*size = len;
	return p;
}

void quire_chunk_free(void *p, size_t size)
{
	if (p == NULL)
		return;
	if (size < QUIRE_BIG_BLOCK)
		free(p);
	else
		munmap(p, rounded(size));
}
