/* Preloaded by tests/hostile/malloc.sh: after FAIL_AFTER allocations,
 * counted from the start of main(), every allocation fails.
 *
 * Allocations before main() are not counted: they are the constructors
 * of shared libraries (GLib's, which HarfBuzz links on Debian, end the
 * program when one fails), run before the program's code is. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>

typedef int (*main_fn)(int, char **, char **);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                        void *);

static main_fn real_main;
static int armed;

static int armed_main(int argc, char **argv, char **envp)
{
	armed = 1;
	return real_main(argc, argv, envp);
}

/* glibc calls main through this after every library's constructors. */
int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
	start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
	real_main = main;
	return real(armed_main, argc, argv, init, fini, rtld_fini, stack_end);
}

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static long left = -2;

static int fail(void)
{
	if (!armed)
		return 0;
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
