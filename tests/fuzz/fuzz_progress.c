/* libFuzzer target: the Engine's build/import progress stream. The input is
 * the raw stream (so a recorded one is a seed as it is); it is decoded whole
 * and again fed in two chunks, split where a byte in the middle says, and
 * both must give the same messages and the same outcome. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "docker/progress.h"

struct tally {
	size_t messages;
	uint64_t hash; /* FNV-1a over every field of every message */
};

static void mix(struct tally *t, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		t->hash = (t->hash ^ b[i]) * 1099511628211u;
}

static void mix_str(struct tally *t, const char *s)
{
	mix(t, s ? s : "\xff", s ? strlen(s) + 1 : 1);
}

static int note(void *ctx, const struct docker_progress *m, struct error *err)
{
	struct tally *t = ctx;
	t->messages++;
	mix_str(t, m->stream);
	mix_str(t, m->status);
	mix_str(t, m->id);
	mix_str(t, m->progress);
	mix_str(t, m->aux_id);
	mix_str(t, m->error);
	mix(t, &m->current, sizeof(m->current));
	mix(t, &m->total, sizeof(m->total));
	/* a callback may stop the stream */
	if (m->stream && m->stream[0] == '\x01')
		return error_set(err, ERR_INTERRUPTED, "stopped");
	return 0;
}

static int run(const char *buf, size_t len, size_t cut, struct tally *t,
	       struct error *err)
{
	struct docker_progress_reader r;
	docker_progress_reader_init(&r);
	error_init(err);
	t->messages = 0;
	t->hash = 14695981039346656037u;
	int rc = docker_progress_reader_feed(&r, buf, cut, note, t, err);
	if (rc == 0)
		rc = docker_progress_reader_feed(&r, buf + cut, len - cut, note, t, err);
	if (rc == 0)
		rc = docker_progress_reader_finish(&r, note, t, err);
	docker_progress_reader_release(&r);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	size_t cut = size ? (size_t)data[size / 2] * (size + 1) / 256 : 0;
	struct tally whole, split;
	struct error e1, e2;
	int a = run(buf, size, size, &whole, &e1);
	int b = run(buf, size, cut, &split, &e2);
	if (a != b || whole.messages != split.messages || whole.hash != split.hash ||
	    strcmp(e1.msg, e2.msg) != 0)
		__builtin_trap();
	if (a < 0 && !e1.msg[0])
		__builtin_trap(); /* a failure always says why */
	return 0;
}
