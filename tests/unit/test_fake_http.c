/* The scripted transport itself: a test that scripts more replies than the
 * code under test asks for fails when the transport is freed. The failing
 * tests run in a child process, whose cmocka output goes to a file, so
 * that their "not ok" lines do not count against this program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "docker/client.h"
#include "util/http.h"
#include "util/xalloc.h"
#include "fake_http.h"

/* connects, so the ping is requested, and never asks for the version */
static void leaves_one_reply(void **state)
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
	docker_client_free(c);
}

/* asks for nothing, freed through http_transport_free itself */
static void leaves_every_reply(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/jobs/overview", 200, NULL, "{\"jobs\":[]}", NULL},
		{"PATCH", "/jobs/", 202, NULL, "{}", NULL},
	};
	http_transport_free(fake_http_new(replies, 2));
}

/* asks for every reply: passes */
static void leaves_none(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {{"GET", "/_ping", 200, "1.41", "OK", NULL}};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 1), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	docker_client_free(c);
}

/* Runs tests in a child; returns how many failed and, in *log (owned),
 * what cmocka printed. */
static int run_in_child(const struct CMUnitTest *tests, size_t n, char **log)
{
	FILE *out = tmpfile();
	assert_non_null(out);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fileno(out), STDOUT_FILENO);
		dup2(fileno(out), STDERR_FILENO);
		int failed =
			_cmocka_run_group_tests("fake_http_inner", tests, n, NULL, NULL);
		fflush(stdout);
		fflush(stderr);
		/* _exit: a failed test longjmps past its frees, and the leak
		 * report would only repeat the failure */
		_exit(failed);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	struct strbuf sb;
	strbuf_init(&sb, 0);
	char buf[4096];
	size_t got;
	rewind(out);
	while ((got = fread(buf, 1, sizeof(buf), out)) > 0)
		strbuf_add(&sb, buf, got);
	fclose(out);
	*log = strbuf_detach(&sb, NULL);
	return WEXITSTATUS(status);
}

static void test_unconsumed_replies_fail_the_test(void **state)
{
	(void)state;
	const struct CMUnitTest inner[] = {
		cmocka_unit_test(leaves_one_reply),
		cmocka_unit_test(leaves_every_reply),
		cmocka_unit_test(leaves_none),
	};
	char *log;
	int failed = run_in_child(inner, sizeof(inner) / sizeof(inner[0]), &log);
	if (failed != 2)
		fail_msg("%d inner tests failed, not 2; they printed:\n%s", failed, log);
	assert_non_null(strstr(log, "the transport was freed with 1 scripted reply "
				    "never requested, the first for GET /v1.41/version"));
	assert_non_null(strstr(log, "the transport was freed with 2 scripted replies "
				    "never requested, the first for GET /jobs/overview"));
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unconsumed_replies_fail_the_test),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
