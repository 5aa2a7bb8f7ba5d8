/* `flink-cmd doctor`: which Engine endpoint is used and why, the Engine and
 * API versions, whether the Flink image is there; each problem with its fix.
 * Exit 3 when the Engine cannot be reached, 1 for other problems. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cluster/defaults.h"
#include "docker/endpoint.h"
#include "docker/image.h"
#include "docker/system.h"
#include "util/json.h"
#include "util/xalloc.h"

static const char usage[] =
	"usage: flink-cmd doctor [--image IMG] [-o text|json]\n"
	"\n"
	"Checks the Docker Engine endpoint, its API version and the Flink image,\n"
	"and says how to fix what is wrong. Exit 3 when the Engine is unreachable.\n"
	"\n";

struct check {
	const char *name;
	bool ok;
	char detail[ERROR_MSG_MAX];
	char fix[512];
};

static void add_check(struct check *checks, int *n, const char *name, bool ok,
		      const char *detail, const char *fix)
{
	struct check *c = &checks[(*n)++];
	c->name = name;
	c->ok = ok;
	snprintf(c->detail, sizeof(c->detail), "%s", detail ? detail : "");
	snprintf(c->fix, sizeof(c->fix), "%s", fix ? fix : "");
}

int cmd_doctor(int argc, char **argv, struct ctx *ctx)
{
	const char *output = NULL;
	const char *image = FLINKCMD_DEFAULT_IMAGE;
	bool help = false;
	const struct opt opts[] = {
		{"image", 0, OPT_STRING, &image, "IMG", "the Flink image to look for"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	bool json;
	if (opts_parse("doctor", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	if (npos > 0) {
		error_set(&err, ERR_USAGE, "doctor takes no arguments, not '%s'", pos[0]);
		return cli_fail(&err);
	}

	struct check checks[8];
	int n = 0;
	int status = 0;
	struct docker_env env;
	struct docker_endpoint ep;
	docker_env_from_process(&env);
	char *endpoint = NULL, *source = NULL;
	struct docker_version ver;
	memset(&ver, 0, sizeof(ver));

	if (docker_endpoint_resolve(&env, &ep, &err) < 0) {
		add_check(checks, &n, "endpoint", false, err.msg, "fix DOCKER_HOST");
		status = 2;
		goto report;
	}
	endpoint = xstrdup(ep.host);
	source = xstrdup(ep.source);
	docker_endpoint_release(&ep);
	if (cli_connect_engine(ctx, &err) < 0 && !json) {
		/* the one line already names the endpoint and the fix */
		free(endpoint);
		free(source);
		return cli_fail(&err);
	}
	if (!ctx->docker || !ctx->docker->api_version[0]) {
		add_check(checks, &n, "engine", false, err.msg, NULL);
		status = error_exit_status(err.code);
		goto report;
	}
	if (docker_system_version(ctx->docker, &ver, &err) < 0) {
		add_check(checks, &n, "engine", false, err.msg, NULL);
		status = 1;
		goto report;
	}
	char detail[256];
	snprintf(detail, sizeof(detail), "Docker Engine %s (%s/%s), API %s, using %s",
		 ver.version, ver.os, ver.arch, ctx->docker->daemon_api_version,
		 ctx->docker->api_version);
	add_check(checks, &n, "engine", true, detail, NULL);

	struct docker_image_info info;
	int rc = docker_image_inspect(ctx->docker, image, &info, &err);
	if (rc == 0) {
		snprintf(detail, sizeof(detail), "'%s' is present (%.19s, %.1f MB)",
			 image, info.id, info.size / 1e6);
		add_check(checks, &n, "image", true, detail, NULL);
		docker_image_info_release(&info);
	} else if (rc == ERR_NOTFOUND) {
		snprintf(detail, sizeof(detail), "'%s' is not on this Engine", image);
		add_check(checks, &n, "image", false, detail,
			  strcmp(image, FLINKCMD_DEFAULT_IMAGE) == 0
				  ? "run 'scripts/flink-image.sh' (or 'make images') to "
				    "build it"
				  : "build or load it, or pass --image with an image "
				    "that exists");
		status = 1;
	} else {
		add_check(checks, &n, "image", false, err.msg, NULL);
		status = 1;
	}

report:
	if (json) {
		cJSON *root = cJSON_CreateObject();
		cJSON_AddStringToObject(root, "endpoint", endpoint ? endpoint : "");
		cJSON_AddStringToObject(root, "endpoint_source", source ? source : "");
		cJSON_AddStringToObject(root, "engine_version", ver.version);
		cJSON_AddStringToObject(root, "api_version",
					ctx->docker ? ctx->docker->api_version : "");
		cJSON *arr = cJSON_AddArrayToObject(root, "checks");
		for (int i = 0; i < n; i++) {
			cJSON *c = cJSON_CreateObject();
			cJSON_AddStringToObject(c, "name", checks[i].name);
			cJSON_AddBoolToObject(c, "ok", checks[i].ok);
			cJSON_AddStringToObject(c, "detail", checks[i].detail);
			if (checks[i].fix[0])
				cJSON_AddStringToObject(c, "fix", checks[i].fix);
			cJSON_AddItemToArray(arr, c);
		}
		cJSON_AddBoolToObject(root, "ok", status == 0);
		char *text = json_print(root);
		puts(text);
		free(text);
		cJSON_Delete(root);
	} else {
		if (endpoint)
			printf("endpoint   %s (%s)\n", endpoint, source);
		for (int i = 0; i < n; i++) {
			printf("%-10s %s %s\n", checks[i].name,
			       checks[i].ok ? "ok  " : "FAIL", checks[i].detail);
			if (checks[i].fix[0])
				printf("%-10s      fix: %s\n", "", checks[i].fix);
		}
	}
	/* the one-line reason also goes to stderr, as every failing command does */
	if (status == 3)
		fprintf(stderr, "flink-cmd: %s\n", err.msg);
	free(endpoint);
	free(source);
	return status;
}
