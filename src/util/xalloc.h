/* Allocation that never returns NULL: on failure the fatal hook runs (the
 * dashboard uses it to restore the terminal) and the process aborts. */
#ifndef FC_UTIL_XALLOC_H
#define FC_UTIL_XALLOC_H

#include <stddef.h>

/* Called once before abort() on allocation failure. Not thread-safe to set;
 * set it at start-up. */
void xalloc_set_fatal_hook(void (*hook)(void));

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a heap copy of s; the caller frees it. s must not be NULL. */
char *xstrdup(const char *s);
/* Copies at most n bytes of s and NUL-terminates; the caller frees it. */
char *xstrndup(const char *s, size_t n);
/* printf into a new heap string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
