/* libFuzzer target: the multiplexed log stream, decoded whole, byte by byte
 * and in two pieces; every way must give the same bytes on the same streams
 * and the same outcome. */
#include <stddef.h>
#include <stdint.h>

#include "docker/logframe.h"

struct tally {
	size_t bytes[3];  /* per stream */
	uint64_t hash[3]; /* FNV-1a of each stream's bytes */
};

static int count(void *ctx, enum docker_log_stream s, const char *d, size_t n,
		 struct error *err)
{
	(void)err;
	struct tally *t = ctx;
	if ((unsigned)s > DOCKER_LOG_STDERR || n == 0)
		__builtin_trap(); /* only real streams, never empty runs */
	t->bytes[s] += n;
	if (t->hash[s] == 0)
		t->hash[s] = 14695981039346656037u;
	for (size_t i = 0; i < n; i++)
		t->hash[s] = (t->hash[s] ^ (unsigned char)d[i]) * 1099511628211u;
	return 0;
}

static int pieces(const char *buf, size_t size, size_t step, struct tally *t,
		  struct error *err)
{
	struct docker_logframe_reader r;
	docker_logframe_reader_init(&r);
	error_init(err);
	int rc = 0;
	for (size_t i = 0; i < size && rc == 0; i += step) {
		size_t n = size - i < step ? size - i : step;
		rc = docker_logframe_reader_feed(&r, buf + i, n, count, t, err);
	}
	return rc < 0 ? rc : docker_logframe_reader_finish(&r, err);
}

static int same(const struct tally *a, const struct tally *b)
{
	for (int s = 0; s < 3; s++)
		if (a->bytes[s] != b->bytes[s] || a->hash[s] != b->hash[s])
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct error err;
	error_init(&err);
	struct tally whole = {0}, bytewise = {0}, halves = {0};
	int a = docker_logframe_parse(buf, size, count, &whole, &err);
	if (a < 0 && !err.msg[0])
		__builtin_trap();
	int b = pieces(buf, size, 1, &bytewise, &err);
	int c = pieces(buf, size, size / 2 + 1, &halves, &err);
	/* the split must not change what is decoded, nor whether it fails */
	if (a != b || a != c || !same(&whole, &bytewise) || !same(&whole, &halves))
		__builtin_trap();
	return 0;
}
