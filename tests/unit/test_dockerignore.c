/* .dockerignore parsing and matching, case by case against what Docker
 * does with the same lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "archive/dockerignore.h"

static struct dockerignore parse(const char *text)
{
	struct dockerignore ign;
	struct error err;
	error_init(&err);
	assert_int_equal(dockerignore_parse(text, strlen(text), &ign, &err), 0);
	return ign;
}

static void test_globs(void **state)
{
	(void)state;
	assert_true(dockerignore_glob_match("*.log", "a.log"));
	assert_false(dockerignore_glob_match("*.log", "dir/a.log"));
	assert_true(dockerignore_glob_match("**/*.log", "dir/sub/a.log"));
	assert_true(dockerignore_glob_match("**/*.log", "a.log"));
	assert_true(dockerignore_glob_match("a/**", "a/b/c"));
	assert_true(dockerignore_glob_match("a/**/z", "a/z"));
	assert_true(dockerignore_glob_match("a/**/z", "a/b/c/z"));
	assert_false(dockerignore_glob_match("a/**/z", "b/z"));
	assert_true(dockerignore_glob_match("fil?.txt", "file.txt"));
	assert_false(dockerignore_glob_match("dir?x", "dir/x"));
	assert_true(dockerignore_glob_match("[a-c]*.md", "b-notes.md"));
	assert_false(dockerignore_glob_match("[!a-c]*.md", "b-notes.md"));
	assert_true(dockerignore_glob_match("\\*star", "*star"));
	assert_false(dockerignore_glob_match("\\*star", "xstar"));
}

static void test_rules(void **state)
{
	(void)state;
	struct dockerignore ign = parse("# comment\n"
					"  build  \n"
					"/tmp/\n"
					"./secrets\n"
					"*.log\n"
					"!keep.log\n"
					"docs\n"
					"!docs/README.md\n"
					"\n");
	assert_int_equal(ign.n, 7);
	assert_true(ign.has_exceptions);
	assert_true(dockerignore_excludes(&ign, "build"));
	assert_true(
		dockerignore_excludes(&ign, "build/x/y.o")); /* below an excluded dir */
	assert_true(dockerignore_excludes(&ign, "tmp/a"));
	assert_true(dockerignore_excludes(&ign, "secrets"));
	assert_true(dockerignore_excludes(&ign, "a.log"));
	assert_false(dockerignore_excludes(&ign, "keep.log")); /* the last match wins */
	assert_false(
		dockerignore_excludes(&ign, "sub/a.log")); /* '*' stays in one element */
	assert_true(dockerignore_excludes(&ign, "docs/guide.md"));
	assert_false(dockerignore_excludes(&ign, "docs/README.md"));
	assert_false(dockerignore_excludes(&ign, "src/main.c"));
	assert_false(dockerignore_excludes(&ign, "buildx"));
	dockerignore_release(&ign);
}

static void test_clean_and_errors(void **state)
{
	(void)state;
	struct dockerignore ign = parse("a/../b\n/\n.\n!\n");
	assert_int_equal(ign.n, 1);
	assert_string_equal(ign.patterns[0].glob, "b");
	dockerignore_release(&ign);
	struct error err;
	error_init(&err);
	assert_int_equal(dockerignore_parse("ok\n[abc\n", 8, &ign, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, "line 2"));
	dockerignore_release(&ign);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_clean_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
