/* Container replies recorded from the real Engine 20.10
 * (scripts/record-fixtures.sh): the list by label, inspect of a running
 * container with a published port and of one that exited 3, the create reply
 * and a name taken twice. Parsers get exactly the recorded bytes, no NUL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/container.h"
#include "fake_http.h"

#define ID_A "41639c597a74fb662a47976aa81a37a04feab965221c7bc01cb357e91eda59eb"
#define ID_LOGS "26b4e711bc27c963f421ffa1b73cc8b1745fed10ef6689bdba1b5d055b31688b"

static const struct docker_container_summary *
by_name(const struct docker_container_summary *list, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0)
			return &list[i];
	fail_msg("no container '%s' in the list", name);
	return NULL;
}

static void test_list_parse_recorded(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/containers-list.json", &len);
	struct docker_container_summary *list;
	int n;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_container_list_parse(buf, len, 8081, &list, &n, &err), 0);
	assert_int_equal(n, 2);

	const struct docker_container_summary *a = by_name(list, n, "fixture-a");
	assert_string_equal(a->id, ID_A);
	assert_string_equal(a->image, "flink-cmd/debian-jre:bookworm-17");
	assert_string_equal(a->state, "running");
	assert_string_equal(a->status, "Up Less than a second");
	assert_int_equal(a->created, 1795516398);
	assert_int_equal(a->labels.n, 1);
	assert_string_equal(kvlist_get(&a->labels, "io.flinkcmd.fixture"), "1");
	assert_int_equal(a->public_port, 32801);
	assert_string_equal(a->public_ip, "127.0.0.1");

	const struct docker_container_summary *l = by_name(list, n, "fixture-logs");
	assert_string_equal(l->id, ID_LOGS);
	assert_string_equal(l->state, "exited");
	assert_string_equal(l->status, "Exited (3) Less than a second ago");
	assert_int_equal(l->public_port, 0);
	assert_null(l->public_ip);
	docker_container_list_free(list, n);

	/* another private port, or none, finds no published port */
	assert_int_equal(docker_container_list_parse(buf, len, 8080, &list, &n, &err), 0);
	assert_int_equal(by_name(list, n, "fixture-a")->public_port, 0);
	docker_container_list_free(list, n);
	assert_int_equal(docker_container_list_parse(buf, len, 0, &list, &n, &err), 0);
	assert_int_equal(by_name(list, n, "fixture-a")->public_port, 0);
	docker_container_list_free(list, n);
	free(buf);
}

static void test_list_parse_ipv6_binding(void **state)
{
	(void)state;
	/* an Engine with IPv6 lists the port twice; the IPv4 one is reported */
	static const char text[] =
		"[{\"Id\":\"x\",\"Names\":[\"/n\"],\"Ports\":["
		"{\"IP\":\"::\",\"PrivatePort\":8081,\"PublicPort\":40001,\"Type\":"
		"\"tcp\"},"
		"{\"IP\":\"0.0.0.0\",\"PrivatePort\":8081,\"PublicPort\":40000,"
		"\"Type\":\"tcp\"},"
		"{\"IP\":\"::\",\"PrivatePort\":8081,\"PublicPort\":40002,\"Type\":"
		"\"tcp\"}]}]";
	struct docker_container_summary *list;
	int n;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_container_list_parse(text, sizeof(text) - 1, 8081, &list,
						     &n, &err),
			 0);
	assert_int_equal(list[0].public_port, 40000);
	assert_string_equal(list[0].public_ip, "0.0.0.0");
	docker_container_list_free(list, n);
}

static void test_list_parse_bad(void **state)
{
	(void)state;
	struct docker_container_summary *list;
	int n;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_container_list_parse("[]", 2, 8081, &list, &n, &err), 0);
	assert_int_equal(n, 0);
	docker_container_list_free(list, n);
	/* the 404 body is JSON, but not a list */
	size_t len;
	char *buf = fixture_read_exact("docker/error-404-container.json", &len);
	assert_int_equal(docker_container_list_parse(buf, len, 8081, &list, &n, &err),
			 ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's container list is not an array");
	assert_null(list);
	assert_int_equal(n, 0);
	free(buf);
	/* the recorded list cut short is not JSON */
	buf = fixture_read_exact("docker/containers-list.json", &len);
	error_init(&err);
	assert_int_equal(docker_container_list_parse(buf, len / 2, 8081, &list, &n, &err),
			 ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's container list is not valid JSON");
	free(buf);
	/* odd members are skipped, not trusted */
	static const char odd[] = "[1,{\"Names\":{},\"Labels\":[\"a\"],\"Ports\":{}}]";
	error_init(&err);
	assert_int_equal(
		docker_container_list_parse(odd, sizeof(odd) - 1, 8081, &list, &n, &err),
		0);
	assert_int_equal(n, 2);
	assert_string_equal(list[1].name, "");
	assert_int_equal(list[1].labels.n, 0);
	docker_container_list_free(list, n);
}

static void test_info_parse_running(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/container-inspect.json", &len);
	struct docker_container_info info;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_container_info_parse(buf, len, "8081/tcp", &info, &err),
			 0);
	assert_string_equal(info.id, ID_A);
	assert_string_equal(info.name, "fixture-a");
	assert_string_equal(info.state, "running");
	assert_true(info.running);
	assert_int_equal(info.exit_code, 0);
	assert_false(info.oom_killed);
	assert_string_equal(info.started_at, "2026-11-24T10:33:18.697810473Z");
	assert_string_equal(info.finished_at, "0001-01-01T00:00:00Z");
	assert_false(info.tty);
	assert_string_equal(kvlist_get(&info.labels, "io.flinkcmd.fixture"), "1");
	assert_int_equal(info.host_port, 32801);
	docker_container_info_release(&info);

	assert_int_equal(docker_container_info_parse(buf, len, NULL, &info, &err), 0);
	assert_int_equal(info.host_port, 0);
	docker_container_info_release(&info);
	assert_int_equal(docker_container_info_parse(buf, len, "6123/tcp", &info, &err),
			 0);
	assert_int_equal(info.host_port, 0);
	docker_container_info_release(&info);
	free(buf);
}

static void test_info_parse_exited(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/container-inspect-exited.json", &len);
	struct docker_container_info info;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_container_info_parse(buf, len, "8081/tcp", &info, &err),
			 0);
	assert_string_equal(info.id, ID_LOGS);
	assert_string_equal(info.name, "fixture-logs");
	assert_string_equal(info.state, "exited");
	assert_false(info.running);
	assert_int_equal(info.exit_code, 3);
	assert_string_equal(info.started_at, "2026-11-24T10:33:18.916607643Z");
	assert_string_equal(info.finished_at, "2026-11-24T10:33:18.922334031Z");
	assert_int_equal(info.host_port, 0);
	docker_container_info_release(&info);
	free(buf);
}

static void test_info_parse_bad(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/error-404-container.json", &len);
	struct docker_container_info info;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_container_info_parse(buf, len, "8081/tcp", &info, &err),
			 ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's container description has no Id");
	assert_null(info.id);
	free(buf);
	error_init(&err);
	assert_int_equal(docker_container_info_parse("", 0, NULL, &info, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's container description is empty, not "
				     "JSON");
	/* wrong types everywhere: defaults, no crash */
	static const char odd[] = "{\"Id\":\"x\",\"Name\":7,\"State\":[],\"Config\":"
				  "{\"Labels\":null},\"NetworkSettings\":{\"Ports\":"
				  "{\"8081/tcp\":null}}}";
	error_init(&err);
	assert_int_equal(docker_container_info_parse(odd, sizeof(odd) - 1, "8081/tcp",
						     &info, &err),
			 0);
	assert_string_equal(info.name, "");
	assert_string_equal(info.state, "");
	assert_int_equal(info.host_port, 0);
	docker_container_info_release(&info);
}

static void test_create_recorded(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"POST", "/v1.41/containers/create?name=fixture-a", 201, NULL, NULL,
		 "docker/container-create.json"},
		{"POST", "/v1.41/containers/create?name=fixture-a", 409, NULL, NULL,
		 "docker/error-409-name.json"},
		{"GET", "/v1.41/containers/fixture-a/json", 200, NULL, NULL,
		 "docker/container-inspect.json"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 4), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct kvlist labels;
	kvlist_init(&labels);
	kvlist_set(&labels, "io.flinkcmd.fixture", "1");
	struct docker_container_spec spec = {
		.name = "fixture-a",
		.image = "flink-cmd/debian-jre:bookworm-17",
		.cmd = (const char *const[]){"sleep", "600", NULL},
		.labels = &labels,
		.ports = {{"8081/tcp", "127.0.0.1", ""}},
		.n_ports = 1,
	};
	char *id = NULL;
	assert_int_equal(docker_container_create(c, &spec, &id, &err), 0);
	assert_string_equal(id, ID_A);
	/* the body the recorded container was made from, in the same shape */
	const char *body = fake_http_last_body(c->http);
	assert_non_null(strstr(body, "\"Labels\":{\"io.flinkcmd.fixture\":\"1\"}"));
	assert_non_null(strstr(body, "\"ExposedPorts\":{\"8081/tcp\":{}}"));
	assert_non_null(strstr(body, "\"PortBindings\":{\"8081/tcp\":[{\"HostIp\":"
				     "\"127.0.0.1\",\"HostPort\":\"\"}]}"));
	free(id);
	assert_int_equal(docker_container_create(c, &spec, &id, &err), ERR_CONFLICT);
	assert_null(id);
	assert_true(
		strncmp(err.msg,
			"conflict. The container name \"/fixture-a\" is already in use",
			58) == 0);
	struct docker_container_info info;
	assert_int_equal(
		docker_container_inspect(c, "fixture-a", "8081/tcp", &info, &err), 0);
	assert_int_equal(info.host_port, 32801);
	docker_container_info_release(&info);
	kvlist_release(&labels);
	docker_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_parse_recorded),
		cmocka_unit_test(test_list_parse_ipv6_binding),
		cmocka_unit_test(test_list_parse_bad),
		cmocka_unit_test(test_info_parse_running),
		cmocka_unit_test(test_info_parse_exited),
		cmocka_unit_test(test_info_parse_bad),
		cmocka_unit_test(test_create_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
