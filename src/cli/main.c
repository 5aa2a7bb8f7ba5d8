/* flink-cmd's entry point: finds the command in the table, hands it to
 * cli_dispatch (which parses it, does the set-up its row asks for, and runs
 * it), and tears down. The only place, with cli_fail, that decides how the
 * process ends. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/http.h"

static struct cancel interrupt;

static void on_signal(int sig)
{
	(void)sig;
	cancel_request(&interrupt);
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
	int status = cli_dispatch(cmd, argc - 1, argv + 1, &ctx);
	cluster_engine_free(ctx.engine);
	docker_client_free(ctx.docker);
	http_global_cleanup();
	return status;
}
