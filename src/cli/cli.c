/* The shared set-up of the commands: dispatch by a table row (parse, then
 * connect, then run), the Engine connection, and the one place that prints
 * an error. */
#include <stdlib.h>

#include "cli/cli.h"
#include "cluster/engine_docker.h"
#include "docker/endpoint.h"
#include "util/json.h"

int cli_fail(const struct error *err)
{
	fprintf(stderr, "flink-cmd: %s\n", err->msg[0] ? err->msg : "failed");
	return error_exit_status(err->code ? err->code : ERR_FAIL);
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

int cli_dispatch(const struct command *c, int argc, char **argv, struct ctx *ctx)
{
	if (!c->spec)
		return c->fn(argc, argv, ctx);
	struct error err;
	error_init(&err);
	struct cli_args *a;
	int status = 0;
	if (cli_args_parse(c->spec, argc, argv, &a, &err) < 0)
		return cli_fail(&err);
	if (a->help)
		cli_usage(c->spec, stdout);
	else if ((c->flags & CMD_NEEDS_ENGINE) && cli_connect_engine(ctx, &err) < 0)
		status = cli_fail(&err);
	else
		status = c->spec->run(a, a->opts, ctx);
	cli_args_free(a);
	return status;
}

void cli_print_json(struct cJSON *o)
{
	char *text = json_print(o);
	puts(text);
	free(text);
	cJSON_Delete(o);
}
