/* The multiplexed log stream demuxer on a stream recorded from the real
 * Engine (a container that wrote to stdout and stderr), split at every byte
 * boundary, through GET /containers/{id}/logs, and on frames built here for
 * what the Engine does not send on demand (a bad stream byte, a cut-off
 * frame, a frame larger than any read). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/container.h"
#include "docker/logframe.h"
#include "fake_http.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct streams {
	struct strbuf in, out, err;
	int calls;
	int fail_at; /* the callback fails on this call (1-based); 0: never */
};

static void streams_init(struct streams *st)
{
	memset(st, 0, sizeof(*st));
	strbuf_init(&st->in, 0);
	strbuf_init(&st->out, 0);
	strbuf_init(&st->err, 0);
}

static void streams_release(struct streams *st)
{
	strbuf_release(&st->in);
	strbuf_release(&st->out);
	strbuf_release(&st->err);
}

static int collect(void *arg, enum docker_log_stream s, const char *data, size_t len,
		   struct error *err)
{
	struct streams *st = arg;
	st->calls++;
	if (st->fail_at && st->calls == st->fail_at)
		return error_set(err, ERR_INTERRUPTED, "stopped by the callback");
	struct strbuf *to = s == DOCKER_LOG_STDERR   ? &st->err
			    : s == DOCKER_LOG_STDOUT ? &st->out
						     : &st->in;
	strbuf_add(to, data, len);
	return 0;
}

/* Feeds buf[0, len) in three pieces cut at cut1 <= cut2. */
static int feed3(const char *buf, size_t len, size_t cut1, size_t cut2,
		 struct streams *st, struct error *err)
{
	struct docker_logframe_reader r;
	docker_logframe_reader_init(&r);
	int rc = docker_logframe_reader_feed(&r, buf, cut1, collect, st, err);
	if (rc == 0)
		rc = docker_logframe_reader_feed(&r, buf + cut1, cut2 - cut1, collect, st,
						 err);
	if (rc == 0)
		rc = docker_logframe_reader_feed(&r, buf + cut2, len - cut2, collect, st,
						 err);
	return rc < 0 ? rc : docker_logframe_reader_finish(&r, err);
}

static void test_recorded_whole(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/logs-multiplexed.bin", &len);
	assert_int_equal(len, 58); /* four frames: 4 * 8 header bytes + 26 */
	struct streams st;
	streams_init(&st);
	struct error err;
	error_init(&err);
	assert_int_equal(docker_logframe_parse(buf, len, collect, &st, &err), 0);
	assert_int_equal(st.calls, 4);
	/* `printf partial; echo` wrote one frame: the Engine frames by line */
	assert_string_equal(st.out.buf, "out-1\npartial\n");
	assert_string_equal(st.err.buf, "err-1\nerr-2\n");
	assert_int_equal(st.in.len, 0);
	streams_release(&st);
	free(buf);
}

static void test_split_everywhere(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/logs-multiplexed.bin", &len);
	for (size_t cut1 = 0; cut1 <= len; cut1++) {
		for (size_t cut2 = cut1; cut2 <= len; cut2++) {
			struct streams st;
			streams_init(&st);
			struct error err;
			error_init(&err);
			assert_int_equal(feed3(buf, len, cut1, cut2, &st, &err), 0);
			assert_string_equal(st.out.buf, "out-1\npartial\n");
			assert_string_equal(st.err.buf, "err-1\nerr-2\n");
			streams_release(&st);
		}
	}
	/* byte by byte */
	struct docker_logframe_reader r;
	docker_logframe_reader_init(&r);
	struct streams st;
	streams_init(&st);
	struct error err;
	error_init(&err);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(
			docker_logframe_reader_feed(&r, buf + i, 1, collect, &st, &err),
			0);
	assert_int_equal(docker_logframe_reader_finish(&r, &err), 0);
	assert_string_equal(st.out.buf, "out-1\npartial\n");
	assert_string_equal(st.err.buf, "err-1\nerr-2\n");
	streams_release(&st);
	free(buf);
}

static void test_container_logs_recorded(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"GET", "/v1.41/containers/fixture-logs/logs?stdout=1&stderr=1", 200,
		 NULL, NULL, "docker/logs-multiplexed.bin"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct docker_logs_opts o = {.tail = -1};
	struct streams st;
	streams_init(&st);
	assert_int_equal(docker_container_logs(c, "fixture-logs", &o, collect, &st, &err),
			 0);
	assert_string_equal(fake_http_last_path(c->http),
			    "/v1.41/containers/fixture-logs/logs?stdout=1&stderr=1&"
			    "follow=0&tail=all&timestamps=0");
	assert_string_equal(st.out.buf, "out-1\npartial\n");
	assert_string_equal(st.err.buf, "err-1\nerr-2\n");
	streams_release(&st);
	docker_client_free(c);
}

static void test_unknown_stream(void **state)
{
	(void)state;
	struct streams st;
	streams_init(&st);
	struct error err;
	error_init(&err);
	/* plain text from a TTY container is not a frame stream */
	assert_int_equal(docker_logframe_parse("hello world\n", 12, collect, &st, &err),
			 ERR_ENGINE);
	assert_string_equal(err.msg, "the Engine's log stream has a frame for stream "
				     "104; is the container running with a TTY?");
	assert_int_equal(st.calls, 0);
	/* a good frame, then one for stream 3: the first still arrives */
	static const char two[] = "\x01\0\0\0\0\0\0\x02ok"
				  "\x03\0\0\0\0\0\0\x02no";
	error_init(&err);
	assert_int_equal(docker_logframe_parse(two, sizeof(two) - 1, collect, &st, &err),
			 ERR_ENGINE);
	assert_non_null(strstr(err.msg, "stream 3;"));
	assert_string_equal(st.out.buf, "ok");
	/* stdin (0) is a stream the Engine may name */
	error_init(&err);
	assert_int_equal(
		docker_logframe_parse("\0\0\0\0\0\0\0\x01i", 9, collect, &st, &err), 0);
	assert_string_equal(st.in.buf, "i");
	streams_release(&st);
}

static void test_cut_short(void **state)
{
	(void)state;
	struct streams st;
	streams_init(&st);
	struct error err;
	/* a frame promising 6 bytes and giving 3 */
	error_init(&err);
	assert_int_equal(
		docker_logframe_parse("\x01\0\0\0\0\0\0\x06out", 11, collect, &st, &err),
		ERR_ENGINE);
	assert_string_equal(err.msg, "the Engine's log stream ended inside a frame");
	assert_string_equal(st.out.buf, "out"); /* what came is delivered */
	/* a header cut short */
	error_init(&err);
	assert_int_equal(docker_logframe_parse("\x02\0\0\0\0", 5, collect, &st, &err),
			 ERR_ENGINE);
	assert_non_null(strstr(err.msg, "ended inside a frame"));
	/* the recorded stream cut at every point inside a frame */
	size_t len;
	char *buf = fixture_read_exact("docker/logs-multiplexed.bin", &len);
	size_t next_end = 0; /* where the next frame starts */
	for (size_t cut = 0; cut < len; cut++) {
		int at_end = cut == next_end;
		if (at_end)
			next_end += 8 + ((size_t)(unsigned char)buf[cut + 6] << 8 |
					 (unsigned char)buf[cut + 7]);
		error_init(&err);
		assert_int_equal(docker_logframe_parse(buf, cut, collect, &st, &err),
				 at_end ? 0 : ERR_ENGINE);
	}
	free(buf);
	streams_release(&st);
}

static void test_empty_and_large_frames(void **state)
{
	(void)state;
	/* an empty frame between two others calls nobody */
	static const char frames[] = "\x01\0\0\0\0\0\0\x01"
				     "a"
				     "\x02\0\0\0\0\0\0\0"
				     "\x01\0\0\0\0\0\0\x01"
				     "b";
	struct streams st;
	streams_init(&st);
	struct error err;
	error_init(&err);
	assert_int_equal(
		docker_logframe_parse(frames, sizeof(frames) - 1, collect, &st, &err), 0);
	assert_int_equal(st.calls, 2);
	assert_string_equal(st.out.buf, "ab");
	assert_int_equal(st.err.len, 0);
	streams_release(&st);

	/* one frame of 200000 bytes (size bytes above 0xff) fed in 4 KiB reads */
	size_t payload = 200000, len = 8 + payload;
	unsigned char *buf = xmalloc(len);
	memcpy(buf, "\x02\0\0\0", 4);
	buf[4] = (unsigned char)(payload >> 24);
	buf[5] = (unsigned char)(payload >> 16);
	buf[6] = (unsigned char)(payload >> 8);
	buf[7] = (unsigned char)payload;
	for (size_t i = 0; i < payload; i++)
		buf[8 + i] = (unsigned char)('a' + i % 26);
	streams_init(&st);
	struct docker_logframe_reader r;
	docker_logframe_reader_init(&r);
	for (size_t off = 0; off < len; off += 4096) {
		size_t n = len - off < 4096 ? len - off : 4096;
		assert_int_equal(docker_logframe_reader_feed(&r, (const char *)buf + off,
							     n, collect, &st, &err),
				 0);
	}
	assert_int_equal(docker_logframe_reader_finish(&r, &err), 0);
	assert_int_equal(st.err.len, payload);
	assert_memory_equal(st.err.buf, buf + 8, payload);
	streams_release(&st);
	free(buf);
}

static void test_callback_error_stops(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/logs-multiplexed.bin", &len);
	struct streams st;
	streams_init(&st);
	st.fail_at = 2;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_logframe_parse(buf, len, collect, &st, &err),
			 ERR_INTERRUPTED);
	assert_string_equal(err.msg, "stopped by the callback");
	assert_int_equal(st.calls, 2);
	streams_release(&st);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_whole),
		cmocka_unit_test(test_split_everywhere),
		cmocka_unit_test(test_container_logs_recorded),
		cmocka_unit_test(test_unknown_stream),
		cmocka_unit_test(test_cut_short),
		cmocka_unit_test(test_empty_and_large_frames),
		cmocka_unit_test(test_callback_error_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
