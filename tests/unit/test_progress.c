/* The build and import progress stream decoder and POST /build on streams
 * recorded from the real Engine: stream lines, the aux ID, an errorDetail
 * inside a 200 stream, in whatever chunks the bytes arrive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/client.h"
#include "docker/image.h"
#include "docker/progress.h"
#include "fake_http.h"
#include "util/strbuf.h"

struct seen {
	int messages, streams;
	struct strbuf text; /* every stream joined */
	char aux[128];
	char error[512];
	char status[128];
};

static int collect(void *arg, const struct docker_progress *m, struct error *err)
{
	(void)err;
	struct seen *s = arg;
	s->messages++;
	if (m->stream) {
		s->streams++;
		strbuf_adds(&s->text, m->stream);
	}
	if (m->aux_id)
		snprintf(s->aux, sizeof(s->aux), "%s", m->aux_id);
	if (m->error)
		snprintf(s->error, sizeof(s->error), "%s", m->error);
	if (m->status)
		snprintf(s->status, sizeof(s->status), "%s", m->status);
	return 0;
}

/* Feeds the fixture in chunks of `chunk` bytes. */
static void decode(const char *fixture, size_t chunk, struct seen *s)
{
	size_t len;
	char *buf = fixture_read(fixture, &len);
	memset(s, 0, sizeof(*s));
	strbuf_init(&s->text, 0);
	struct docker_progress_reader r;
	docker_progress_reader_init(&r);
	struct error err;
	error_init(&err);
	for (size_t off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		assert_int_equal(
			docker_progress_reader_feed(&r, buf + off, n, collect, s, &err),
			0);
	}
	assert_int_equal(docker_progress_reader_finish(&r, collect, s, &err), 0);
	docker_progress_reader_release(&r);
	free(buf);
}

static void test_build_ok_any_chunking(void **state)
{
	(void)state;
	struct seen whole;
	decode("docker/build-ok.ndjson", 1 << 20, &whole);
	assert_string_equal(
		whole.aux,
		"sha256:"
		"f24d8497c60ca4deca827a5b366a0b4a1a9b5e82dba91e4872a4a4659b7fb097");
	assert_string_equal(whole.error, "");
	assert_non_null(strstr(whole.text.buf, "Step 2/3 : COPY hello /"));
	assert_non_null(
		strstr(whole.text.buf, "Successfully tagged flinkcmd-fixture:ok\n"));
	size_t sizes[] = {1, 2, 3, 7, 64, 100};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct seen s;
		decode("docker/build-ok.ndjson", sizes[i], &s);
		assert_int_equal(s.messages, whole.messages);
		assert_int_equal(s.streams, whole.streams);
		assert_string_equal(s.text.buf, whole.text.buf);
		assert_string_equal(s.aux, whole.aux);
		strbuf_release(&s.text);
	}
	strbuf_release(&whole.text);
}

static void test_build_error_inside_200_stream(void **state)
{
	(void)state;
	struct seen s;
	decode("docker/build-fail-run.ndjson", 5, &s);
	assert_string_equal(
		s.error, "The command '/bin/sh -c echo building; echo boom >&2; exit 3' "
			 "returned a non-zero code: 3");
	assert_non_null(strstr(s.text.buf, "boom"));
	strbuf_release(&s.text);
}

static void test_import_status(void **state)
{
	(void)state;
	struct seen s;
	decode("docker/import.ndjson", 3, &s);
	assert_int_equal(s.messages, 1);
	assert_true(strncmp(s.status, "sha256:", 7) == 0);
	strbuf_release(&s.text);
}

static void test_truncated_and_oversized(void **state)
{
	(void)state;
	struct seen s = {0};
	strbuf_init(&s.text, 0);
	struct docker_progress_reader r;
	struct error err;
	error_init(&err);
	docker_progress_reader_init(&r);
	const char cut[] = "{\"stream\":\"Step 1/2 : FROM scr";
	assert_int_equal(
		docker_progress_reader_feed(&r, cut, sizeof(cut) - 1, collect, &s, &err),
		0);
	assert_true(docker_progress_reader_finish(&r, collect, &s, &err) < 0);
	assert_non_null(strstr(err.msg, "progress stream"));
	docker_progress_reader_release(&r);

	error_init(&err);
	docker_progress_reader_init(&r);
	char *big = malloc(1 << 16);
	memset(big, 'x', 1 << 16);
	int rc = 0;
	for (int i = 0; i < 32 && rc == 0; i++) /* 2 MiB without a newline */
		rc = docker_progress_reader_feed(&r, big, 1 << 16, collect, &s, &err);
	assert_true(rc < 0);
	free(big);
	docker_progress_reader_release(&r);
	strbuf_release(&s.text);
}

static void test_strip_ansi(void **state)
{
	(void)state;
	char *t = docker_progress_strip_ansi("\x1b[91mboom\n\x1b[0m");
	assert_string_equal(t, "boom\n");
	free(t);
	t = docker_progress_strip_ansi("a\x1b]0;title\x07"
				       "b\x1b[1;2Hc");
	assert_string_equal(t, "abc");
	free(t);
}

static ssize_t empty_context(void *arg, char *buf, size_t size, struct error *err)
{
	(void)arg;
	(void)buf;
	(void)size;
	(void)err;
	return 0;
}

static void build_with(const char *fixture, int want_rc, const char *want)
{
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"POST", "/v1.41/build?version=1", 200, NULL, NULL, fixture},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, &err), 0);
	struct docker_build_opts o = {.tag = "x:1"};
	char *id = NULL;
	assert_int_equal(
		docker_image_build(c, &o, empty_context, NULL, NULL, NULL, &id, &err),
		want_rc);
	assert_string_equal(want_rc == 0 ? id : err.msg, want);
	free(id);
	docker_client_free(c);
}

static void test_image_build_result(void **state)
{
	(void)state;
	build_with("docker/build-ok.ndjson", 0,
		   "sha256:"
		   "f24d8497c60ca4deca827a5b366a0b4a1a9b5e82dba91e4872a4a4659b7fb097");
	/* the failing step and its error, in one line */
	build_with("docker/build-fail-run.ndjson", ERR_FAIL,
		   "Step 2/2 : RUN echo building; echo boom >&2; exit 3: The command "
		   "'/bin/sh -c "
		   "echo building; echo boom >&2; exit 3' returned a non-zero code: 3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_ok_any_chunking),
		cmocka_unit_test(test_build_error_inside_200_stream),
		cmocka_unit_test(test_import_status),
		cmocka_unit_test(test_truncated_and_oversized),
		cmocka_unit_test(test_strip_ansi),
		cmocka_unit_test(test_image_build_result),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
