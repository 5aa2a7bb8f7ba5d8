/* The option parser behind every command's table (src/cli/opts.c, linked
 * into this test alone): GNU forms, the refusals with their messages, and
 * the usage text the same table makes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/opts.h"

/* What the table below fills, reset for every parse. */
struct values {
	const char *name;
	long n;
	bool quiet;
	bool force;
	struct opt_list conf;
};
static struct values got;

#define AT(field) offsetof(struct values, field)
static const struct opt table[] = {
	{"name", 0, OPT_STRING, AT(name), "NAME", .help = "cluster name"},
	{"taskmanagers", 'n', OPT_INT, AT(n), "N", .help = "TaskManager containers"},
	{"quiet", 'q', OPT_FLAG, AT(quiet), NULL, .help = "print only the REST URL"},
	{"conf", 'c', OPT_LIST, AT(conf), "K=V",
	 .help = "Flink configuration (repeatable)"},
	{NULL, 'f', OPT_FLAG, AT(force), NULL, .help = "a short option alone"},
	{0},
};
#undef AT

static const char *pos[OPTS_MAX_POS];
static int npos;
static struct error err;

/* Parses the NULL-terminated words after "up" (argv[0]). */
static int parse_words(const char *const *words)
{
	opt_list_release(&got.conf);
	memset(&got, 0, sizeof(got));
	memset(pos, 0, sizeof(pos));
	npos = -1;
	error_init(&err);
	char *argv[32] = {(char *)"up"};
	int argc = 1;
	while (words[argc - 1]) {
		assert_true(argc < 32);
		argv[argc] = (char *)words[argc - 1];
		argc++;
	}
	return opts_parse("up", table, &got, argc, argv, pos, &npos, &err);
}
#define PARSE(...) parse_words((const char *const[]){__VA_ARGS__, NULL})

/* The parse fails with ERR_USAGE and exactly this message. */
#define REFUSED(want, ...)                                                               \
	do {                                                                             \
		assert_int_equal(PARSE(__VA_ARGS__), ERR_USAGE);                         \
		assert_int_equal(err.code, ERR_USAGE);                                   \
		assert_string_equal(err.msg, want);                                      \
	} while (0)

static int teardown(void **state)
{
	(void)state;
	opt_list_release(&got.conf);
	return 0;
}

static void test_values(void **state)
{
	(void)state;
	/* --long value, --long=value */
	assert_int_equal(PARSE("--name", "a"), 0);
	assert_string_equal(got.name, "a");
	assert_int_equal(PARSE("--name=b"), 0);
	assert_string_equal(got.name, "b");
	/* everything after the first '=' is the value, '=' included */
	assert_int_equal(PARSE("--name=c=d"), 0);
	assert_string_equal(got.name, "c=d");
	assert_int_equal(PARSE("--name="), 0);
	assert_string_equal(got.name, "");
	/* -s value, -svalue */
	assert_int_equal(PARSE("-n", "3"), 0);
	assert_int_equal(got.n, 3);
	assert_int_equal(PARSE("-n4"), 0);
	assert_int_equal(got.n, 4);
	assert_int_equal(PARSE("--taskmanagers", "5"), 0);
	assert_int_equal(got.n, 5);
	/* the word after an option that takes a value is its value, whatever
	 * it looks like */
	assert_int_equal(PARSE("--name", "-q"), 0);
	assert_string_equal(got.name, "-q");
	assert_false(got.quiet);
	/* the last one wins */
	assert_int_equal(PARSE("--name", "a", "--name", "b"), 0);
	assert_string_equal(got.name, "b");
	assert_int_equal(npos, 0);
}

static void test_flags(void **state)
{
	(void)state;
	assert_int_equal(PARSE("up-positional"), 0);
	assert_false(got.quiet);
	assert_false(got.force);
	assert_int_equal(PARSE("--quiet"), 0);
	assert_true(got.quiet);
	assert_int_equal(PARSE("-q", "-f"), 0);
	assert_true(got.quiet);
	assert_true(got.force);
	/* a flag takes no value, in either form */
	REFUSED("--quiet takes no value (see 'flink-cmd up --help')", "--quiet=1");
	REFUSED("unknown option '-qf' (see 'flink-cmd up --help')", "-qf");
}

static void test_unknown(void **state)
{
	(void)state;
	REFUSED("unknown option '--nope' (see 'flink-cmd up --help')", "--nope");
	/* named without its value */
	REFUSED("unknown option '--nope' (see 'flink-cmd up --help')", "--nope=3");
	/* a prefix of a long name is not that name */
	REFUSED("unknown option '--nam' (see 'flink-cmd up --help')", "--nam", "x");
	REFUSED("unknown option '-z' (see 'flink-cmd up --help')", "-z");
	REFUSED("unknown option '-z' (see 'flink-cmd up --help')", "-zebra");
	/* stops at the first bad one, after taking what came before */
	REFUSED("unknown option '-z' (see 'flink-cmd up --help')", "--name", "a", "-z",
		"--quiet");
	assert_string_equal(got.name, "a");
	assert_false(got.quiet);
}

static void test_missing_value(void **state)
{
	(void)state;
	REFUSED("--name needs a value (see 'flink-cmd up --help')", "--name");
	/* named by its long name when it has one */
	REFUSED("--taskmanagers needs a value (see 'flink-cmd up --help')", "-q", "-n");
	REFUSED("--conf needs a value (see 'flink-cmd up --help')", "--conf");
}

static void test_positionals(void **state)
{
	(void)state;
	/* mixed in among options, in order; a lone '-' is a positional */
	assert_int_equal(PARSE("a.jar", "-q", "b", "-", "--name", "x", "c"), 0);
	assert_int_equal(npos, 4);
	assert_string_equal(pos[0], "a.jar");
	assert_string_equal(pos[1], "b");
	assert_string_equal(pos[2], "-");
	assert_string_equal(pos[3], "c");
	assert_true(got.quiet);
	assert_string_equal(got.name, "x");
	/* "--" ends the options: what follows is positional, "--" too */
	assert_int_equal(PARSE("-q", "--", "--name", "-f", "--", "x"), 0);
	assert_true(got.quiet);
	assert_null(got.name);
	assert_false(got.force);
	assert_int_equal(npos, 4);
	assert_string_equal(pos[0], "--name");
	assert_string_equal(pos[1], "-f");
	assert_string_equal(pos[2], "--");
	assert_string_equal(pos[3], "x");
	/* a "--" that is the value of an option does not end them */
	assert_int_equal(PARSE("--name", "--", "-q"), 0);
	assert_string_equal(got.name, "--");
	assert_true(got.quiet);
	assert_int_equal(npos, 0);
}

static void test_too_many_positionals(void **state)
{
	(void)state;
	static char *argv[OPTS_MAX_POS + 3];
	argv[0] = (char *)"run";
	for (int i = 1; i < OPTS_MAX_POS + 3; i++)
		argv[i] = (char *)"x";
	argv[1] = (char *)"-q";
	/* "-q" and OPTS_MAX_POS positionals: as many as fit */
	error_init(&err);
	memset(&got, 0, sizeof(got));
	assert_int_equal(
		opts_parse("run", table, &got, OPTS_MAX_POS + 2, argv, pos, &npos, &err),
		0);
	assert_int_equal(npos, OPTS_MAX_POS);
	assert_true(got.quiet);
	/* one more is refused */
	assert_int_equal(
		opts_parse("run", table, &got, OPTS_MAX_POS + 3, argv, pos, &npos, &err),
		ERR_USAGE);
	assert_string_equal(err.msg, "too many arguments for 'run' (at most 256)");
	assert_int_equal(npos, OPTS_MAX_POS);
}

static void test_int(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-n", "0"), 0);
	assert_int_equal(got.n, 0);
	/* a negative number is a value, not an option; the caller checks ranges */
	assert_int_equal(PARSE("-n", "-2"), 0);
	assert_int_equal(got.n, -2);
	assert_int_equal(PARSE("--taskmanagers=9223372036854775807"), 0);
	assert_true(got.n == 9223372036854775807L);
	assert_int_equal(PARSE("-n", "-9223372036854775808"), 0);
	assert_true(got.n == -9223372036854775807L - 1);
	/* strtol's leading space and sign are let through */
	assert_int_equal(PARSE("-n", " +7"), 0);
	assert_int_equal(got.n, 7);
	/* out of range */
	REFUSED("--taskmanagers takes a whole number, not '9223372036854775808' (see "
		"'flink-cmd up --help')",
		"-n", "9223372036854775808");
	REFUSED("--taskmanagers takes a whole number, not '-99999999999999999999' (see "
		"'flink-cmd up --help')",
		"--taskmanagers=-99999999999999999999");
	/* junk */
	REFUSED("--taskmanagers takes a whole number, not 'three' (see 'flink-cmd up "
		"--help')",
		"-n", "three");
	REFUSED("--taskmanagers takes a whole number, not '3x' (see 'flink-cmd up "
		"--help')",
		"-n3x");
	REFUSED("--taskmanagers takes a whole number, not '2.5' (see 'flink-cmd up "
		"--help')",
		"--taskmanagers", "2.5");
	REFUSED("--taskmanagers takes a whole number, not '' (see 'flink-cmd up "
		"--help')",
		"--taskmanagers=");
	REFUSED("--taskmanagers takes a whole number, not '4 ' (see 'flink-cmd up "
		"--help')",
		"-n", "4 ");
}

static void test_list(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-q"), 0);
	assert_int_equal(got.conf.n, 0);
	assert_null(got.conf.items);
	/* every form appends, in order */
	assert_int_equal(PARSE("--conf", "a=1", "-c", "b=2", "--conf=c=3", "-cd=4"), 0);
	assert_int_equal(got.conf.n, 4);
	assert_string_equal(got.conf.items[0], "a=1");
	assert_string_equal(got.conf.items[1], "b=2");
	assert_string_equal(got.conf.items[2], "c=3");
	assert_string_equal(got.conf.items[3], "d=4");
	opt_list_release(&got.conf);
	assert_int_equal(got.conf.n, 0);
	assert_null(got.conf.items);
	opt_list_release(&got.conf); /* twice is fine */
}

static void test_usage(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	opts_usage(out, table);
	fclose(out);
	assert_string_equal(text,
			    "Options:\n"
			    "      --name NAME              cluster name\n"
			    "  -n, --taskmanagers N         TaskManager containers\n"
			    "  -q, --quiet                  print only the REST URL\n"
			    "  -c, --conf K=V               Flink configuration "
			    "(repeatable)\n"
			    "  -f                           a short option alone\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_values, teardown),
		cmocka_unit_test_teardown(test_flags, teardown),
		cmocka_unit_test_teardown(test_unknown, teardown),
		cmocka_unit_test_teardown(test_missing_value, teardown),
		cmocka_unit_test_teardown(test_positionals, teardown),
		cmocka_unit_test_teardown(test_too_many_positionals, teardown),
		cmocka_unit_test_teardown(test_int, teardown),
		cmocka_unit_test_teardown(test_list, teardown),
		cmocka_unit_test_teardown(test_usage, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
