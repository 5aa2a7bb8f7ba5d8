/* Runs n independent tasks on up to `width` threads and waits for all: how
 * containers are created, started and removed side by side. */
#ifndef FC_UTIL_PARALLEL_H
#define FC_UTIL_PARALLEL_H

#include "util/error.h"

/* A task: does item i, fills its own err (initialised) and returns 0 or its
 * code. It must be thread-safe; results go into per-i slots the caller owns. */
typedef int (*parallel_fn)(void *arg, int i, struct error *err);

/* Calls fn(arg, i, e_i) for i in [0, n) and returns when every call has
 * returned: 0 when all succeeded, else the code of the failed call with the
 * lowest i, its error copied into err (err may be NULL). Every task runs
 * whatever the others do. */
int parallel_for(int n, int width, parallel_fn fn, void *arg, struct error *err);

#endif
