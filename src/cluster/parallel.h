/* Runs n independent tasks on up to `width` threads and waits for all: how
 * containers are created, started and removed side by side. */
#ifndef FC_CLUSTER_PARALLEL_H
#define FC_CLUSTER_PARALLEL_H

/* Calls fn(arg, i) for i in [0, n); returns when every call has returned.
 * fn must be thread-safe; results go into per-i slots the caller owns. */
void parallel_for(int n, int width, void (*fn)(void *arg, int i), void *arg);

#endif
