/* `flink-cmd help [COMMAND]`: the command list from the table, or the
 * command's own --help (the same dispatch as `COMMAND --help`, so the two
 * print the same text). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int cmd_help(int argc, char **argv, struct ctx *ctx)
{
	if (argc >= 2 && ctx) {
		for (const struct command *c = commands; c->name; c++) {
			if (strcmp(c->name, argv[1]) == 0) {
				char *sub[] = {argv[1], "--help", NULL};
				return cli_dispatch(c, 2, sub, ctx);
			}
		}
		fprintf(stderr,
			"flink-cmd: '%s' is not a flink-cmd command (see 'flink-cmd "
			"help')\n",
			argv[1]);
		return 2;
	}
	FILE *out = ctx ? stdout : stderr;
	fprintf(out, "usage: flink-cmd COMMAND [OPTIONS]\n"
		     "\n"
		     "A Flink cluster manager for the local Docker Engine.\n"
		     "\n"
		     "Commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->summary);
	fprintf(out,
		"\n"
		"Every command takes --help. The Engine is found through DOCKER_HOST,\n"
		"else the first socket among /var/run/docker.sock,\n"
		"$XDG_RUNTIME_DIR/docker.sock, ~/.docker/desktop/docker.sock and\n"
		"~/.docker/run/docker.sock.\n"
		"Exit codes: 0 ok, 1 failed, 2 bad usage or input, 3 Engine "
		"unreachable,\n"
		"4 timed out.\n");
	return 0;
}

int cmd_version(int argc, char **argv, struct ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	printf("flink-cmd %s\n", FLINK_CMD_VERSION);
	return 0;
}
