/* The preamble every command shares, done once from its spec: --name, -q,
 * -o text|json and -h/--help when the command takes them, its own options
 * table, the count of its positionals, and then its own checks of what it
 * was given. All of it before any Engine connection: a parse step reads argv
 * and nothing else, so bad usage is exit 2 whether or not an Engine answers. */
#ifndef FC_CLI_ARGS_H
#define FC_CLI_ARGS_H

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/opts.h"
#include "util/error.h"

struct ctx;
struct cli_args;

/* What a command takes of the shared options (cli_spec.takes). */
enum {
	CLI_TAKES_NAME = 1 << 0,   /* --name NAME, default "flink" */
	CLI_TAKES_OUTPUT = 1 << 1, /* -o text|json */
	CLI_NAME_POS = 1 << 2,     /* its one positional, if given, is the name */
};

/* A command's own checks of its options and positionals: ERR_USAGE with a
 * message on anything wrong, no I/O to the Engine or Flink. It may fill the
 * rest of its options struct (a spec to run, a file opened). */
typedef int (*cli_check_fn)(const struct cli_args *a, void *opts, struct error *err);
/* Runs the command with ctx->docker connected when its row asks for it;
 * prints its result and returns the exit status (cli_fail for errors). */
typedef int (*cli_run_fn)(const struct cli_args *a, void *opts, struct ctx *ctx);

/* How many positionals a command takes (max -1 for any number), and the
 * ERR_USAGE message otherwise; "%s" in it is the first positional. */
struct cli_pos {
	int min, max;
	const char *msg;
};

/* One command, declared once in its file (cmd_<name>.c) and named by a row of
 * the command table (cli.h). */
struct cli_spec {
	const char *name;       /* in messages: "status", "image build" */
	const char *usage;      /* printed by --help above the options */
	unsigned takes;         /* CLI_TAKES_*, CLI_NAME_POS */
	const char *quiet_help; /* -q/--quiet with this help; NULL: no -q */
	const struct opt *opts; /* its own options (offsets into its struct), or NULL */
	size_t size;            /* of its options struct */
	const void *defaults;   /* the struct's first value, or NULL for zeros */
	struct cli_pos pos;
	cli_check_fn check; /* may be NULL */
	cli_run_fn run;     /* required */
	/* frees what check made, called whenever check was (even when it
	 * failed half-way), or NULL */
	void (*release)(void *opts);
};

/* A parsed command line: the shared options, the positionals, and the
 * command's own options struct behind them. */
struct cli_args {
	const struct cli_spec *spec; /* borrowed */
	const char *name;            /* --name or the name positional; default "flink" */
	const char *output;          /* -o as given, or NULL */
	bool json;                   /* -o json */
	bool quiet;                  /* -q */
	bool help;                   /* -h/--help: print cli_usage, do nothing else */
	bool checked;                /* spec->check was called: spec->release is due */
	const char *pos[OPTS_MAX_POS]; /* borrowed from argv */
	int npos;
	alignas(max_align_t) unsigned char opts[]; /* spec->size bytes */
};

/* Parses argv (argv[0] is the command's name) by spec: options, then -o,
 * then (unless --help was asked) the positional count and spec->check. On
 * success *out is owned by the caller (cli_args_free); on failure *out is
 * NULL and err says what is wrong, ERR_USAGE. */
int cli_args_parse(const struct cli_spec *spec, int argc, char **argv,
		   struct cli_args **out, struct error *err);

/* Releases what parsing and spec->check made; NULL does nothing. */
void cli_args_free(struct cli_args *a);

/* The command's --help: its usage text and its options table. */
void cli_usage(const struct cli_spec *spec, FILE *out);

/* Output format from "-o text|json": false for text. ERR_USAGE otherwise. */
int cli_output_json(const char *value, bool *json, struct error *err);

#define CLI_OUTPUT_HELP "output format: text or json"

#endif
