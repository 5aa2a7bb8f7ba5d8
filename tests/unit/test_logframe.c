/* The multiplexed log stream demuxer on a stream recorded from the real
 * Engine (a container that wrote to stdout and stderr), split at every byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/logframe.h"
#include "fake_http.h"
#include "util/strbuf.h"

struct streams {
	struct strbuf out, err;
};

static int collect(void *arg, enum docker_log_stream s, const char *data, size_t len,
		   struct error *err)
{
	(void)err;
	struct streams *st = arg;
	strbuf_add(s == DOCKER_LOG_STDERR ? &st->err : &st->out, data, len);
	return 0;
}

static void test_split_everywhere(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read("docker/logs-multiplexed.bin", &len);
	for (size_t cut1 = 0; cut1 <= len; cut1++) {
		for (size_t cut2 = cut1; cut2 <= len; cut2 += 3) {
			struct streams st;
			strbuf_init(&st.out, 0);
			strbuf_init(&st.err, 0);
			struct docker_logframe_reader r;
			docker_logframe_reader_init(&r);
			struct error err;
			error_init(&err);
			assert_int_equal(docker_logframe_reader_feed(&r, buf, cut1,
								     collect, &st, &err),
					 0);
			assert_int_equal(docker_logframe_reader_feed(&r, buf + cut1,
								     cut2 - cut1, collect,
								     &st, &err),
					 0);
			assert_int_equal(docker_logframe_reader_feed(&r, buf + cut2,
								     len - cut2, collect,
								     &st, &err),
					 0);
			assert_int_equal(docker_logframe_reader_finish(&r, &err), 0);
			assert_string_equal(st.out.buf, "out-1\npartial\n");
			assert_string_equal(st.err.buf, "err-1\nerr-2\n");
			strbuf_release(&st.out);
			strbuf_release(&st.err);
		}
	}
	free(buf);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct streams st;
	strbuf_init(&st.out, 0);
	strbuf_init(&st.err, 0);
	struct error err;
	error_init(&err);
	/* plain text from a TTY container is not a frame stream */
	assert_int_equal(docker_logframe_parse("hello world\n", 12, collect, &st, &err),
			 ERR_ENGINE);
	assert_non_null(strstr(err.msg, "TTY"));
	/* a frame promising 6 bytes and giving 3 */
	error_init(&err);
	assert_int_equal(
		docker_logframe_parse("\x01\0\0\0\0\0\0\x06out", 11, collect, &st, &err),
		ERR_ENGINE);
	assert_non_null(strstr(err.msg, "ended inside a frame"));
	strbuf_release(&st.out);
	strbuf_release(&st.err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_everywhere),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
