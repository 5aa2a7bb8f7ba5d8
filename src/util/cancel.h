/* A cancel token: one flag that a signal handler or another thread sets and
 * that long operations look at. It is passed down, as a pointer, to every
 * call that can take long (waits, streams, container stops); nothing keeps
 * one in a shared object. A NULL token never cancels: clean-up code runs
 * under NULL, so an interrupt cannot interrupt the undoing of what it
 * interrupted. Setting and reading are safe from any thread and from a
 * signal handler (a lock-free atomic, which C11 allows in handlers). */
#ifndef FC_UTIL_CANCEL_H
#define FC_UTIL_CANCEL_H

#include <stdatomic.h>
#include <stdbool.h>

#include "util/error.h"

struct cancel {
	atomic_int requested;
};

void cancel_init(struct cancel *c);
/* Sets the flag; async-signal-safe. */
void cancel_request(struct cancel *c);
/* True once c was requested; false for NULL. */
bool cancel_requested(const struct cancel *c);
/* ERR_INTERRUPTED with "interrupted" when c was requested, else 0. */
int cancel_check(const struct cancel *c, struct error *err);

#endif
