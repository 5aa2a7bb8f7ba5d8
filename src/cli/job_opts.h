/* The job options that `run` and `up --job` share: --class, --arg, --param and
 * --checkpoint-period-seconds, held in one struct, and the one function that
 * turns --arg and --param into the job's program arguments. */
#ifndef FC_CLI_JOB_OPTS_H
#define FC_CLI_JOB_OPTS_H

#include <stddef.h>

#include "cli/opts.h"
#include "util/error.h"

struct job_opts {
	const char *entry_class; /* --class, borrowed; NULL: the jar's Main-Class */
	struct opt_list args;    /* --arg, as given */
	struct opt_list params;  /* --param K=V */
	long period;             /* --checkpoint-period-seconds; 0 when not given */
};

/* The --arg and --param rows, worded alike in both commands: include them
 * with OPT_GROUP(job_opts_args, offsetof(struct x, job)). */
extern const struct opt job_opts_args[];

/* The --class and --checkpoint-period-seconds rows, for the struct job_opts
 * at `off` in a command's options struct: `run` gives --class its -c (`up`
 * has -c for --conf) and each command words their help for itself. */
#define JOB_OPTS_CLASS(off, c, text)                                                     \
	{                                                                                \
		.long_name = "class", .short_name = (c), .type = OPT_STRING,             \
		.offset = (off) + offsetof(struct job_opts, entry_class),                \
		.arg_name = "C", .help = (text)                                          \
	}
#define JOB_OPTS_PERIOD(off, text)                                                       \
	{                                                                                \
		.long_name = "checkpoint-period-seconds", .type = OPT_INT,               \
		.offset = (off) + offsetof(struct job_opts, period), .arg_name = "S",    \
		.help = (text)                                                           \
	}

/* The job's program arguments: each --arg as given, then each --param k=v as
 * "--k" "v". */
struct job_argv {
	const char **argv; /* owned array of argc strings, then NULL; the strings
			      are argv's or owned[] */
	int argc;
	char **owned; /* the "--k" strings made from --param */
	int n_owned;
};

/* Fills *out (released with job_opts_argv_release, also after a failure).
 * ERR_USAGE "--param 'x' is not of the form key=value" for a --param with
 * no '=' or nothing before it. */
int job_opts_argv(const struct job_opts *j, struct job_argv *out, struct error *err);
void job_opts_argv_release(struct job_argv *v);

/* The first job option given, "class", "arg" or "param", or NULL: for a
 * command that takes them only with a job. */
const char *job_opts_given(const struct job_opts *j);

#endif
