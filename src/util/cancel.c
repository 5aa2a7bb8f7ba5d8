/* The cancel token. A lock-free atomic_int is what makes it usable from a
 * signal handler and from threads at once: volatile sig_atomic_t is safe in
 * a handler but is a data race between threads. */
#include "util/cancel.h"

_Static_assert(ATOMIC_INT_LOCK_FREE == 2,
	       "a cancel token set from a signal handler needs a lock-free int");

void cancel_init(struct cancel *c)
{
	atomic_init(&c->requested, 0);
}

void cancel_request(struct cancel *c)
{
	atomic_store(&c->requested, 1);
}

bool cancel_requested(const struct cancel *c)
{
	/* atomic_load takes a pointer to non-const in C17 */
	return c && atomic_load((atomic_int *)&c->requested) != 0;
}

int cancel_check(const struct cancel *c, struct error *err)
{
	return cancel_requested(c) ? error_set(err, ERR_INTERRUPTED, "interrupted") : 0;
}
