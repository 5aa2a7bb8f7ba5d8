/* Image replies recorded from the real Engine 20.10
 * (scripts/record-fixtures.sh): inspect of the image the fixture build made
 * (FROM scratch, a label, a user), the list by label, an import stream, and
 * image references. Parsers get exactly the recorded bytes, no NUL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/image.h"
#include "fake_http.h"

#define OK_ID "sha256:ac8493fc52057bcf2857942cb4acd0c44d71c1e279727ad2d8ecb874e5fc6167"
#define IMPORT_ID                                                                        \
	"sha256:9b050424bbdad1b364b910ecdb779f5eda477ab273ed6514d6a957c653bd0c79"

static void test_info_parse_recorded(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/image-inspect.json", &len);
	struct docker_image_info info;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_image_info_parse(buf, len, &info, &err), 0);
	assert_string_equal(info.id, OK_ID);
	assert_int_equal(info.n_tags, 1);
	assert_string_equal(info.tags[0], "flinkcmd-fixture:ok");
	assert_int_equal(info.size, 6); /* "hello\n" */
	/* inspect gives "Created" as RFC 3339 ("2026-11-24T10:33:17.065458321Z"),
	 * the list as unix seconds: the same instant either way */
	assert_int_equal(info.created, 1795516397);
	assert_string_equal(info.user, "1000:1000");
	assert_string_equal(info.label_flink_version, "0.0-fixture");
	assert_null(info.label_context_hash);
	docker_image_info_release(&info);
	docker_image_info_release(NULL);
	free(buf);
}

static void test_info_parse_bad(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/error-404-image.json", &len);
	struct docker_image_info info;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_image_info_parse(buf, len, &info, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's image description has no 'Id'");
	assert_null(info.id);
	free(buf);
	buf = fixture_read_exact("docker/image-inspect.json", &len);
	error_init(&err);
	assert_int_equal(docker_image_info_parse(buf, len / 2, &info, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's image description is not valid JSON");
	free(buf);
	/* odd types: "<none>:<none>" is no tag, a non-string tag is skipped, a
	 * date that is not one is 0 */
	static const char odd[] = "{\"Id\":\"sha256:1\",\"RepoTags\":[\"<none>:<none>\","
				  "7,\"a:b\"],\"Created\":\"yesterday\",\"Config\":null}";
	error_init(&err);
	assert_int_equal(docker_image_info_parse(odd, sizeof(odd) - 1, &info, &err), 0);
	assert_int_equal(info.n_tags, 1);
	assert_string_equal(info.tags[0], "a:b");
	assert_int_equal(info.created, 0);
	assert_string_equal(info.user, "");
	docker_image_info_release(&info);
}

static void test_created_dates(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		long long want;
	} cases[] = {
		{"{\"Id\":\"x\",\"Created\":\"1970-01-01T00:00:00Z\"}", 0},
		{"{\"Id\":\"x\",\"Created\":\"2026-11-24T10:33:17Z\"}", 1795516397},
		{"{\"Id\":\"x\",\"Created\":\"2024-02-29T23:59:59.999999999Z\"}",
		 1709251199},
		/* an offset other than Z is honoured */
		{"{\"Id\":\"x\",\"Created\":\"2026-11-24T12:33:17+02:00\"}", 1795516397},
		{"{\"Id\":\"x\",\"Created\":\"2026-11-24T10:33:17.5-01:30\"}",
		 1795516397 + 5400},
		{"{\"Id\":\"x\",\"Created\":1795516397}", 1795516397},
		{"{\"Id\":\"x\",\"Created\":\"2026-11-24\"}", 0},
		{"{\"Id\":\"x\",\"Created\":\"2026-13-24T10:33:17Z\"}", 0},
		{"{\"Id\":\"x\",\"Created\":\"2026-11-24T10:33:17Zjunk\"}", 0},
		{"{\"Id\":\"x\",\"Created\":\"0001-01-01T00:00:00Z\"}", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct docker_image_info info;
		struct error err;
		error_init(&err);
		assert_int_equal(docker_image_info_parse(cases[i].json,
							 strlen(cases[i].json), &info,
							 &err),
				 0);
		if (info.created != cases[i].want)
			fail_msg("%s: created %lld, want %lld", cases[i].json,
				 (long long)info.created, cases[i].want);
		docker_image_info_release(&info);
	}
}

static void test_list_recorded(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"GET", "/v1.41/images/json?filters=", 200, NULL, NULL,
		 "docker/images-list.json"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct docker_image_info *list;
	int n;
	assert_int_equal(
		docker_image_list(c, NULL, "io.flinkcmd.fixture=1", &list, &n, &err), 0);
	assert_string_equal(
		fake_http_last_path(c->http),
		"/v1.41/images/json?filters=%7B%22label%22%3A%5B%22io.flinkcmd."
		"fixture%3D1%22%5D%7D");
	assert_int_equal(n, 2);
	assert_string_equal(list[0].id, IMPORT_ID);
	assert_string_equal(list[0].tags[0], "flinkcmd-fixture:import");
	assert_int_equal(list[0].size, 2); /* "x\n" */
	assert_int_equal(list[0].created, 1795516398);
	assert_null(list[0].label_flink_version);
	assert_string_equal(list[1].id, OK_ID);
	assert_int_equal(list[1].n_tags, 1);
	assert_string_equal(list[1].tags[0], "flinkcmd-fixture:ok");
	assert_int_equal(list[1].size, 6);
	assert_int_equal(list[1].created, 1795516397);
	assert_string_equal(list[1].label_flink_version, "0.0-fixture");
	assert_string_equal(list[1].user, "");
	docker_image_list_free(list, n);
	docker_client_free(c);
}

static void test_inspect_recorded(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"GET", "/v1.41/images/flinkcmd-fixture:ok/json", 200, NULL, NULL,
		 "docker/image-inspect.json"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct docker_image_info info;
	assert_int_equal(docker_image_inspect(c, "flinkcmd-fixture:ok", &info, &err), 0);
	assert_string_equal(info.id, OK_ID);
	docker_image_info_release(&info);
	/* no request for a name that cannot be one */
	assert_int_equal(docker_image_inspect(c, "a b", &info, &err), ERR_USAGE);
	assert_int_equal(fake_http_calls(c->http), 2);
	docker_client_free(c);
}

static ssize_t one_file_tar(void *arg, char *buf, size_t size, struct error *err)
{
	(void)err;
	int *sent = arg;
	if (*sent || size < 512)
		return 0;
	memset(buf, 0, 512);
	*sent = 1;
	return 512;
}

static void test_import_recorded(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"POST",
		 "/v1.41/images/create?fromSrc=-&repo=flinkcmd-fixture&tag=import", 200,
		 NULL, NULL, "docker/import.ndjson"},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 2), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	const char *const changes[] = {"LABEL io.flinkcmd.fixture=1", NULL};
	int sent = 0;
	char *id = NULL;
	assert_int_equal(docker_image_import(c, "flinkcmd-fixture:import", changes,
					     one_file_tar, &sent, NULL, NULL, &id, NULL,
					     &err),
			 0);
	assert_true(sent);
	assert_string_equal(id, IMPORT_ID);
	assert_string_equal(
		fake_http_last_path(c->http),
		"/v1.41/images/create?fromSrc=-&repo=flinkcmd-fixture&tag=import"
		"&changes=LABEL%20io.flinkcmd.fixture%3D1");
	free(id);
	docker_client_free(c);
}

static void split_ok(const char *ref, const char *repo, const char *tag)
{
	char *r, *t;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_ref_split(ref, &r, &t, &err), 0);
	assert_string_equal(r, repo);
	assert_string_equal(t, tag);
	free(r);
	free(t);
}

static void test_ref_split(void **state)
{
	(void)state;
	split_ok("flinkcmd-fixture:ok", "flinkcmd-fixture", "ok");
	split_ok("flink-cmd/debian-jre:bookworm-17", "flink-cmd/debian-jre",
		 "bookworm-17");
	split_ok("localhost:5000/x", "localhost:5000/x", "latest");
	split_ok("localhost:5000/x:1", "localhost:5000/x", "1");
	static const char *bad[] = {"", "x:", ":1", "Upper:1", "a b", "x;rm"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *r, *t;
		struct error err;
		error_init(&err);
		assert_int_equal(docker_ref_split(bad[i], &r, &t, &err), ERR_USAGE);
		assert_null(r);
		assert_null(t);
		assert_true(err.msg[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_parse_recorded),
		cmocka_unit_test(test_info_parse_bad),
		cmocka_unit_test(test_created_dates),
		cmocka_unit_test(test_list_recorded),
		cmocka_unit_test(test_inspect_recorded),
		cmocka_unit_test(test_import_recorded),
		cmocka_unit_test(test_ref_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
