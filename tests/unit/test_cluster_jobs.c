/* The pure parts of src/cluster/jobs.c: expanding --checkpoint-file-name-prefix
 * (${date:FORMAT} in UTC, then the characters a state directory may hold). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cluster/jobs.h"

/* 2023-11-14 22:13:20 UTC */
#define T 1700000000

static void expands(const char *prefix, int64_t t, const char *want)
{
	struct error err;
	error_init(&err);
	char *out = NULL;
	int rc = cluster_expand_prefix(prefix, t, &out, &err);
	if (rc != 0)
		fail_msg("'%s' gave %d: %s", prefix, rc, err.msg);
	assert_string_equal(out, want);
	free(out);
}

static void refused(const char *prefix, const char *want_msg)
{
	struct error err;
	error_init(&err);
	char *out = (char *)"untouched";
	assert_int_equal(cluster_expand_prefix(prefix, T, &out, &err), ERR_USAGE);
	assert_null(out);
	assert_int_equal(err.code, ERR_USAGE);
	assert_string_equal(err.msg, want_msg);
}

static void test_plain_text(void **state)
{
	(void)state;
	expands("job", T, "job");
	expands("my-job_2.v1", T, "my-job_2.v1");
	/* a '$' not followed by "{date:" is plain text, and refused as such */
	refused("cost$", "the checkpoint name 'cost$' may hold only letters, digits, "
			 "'.', '_' and '-'");
}

static void test_date(void **state)
{
	(void)state;
	/* the seed article's prefix */
	expands("job_${date:yyyy-MM-dd_HH-mm-ss}", T, "job_2023-11-14_22-13-20");
	/* two-digit year; letters run together; UTC, not local time */
	expands("v${date:yyMMdd}", T, "v231114");
	expands("${date:yy}", T, "23");
	expands("${date:HHmm}", 0, "0000");
	/* text on both sides and two fields */
	expands("a-${date:yyyy}-b-${date:ss}.c", T, "a-2023-b-20.c");
	/* zero-padded, as Java's MM and dd are */
	expands("${date:yyyy-MM-dd}", 1704164645 /* 2024-01-02 03:04:05 */, "2024-01-02");
	expands("${date:HH.mm.ss}", 1704164645, "03.04.05");
}

static void test_unknown_letter(void **state)
{
	(void)state;
	refused("job_${date:yyyy-QQ}", "'Q' in 'job_${date:yyyy-QQ}' is not a date field "
				       "flink-cmd knows (use yyyy, MM, dd, HH, mm, ss)");
	/* Java's case matters: D (day of year) and S (milliseconds) are not d and s */
	refused("${date:D}", "'D' in '${date:D}' is not a date field flink-cmd knows "
			     "(use yyyy, MM, dd, HH, mm, ss)");
}

static void test_missing_brace(void **state)
{
	(void)state;
	refused("job_${date:yyyy", "'job_${date:yyyy' has a '${date:' without its '}'");
	refused("${date:", "'${date:' has a '${date:' without its '}'");
}

static void test_bad_character(void **state)
{
	(void)state;
	refused("job name", "the checkpoint name 'job name' may hold only letters, "
			    "digits, '.', '_' and '-'");
	refused("../up", "the checkpoint name '../up' may hold only letters, digits, "
			 "'.', '_' and '-'");
	/* checked after the expansion: a '/' inside the pattern is no better */
	refused("${date:yyyy/MM}", "the checkpoint name '2023/11' may hold only "
				   "letters, digits, '.', '_' and '-'");
}

static void test_empty_or_dot(void **state)
{
	(void)state;
	refused("", "the checkpoint name '' is empty or starts with '.'");
	refused("${date:}", "the checkpoint name '' is empty or starts with '.'");
	refused(".hidden", "the checkpoint name '.hidden' is empty or starts with '.'");
	refused(".${date:yyyy}",
		"the checkpoint name '.2023' is empty or starts with '.'");
	/* a dot further on is fine */
	expands("job.${date:yyyy}", T, "job.2023");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_unknown_letter),
		cmocka_unit_test(test_missing_brace),
		cmocka_unit_test(test_bad_character),
		cmocka_unit_test(test_empty_or_dot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
