/* flink-cmd's entry point: finds the command in the table, does the set-up
 * its row asks for (the Engine connection), runs it, and tears down. The
 * only place, with cli_fail, that decides how the process ends. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cluster/engine_docker.h"
#include "docker/endpoint.h"
#include "util/http.h"

static struct cancel interrupt;

static void on_signal(int sig)
{
	(void)sig;
	cancel_request(&interrupt);
}

int cli_fail(const struct error *err)
{
	fprintf(stderr, "flink-cmd: %s\n", err->msg[0] ? err->msg : "failed");
	return error_exit_status(err->code ? err->code : ERR_FAIL);
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

int cli_output_json(const char *value, bool *json, struct error *err)
{
	if (!value || strcmp(value, "text") == 0) {
		*json = false;
		return 0;
	}
	if (strcmp(value, "json") == 0) {
		*json = true;
		return 0;
	}
	return error_set(err, ERR_USAGE, "-o takes 'text' or 'json', not '%s'", value);
}

int cli_connect_engine(struct ctx *ctx, struct error *err)
{
	if (ctx->docker)
		return 0;
	struct docker_env env;
	struct docker_endpoint ep;
	docker_env_from_process(&env);
	int rc = docker_endpoint_resolve(&env, &ep, err);
	if (rc < 0)
		return rc;
	ctx->docker = docker_client_new(&ep);
	ctx->engine = cluster_engine_docker_new(ctx->docker);
	docker_endpoint_release(&ep);
	return docker_client_connect(ctx->docker, ctx->cancel, err);
}

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* a closed pipe (flink-cmd logs | head) is an EPIPE, not a death */
	signal(SIGPIPE, SIG_IGN);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		cmd_help(1, argv, NULL);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = "help";
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
		name = "version";
	const struct command *cmd = find_command(name);
	if (!cmd) {
		struct error err;
		error_set(&err, ERR_USAGE,
			  "'%s' is not a flink-cmd command (see 'flink-cmd help')", name);
		return cli_fail(&err);
	}

	cancel_init(&interrupt);
	install_signals();
	http_global_init();
	struct ctx ctx = {
		.cmd_name = cmd->name,
		.cancel = &interrupt,
		.stdout_tty = isatty(STDOUT_FILENO),
		.stderr_tty = isatty(STDERR_FILENO),
	};
	int status;
	struct error err;
	error_init(&err);
	if ((cmd->flags & CMD_NEEDS_ENGINE) && !cli_wants_help(argc - 1, argv + 1) &&
	    cli_connect_engine(&ctx, &err) < 0)
		status = cli_fail(&err);
	else
		status = cmd->fn(argc - 1, argv + 1, &ctx);
	cluster_engine_free(ctx.engine);
	docker_client_free(ctx.docker);
	http_global_cleanup();
	return status;
}
