/* parallel_for: a shared counter handed out under a mutex; no pool is kept
 * between calls because a cluster operation runs a handful of batches. Each
 * task gets its own error slot, and the first failure by index is reported,
 * so the result does not depend on which thread ran first. */
#include "util/parallel.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/xalloc.h"

struct batch {
	pthread_mutex_t lock;
	int next;
	int n;
	parallel_fn fn;
	void *arg;
	struct error *errs; /* one per task */
};

static void *worker(void *p)
{
	struct batch *b = p;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		int i = b->next < b->n ? b->next++ : -1;
		pthread_mutex_unlock(&b->lock);
		if (i < 0)
			return NULL;
		error_init(&b->errs[i]);
		int rc = b->fn(b->arg, i, &b->errs[i]);
		/* a task that failed without a code still failed */
		if (rc < 0 && !b->errs[i].code)
			error_set(&b->errs[i], rc, "task %d failed", i);
	}
}

int parallel_for(int n, int width, parallel_fn fn, void *arg, struct error *err)
{
	if (n <= 0)
		return 0;
	if (width > n)
		width = n;
	struct batch b = {.next = 0, .n = n, .fn = fn, .arg = arg};
	b.errs = xcalloc((size_t)n, sizeof(*b.errs));
	pthread_mutex_init(&b.lock, NULL);
	int started = 0;
	pthread_t *threads = xcalloc((size_t)(width > 1 ? width : 1), sizeof(*threads));
	for (int t = 0; width > 1 && t < width; t++)
		if (pthread_create(&threads[t], NULL, worker, &b) == 0)
			started++;
		else
			break;
	/* one wide, or no thread could start: do the work here */
	if (started == 0)
		worker(&b);
	for (int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	pthread_mutex_destroy(&b.lock);
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++)
		if (b.errs[i].code) {
			rc = b.errs[i].code;
			if (err)
				*err = b.errs[i];
		}
	free(b.errs);
	return rc;
}
