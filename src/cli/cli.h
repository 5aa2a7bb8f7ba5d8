/* What every command gets: the command table, the shared context (the Engine
 * client when the row asks for it, the interrupt flag), the dispatch that
 * parses a command completely before it connects anything, and the one place
 * that prints errors. */
#ifndef FC_CLI_CLI_H
#define FC_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/args.h"
#include "cluster/engine.h"
#include "docker/client.h"
#include "util/error.h"

#define FLINK_CMD_VERSION "0.1.0"

/* Row flags: shared set-up done once by cli_dispatch before the command runs,
 * after its parse step succeeded. */
enum {
	CMD_NEEDS_ENGINE = 1 << 0, /* connect and negotiate; exit 3 if unreachable */
};

struct ctx {
	struct docker_client *docker;  /* owned by main; NULL unless CMD_NEEDS_ENGINE */
	struct cluster_engine *engine; /* owned by main: clusters on that Engine */
	const char *cmd_name;          /* "image", for messages */
	struct cancel *cancel; /* requested by SIGINT, SIGTERM, SIGHUP; borrowed */
	bool stdout_tty;
	bool stderr_tty;
};

typedef int (*cmd_fn)(int argc, char **argv, struct ctx *ctx);

/* A row of a command table: a command declared by its spec (parsed, checked,
 * then run by cli_dispatch), or one that takes its argv as it is (help,
 * version, and `image`, which dispatches its own table). */
struct command {
	const char *name;
	const struct cli_spec *spec; /* or NULL, and then: */
	cmd_fn fn;
	unsigned flags; /* CMD_*, honoured for spec rows */
	const char *summary;
};

/* The top-level table, ended by a row with no name; `help` is made from it. */
extern const struct command commands[];

/* Runs the row's command on argv (argv[0] its name): parses and checks it
 * (exit 2 on bad usage, with no I/O), prints its usage for --help (exit 0),
 * connects ctx->docker and ctx->engine when the row needs the Engine (exit 3
 * when it cannot
 * be reached), then runs it. Returns the exit status. */
int cli_dispatch(const struct command *c, int argc, char **argv, struct ctx *ctx);

/* Prints "flink-cmd: <message>" once on stderr and returns the exit status
 * for err's code. */
int cli_fail(const struct error *err);

/* Connects ctx->docker and makes ctx->engine over it (for commands that
 * decide late, such as doctor too); does
 * nothing when it is connected already. */
int cli_connect_engine(struct ctx *ctx, struct error *err);

/* Prints o as indented JSON on stdout and deletes it. */
struct cJSON;
void cli_print_json(struct cJSON *o);

extern const struct cli_spec cmd_up_spec;
extern const struct cli_spec cmd_status_spec;
extern const struct cli_spec cmd_scale_spec;
extern const struct cli_spec cmd_autoscale_spec;
extern const struct cli_spec cmd_run_spec;
extern const struct cli_spec cmd_jobs_spec;
extern const struct cli_spec cmd_cancel_spec;
extern const struct cli_spec cmd_savepoint_spec;
extern const struct cli_spec cmd_stop_spec;
extern const struct cli_spec cmd_checkpoints_spec;
extern const struct cli_spec cmd_top_spec;
extern const struct cli_spec cmd_logs_spec;
extern const struct cli_spec cmd_down_spec;
extern const struct cli_spec cmd_gc_spec;
extern const struct cli_spec cmd_doctor_spec;
int cmd_image(int argc, char **argv, struct ctx *ctx);
int cmd_help(int argc, char **argv, struct ctx *ctx);
int cmd_version(int argc, char **argv, struct ctx *ctx);

/* image subcommands (the table in cmd_image.c) */
extern const struct cli_spec cmd_image_build_spec;
extern const struct cli_spec cmd_image_import_spec;
extern const struct cli_spec cmd_image_ls_spec;

#endif
