/* Table-driven option parsing for the commands (after curl's tool options):
 * each command lists its options once, and the same table makes its usage
 * text. GNU style: --long, --long=value, -s value, "--" ends options. */
#ifndef FC_CLI_OPTS_H
#define FC_CLI_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "util/error.h"

enum opt_type {
	OPT_FLAG,   /* bool *dest = true */
	OPT_STRING, /* const char **dest = the argv string (borrowed) */
	OPT_INT,    /* long *dest, checked to be a whole number */
	OPT_LIST,   /* struct opt_list *dest, appended to (repeatable) */
};

struct opt_list {
	const char **items; /* owned array of borrowed argv strings */
	int n;
};
void opt_list_release(struct opt_list *l);

struct opt {
	const char *long_name; /* without "--" */
	char short_name;       /* 0 for none */
	enum opt_type type;
	void *dest;
	const char *arg_name; /* shown in usage: "N", "TAG", NULL for flags */
	const char *help;
};

#define OPTS_MAX_POS 256

/* Parses argv[1..] against opts (terminated by a zero row). Positionals go
 * to pos (an array of OPTS_MAX_POS entries, borrowed strings), their count
 * to *npos; more than that is ERR_USAGE. ERR_USAGE with "unknown option '--x' (see
 * 'flink-cmd CMD
 * --help')" and the like. `cmd` names the command in messages. */
int opts_parse(const char *cmd, const struct opt *opts, int argc, char **argv,
	       const char **pos, int *npos, struct error *err);

/* Prints "Options:" and one line per option, aligned. */
void opts_usage(FILE *out, const struct opt *opts);

#endif
