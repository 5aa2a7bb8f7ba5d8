/* .dockerignore parsing and matching, case by case against what Docker
 * (moby/patternmatcher and its ignorefile reader) does with the same lines,
 * quirks included. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "archive/dockerignore.h"
#include "util/xalloc.h"

static struct dockerignore parse(const char *text)
{
	struct dockerignore ign;
	struct error err;
	error_init(&err);
	int rc = dockerignore_parse(text, strlen(text), &ign, &err);
	if (rc != 0)
		fail_msg("parse failed: %s", err.msg);
	return ign;
}

static void parse_fails(const char *text, const char *needle)
{
	struct dockerignore ign;
	struct error err;
	error_init(&err);
	assert_int_equal(dockerignore_parse(text, strlen(text), &ign, &err), ERR_USAGE);
	if (!strstr(err.msg, needle))
		fail_msg("'%s' not in '%s'", needle, err.msg);
	dockerignore_release(&ign);
}

#define MATCH(g, p) assert_true(dockerignore_glob_match(g, p))
#define NO_MATCH(g, p) assert_false(dockerignore_glob_match(g, p))

static void test_globs(void **state)
{
	(void)state;
	MATCH("*.log", "a.log");
	MATCH("*.log", ".log");
	NO_MATCH("*.log", "dir/a.log"); /* '*' stays within one element */
	MATCH("*/*.log", "dir/a.log");
	MATCH("fil?.txt", "file.txt");
	NO_MATCH("dir?x", "dir/x");
	MATCH("caf?", "café"); /* '?' is one character, not one byte */
	NO_MATCH("caf?", "cafée");
	MATCH("a*b*c*d", "axxbyyczzd");
	NO_MATCH("a*b*c*d", "axxbyyczz/d");
	MATCH("abc", "abc");
	NO_MATCH("abc", "abcd");
	NO_MATCH("abc", "ab");
	/* classes: '^' negates, '!' is an ordinary character (Go, not fnmatch) */
	MATCH("[a-c]*.md", "b-notes.md");
	NO_MATCH("[^a-c]*.md", "b-notes.md");
	MATCH("[^a-c]*.md", "d-notes.md");
	MATCH("[!a-c]*.md", "b-notes.md");
	MATCH("[!a-c]*.md", "!x.md");
	NO_MATCH("[!a-c]*.md", "d.md");
	MATCH("x[\\]]", "x]");
	MATCH("x[\\-a]", "x-");
	MATCH("[é-ë]t", "êt");
	MATCH("a[/]b", "a/b"); /* Docker hands classes to a regexp: '/' can match */
	/* escapes */
	MATCH("\\*star", "*star");
	NO_MATCH("\\*star", "xstar");
	MATCH("a\\?", "a?");
	NO_MATCH("a\\?", "ab");
	/* '**' */
	MATCH("**/*.log", "dir/sub/a.log");
	MATCH("**/*.log", "a.log");
	MATCH("a/**", "a/b/c");
	NO_MATCH("a/**", "a");
	MATCH("a/**/z", "a/z");
	MATCH("a/**/z", "a/b/c/z");
	NO_MATCH("a/**/z", "b/z");
	NO_MATCH("a/**/z", "a/bz");
	MATCH("**", "anything/at/all");
	MATCH("**/foo", "foo");
	MATCH("**/foo", "x/y/foo");
	NO_MATCH("**/foo", "x/yfoo");
	/* Docker's quirks, kept: "**" then plain text is a suffix test, and a
	 * '**' inside a pattern is "(.*\/)?" */
	MATCH("**foo", "xfoo");
	MATCH("**foo", "a/bfoo");
	MATCH("a**b", "ab");
	MATCH("a**b", "ax/b");
	NO_MATCH("a**b", "axb");
	MATCH("***b", "xb"); /* "**" then "*" */
	MATCH("a**", "abc/def");
	/* malformed patterns match nothing */
	NO_MATCH("[abc", "a");
	NO_MATCH("abc\\", "abc\\");
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
	/* below an excluded directory */
	assert_true(dockerignore_excludes(&ign, "build/x/y.o"));
	assert_true(dockerignore_excludes(&ign, "tmp/a"));
	assert_true(dockerignore_excludes(&ign, "secrets"));
	assert_true(dockerignore_excludes(&ign, "a.log"));
	assert_false(dockerignore_excludes(&ign, "keep.log")); /* the last match wins */
	assert_false(dockerignore_excludes(&ign, "sub/a.log"));
	assert_true(dockerignore_excludes(&ign, "docs"));
	assert_true(dockerignore_excludes(&ign, "docs/guide.md"));
	assert_false(dockerignore_excludes(&ign, "docs/README.md"));
	assert_false(dockerignore_excludes(&ign, "src/main.c"));
	assert_false(dockerignore_excludes(&ign, "buildx"));
	assert_false(dockerignore_excludes(&ign, "bu"));
	dockerignore_release(&ign);

	/* an exception undone by a later line; a parent match in an exception */
	ign = parse("*.md\n!docs\ndocs/private\n");
	assert_true(dockerignore_excludes(&ign, "a.md"));
	assert_false(dockerignore_excludes(&ign, "docs/a.md"));
	assert_true(dockerignore_excludes(&ign, "docs/private/x"));
	assert_false(dockerignore_excludes(&ign, "docs/public/x"));
	dockerignore_release(&ign);

	/* a wildcard in a middle element matches directories */
	ign = parse("*/tmp\n");
	assert_true(dockerignore_excludes(&ign, "a/tmp"));
	assert_true(dockerignore_excludes(&ign, "a/tmp/b/c"));
	assert_false(dockerignore_excludes(&ign, "tmp"));
	assert_false(dockerignore_excludes(&ign, "a/b/tmp"));
	dockerignore_release(&ign);

	ign = parse("");
	assert_int_equal(ign.n, 0);
	assert_false(dockerignore_excludes(&ign, "x"));
	dockerignore_release(&ign);
}

static void test_parse(void **state)
{
	(void)state;
	/* a byte order mark, CRLF ends, a '#' only in the first column, spaces
	 * (Unicode ones too) trimmed, "! x" is "!x" */
	struct dockerignore ign = parse("\xEF\xBB\xBF"
					"first\r\n"
					"  # not a comment\n"
					"#a comment\n"
					"\t\xC2\xA0 spaced \xE3\x80\x80\n"
					"!   back\n");
	assert_int_equal(ign.n, 4);
	assert_string_equal(ign.patterns[0].glob, "first");
	assert_string_equal(ign.patterns[1].glob, "# not a comment");
	assert_string_equal(ign.patterns[2].glob, "spaced");
	assert_string_equal(ign.patterns[3].glob, "back");
	assert_true(ign.patterns[3].exception);
	assert_false(ign.patterns[0].exception);
	dockerignore_release(&ign);

	/* cleaning; patterns that can match nothing in a context are dropped */
	ign = parse("a/../b\n/\n.\n./c/./d/\n//e//f//\n/../g\n../h\n..\n!/i/\nj/k/..\n");
	const char *want[] = {"b", "c/d", "e/f", "g", "i", "j"};
	assert_int_equal(ign.n, 6);
	for (int i = 0; i < 6; i++)
		assert_string_equal(ign.patterns[i].glob, want[i]);
	assert_true(ign.patterns[4].exception);
	assert_true(ign.has_exceptions);
	dockerignore_release(&ign);

	/* no newline at the end; a NUL can never match */
	const char text[] = "x\ny\0z\nlast";
	struct error err;
	error_init(&err);
	assert_int_equal(dockerignore_parse(text, sizeof(text) - 1, &ign, &err), 0);
	assert_int_equal(ign.n, 2);
	assert_string_equal(ign.patterns[1].glob, "last");
	dockerignore_release(&ign);
	dockerignore_release(&ign); /* twice is harmless */
}

static void test_errors(void **state)
{
	(void)state;
	parse_fails("ok\n[abc\n", "line 2");
	parse_fails("[abc", "never closed");
	parse_fails("x[]", "empty");
	parse_fails("x[-a]", "'-'");
	parse_fails("x[a-]", "bare");
	parse_fails("x[z-a]", "backwards");
	parse_fails("x[\xff]", "UTF-8");
	parse_fails("trail\\", "lone '\\'");
	parse_fails("a\n!\n", "line 2");
	parse_fails("!  \n", "'!'");
	parse_fails("!/\n", "'!/'");
}

static void test_clean(void **state)
{
	(void)state;
	const char *cases[][2] = {
		{"", "."},
		{".", "."},
		{"./", "."},
		{"a/b", "a/b"},
		{"a//b/", "a/b"},
		{"./a/./b/.", "a/b"},
		{"a/../b", "b"},
		{"a/..", "."},
		{"../a", "../a"},
		{"../../a/..", "../.."},
		{"/..", "/"},
		{"/a/../../b", "/b"},
		{"a/b/../../..", ".."},
		{"/", "/"},
		{"//a", "/a"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *c = dockerignore_clean_path(cases[i][0]);
		if (strcmp(c, cases[i][1]) != 0)
			fail_msg("clean('%s') = '%s', want '%s'", cases[i][0], c,
				 cases[i][1]);
		free(c);
	}
}

static void test_walk_below(void **state)
{
	(void)state;
	struct dockerignore ign =
		parse("docs\nsrc\nvendor\n!docs/README.md\n!*/keep.md\n");
	assert_true(dockerignore_may_include_below(&ign, "docs"));
	assert_true(dockerignore_may_include_below(&ign, "src")); /* by '*' */
	assert_false(dockerignore_may_include_below(&ign, "docs/sub"));
	assert_false(dockerignore_may_include_below(&ign, "src/deep"));
	dockerignore_release(&ign);

	ign = parse("node_modules\n");
	assert_false(dockerignore_may_include_below(&ign, "node_modules"));
	dockerignore_release(&ign);

	ign = parse("*\n!**/keep\n");
	assert_true(dockerignore_may_include_below(&ign, "a/b/c"));
	dockerignore_release(&ign);

	/* an exception naming the directory itself brings back nothing below
	 * that is not already decided by the directory's own match */
	ign = parse("a\n!a/b\n");
	assert_true(dockerignore_may_include_below(&ign, "a"));
	assert_false(dockerignore_may_include_below(&ign, "a/b"));
	assert_false(dockerignore_may_include_below(&ign, "a/c"));
	dockerignore_release(&ign);
}

/* The CPU time this process has used, in seconds: what the matcher costs,
 * whatever else runs on the machine. */
static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* unit repeated n times, then last */
static char *repeat(const char *unit, size_t n, const char *last)
{
	size_t u = strlen(unit), l = strlen(last);
	char *s = xmalloc(u * n + l + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * n, last, l + 1);
	return s;
}

/* The CPU time of reps matches of glob against path; -1 when it matches. */
static double no_match_cpu(const char *glob, const char *path, int reps)
{
	double t = cpu_seconds();
	for (int i = 0; i < reps; i++)
		if (dockerignore_glob_match(glob, path))
			return -1;
	return cpu_seconds() - t;
}

/* A matcher that takes more CPU than this for one check is not linear: the
 * linear one takes about a second for the longer check on a sanitized
 * build, a fifth of that on a plain one. */
#define MATCH_CPU_CAP_S 10

/* Times glob against paths of unit repeated n and 4n times then last (which
 * it must not match), in a child process whose CPU time is capped, so that
 * an exponential matcher fails the test instead of running on. Four matches
 * of the short path are timed against one of the long: a linear matcher
 * takes as long for both, a quadratic one four times as long for the long
 * one; more than twice as long fails. */
static void assert_linear(const char *glob, const char *unit, const char *last, size_t n)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		struct rlimit cap = {MATCH_CPU_CAP_S, MATCH_CPU_CAP_S + 1};
		setrlimit(RLIMIT_CPU, &cap);
		/* The least of seven tries is the matcher's own cost, the rest
		 * noise. Both samples do the same work when the matcher is
		 * linear and take turns, so that load elsewhere on the machine
		 * (which slows every instruction) falls on both alike. */
		char *path[2] = {repeat(unit, n, last), repeat(unit, 4 * n, last)};
		const int reps[2] = {4, 1};
		double t[2] = {-1, -1};
		for (int try = 0; try < 7; try++)
			for (int i = 0; i < 2; i++) {
				double one = no_match_cpu(glob, path[i], reps[i]);
				if (one < 0)
					_exit(2);
				if (t[i] < 0 || one < t[i])
					t[i] = one;
			}
		free(path[0]);
		free(path[1]);
		_exit(write(fds[1], t, sizeof(t)) == (ssize_t)sizeof(t) ? 0 : 1);
	}
	close(fds[1]);
	double t[2] = {0, 0};
	ssize_t got = read(fds[0], t, sizeof(t));
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status) &&
	    (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL))
		fail_msg("matching '%s' against %zu and %zu times '%s' took more than "
			 "%d s of CPU: the matcher is not linear",
			 glob, n, 4 * n, unit, MATCH_CPU_CAP_S);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		fail_msg("'%s' matched '%s' repeated then '%s'", glob, unit, last);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(got, sizeof(t));
	/* the millisecond absorbs the clock's grain, should both be quick */
	if (t[1] > 2 * t[0] + 0.001)
		fail_msg("matching '%s' 4 times against %zu times '%s' took %.4f s of "
			 "CPU, once against %zu times %.4f s: it grows faster than "
			 "the input",
			 glob, n, unit, t[0], 4 * n, t[1]);
}

static void test_long_inputs(void **state)
{
	(void)state;
	/* many stars against a long name that almost matches: linear, not
	 * exponential, time */
	char glob[200], path[4000];
	size_t g = 0, p = 0;
	for (int i = 0; i < 60; i++) {
		glob[g++] = 'a';
		glob[g++] = '*';
	}
	glob[g++] = 'b';
	glob[g] = '\0';
	assert_linear(glob, "a", "", 16000);
	memset(path, 'a', sizeof(path) - 1);
	p = sizeof(path) - 1;
	path[p] = '\0';
	NO_MATCH(glob, path);
	path[p - 1] = 'b';
	MATCH(glob, path);
	/* many '**' too */
	const char *dstar = "**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b";
	assert_linear(dstar, "a/", "c", 32000);
	NO_MATCH(dstar, "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_globs),       cmocka_unit_test(test_rules),
		cmocka_unit_test(test_parse),       cmocka_unit_test(test_errors),
		cmocka_unit_test(test_clean),       cmocka_unit_test(test_walk_below),
		cmocka_unit_test(test_long_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
