/* The capped buffer and the error helpers every module relies on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/error.h"
#include "util/strbuf.h"

static void test_add_and_cap(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 10);
	assert_string_equal(sb.buf, "");
	assert_int_equal(strbuf_adds(&sb, "hello"), 0);
	assert_int_equal(strbuf_addf(&sb, "%d", 1234), 0);
	assert_string_equal(sb.buf, "hello1234");
	assert_int_equal(strbuf_adds(&sb, "xy"), -1); /* 11 > cap: nothing added */
	assert_string_equal(sb.buf, "hello1234");
	assert_int_equal(strbuf_addch(&sb, '!'), 0);
	assert_int_equal(sb.len, 10);
	strbuf_consume(&sb, 5);
	assert_string_equal(sb.buf, "1234!");
	size_t len;
	char *p = strbuf_detach(&sb, &len);
	assert_string_equal(p, "1234!");
	assert_int_equal(len, 5);
	assert_int_equal(sb.len, 0);
	free(p);
	strbuf_release(&sb);
}

static void test_error_one_line(void **state)
{
	(void)state;
	struct error err;
	error_init(&err);
	assert_int_equal(error_set(&err, ERR_USAGE, "bad\nthing %s\n", "x"), ERR_USAGE);
	assert_string_equal(err.msg, "bad thing x");
	error_prefix(&err, "cannot do '%s'", "y");
	assert_string_equal(err.msg, "cannot do 'y': bad thing x");
	assert_int_equal(err.code, ERR_USAGE);
	assert_int_equal(error_exit_status(ERR_USAGE), 2);
	assert_int_equal(error_exit_status(ERR_ENGINE), 3);
	assert_int_equal(error_exit_status(ERR_TIMEOUT), 4);
	assert_int_equal(error_exit_status(ERR_NOTFOUND), 1);
	assert_int_equal(error_exit_status(ERR_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_cap),
		cmocka_unit_test(test_error_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
