/* Preloaded by tests/hostile/malloc.sh: after FAIL_AFTER allocations,
 * every allocation fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static long left = -2;

static int fail(void)
{
	if (left == -2) {
		const char *e = getenv("FAIL_AFTER");
		left = e ? atol(e) : -1;
	}
	if (left < 0)
		return 0;
	if (left == 0) {
		errno = ENOMEM;
		return 1;
	}
	left--;
	return 0;
}

void *malloc(size_t n) { return fail() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t m) { return fail() ? NULL : __libc_calloc(n, m); }
void *realloc(void *p, size_t n) { return fail() ? NULL : __libc_realloc(p, n); }
int posix_memalign(void **p, size_t a, size_t n)
{
	if (fail())
		return ENOMEM;
	*p = __libc_memalign(a, n);
	return *p ? 0 : ENOMEM;
}
