/* The Engine client on responses recorded from the real Engine
 * (scripts/record-fixtures.sh): API version negotiation, and Engine errors
 * turned into one clear line with the right code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/client.h"
#include "docker/image.h"
#include "fake_http.h"

static void negotiate(const char *daemon, const char *want)
{
	char out[16];
	struct error err;
	error_init(&err);
	assert_int_equal(docker_api_negotiate(daemon, out, sizeof(out), &err), 0);
	assert_string_equal(out, want);
}

static void test_negotiate(void **state)
{
	(void)state;
	negotiate("1.41", "1.41"); /* Docker 20.10, as recorded in ping.headers */
	negotiate("1.45", "1.45");
	negotiate("1.51", "1.51");
	negotiate("1.52", DOCKER_API_MAX); /* newer Engines speak older versions */
	negotiate("1.100", DOCKER_API_MAX);
}

static void test_negotiate_refuses_old(void **state)
{
	(void)state;
	char out[16];
	struct error err;
	error_init(&err);
	assert_true(docker_api_negotiate("1.40", out, sizeof(out), &err) < 0);
	assert_non_null(strstr(err.msg, "1.40"));
	assert_non_null(strstr(err.msg, "1.41"));
	error_init(&err);
	/* no header: the Engine is older than 1.25, as the Go client assumes */
	assert_true(docker_api_negotiate(NULL, out, sizeof(out), &err) < 0);
	assert_non_null(strstr(err.msg, "1.24"));
}

static void test_connect_reads_recorded_ping(void **state)
{
	(void)state;
	size_t len;
	char *headers = fixture_read("docker/ping.headers", &len);
	char *v = strstr(headers, "Api-Version: ");
	assert_non_null(v);
	v += strlen("Api-Version: ");
	v[strcspn(v, "\r\n")] = '\0';
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, v, "OK", NULL},
		{"GET", "/v1.41/version", 200, NULL, NULL, "docker/version.json"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, &err), 0);
	assert_string_equal(c->api_version, "1.41");
	assert_string_equal(c->daemon_api_version, "1.41");
	/* every later call carries the negotiated version */
	struct http_response resp;
	http_response_init(&resp);
	assert_int_equal(docker_call(c, "GET", "/version", NULL, &resp, &err), 0);
	assert_string_equal(fake_http_last_path(c->http), "/v1.41/version");
	http_response_release(&resp);
	docker_client_free(c);
	free(headers);
}

static void test_connect_unreachable(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {{"GET", "/_ping", 0, NULL, NULL, NULL}};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 1), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, &err), ERR_ENGINE);
	assert_non_null(strstr(err.msg, "cannot reach the Docker Engine"));
	docker_client_free(c);
}

static void reply_error(const char *fixture, long status, int want_code,
			const char *want_msg)
{
	size_t len;
	char *body = fixture_read(fixture, &len);
	struct error err;
	error_init(&err);
	assert_int_equal(docker_error_from_reply(status, body, len, &err), want_code);
	assert_string_equal(err.msg, want_msg);
	assert_null(strchr(err.msg, '\n'));
	free(body);
}

static void test_error_translation(void **state)
{
	(void)state;
	reply_error("docker/error-404-container.json", 404, ERR_NOTFOUND,
		    "no such container: flinkcmd-no-such-container");
	reply_error("docker/error-404-image.json", 404, ERR_NOTFOUND,
		    "no such image: flinkcmd/no-such-image:1");
	struct error err;
	error_init(&err);
	size_t len;
	char *body = fixture_read("docker/error-409-name.json", &len);
	assert_int_equal(docker_error_from_reply(409, body, len, &err), ERR_CONFLICT);
	assert_true(
		strncmp(err.msg,
			"conflict. The container name \"/fixture-dup\" is already in use",
			60) == 0);
	free(body);
	/* a reply that is not JSON still gives one line with the status */
	error_init(&err);
	assert_int_equal(docker_error_from_reply(500, "oops\nmore", 9, &err), ERR_FAIL);
	assert_null(strchr(err.msg, '\n'));
	assert_non_null(strstr(err.msg, "oops"));
}

static void test_call_translates_recorded_404(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"GET", "/v1.41/images/", 404, NULL, NULL, "docker/error-404-image.json"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, &err), 0);
	struct docker_image_info info;
	assert_int_equal(docker_image_inspect(c, "flinkcmd/no-such-image:1", &info, &err),
			 ERR_NOTFOUND);
	assert_string_equal(err.msg, "no such image: flinkcmd/no-such-image:1");
	docker_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_negotiate_refuses_old),
		cmocka_unit_test(test_connect_reads_recorded_ping),
		cmocka_unit_test(test_connect_unreachable),
		cmocka_unit_test(test_error_translation),
		cmocka_unit_test(test_call_translates_recorded_404),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
