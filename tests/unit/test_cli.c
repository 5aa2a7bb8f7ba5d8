/* The command line's shared preamble (src/cli/args.c, opts.c), the job option
 * group (job_opts.c), the real command table's specs, and the dispatch order:
 * parse first, connect the Engine only for a valid command whose row asks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/job_opts.h"
#include "cli/opts.h"
#include "util/http.h"

/* A command made for the tests: --name, -q, -o, one own option, an included
 * group, and one or two positionals. */
struct group {
	bool flag;
	struct opt_list list;
};

static const struct opt group_rows[] = {
	{"flag", 'f', OPT_FLAG, offsetof(struct group, flag), NULL, .help = "a flag"},
	{"item", 0, OPT_LIST, offsetof(struct group, list), "X", .help = "an item"},
	{0},
};

struct t_opts {
	long n;
	struct group g;
	int checks; /* how often t_check ran */
};

static const struct opt t_rows[] = {
	{"count", 'n', OPT_INT, offsetof(struct t_opts, n), "N", .help = "a count"},
	OPT_GROUP(group_rows, offsetof(struct t_opts, g)),
	{0},
};

static const struct t_opts t_defaults = {.n = 7};

static int t_check(const struct cli_args *a, void *opts, struct error *err)
{
	(void)a;
	struct t_opts *o = opts;
	o->checks++;
	if (o->n < 0)
		return error_set(err, ERR_USAGE, "--count must not be negative");
	return 0;
}

static int t_runs;

static int t_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	(void)a;
	(void)opts;
	(void)ctx;
	t_runs++;
	return 0;
}

static const struct cli_spec t_spec = {
	.name = "t",
	.usage = "usage: flink-cmd t THING [THING]\n\n",
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.quiet_help = "say less",
	.opts = t_rows,
	.size = sizeof(struct t_opts),
	.defaults = &t_defaults,
	.pos = {1, 2, "t takes one or two THINGs, not '%s'"},
	.check = t_check,
	.run = t_run,
};

/* Parses the words of line (split at spaces; the first is the command) by
 * spec. */
static int parse(const struct cli_spec *spec, const char *line, struct cli_args **a,
		 struct error *err)
{
	static char buf[512];
	char *argv[32];
	int argc = 0;
	snprintf(buf, sizeof(buf), "%s", line);
	for (char *w = strtok(buf, " "); w && argc < 31; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	error_init(err);
	return cli_args_parse(spec, argc, argv, a, err);
}

/* The message of a line that must fail with ERR_USAGE. */
static const char *usage_error(const struct cli_spec *spec, const char *line)
{
	static struct error err;
	struct cli_args *a = (struct cli_args *)1;
	assert_int_equal(parse(spec, line, &a, &err), ERR_USAGE);
	assert_null(a);
	assert_int_equal(err.code, ERR_USAGE);
	return err.msg;
}

static void test_defaults_and_values(void **state)
{
	(void)state;
	struct cli_args *a;
	struct error err;
	assert_int_equal(parse(&t_spec, "t x", &a, &err), 0);
	struct t_opts *o = (struct t_opts *)a->opts;
	assert_string_equal(a->name, "flink");
	assert_false(a->json);
	assert_false(a->quiet);
	assert_false(a->help);
	assert_int_equal(o->n, 7);
	assert_int_equal(o->checks, 1);
	assert_int_equal(a->npos, 1);
	assert_string_equal(a->pos[0], "x");
	cli_args_free(a);

	assert_int_equal(
		parse(&t_spec, "t --name c1 -n 3 -q x --item a --item=b -f y", &a, &err),
		0);
	o = (struct t_opts *)a->opts;
	assert_string_equal(a->name, "c1");
	assert_int_equal(o->n, 3);
	assert_true(a->quiet);
	/* the included group's values land in its struct inside ours */
	assert_true(o->g.flag);
	assert_int_equal(o->g.list.n, 2);
	assert_string_equal(o->g.list.items[0], "a");
	assert_string_equal(o->g.list.items[1], "b");
	assert_int_equal(a->npos, 2);
	cli_args_free(a); /* releases the list: ASan says if not */

	assert_int_equal(parse(&t_spec, "t --name=c2 -- -x", &a, &err), 0);
	assert_string_equal(a->name, "c2");
	assert_string_equal(a->pos[0], "-x");
	cli_args_free(a);
}

static void test_output(void **state)
{
	(void)state;
	struct cli_args *a;
	struct error err;
	assert_int_equal(parse(&t_spec, "t x -o json", &a, &err), 0);
	assert_true(a->json);
	cli_args_free(a);
	assert_int_equal(parse(&t_spec, "t x --output=text", &a, &err), 0);
	assert_false(a->json);
	cli_args_free(a);
	assert_string_equal(usage_error(&t_spec, "t x -o xml"),
			    "-o takes 'text' or 'json', not 'xml'");
	assert_string_equal(usage_error(&t_spec, "t x -o"),
			    "--output needs a value (see 'flink-cmd t --help')");
	/* -o is checked before --help, as every command always did */
	assert_string_equal(usage_error(&t_spec, "t --help -o xml"),
			    "-o takes 'text' or 'json', not 'xml'");
	/* a command without -o does not know it */
	struct cli_spec no_o = t_spec;
	no_o.takes = CLI_TAKES_NAME;
	assert_string_equal(usage_error(&no_o, "t x -o json"),
			    "unknown option '-o' (see 'flink-cmd t --help')");
}

static void test_help(void **state)
{
	(void)state;
	struct cli_args *a;
	struct error err;
	/* --help wins over positional counts and the command's own checks */
	assert_int_equal(parse(&t_spec, "t --help", &a, &err), 0);
	assert_true(a->help);
	assert_int_equal(((struct t_opts *)a->opts)->checks, 0);
	cli_args_free(a);
	assert_int_equal(parse(&t_spec, "t a b c -h -n -1", &a, &err), 0);
	assert_true(a->help);
	cli_args_free(a);

	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	cli_usage(&t_spec, f);
	fclose(f);
	assert_string_equal(
		text, "usage: flink-cmd t THING [THING]\n"
		      "\n"
		      "Options:\n"
		      "      --name NAME              cluster name (default: flink)\n"
		      "  -n, --count N                a count\n"
		      "  -f, --flag                   a flag\n"
		      "      --item X                 an item\n"
		      "  -q, --quiet                  say less\n"
		      "  -o, --output FORMAT          output format: text or json\n"
		      "  -h, --help                   show this help\n");
	free(text);
}

static void test_positionals(void **state)
{
	(void)state;
	assert_string_equal(usage_error(&t_spec, "t"),
			    "t takes one or two THINGs, not ''");
	assert_string_equal(usage_error(&t_spec, "t a b c"),
			    "t takes one or two THINGs, not 'a'");
	struct cli_spec named = t_spec;
	named.takes |= CLI_NAME_POS;
	named.pos = (struct cli_pos){0, 1, "t takes at most one cluster name"};
	struct cli_args *a;
	struct error err;
	assert_int_equal(parse(&named, "t c3", &a, &err), 0);
	assert_string_equal(a->name, "c3");
	cli_args_free(a);
	assert_string_equal(usage_error(&named, "t c3 c4"),
			    "t takes at most one cluster name");
	struct cli_spec any = t_spec;
	any.pos = (struct cli_pos){0, -1, NULL};
	assert_int_equal(parse(&any, "t a b c d e", &a, &err), 0);
	assert_int_equal(a->npos, 5);
	cli_args_free(a);
}

static void test_bad_options(void **state)
{
	(void)state;
	assert_string_equal(usage_error(&t_spec, "t x --bogus"),
			    "unknown option '--bogus' (see 'flink-cmd t --help')");
	assert_string_equal(usage_error(&t_spec, "t x --bogus=1"),
			    "unknown option '--bogus' (see 'flink-cmd t --help')");
	assert_string_equal(usage_error(&t_spec, "t x -z"),
			    "unknown option '-z' (see 'flink-cmd t --help')");
	assert_string_equal(usage_error(&t_spec, "t x -fq"),
			    "unknown option '-fq' (see 'flink-cmd t --help')");
	assert_string_equal(usage_error(&t_spec, "t x --flag=yes"),
			    "--flag takes no value (see 'flink-cmd t --help')");
	assert_string_equal(usage_error(&t_spec, "t x -n two"),
			    "--count takes a whole number, not 'two' (see 'flink-cmd t "
			    "--help')");
	assert_string_equal(usage_error(&t_spec, "t x --item"),
			    "--item needs a value (see 'flink-cmd t --help')");
	/* the command's own check runs last, and its lists are released */
	assert_string_equal(usage_error(&t_spec, "t x --item a -n -1"),
			    "--count must not be negative");
}

static void test_job_argv(void **state)
{
	(void)state;
	struct job_opts j = {0};
	const char *args[] = {"plain", "--raw"};
	const char *params[] = {"k=v", "x=y=z", "empty="};
	j.args = (struct opt_list){args, 2};
	j.params = (struct opt_list){params, 3};
	struct job_argv v;
	struct error err;
	error_init(&err);
	assert_int_equal(job_opts_argv(&j, &v, &err), 0);
	const char *want[] = {"plain", "--raw", "--k", "v", "--x", "y=z", "--empty", ""};
	assert_int_equal(v.argc, 8);
	for (int i = 0; i < 8; i++)
		assert_string_equal(v.argv[i], want[i]);
	assert_null(v.argv[8]);
	job_opts_argv_release(&v);

	const char *bad[] = {"k=v", "novalue"};
	j.params = (struct opt_list){bad, 2};
	assert_int_equal(job_opts_argv(&j, &v, &err), ERR_USAGE);
	assert_string_equal(err.msg, "--param 'novalue' is not of the form key=value");
	job_opts_argv_release(&v);
	const char *nokey[] = {"=v"};
	j.params = (struct opt_list){nokey, 1};
	assert_int_equal(job_opts_argv(&j, &v, &err), ERR_USAGE);
	assert_string_equal(err.msg, "--param '=v' is not of the form key=value");
	job_opts_argv_release(&v);

	assert_string_equal(job_opts_given(&j), "arg");
	j.args.n = 0;
	assert_string_equal(job_opts_given(&j), "param");
	j.entry_class = "C";
	assert_string_equal(job_opts_given(&j), "class");
	assert_null(job_opts_given(&(struct job_opts){0}));
}

/* Every command of the real table: --help parses (and shows its usage and
 * the -h row), and an unknown option is ERR_USAGE naming the command. */
static void test_every_command(void **state)
{
	(void)state;
	const struct cli_spec *image[] = {&cmd_image_build_spec, &cmd_image_import_spec,
					  &cmd_image_ls_spec};
	const struct cli_spec *specs[40];
	int n = 0;
	for (const struct command *c = commands; c->name; c++)
		if (c->spec)
			specs[n++] = c->spec;
	for (int i = 0; i < 3; i++)
		specs[n++] = image[i];
	assert_true(n >= 19);
	for (int i = 0; i < n; i++) {
		char line[128], want[128];
		struct cli_args *a;
		struct error err;
		snprintf(line, sizeof(line), "%s --help", specs[i]->name);
		/* "image build" is two words: drop the first */
		const char *cmdline = strncmp(line, "image ", 6) == 0 ? line + 6 : line;
		assert_int_equal(parse(specs[i], cmdline, &a, &err), 0);
		assert_true(a->help);
		cli_args_free(a);
		snprintf(line, sizeof(line), "%s --bogus", specs[i]->name);
		cmdline = strncmp(line, "image ", 6) == 0 ? line + 6 : line;
		snprintf(want, sizeof(want),
			 "unknown option '--bogus' (see 'flink-cmd %s --help')",
			 specs[i]->name);
		assert_string_equal(usage_error(specs[i], cmdline), want);

		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		cli_usage(specs[i], f);
		fclose(f);
		assert_non_null(strstr(text, specs[i]->usage));
		assert_non_null(strstr(text, "\nOptions:\n"));
		assert_non_null(
			strstr(text, "  -h, --help                   show this help\n"));
		free(text);
	}
}

/* The grammar each command has today, as the table says it. */
static void test_command_grammar(void **state)
{
	(void)state;
	struct cli_args *a;
	struct error err;
	assert_string_equal(
		usage_error(&cmd_up_spec, "up extra"),
		"up takes no arguments, not 'extra' (see 'flink-cmd up --help')");
	assert_string_equal(usage_error(&cmd_status_spec, "status a b"),
			    "status takes at most one cluster name");
	assert_int_equal(parse(&cmd_status_spec, "status c5", &a, &err), 0);
	assert_string_equal(a->name, "c5");
	cli_args_free(a);
	assert_int_equal(parse(&cmd_down_spec, "down c6 -v", &a, &err), 0);
	assert_string_equal(a->name, "c6");
	cli_args_free(a);
	assert_string_equal(usage_error(&cmd_jobs_spec, "jobs c7"),
			    "jobs takes no arguments, not 'c7'");
	assert_string_equal(usage_error(&cmd_gc_spec, "gc --name x"),
			    "unknown option '--name' (see 'flink-cmd gc --help')");
	assert_string_equal(usage_error(&cmd_run_spec, "run"),
			    "run takes one JAR (see 'flink-cmd run --help')");
	assert_string_equal(
		usage_error(&cmd_scale_spec, "scale x"),
		"scale takes one whole number of TaskManagers (e.g. 'flink-cmd "
		"scale 4')");
	assert_string_equal(usage_error(&cmd_cancel_spec, "cancel -o json j"),
			    "unknown option '-o' (see 'flink-cmd cancel --help')");
	assert_string_equal(usage_error(&cmd_image_build_spec, "build"),
			    "image build needs -t NAME:TAG");
	assert_string_equal(usage_error(&cmd_stop_spec, "stop"),
			    "stop takes one JOB (see 'flink-cmd jobs')");
	assert_string_equal(
		usage_error(&cmd_savepoint_spec, "savepoint --drain j"),
		"unknown option '--drain' (see 'flink-cmd savepoint --help')");
}

/* run and up --job share the job options; -c is --class for run, --conf for
 * up. */
static void test_job_group_in_commands(void **state)
{
	(void)state;
	assert_string_equal(usage_error(&cmd_run_spec, "run x.jar --param bad"),
			    "--param 'bad' is not of the form key=value");
	assert_string_equal(usage_error(&cmd_up_spec, "up --job x.jar --param bad"),
			    "--param 'bad' is not of the form key=value");
	assert_string_equal(
		usage_error(&cmd_up_spec, "up --arg a"),
		"--arg is for the job of --job JAR (on a session cluster give "
		"it to 'flink-cmd run')");
	assert_string_equal(usage_error(&cmd_up_spec, "up -c novalue"),
			    "--conf 'novalue' is not of the form key=value (e.g. --conf "
			    "taskmanager.memory.managed.fraction=0.2)");
	struct cli_args *a;
	struct error err;
	assert_int_equal(parse(&cmd_run_spec,
			       "run x.jar -c org.Main --arg a --param k=v "
			       "--checkpoint-period-seconds 5",
			       &a, &err),
			 0);
	cli_args_free(a);
}

/* cli_dispatch: bad usage is exit 2 and never connects; --help is exit 0
 * and never connects; a valid command on a row that needs the Engine is
 * exit 3 when none answers, and is not run. */
static void test_dispatch_order(void **state)
{
	(void)state;
	setenv("DOCKER_HOST", "unix:///nonexistent.sock", 1);
	struct ctx ctx = {.cmd_name = "t"};
	const struct command row = {"t", &t_spec, NULL, CMD_NEEDS_ENGINE, "test"};
	char *bad[] = {"t", "--bogus", NULL};
	char *help[] = {"t", "--help", NULL};
	char *good[] = {"t", "x", NULL};
	t_runs = 0;
	assert_int_equal(cli_dispatch(&row, 2, bad, &ctx), 2);
	assert_null(ctx.docker);
	FILE *keep = stdout;
	stdout = fopen("/dev/null", "w");
	assert_int_equal(cli_dispatch(&row, 2, help, &ctx), 0);
	fclose(stdout);
	stdout = keep;
	assert_null(ctx.docker);
	assert_int_equal(cli_dispatch(&row, 2, good, &ctx), 3);
	assert_int_equal(t_runs, 0);
	cluster_engine_free(ctx.engine); /* made with the client it wraps */
	ctx.engine = NULL;
	docker_client_free(ctx.docker);
	ctx.docker = NULL;

	/* without the flag the command runs with no Engine */
	const struct command local = {"t", &t_spec, NULL, 0, "test"};
	assert_int_equal(cli_dispatch(&local, 2, good, &ctx), 0);
	assert_int_equal(t_runs, 1);
	assert_null(ctx.docker);
}

int main(void)
{
	http_global_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_positionals),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_job_argv),
		cmocka_unit_test(test_every_command),
		cmocka_unit_test(test_command_grammar),
		cmocka_unit_test(test_job_group_in_commands),
		cmocka_unit_test(test_dispatch_order),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	http_global_cleanup();
	return failed;
}
