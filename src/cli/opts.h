/* Table-driven option parsing for the commands (after curl's tool options):
 * each command lists its options once, in a static table, and the same table
 * makes its usage text. A row says where its value goes as an offset into the
 * options struct the caller passes, so a table is a constant and a group of
 * options (one struct, one table) can be included in several commands' tables
 * with an OPT_INCLUDE row. GNU style: --long, --long=value, -s value, "--"
 * ends options. */
#ifndef FC_CLI_OPTS_H
#define FC_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

enum opt_type {
	OPT_END,     /* ends a table: a zero row, {0} */
	OPT_FLAG,    /* bool = true */
	OPT_STRING,  /* const char * = the argv string (borrowed) */
	OPT_INT,     /* long, checked to be a whole number */
	OPT_LIST,    /* struct opt_list, appended to (repeatable) */
	OPT_INCLUDE, /* the rows of another table, whose struct sits at offset */
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
	size_t offset;             /* of the value in the options struct (offsetof) */
	const char *arg_name;      /* shown in usage: "N", "TAG", NULL for flags */
	const char *help;          /* shown in usage */
	const struct opt *include; /* OPT_INCLUDE: the group's rows */
};

/* Rows are written {"long", 's', OPT_TYPE, offsetof(...), "ARG", .help = "..."}:
 * naming the last field leaves `include` out without a warning. */

/* A row that includes the group `rows`, whose own struct is at `off` in the
 * including table's struct. */
#define OPT_GROUP(rows, off)                                                             \
	{                                                                                \
		.type = OPT_INCLUDE, .offset = (off), .include = (rows)                  \
	}

#define OPTS_MAX_POS 256

/* Parses argv[1..] against opts, storing values into the struct at dest
 * (the rows' offsets are into it). Positionals go to pos (an array of
 * OPTS_MAX_POS entries, borrowed strings), their count to *npos; more than
 * that is ERR_USAGE. ERR_USAGE with "unknown option '--x' (see 'flink-cmd
 * CMD --help')" and the like. `cmd` names the command in messages. Lists
 * filled before a failure are the caller's to release (opts_release). */
int opts_parse(const char *cmd, const struct opt *opts, void *dest, int argc, char **argv,
	       const char **pos, int *npos, struct error *err);

/* Releases the OPT_LIST values in the struct at dest, included groups too. */
void opts_release(const struct opt *opts, void *dest);

/* Prints "Options:" and one line per option, aligned, included rows in
 * place. */
void opts_usage(FILE *out, const struct opt *opts);

#endif
