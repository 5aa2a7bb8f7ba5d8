/* DOCKER_HOST parsing and the default socket search order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <string.h>

#include <cmocka.h>

#include "docker/endpoint.h"

static const char *existing;

static bool exists_only(const char *path)
{
	return existing && strcmp(path, existing) == 0;
}

static void resolve_ok(struct docker_env *env, struct docker_endpoint *ep)
{
	struct error err;
	error_init(&err);
	env->exists = exists_only;
	assert_int_equal(docker_endpoint_resolve(env, ep, &err), 0);
}

static void test_unix_host(void **state)
{
	(void)state;
	struct docker_env env = {.docker_host = "unix:///run/x/docker.sock"};
	struct docker_endpoint ep;
	resolve_ok(&env, &ep);
	assert_string_equal(ep.socket_path, "/run/x/docker.sock");
	assert_string_equal(ep.base_url, "http://localhost");
	assert_string_equal(ep.host, "unix:///run/x/docker.sock");
	assert_string_equal(ep.source, "DOCKER_HOST");
	assert_false(ep.tls);
	docker_endpoint_release(&ep);
}

static void test_tcp_plain_default_port(void **state)
{
	(void)state;
	struct docker_env env = {.docker_host = "tcp://10.0.0.5"};
	struct docker_endpoint ep;
	resolve_ok(&env, &ep);
	assert_null(ep.socket_path);
	assert_string_equal(ep.base_url, "http://10.0.0.5:2375");
	assert_string_equal(ep.host, "tcp://10.0.0.5:2375");
	docker_endpoint_release(&ep);
}

static void test_tcp_tls_verify(void **state)
{
	(void)state;
	struct docker_env env = {
		.docker_host = "tcp://docker.example:2376",
		.tls_verify = "1",
		.cert_path = "/certs",
	};
	struct docker_endpoint ep;
	resolve_ok(&env, &ep);
	assert_true(ep.tls);
	assert_true(ep.tls_verify);
	assert_string_equal(ep.base_url, "https://docker.example:2376");
	assert_string_equal(ep.ca_file, "/certs/ca.pem");
	assert_string_equal(ep.cert_file, "/certs/cert.pem");
	assert_string_equal(ep.key_file, "/certs/key.pem");
	docker_endpoint_release(&ep);
}

static void test_tls_default_cert_dir_and_port(void **state)
{
	(void)state;
	struct docker_env env = {.docker_host = "tcp://h", .tls = "1", .home = "/home/u"};
	struct docker_endpoint ep;
	resolve_ok(&env, &ep);
	assert_true(ep.tls);
	assert_false(ep.tls_verify);
	assert_string_equal(ep.base_url, "https://h:2376");
	assert_string_equal(ep.ca_file, "/home/u/.docker/ca.pem");
	docker_endpoint_release(&ep);
}

static void test_bare_host_port_is_tcp(void **state)
{
	(void)state;
	struct docker_env env = {.docker_host = "127.0.0.1:2375"};
	struct docker_endpoint ep;
	resolve_ok(&env, &ep);
	assert_string_equal(ep.base_url, "http://127.0.0.1:2375");
	docker_endpoint_release(&ep);
}

static void expect_usage(const char *host, const char *needle)
{
	struct docker_env env = {.docker_host = host, .exists = exists_only};
	struct docker_endpoint ep;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_endpoint_resolve(&env, &ep, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, needle));
	assert_null(ep.host);
}

static void test_bad_hosts(void **state)
{
	(void)state;
	expect_usage("ssh://me@host", "ssh");
	expect_usage("npipe:////./pipe/docker_engine", "scheme");
	expect_usage("unix://relative.sock", "absolute");
	expect_usage("tcp://host:port", "bad port");
	expect_usage("tcp://", "no host");
	expect_usage("gopher://x", "unknown scheme");
	expect_usage("unix:///"
		     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sock",
		     "longer than");
}

static void test_search_order(void **state)
{
	(void)state;
	struct docker_env env = {.xdg_runtime_dir = "/run/user/1000", .home = "/home/u"};
	struct docker_endpoint ep;

	existing = "/run/user/1000/docker.sock";
	resolve_ok(&env, &ep);
	assert_string_equal(ep.socket_path, "/run/user/1000/docker.sock");
	assert_string_equal(ep.source, "default socket");
	docker_endpoint_release(&ep);

	existing = "/home/u/.docker/desktop/docker.sock";
	resolve_ok(&env, &ep);
	assert_string_equal(ep.socket_path, existing);
	docker_endpoint_release(&ep);

	existing = "/var/run/docker.sock";
	resolve_ok(&env, &ep);
	assert_string_equal(ep.socket_path, "/var/run/docker.sock");
	docker_endpoint_release(&ep);

	/* nothing exists: the system socket, so the connect error names it */
	existing = NULL;
	resolve_ok(&env, &ep);
	assert_string_equal(ep.socket_path, "/var/run/docker.sock");
	assert_string_equal(ep.source, "default socket (none found)");
	docker_endpoint_release(&ep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unix_host),
		cmocka_unit_test(test_tcp_plain_default_port),
		cmocka_unit_test(test_tcp_tls_verify),
		cmocka_unit_test(test_tls_default_cert_dir_and_port),
		cmocka_unit_test(test_bare_host_port_is_tcp),
		cmocka_unit_test(test_bad_hosts),
		cmocka_unit_test(test_search_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
