/* libFuzzer target: the Engine's build/import progress stream, fed in two
 * pieces split where the first input byte says. */
#include <stddef.h>
#include <stdint.h>

#include "docker/progress.h"

static int ignore(void *ctx, const struct docker_progress *m, struct error *err)
{
	(void)ctx;
	(void)err;
	return m->stream && m->stream[0] == '\x01' ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t cut = data[0] % size;
	const char *buf = (const char *)data + 1;
	size--;
	if (cut > size)
		cut = size;
	struct docker_progress_reader r;
	struct error err;
	error_init(&err);
	docker_progress_reader_init(&r);
	if (docker_progress_reader_feed(&r, buf, cut, ignore, NULL, &err) == 0 &&
	    docker_progress_reader_feed(&r, buf + cut, size - cut, ignore, NULL, &err) ==
		    0)
		docker_progress_reader_finish(&r, ignore, NULL, &err);
	docker_progress_reader_release(&r);
	return 0;
}
