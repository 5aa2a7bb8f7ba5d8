/* `flink-cmd doctor`: which Engine endpoint is used and why, the Engine and
 * API versions, whether the Flink image is there; each problem with its fix.
 * Exit 3 when the Engine cannot be reached, 1 for other problems. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
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

struct report {
	struct check checks[8];
	int n;
	int status;
	char *endpoint, *source; /* owned */
	struct docker_version ver;
	struct error err; /* the last failure */
};

static void add_check(struct report *r, const char *name, bool ok, const char *detail,
		      const char *fix)
{
	struct check *c = &r->checks[r->n++];
	c->name = name;
	c->ok = ok;
	snprintf(c->detail, sizeof(c->detail), "%s", detail ? detail : "");
	snprintf(c->fix, sizeof(c->fix), "%s", fix ? fix : "");
}

/* Which endpoint and why; false when there is none to use. */
static bool check_endpoint(struct report *r)
{
	struct docker_env env;
	struct docker_endpoint ep;
	docker_env_from_process(&env);
	if (docker_endpoint_resolve(&env, &ep, &r->err) < 0) {
		add_check(r, "endpoint", false, r->err.msg, "fix DOCKER_HOST");
		r->status = 2;
		return false;
	}
	r->endpoint = xstrdup(ep.host);
	r->source = xstrdup(ep.source);
	docker_endpoint_release(&ep);
	return true;
}

/* The Engine's versions once connected (or why not); false when the report
 * ends there. */
static bool check_engine(struct ctx *ctx, struct report *r)
{
	if (!ctx->docker || !ctx->docker->api_version[0]) {
		add_check(r, "engine", false, r->err.msg, NULL);
		r->status = error_exit_status(r->err.code);
		return false;
	}
	if (docker_system_version(ctx->docker, &r->ver, &r->err) < 0) {
		add_check(r, "engine", false, r->err.msg, NULL);
		r->status = 1;
		return false;
	}
	char detail[256];
	snprintf(detail, sizeof(detail), "Docker Engine %s (%s/%s), API %s, using %s",
		 r->ver.version, r->ver.os, r->ver.arch, ctx->docker->daemon_api_version,
		 ctx->docker->api_version);
	add_check(r, "engine", true, detail, NULL);
	return true;
}

static void check_image(struct ctx *ctx, const char *image, struct report *r)
{
	char detail[256];
	struct docker_image_info info;
	int rc = docker_image_inspect(ctx->docker, image, &info, &r->err);
	if (rc == 0) {
		snprintf(detail, sizeof(detail), "'%s' is present (%.19s, %.1f MB)",
			 image, info.id, info.size / 1e6);
		add_check(r, "image", true, detail, NULL);
		docker_image_info_release(&info);
	} else if (rc == ERR_NOTFOUND) {
		snprintf(detail, sizeof(detail), "'%s' is not on this Engine", image);
		add_check(r, "image", false, detail,
			  strcmp(image, FLINKCMD_DEFAULT_IMAGE) == 0
				  ? "run 'scripts/flink-image.sh' (or 'make images') to "
				    "build it"
				  : "build or load it, or pass --image with an image "
				    "that exists");
		r->status = 1;
	} else {
		add_check(r, "image", false, r->err.msg, NULL);
		r->status = 1;
	}
}

static void print_json(const struct report *r, struct ctx *ctx)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "endpoint", r->endpoint ? r->endpoint : "");
	cJSON_AddStringToObject(root, "endpoint_source", r->source ? r->source : "");
	cJSON_AddStringToObject(root, "engine_version", r->ver.version);
	cJSON_AddStringToObject(root, "api_version",
				ctx->docker ? ctx->docker->api_version : "");
	cJSON *arr = cJSON_AddArrayToObject(root, "checks");
	for (int i = 0; i < r->n; i++) {
		const struct check *ck = &r->checks[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "name", ck->name);
		cJSON_AddBoolToObject(c, "ok", ck->ok);
		cJSON_AddStringToObject(c, "detail", ck->detail);
		if (ck->fix[0])
			cJSON_AddStringToObject(c, "fix", ck->fix);
		cJSON_AddItemToArray(arr, c);
	}
	cJSON_AddBoolToObject(root, "ok", r->status == 0);
	cli_print_json(root);
}

static void print_text(const struct report *r)
{
	if (r->endpoint)
		printf("endpoint   %s (%s)\n", r->endpoint, r->source);
	for (int i = 0; i < r->n; i++) {
		printf("%-10s %s %s\n", r->checks[i].name,
		       r->checks[i].ok ? "ok  " : "FAIL", r->checks[i].detail);
		if (r->checks[i].fix[0])
			printf("%-10s      fix: %s\n", "", r->checks[i].fix);
	}
}

struct doctor_opts {
	const char *image; /* borrowed */
};

static const struct opt doctor_opts[] = {
	{"image", 0, OPT_STRING, offsetof(struct doctor_opts, image), "IMG",
	 .help = "the Flink image to look for"},
	{0},
};

static const struct doctor_opts defaults = {.image = FLINKCMD_DEFAULT_IMAGE};

/* No CMD_NEEDS_ENGINE on its row: an Engine it cannot reach is one of its
 * findings (in JSON), so it connects for itself. */
static int doctor_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	const char *image = ((struct doctor_opts *)opts)->image;
	struct report r = {0};
	error_init(&r.err);
	if (check_endpoint(&r)) {
		if (cli_connect_engine(ctx, &r.err) < 0 && !a->json) {
			/* the one line already names the endpoint and the fix */
			free(r.endpoint);
			free(r.source);
			return cli_fail(&r.err);
		}
		if (check_engine(ctx, &r))
			check_image(ctx, image, &r);
	}
	if (a->json)
		print_json(&r, ctx);
	else
		print_text(&r);
	/* the one-line reason also goes to stderr, as every failing command does */
	if (r.status == 3)
		fprintf(stderr, "flink-cmd: %s\n", r.err.msg);
	free(r.endpoint);
	free(r.source);
	return r.status;
}

const struct cli_spec cmd_doctor_spec = {
	.name = "doctor",
	.usage = usage,
	.takes = CLI_TAKES_OUTPUT,
	.opts = doctor_opts,
	.size = sizeof(struct doctor_opts),
	.defaults = &defaults,
	.pos = {0, 0, "doctor takes no arguments, not '%s'"},
	.run = doctor_run,
};
