/* GET /version as recorded from the real Engine 20.10
 * (scripts/record-fixtures.sh), parsed from exactly its bytes and fetched
 * through a connected client. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/system.h"
#include "fake_http.h"

static void test_version_parse_recorded(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/version.json", &len);
	struct docker_version v;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_version_parse(buf, len, &v, &err), 0);
	assert_string_equal(v.version, "20.10.24+dfsg1");
	assert_string_equal(v.api_version, "1.41");
	assert_string_equal(v.min_api_version, "1.12");
	assert_string_equal(v.os, "linux");
	assert_string_equal(v.arch, "amd64");
	assert_string_equal(v.kernel, "6.18.44-fc-v669");
	free(buf);
}

static void test_version_parse_bad(void **state)
{
	(void)state;
	struct docker_version v;
	struct error err;
	error_init(&err);
	size_t len;
	char *buf = fixture_read_exact("docker/version.json", &len);
	assert_int_equal(docker_version_parse(buf, len / 2, &v, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's answer to /version is not valid JSON");
	free(buf);
	error_init(&err);
	assert_int_equal(docker_version_parse("{\"ApiVersion\":\"1.41\"}", 21, &v, &err),
			 ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's answer to /version has no 'Version'");
	/* a value longer than its field is cut, still NUL-terminated */
	char big[400];
	memset(big, 'k', sizeof(big));
	static const char head[] = "{\"Version\":\"1\",\"KernelVersion\":\"";
	memcpy(big, head, sizeof(head) - 1);
	memcpy(big + sizeof(big) - 2, "\"}", 2);
	error_init(&err);
	assert_int_equal(docker_version_parse(big, sizeof(big), &v, &err), 0);
	assert_int_equal(strlen(v.kernel), sizeof(v.kernel) - 1);
}

static void test_system_version_call(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"GET", "/v1.41/version", 200, NULL, NULL, "docker/version.json"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct docker_version v;
	assert_int_equal(docker_system_version(c, &v, &err), 0);
	assert_string_equal(v.version, "20.10.24+dfsg1");
	/* what the Engine says it speaks agrees with what /_ping said */
	assert_string_equal(v.api_version, c->daemon_api_version);
	docker_client_free(c);
}

/* GET /info recorded from the same Engine: a 2-CPU machine with 23.5 GiB */
static void test_info_parse_recorded(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/info.json", &len);
	struct docker_info info;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_info_parse(buf, len, &info, &err), 0);
	assert_true(info.mem_total == 25276502016LL);
	assert_int_equal(info.ncpu, 2);
	free(buf);
	assert_int_equal(docker_info_parse("{\"NCPU\":2}", 10, &info, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's /info has no MemTotal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_parse_recorded),
		cmocka_unit_test(test_version_parse_bad),
		cmocka_unit_test(test_system_version_call),
		cmocka_unit_test(test_info_parse_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
