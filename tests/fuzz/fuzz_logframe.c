/* libFuzzer target: the multiplexed log stream, whole and byte by byte. */
#include <stddef.h>
#include <stdint.h>

#include "docker/logframe.h"

static int count(void *ctx, enum docker_log_stream s, const char *d, size_t n,
		 struct error *err)
{
	(void)s;
	(void)d;
	(void)err;
	*(size_t *)ctx += n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err;
	error_init(&err);
	size_t whole = 0, bytewise = 0;
	int a = docker_logframe_parse((const char *)data, size, count, &whole, &err);
	struct docker_logframe_reader r;
	docker_logframe_reader_init(&r);
	int b = 0;
	for (size_t i = 0; i < size && b == 0; i++)
		b = docker_logframe_reader_feed(&r, (const char *)data + i, 1, count,
						&bytewise, &err);
	if (b == 0)
		b = docker_logframe_reader_finish(&r, &err);
	/* the split must not change what is decoded */
	if ((a == 0) != (b == 0) || (a == 0 && whole != bytewise))
		__builtin_trap();
	return 0;
}
