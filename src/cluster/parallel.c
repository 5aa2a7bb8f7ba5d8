/* parallel_for: a shared counter handed out under a mutex; no pool is kept
 * between calls because a cluster operation runs a handful of batches. */
#include "cluster/parallel.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/xalloc.h"

struct batch {
	pthread_mutex_t lock;
	int next;
	int n;
	void (*fn)(void *arg, int i);
	void *arg;
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
		b->fn(b->arg, i);
	}
}

void parallel_for(int n, int width, void (*fn)(void *arg, int i), void *arg)
{
	if (n <= 0)
		return;
	if (width > n)
		width = n;
	if (width <= 1) {
		for (int i = 0; i < n; i++)
			fn(arg, i);
		return;
	}
	struct batch b = {.next = 0, .n = n, .fn = fn, .arg = arg};
	pthread_mutex_init(&b.lock, NULL);
	pthread_t *threads = xcalloc((size_t)width, sizeof(*threads));
	int started = 0;
	for (int t = 0; t < width; t++)
		if (pthread_create(&threads[t], NULL, worker, &b) == 0)
			started++;
		else
			break;
	/* if no thread could start, do the work here */
	if (started == 0)
		worker(&b);
	for (int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	pthread_mutex_destroy(&b.lock);
}
