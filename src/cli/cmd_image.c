/* `flink-cmd image build|import|ls`: a sub-table dispatch, and `ls`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cluster/defaults.h"
#include "docker/image.h"
#include "util/json.h"

static const struct command image_commands[] = {
	{"build", &cmd_image_build_spec, NULL, CMD_NEEDS_ENGINE,
	 "build an image from a directory"},
	{"import", &cmd_image_import_spec, NULL, CMD_NEEDS_ENGINE,
	 "make a base image from a root file system tarball"},
	{"ls", &cmd_image_ls_spec, NULL, CMD_NEEDS_ENGINE,
	 "list the Flink images flink-cmd built or uses"},
	{NULL, NULL, NULL, 0, NULL},
};

static void image_usage(FILE *out)
{
	fprintf(out, "usage: flink-cmd image COMMAND [OPTIONS]\n\nCommands:\n");
	for (const struct command *c = image_commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fprintf(out, "\nSee 'flink-cmd image COMMAND --help'.\n");
}

/* The sub-table's rows go through cli_dispatch as the top-level rows do, so
 * their flags are honoured the same way. */
int cmd_image(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		image_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (const struct command *c = image_commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return cli_dispatch(c, argc - 1, argv + 1, ctx);
	struct error err;
	error_set(&err, ERR_USAGE,
		  "'%s' is not an image command (use build, import or ls)", argv[1]);
	return cli_fail(&err);
}

static const char ls_usage[] =
	"usage: flink-cmd image ls [REFERENCE] [-q] [-o text|json]\n"
	"\n"
	"Lists the images flink-cmd built (label io.flinkcmd.image) and the base\n"
	"image; with REFERENCE (a name:tag, wildcards allowed) only those that\n"
	"match, whoever built them. -q prints image IDs only: nothing (and exit 0)\n"
	"when none match, which scripts use to test for an image.\n"
	"\n";

static void print_image(const struct docker_image_info *img, bool quiet)
{
	if (quiet) {
		printf("%s\n", img->id);
		return;
	}
	char when[32] = "-";
	time_t t = (time_t)img->created;
	struct tm tm;
	if (img->created > 0 && gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	const char *id = strncmp(img->id, "sha256:", 7) == 0 ? img->id + 7 : img->id;
	if (img->n_tags == 0) {
		printf("%-44s %-12.12s %-16s %8.1f MB\n", "<none>", id, when,
		       img->size / 1e6);
		return;
	}
	for (int i = 0; i < img->n_tags; i++)
		printf("%-44s %-12.12s %-16s %8.1f MB\n", img->tags[i], id, when,
		       img->size / 1e6);
}

static cJSON *image_json(const struct docker_image_info *img)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", img->id);
	cJSON *tags = cJSON_AddArrayToObject(o, "tags");
	for (int i = 0; i < img->n_tags; i++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(img->tags[i]));
	json_add_i64(o, "size", img->size);
	json_add_i64(o, "created", img->created);
	if (img->label_flink_version)
		cJSON_AddStringToObject(o, "flink_version", img->label_flink_version);
	if (img->label_context_hash)
		cJSON_AddStringToObject(o, "context_hash", img->label_context_hash);
	return o;
}

/* Two queries without a REFERENCE: what flink-cmd built, and the base image
 * it imported. lists[] and counts[] are the caller's (docker_image_list_free
 * each, after a failure too). */
static int list_images(struct ctx *ctx, const char *ref,
		       struct docker_image_info *lists[2], int counts[2],
		       struct error *err)
{
	int rc;
	if (ref) {
		rc = docker_image_list(ctx->docker, ref, NULL, &lists[0], &counts[0],
				       err);
	} else {
		rc = docker_image_list(ctx->docker, NULL, LABEL_IMAGE, &lists[0],
				       &counts[0], err);
		if (rc == 0)
			rc = docker_image_list(ctx->docker, FLINKCMD_BASE_IMAGE, NULL,
					       &lists[1], &counts[1], err);
	}
	return rc;
}

static int ls_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	(void)opts;
	struct error err;
	error_init(&err);
	struct docker_image_info *lists[2] = {NULL, NULL};
	int counts[2] = {0, 0};
	if (list_images(ctx, a->npos == 1 ? a->pos[0] : NULL, lists, counts, &err) < 0) {
		docker_image_list_free(lists[0], counts[0]);
		return cli_fail(&err);
	}
	cJSON *arr = a->json ? cJSON_CreateArray() : NULL;
	if (!a->json && !a->quiet)
		printf("%-44s %-12s %-16s %11s\n", "IMAGE", "ID", "CREATED (UTC)",
		       "SIZE");
	for (int l = 0; l < 2; l++) {
		for (int i = 0; i < counts[l]; i++) {
			if (a->json)
				cJSON_AddItemToArray(arr, image_json(&lists[l][i]));
			else
				print_image(&lists[l][i], a->quiet);
		}
		docker_image_list_free(lists[l], counts[l]);
	}
	if (a->json)
		cli_print_json(arr);
	return 0;
}

const struct cli_spec cmd_image_ls_spec = {
	.name = "image ls",
	.usage = ls_usage,
	.takes = CLI_TAKES_OUTPUT,
	.quiet_help = "print image IDs only",
	.pos = {0, 1, "image ls takes at most one REFERENCE"},
	.run = ls_run,
};
