/* What every command gets: the command table, the shared context (the Engine
 * client when the row asks for it, the interrupt flag), and the one place
 * that prints errors. */
#ifndef FC_CLI_CLI_H
#define FC_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "cluster/engine.h"
#include "docker/client.h"
#include "util/error.h"

#define FLINK_CMD_VERSION "0.1.0"

/* Row flags: shared set-up done once by main before the command runs. */
enum {
	CMD_NEEDS_ENGINE = 1 << 0, /* connect and negotiate; exit 3 if unreachable */
};

struct ctx {
	struct docker_client *docker;  /* owned by main; NULL unless CMD_NEEDS_ENGINE */
	struct cluster_engine *engine; /* owned by main: the cluster engine over
					* docker, made with it */
	const char *cmd_name;          /* "image build", for messages */
	struct cancel *cancel; /* requested by SIGINT, SIGTERM, SIGHUP; borrowed */
	bool stdout_tty;
	bool stderr_tty;
};

typedef int (*cmd_fn)(int argc, char **argv, struct ctx *ctx);

struct command {
	const char *name;
	cmd_fn fn;
	unsigned flags;
	const char *summary;
};

/* The top-level table, NULL-terminated; `help` is made from it. */
extern const struct command commands[];

/* Prints "flink-cmd: <message>" once on stderr and returns the exit status
 * for err's code. */
int cli_fail(const struct error *err);

/* Connects ctx->docker (for commands that decide late, such as doctor). */
int cli_connect_engine(struct ctx *ctx, struct error *err);

/* True when argv holds -h or --help before any "--". */
bool cli_wants_help(int argc, char **argv);

/* Output format from "-o text|json": false for text. ERR_USAGE otherwise. */
int cli_output_json(const char *value, bool *json, struct error *err);

#define CLI_OUTPUT_HELP "output format: text or json"

int cmd_doctor(int argc, char **argv, struct ctx *ctx);
int cmd_up(int argc, char **argv, struct ctx *ctx);
int cmd_down(int argc, char **argv, struct ctx *ctx);
int cmd_scale(int argc, char **argv, struct ctx *ctx);
int cmd_autoscale(int argc, char **argv, struct ctx *ctx);
int cmd_status(int argc, char **argv, struct ctx *ctx);
int cmd_logs(int argc, char **argv, struct ctx *ctx);
int cmd_gc(int argc, char **argv, struct ctx *ctx);
int cmd_top(int argc, char **argv, struct ctx *ctx);
int cmd_run(int argc, char **argv, struct ctx *ctx);
int cmd_jobs(int argc, char **argv, struct ctx *ctx);
int cmd_cancel(int argc, char **argv, struct ctx *ctx);
int cmd_savepoint(int argc, char **argv, struct ctx *ctx);
int cmd_stop(int argc, char **argv, struct ctx *ctx);
int cmd_checkpoints(int argc, char **argv, struct ctx *ctx);
int cmd_image(int argc, char **argv, struct ctx *ctx);
int cmd_help(int argc, char **argv, struct ctx *ctx);
int cmd_version(int argc, char **argv, struct ctx *ctx);

/* image subcommands (dispatched by cmd_image) */
int cmd_image_build(int argc, char **argv, struct ctx *ctx);
int cmd_image_import(int argc, char **argv, struct ctx *ctx);
int cmd_image_ls(int argc, char **argv, struct ctx *ctx);

#endif
