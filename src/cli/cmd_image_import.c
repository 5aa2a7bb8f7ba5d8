/* `flink-cmd image import ROOTFS.tar -t TAG`: a base image from a root file
 * system tarball, for machines with no registry. The file is streamed to the
 * Engine as it is read, never held in memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/progress.h"
#include "docker/image.h"
#include "docker/progress.h"
#include "util/json.h"
#include "util/xalloc.h"

static const char usage[] =
	"usage: flink-cmd image import ROOTFS.tar -t TAG [--change INSTR]... [-q] [-o "
	"text|json]\n"
	"\n"
	"Makes an image from a root file system tarball (plain, gzip, bzip2 or xz;\n"
	"'-' reads standard input), streamed to the Engine. --change applies a\n"
	"Dockerfile instruction to it (ENV, CMD, ENTRYPOINT, USER, WORKDIR, ...).\n"
	"Prints the new image ID.\n"
	"\n";

struct file_source {
	FILE *f;
	const char *path;
	uint64_t sent;
	uint64_t total;
	struct progress bar;
};

static ssize_t read_file(void *arg, char *buf, size_t size, struct error *err)
{
	struct file_source *src = arg;
	size_t got = fread(buf, 1, size, src->f);
	if (got == 0 && ferror(src->f))
		return error_set(err, ERR_FAIL, "cannot read '%s': %s", src->path,
				 strerror(errno));
	src->sent += got;
	progress_update(&src->bar, src->sent, src->total, NULL);
	return (ssize_t)got;
}

int cmd_image_import(int argc, char **argv, struct ctx *ctx)
{
	const char *tag = NULL, *output = NULL;
	struct opt_list changes = {0};
	bool quiet = false, help = false;
	const struct opt opts[] = {
		{"tag", 't', OPT_STRING, &tag, "TAG",
		 "name the image NAME:TAG (required)"},
		{"change", 'c', OPT_LIST, &changes, "INSTR",
		 "apply a Dockerfile instruction (repeatable)"},
		{"quiet", 'q', OPT_FLAG, &quiet, NULL, "print only the image ID"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos, status = 0;
	bool json;
	struct file_source src = {0};
	char *id = NULL;
	const char **chg = NULL;

	if (opts_parse("image import", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0) {
		status = cli_fail(&err);
		goto out;
	}
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		goto out;
	}
	if (npos != 1 || !tag) {
		error_set(&err, ERR_USAGE,
			  npos != 1 ? "image import takes one ROOTFS.tar "
				      "(see 'flink-cmd image import --help')"
				    : "image import needs -t NAME:TAG");
		status = cli_fail(&err);
		goto out;
	}
	src.path = pos[0];
	if (strcmp(src.path, "-") == 0) {
		src.f = stdin;
	} else {
		struct stat st;
		if (stat(src.path, &st) < 0 || !S_ISREG(st.st_mode)) {
			error_set(&err, ERR_USAGE,
				  "'%s' is not a readable file (give a root "
				  "file system tarball)",
				  src.path);
			status = cli_fail(&err);
			goto out;
		}
		src.f = fopen(src.path, "rb");
		if (!src.f) {
			error_set(&err, ERR_USAGE, "cannot open '%s': %s", src.path,
				  strerror(errno));
			status = cli_fail(&err);
			goto out;
		}
		src.total = (uint64_t)st.st_size;
	}
	progress_init(&src.bar, "importing", ctx->stderr_tty && !quiet);
	chg = xcalloc((size_t)changes.n + 1, sizeof(*chg));
	for (int i = 0; i < changes.n; i++)
		chg[i] = changes.items[i];
	int rc = docker_image_import(ctx->docker, tag, chg, read_file, &src, NULL, NULL,
				     &id, ctx->cancel, &err);
	progress_clear(&src.bar);
	if (rc < 0) {
		error_prefix(&err, "cannot import '%s' as '%s'", src.path, tag);
		status = cli_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "tag", tag);
		char *text = json_print(o);
		puts(text);
		free(text);
		cJSON_Delete(o);
	} else {
		/* as image build: the ID alone on stdout, for id=$(...) */
		if (!quiet)
			fprintf(stderr, "imported '%s'\n", tag);
		puts(id);
	}
out:
	if (src.f && src.f != stdin)
		fclose(src.f);
	free(chg);
	free(id);
	opt_list_release(&changes);
	return status;
}
