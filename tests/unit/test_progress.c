/* The build and import progress stream decoder and POST /build on streams
 * recorded from the real Engine (scripts/record-fixtures.sh): stream lines,
 * the aux ID, an errorDetail inside a 200 stream, the same messages in
 * whatever chunks the bytes arrive, and the limits (a cut-off last message,
 * a message past the cap). */
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
#include "util/xalloc.h"

#define OK_ID "sha256:ac8493fc52057bcf2857942cb4acd0c44d71c1e279727ad2d8ecb874e5fc6167"
#define RUN_ERROR                                                                        \
	"The command '/bin/sh -c echo building; echo boom >&2; exit 3' returned a "      \
	"non-zero code: 3"
#define COPY_ERROR                                                                       \
	"COPY failed: file not found in build context or excluded by .dockerignore: "    \
	"stat missing: file does not exist"

struct seen {
	int messages, streams;
	struct strbuf text;       /* every stream joined */
	struct strbuf transcript; /* every field of every message, one per line */
	char aux[128];
	char error[512];
	char status[128];
	int fail_at; /* the callback fails on this message (1-based); 0: never */
};

static void seen_init(struct seen *s)
{
	memset(s, 0, sizeof(*s));
	strbuf_init(&s->text, 0);
	strbuf_init(&s->transcript, 0);
}

static void seen_release(struct seen *s)
{
	strbuf_release(&s->text);
	strbuf_release(&s->transcript);
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static int collect(void *arg, const struct docker_progress *m, struct error *err)
{
	struct seen *s = arg;
	s->messages++;
	strbuf_addf(&s->transcript,
		    "stream=%s|status=%s|id=%s|aux=%s|error=%s|%lld/%lld\n",
		    or_dash(m->stream), or_dash(m->status), or_dash(m->id),
		    or_dash(m->aux_id), or_dash(m->error), (long long)m->current,
		    (long long)m->total);
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
	if (s->fail_at && s->messages == s->fail_at)
		return error_set(err, ERR_INTERRUPTED, "stopped by the callback");
	return 0;
}

/* Feeds buf in the pieces that cuts[0..ncuts) mark (ascending offsets). */
static void decode_cuts(const char *buf, size_t len, const size_t *cuts, size_t ncuts,
			struct seen *s)
{
	seen_init(s);
	struct docker_progress_reader r;
	docker_progress_reader_init(&r);
	struct error err;
	error_init(&err);
	size_t off = 0;
	for (size_t i = 0; i <= ncuts; i++) {
		size_t end = i < ncuts ? cuts[i] : len;
		assert_int_equal(docker_progress_reader_feed(&r, buf + off, end - off,
							     collect, s, &err),
				 0);
		off = end;
	}
	assert_int_equal(docker_progress_reader_finish(&r, collect, s, &err), 0);
	docker_progress_reader_release(&r);
}

/* Feeds the fixture in chunks of `chunk` bytes. */
static void decode(const char *fixture, size_t chunk, struct seen *s)
{
	size_t len;
	char *buf = fixture_read_exact(fixture, &len);
	size_t ncuts = 0;
	size_t *cuts = xcalloc(len / chunk + 1, sizeof(*cuts));
	for (size_t off = chunk; off < len; off += chunk)
		cuts[ncuts++] = off;
	decode_cuts(buf, len, cuts, ncuts, s);
	free(cuts);
	free(buf);
}

static void test_build_ok_recorded(void **state)
{
	(void)state;
	struct seen s;
	decode("docker/build-ok.ndjson", 1 << 20, &s);
	assert_int_equal(s.messages, 19);
	assert_int_equal(s.streams, 18); /* all but the aux message */
	assert_string_equal(s.aux, OK_ID);
	assert_string_equal(s.error, "");
	assert_string_equal(s.text.buf, "Step 1/4 : FROM scratch\n"
					" ---> \n"
					"Step 2/4 : COPY hello /\n"
					" ---> c42777876def\n"
					"Step 3/4 : LABEL io.flinkcmd.fixture=1 "
					"io.flinkcmd.flink-version=0.0-fixture\n"
					" ---> Running in a917114e5305\n"
					"Removing intermediate container a917114e5305\n"
					" ---> ed277b9dc786\n"
					"Step 4/4 : USER 1000:1000\n"
					" ---> Running in 0e2a3c5a26e6\n"
					"Removing intermediate container 0e2a3c5a26e6\n"
					" ---> ac8493fc5205\n"
					"Successfully built ac8493fc5205\n"
					"Successfully tagged flinkcmd-fixture:ok\n");
	seen_release(&s);
}

/* Every fixture gives the same messages whole, byte by byte, in fixed sizes
 * and in random splits. */
static void test_any_chunking(void **state)
{
	(void)state;
	static const char *fixtures[] = {
		"docker/build-ok.ndjson",
		"docker/build-fail-run.ndjson",
		"docker/build-fail-copy.ndjson",
		"docker/import.ndjson",
	};
	srand(4242); /* a fixed seed: a failure can be replayed */
	for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		struct seen whole;
		decode(fixtures[f], 1 << 20, &whole);
		assert_true(whole.messages > 0);
		size_t sizes[] = {1, 2, 3, 7, 64, 100};
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			struct seen s;
			decode(fixtures[f], sizes[i], &s);
			assert_string_equal(s.transcript.buf, whole.transcript.buf);
			seen_release(&s);
		}
		size_t len;
		char *buf = fixture_read_exact(fixtures[f], &len);
		for (int round = 0; round < 200; round++) {
			size_t cuts[16], ncuts = (size_t)(rand() % 16);
			for (size_t i = 0; i < ncuts; i++)
				cuts[i] = (size_t)rand() % (len + 1);
			/* ascending, so each piece is buf[cut i-1, cut i) */
			for (size_t i = 1; i < ncuts; i++)
				for (size_t j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
					size_t t = cuts[j];
					cuts[j] = cuts[j - 1];
					cuts[j - 1] = t;
				}
			struct seen s;
			decode_cuts(buf, len, cuts, ncuts, &s);
			assert_string_equal(s.transcript.buf, whole.transcript.buf);
			seen_release(&s);
		}
		free(buf);
		seen_release(&whole);
	}
}

static void test_build_run_error_inside_200_stream(void **state)
{
	(void)state;
	struct seen s;
	decode("docker/build-fail-run.ndjson", 5, &s);
	assert_string_equal(s.error, RUN_ERROR);
	assert_string_equal(s.aux, "");
	/* the RUN step's stderr comes coloured red */
	assert_non_null(strstr(s.text.buf, "\x1b[91mboom\n\x1b[0m"));
	seen_release(&s);
}

static void test_build_copy_error_inside_200_stream(void **state)
{
	(void)state;
	struct seen s;
	decode("docker/build-fail-copy.ndjson", 1, &s);
	assert_int_equal(s.messages, 6);
	assert_string_equal(s.error, COPY_ERROR);
	assert_string_equal(
		s.text.buf,
		"Step 1/2 : FROM scratch\n ---> \nStep 2/2 : COPY missing /\n");
	seen_release(&s);
}

static void test_import_status(void **state)
{
	(void)state;
	struct seen s;
	decode("docker/import.ndjson", 3, &s);
	assert_int_equal(s.messages, 1);
	assert_string_equal(
		s.status,
		"sha256:"
		"9b050424bbdad1b364b910ecdb779f5eda477ab273ed6514d6a957c653bd0c79");
	seen_release(&s);
}

static void test_fields(void **state)
{
	(void)state;
	/* a pull-style status with its bar, two objects on one line, and an
	 * errorDetail without a message */
	static const char text[] =
		"{\"status\":\"Downloading\",\"id\":\"a1b2\",\"progress\":\"[=> ]\","
		"\"progressDetail\":{\"current\":1048576,\"total\":6000000000}}\r\n"
		"{\"stream\":\"a\"}{\"stream\":\"b\"}\n"
		"{\"errorDetail\":{}}\n";
	struct seen s;
	seen_init(&s);
	struct error err;
	error_init(&err);
	assert_int_equal(docker_progress_parse(text, sizeof(text) - 1, collect, &s, &err),
			 0);
	assert_string_equal(s.transcript.buf,
			    "stream=-|status=Downloading|id=a1b2|aux=-|error=-|"
			    "1048576/6000000000\n"
			    "stream=a|status=-|id=-|aux=-|error=-|0/0\n"
			    "stream=b|status=-|id=-|aux=-|error=-|0/0\n"
			    "stream=-|status=-|id=-|aux=-|error=the Engine reported an "
			    "error|0/0\n");
	seen_release(&s);
}

static void test_truncated_last_message(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read("docker/build-ok.ndjson", &len);
	/* the recorded stream cut inside its last message */
	size_t cut = len - 10;
	struct seen s;
	seen_init(&s);
	struct docker_progress_reader r;
	struct error err;
	error_init(&err);
	docker_progress_reader_init(&r);
	assert_int_equal(docker_progress_reader_feed(&r, buf, cut, collect, &s, &err), 0);
	assert_int_equal(s.messages, 18);
	assert_int_equal(docker_progress_reader_finish(&r, collect, &s, &err),
			 ERR_ENGINE);
	assert_non_null(strstr(err.msg, "cannot decode the Engine's progress stream"));
	assert_int_equal(s.messages, 18);
	docker_progress_reader_release(&r);
	seen_release(&s);
	free(buf);

	/* the pure parser on a cut-off message held in exactly its bytes */
	static const char cut_text[] = "{\"stream\":\"Ste";
	char *exact = xmalloc(sizeof(cut_text) - 1);
	memcpy(exact, cut_text, sizeof(cut_text) - 1);
	seen_init(&s);
	error_init(&err);
	assert_int_equal(
		docker_progress_parse(exact, sizeof(cut_text) - 1, collect, &s, &err),
		ERR_ENGINE);
	assert_string_equal(err.msg, "cannot decode the Engine's progress stream near "
				     "'{\"stream\":\"Ste'");
	assert_int_equal(s.messages, 0);
	free(exact);
	seen_release(&s);
}

static void test_oversized_message(void **state)
{
	(void)state;
	struct seen s;
	seen_init(&s);
	struct docker_progress_reader r;
	struct error err;
	error_init(&err);
	docker_progress_reader_init(&r);
	/* a stream line of 2 MiB, never ending: stopped at 1 MiB */
	size_t chunk = 1 << 16;
	char *big = xmalloc(chunk);
	memset(big, 'x', chunk);
	static const char head[] = "{\"stream\":\"";
	assert_int_equal(docker_progress_reader_feed(&r, head, sizeof(head) - 1, collect,
						     &s, &err),
			 0);
	int rc = 0, fed = 0;
	for (; fed < 32 && rc == 0; fed++)
		rc = docker_progress_reader_feed(&r, big, chunk, collect, &s, &err);
	assert_int_equal(rc, ERR_ENGINE);
	assert_int_equal(fed, 16); /* the 16th chunk passes 1 MiB */
	assert_string_equal(err.msg, "a message in the Engine's progress stream passed "
				     "1048576 bytes");
	assert_int_equal(s.messages, 0);
	docker_progress_reader_release(&r);

	/* many messages adding up to more than the cap are fine */
	docker_progress_reader_init(&r);
	error_init(&err);
	static const char line[] = "{\"stream\":\"0123456789abcdef\"}\r\n";
	for (int i = 0; i < 40000; i++)
		assert_int_equal(docker_progress_reader_feed(&r, line, sizeof(line) - 1,
							     collect, &s, &err),
				 0);
	assert_int_equal(docker_progress_reader_finish(&r, collect, &s, &err), 0);
	assert_int_equal(s.messages, 40000);
	docker_progress_reader_release(&r);
	free(big);
	seen_release(&s);
}

static void test_callback_error_stops(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/build-ok.ndjson", &len);
	struct seen s;
	seen_init(&s);
	s.fail_at = 3;
	struct docker_progress_reader r;
	struct error err;
	error_init(&err);
	docker_progress_reader_init(&r);
	assert_int_equal(docker_progress_reader_feed(&r, buf, len, collect, &s, &err),
			 ERR_INTERRUPTED);
	assert_string_equal(err.msg, "stopped by the callback");
	assert_int_equal(s.messages, 3);
	docker_progress_reader_release(&r);
	seen_release(&s);
	free(buf);
}

static void test_not_objects(void **state)
{
	(void)state;
	struct seen s;
	seen_init(&s);
	struct error err;
	error_init(&err);
	assert_int_equal(docker_progress_parse("[1,2]\n", 6, collect, &s, &err),
			 ERR_ENGINE);
	assert_non_null(strstr(err.msg, "something other than an object"));
	error_init(&err);
	assert_int_equal(docker_progress_parse("<html>\n", 7, collect, &s, &err),
			 ERR_ENGINE);
	assert_int_equal(s.messages, 0);
	/* blank lines and CRLF between messages are nothing */
	error_init(&err);
	assert_int_equal(docker_progress_parse("\r\n \n\t", 5, collect, &s, &err), 0);
	assert_int_equal(s.messages, 0);
	seen_release(&s);
}

static void strip(const char *in, const char *want)
{
	char *t = docker_progress_strip_ansi(in);
	assert_string_equal(t, want);
	free(t);
}

static void test_strip_ansi(void **state)
{
	(void)state;
	strip("\x1b[91mboom\n\x1b[0m", "boom\n"); /* as recorded in build-fail-run */
	strip("a\x1b]0;title\x07"
	      "b\x1b[1;2Hc",
	      "abc");
	strip("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\z", "alinkz");
	strip("plain text", "plain text");
	strip("", "");
	/* cut-off sequences at the end drop what is left, and read no further */
	strip("abc\x1b", "abc");
	strip("abc\x1b[", "abc");
	strip("abc\x1b[12;", "abc");
	strip("abc\x1b]0;ti", "abc");
	strip("x\x1b=y", "xy"); /* a two-byte escape */

	/* the recorded RUN output, as a build log file would hold it */
	struct seen s;
	decode("docker/build-fail-run.ndjson", 1 << 20, &s);
	char *t = docker_progress_strip_ansi(s.text.buf);
	assert_null(strchr(t, '\x1b'));
	assert_non_null(strstr(t, "building\nboom\nRemoving intermediate container"));
	free(t);
	seen_release(&s);
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
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct docker_build_opts o = {.tag = "flinkcmd-fixture:ok"};
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
	build_with("docker/build-ok.ndjson", 0, OK_ID);
	/* the failing step and its error, in one line */
	build_with("docker/build-fail-run.ndjson", ERR_FAIL,
		   "Step 2/2 : RUN echo building; echo boom >&2; exit 3: " RUN_ERROR);
	build_with("docker/build-fail-copy.ndjson", ERR_FAIL,
		   "Step 2/2 : COPY missing /: " COPY_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_ok_recorded),
		cmocka_unit_test(test_any_chunking),
		cmocka_unit_test(test_build_run_error_inside_200_stream),
		cmocka_unit_test(test_build_copy_error_inside_200_stream),
		cmocka_unit_test(test_import_status),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_truncated_last_message),
		cmocka_unit_test(test_oversized_message),
		cmocka_unit_test(test_callback_error_stops),
		cmocka_unit_test(test_not_objects),
		cmocka_unit_test(test_strip_ansi),
		cmocka_unit_test(test_image_build_result),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
