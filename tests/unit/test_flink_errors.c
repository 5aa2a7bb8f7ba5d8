/* One line out of Flink's errors: the REST error reply and the cause line of
 * a Java stack trace, as jar runs, job exceptions and savepoints report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flink/client.h"
#include "fake_http.h"

static void test_trace_cause(void **state)
{
	(void)state;
	char out[64];
	flink_trace_cause(
		"org.apache.flink.X: outer\n\tat a.b(C.java:1)\n"
		"Caused by: java.lang.RuntimeException: middle\n\tat x\n"
		"Caused by: java.lang.ClassNotFoundException: io.Nope\r\n\tat y\n",
		out, sizeof(out));
	assert_string_equal(out, "java.lang.ClassNotFoundException: io.Nope");
	flink_trace_cause("java.lang.IllegalStateException: boom\n\tat z\n", out,
			  sizeof(out));
	assert_string_equal(out, "java.lang.IllegalStateException: boom");
	/* cut to the buffer */
	flink_trace_cause("0123456789abcdef", out, 8);
	assert_string_equal(out, "0123456");
}

static void test_error_reply(void **state)
{
	(void)state;
	size_t len;
	char *body = fixture_read_exact("flink/error-404-job.json", &len);
	struct error err;
	error_init(&err);
	assert_int_equal(flink_error_from_reply(404, body, len, &err), ERR_NOTFOUND);
	assert_string_equal(err.msg,
			    "org.apache.flink.runtime.rest.NotFoundException: Job "
			    "00000000000000000000000000000000 not found");
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_cause),
		cmocka_unit_test(test_error_reply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
