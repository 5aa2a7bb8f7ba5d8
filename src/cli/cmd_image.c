/* `flink-cmd image build|import|ls`: a sub-table dispatch, and `ls`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cluster/defaults.h"
#include "docker/image.h"
#include "util/json.h"

static const struct command image_commands[] = {
	{"build", cmd_image_build, CMD_NEEDS_ENGINE, "build an image from a directory"},
	{"import", cmd_image_import, CMD_NEEDS_ENGINE,
	 "make a base image from a root file system tarball"},
	{"ls", cmd_image_ls, CMD_NEEDS_ENGINE,
	 "list the Flink images flink-cmd built or uses"},
	{NULL, NULL, 0, NULL},
};

static void image_usage(FILE *out)
{
	fprintf(out, "usage: flink-cmd image COMMAND [OPTIONS]\n\nCommands:\n");
	for (const struct command *c = image_commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fprintf(out, "\nSee 'flink-cmd image COMMAND --help'.\n");
}

int cmd_image(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		image_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (const struct command *c = image_commands; c->name; c++) {
		if (strcmp(c->name, argv[1]) != 0)
			continue;
		struct error err;
		error_init(&err);
		if ((c->flags & CMD_NEEDS_ENGINE) &&
		    !cli_wants_help(argc - 1, argv + 1) &&
		    cli_connect_engine(ctx, &err) < 0)
			return cli_fail(&err);
		return c->fn(argc - 1, argv + 1, ctx);
	}
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

int cmd_image_ls(int argc, char **argv, struct ctx *ctx)
{
	const char *output = NULL;
	bool quiet = false, help = false;
	const struct opt opts[] = {
		{"quiet", 'q', OPT_FLAG, &quiet, NULL, "print image IDs only"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	bool json;
	if (opts_parse("image ls", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(ls_usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	if (npos > 1) {
		error_set(&err, ERR_USAGE, "image ls takes at most one REFERENCE");
		return cli_fail(&err);
	}

	/* two queries: what flink-cmd built, and the base image it imported */
	struct docker_image_info *lists[2] = {NULL, NULL};
	int counts[2] = {0, 0};
	int rc;
	if (npos == 1) {
		rc = docker_image_list(ctx->docker, pos[0], NULL, &lists[0], &counts[0],
				       &err);
	} else {
		rc = docker_image_list(ctx->docker, NULL, LABEL_IMAGE, &lists[0],
				       &counts[0], &err);
		if (rc == 0)
			rc = docker_image_list(ctx->docker, FLINKCMD_BASE_IMAGE, NULL,
					       &lists[1], &counts[1], &err);
	}
	if (rc < 0) {
		docker_image_list_free(lists[0], counts[0]);
		return cli_fail(&err);
	}
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	if (!json && !quiet)
		printf("%-44s %-12s %-16s %11s\n", "IMAGE", "ID", "CREATED (UTC)",
		       "SIZE");
	for (int l = 0; l < 2; l++) {
		for (int i = 0; i < counts[l]; i++) {
			if (json)
				cJSON_AddItemToArray(arr, image_json(&lists[l][i]));
			else
				print_image(&lists[l][i], quiet);
		}
		docker_image_list_free(lists[l], counts[l]);
	}
	if (json) {
		char *text = json_print(arr);
		puts(text);
		free(text);
		cJSON_Delete(arr);
	}
	return 0;
}
