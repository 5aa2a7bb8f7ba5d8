/* The Engine client on responses recorded from the real Engine 20.10
 * (scripts/record-fixtures.sh): API version negotiation from the recorded
 * ping, and recorded 404/409 replies turned into one clear line with the
 * right code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/client.h"
#include "docker/image.h"
#include "docker/network.h"
#include "fake_http.h"
#include "util/xalloc.h"

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
	assert_int_equal(docker_api_negotiate(NULL, out, sizeof(out), &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Docker Engine speaks API 1.24, older than the "
				     "1.41 flink-cmd needs (upgrade to Docker 20.10 or "
				     "newer)");
	error_init(&err);
	assert_int_equal(docker_api_negotiate("", out, sizeof(out), &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "API 1.24, older than"));
	error_init(&err);
	assert_int_equal(docker_api_negotiate("v1.41", out, sizeof(out), &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "'v1.41', which is not of the form 1.NN"));
}

/* The Api-Version line of the recorded /_ping headers; caller frees. */
static char *recorded_api_version(void)
{
	size_t len;
	char *headers = fixture_read("docker/ping.headers", &len);
	char *v = strcasestr(headers, "\nApi-Version: ");
	assert_non_null(v);
	v += strlen("\nApi-Version: ");
	char *out = xstrndup(v, strcspn(v, "\r\n"));
	free(headers);
	return out;
}

static void test_connect_reads_recorded_ping(void **state)
{
	(void)state;
	char *v = recorded_api_version();
	assert_string_equal(v, "1.41"); /* Engine 20.10.24, as recorded */
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, v, "OK", NULL},
		{"GET", "/v1.41/version", 200, NULL, NULL, "docker/version.json"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	assert_string_equal(fake_http_last_path(c->http), "/_ping");
	assert_string_equal(c->api_version, "1.41");
	assert_string_equal(c->daemon_api_version, "1.41");
	assert_true(docker_api_at_least(c, "1.41"));
	assert_false(docker_api_at_least(c, "1.42"));
	/* every later call carries the negotiated version */
	struct http_response resp;
	http_response_init(&resp);
	assert_int_equal(docker_call(c, "GET", "/version", NULL, &resp, &err), 0);
	assert_string_equal(fake_http_last_path(c->http), "/v1.41/version");
	assert_non_null(strstr(resp.body.buf, "\"ApiVersion\":\"1.41\""));
	http_response_release(&resp);
	docker_client_free(c);
	free(v);
}

/* connect against a ping answering with header `daemon` */
static int connect_with(const char *daemon, char *api, size_t apilen, struct error *err)
{
	const struct fake_reply replies[] = {{"GET", "/_ping", 200, daemon, "OK", NULL}};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 1), "fake");
	error_init(err);
	int rc = docker_client_connect(c, NULL, err);
	snprintf(api, apilen, "%s", c->api_version);
	docker_client_free(c);
	return rc;
}

static void test_connect_negotiates(void **state)
{
	(void)state;
	char api[16];
	struct error err;
	assert_int_equal(connect_with("1.45", api, sizeof(api), &err), 0);
	assert_string_equal(api, "1.45");
	assert_int_equal(connect_with("1.52", api, sizeof(api), &err), 0);
	assert_string_equal(api, DOCKER_API_MAX);
	/* no Api-Version header at all: a pre-1.25 Engine, refused */
	assert_int_equal(connect_with(NULL, api, sizeof(api), &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "speaks API 1.24, older than the 1.41"));
	assert_non_null(strstr(err.msg, "upgrade to Docker 20.10 or newer"));
}

static void test_connect_not_an_engine(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {{"GET", "/_ping", 404, NULL, "nope", NULL}};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 1), "tcp://x:1");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), ERR_ENGINE);
	assert_string_equal(err.msg, "'tcp://x:1' did not answer like a Docker Engine "
				     "(HTTP 404 to /_ping; check DOCKER_HOST)");
	docker_client_free(c);
}

static void test_connect_unreachable(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {{"GET", "/_ping", 0, NULL, NULL, NULL}};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 1), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), ERR_ENGINE);
	assert_non_null(strstr(err.msg, "cannot reach the Docker Engine"));
	docker_client_free(c);
}

static void reply_error(const char *fixture, long status, int want_code,
			const char *want_msg)
{
	size_t len;
	char *body = fixture_read_exact(fixture, &len);
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
	/* the Engine says this one twice ("no such image: x: No such image: x") */
	reply_error("docker/error-404-image.json", 404, ERR_NOTFOUND,
		    "no such image: flinkcmd/no-such-image:1");
	reply_error(
		"docker/error-409-name.json", 409, ERR_CONFLICT,
		"conflict. The container name \"/fixture-a\" is already in use by "
		"container "
		"\"41639c597a74fb662a47976aa81a37a04feab965221c7bc01cb357e91eda59eb\". "
		"You have to remove (or rename) that container to be able to reuse "
		"that name.");
	reply_error("docker/error-409-network.json", 409, ERR_CONFLICT,
		    "network with name fixture-net already exists");
	/* a reply that is not JSON still gives one line with the status */
	struct error err;
	error_init(&err);
	assert_int_equal(docker_error_from_reply(500, "oops\nmore", 9, &err), ERR_FAIL);
	assert_string_equal(err.msg, "oops");
	error_init(&err);
	assert_int_equal(docker_error_from_reply(502, "", 0, &err), ERR_FAIL);
	assert_string_equal(err.msg,
			    "the Docker Engine answered HTTP 502 with no message");
	error_init(&err);
	assert_int_equal(docker_error_from_reply(404, "{\"message\":\"\"}", 14, &err),
			 ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "HTTP 404 with no message"));
}

/* The body is bytes with a length, not a C string: nothing past len is read
 * (under ASan an over-read of the exact-size copy fails the test). */
static void test_error_reply_not_nul_terminated(void **state)
{
	(void)state;
	static const char text[] = "bad gateway from the proxy";
	size_t n = strlen(text);
	char *body = xmalloc(n);
	memcpy(body, text, n);
	struct error err;
	error_init(&err);
	assert_int_equal(docker_error_from_reply(502, body, n, &err), ERR_FAIL);
	assert_string_equal(err.msg, "bad gateway from the proxy");
	error_init(&err);
	assert_int_equal(docker_error_from_reply(502, body, 3, &err), ERR_FAIL);
	assert_string_equal(err.msg, "bad");
	free(body);
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
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct docker_image_info info;
	assert_int_equal(docker_image_inspect(c, "flinkcmd/no-such-image:1", &info, &err),
			 ERR_NOTFOUND);
	assert_string_equal(err.msg, "no such image: flinkcmd/no-such-image:1");
	docker_client_free(c);
}

static void test_network_create_recorded(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"POST", "/v1.41/networks/create", 201, NULL, NULL,
		 "docker/network-create.json"},
		{"POST", "/v1.41/networks/create", 409, NULL, NULL,
		 "docker/error-409-network.json"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 3), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct kvlist labels;
	kvlist_init(&labels);
	kvlist_set(&labels, "io.flinkcmd.fixture", "1");
	char *id = NULL;
	assert_int_equal(docker_network_create(c, "fixture-net", &labels, &id, &err), 0);
	assert_string_equal(
		id, "5e867ca7b8bd6c6b6fba0051c59ff01d0b04e40fdaa9d7ceb4b49c27b6b2cb5a");
	/* Engines before 25 make a second network of the same name unless told */
	assert_non_null(strstr(fake_http_last_body(c->http), "\"CheckDuplicate\":true"));
	free(id);
	assert_int_equal(docker_network_create(c, "fixture-net", &labels, &id, &err),
			 ERR_CONFLICT);
	assert_null(id);
	assert_string_equal(err.msg, "network with name fixture-net already exists");
	kvlist_release(&labels);
	docker_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_negotiate_refuses_old),
		cmocka_unit_test(test_connect_reads_recorded_ping),
		cmocka_unit_test(test_connect_negotiates),
		cmocka_unit_test(test_connect_not_an_engine),
		cmocka_unit_test(test_connect_unreachable),
		cmocka_unit_test(test_error_translation),
		cmocka_unit_test(test_error_reply_not_nul_terminated),
		cmocka_unit_test(test_call_translates_recorded_404),
		cmocka_unit_test(test_network_create_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
