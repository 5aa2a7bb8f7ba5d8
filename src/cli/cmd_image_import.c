/* `flink-cmd image import ROOTFS.tar -t TAG`: a base image from a root file
 * system tarball, for machines with no registry. The file is streamed to the
 * Engine as it is read, never held in memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
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

struct import_opts {
	const char *tag; /* borrowed */
	struct opt_list changes;
	struct file_source src; /* opened by import_check */
};

static const struct opt import_opts[] = {
	{"tag", 't', OPT_STRING, offsetof(struct import_opts, tag), "TAG",
	 .help = "name the image NAME:TAG (required)"},
	{"change", 'c', OPT_LIST, offsetof(struct import_opts, changes), "INSTR",
	 .help = "apply a Dockerfile instruction (repeatable)"},
	{0},
};

/* A missing -t, or a ROOTFS.tar that is not a file it can open, is bad
 * usage. */
static int import_check(const struct cli_args *a, void *opts, struct error *err)
{
	struct import_opts *o = opts;
	struct file_source *src = &o->src;
	if (!o->tag)
		return error_set(err, ERR_USAGE, "image import needs -t NAME:TAG");
	src->path = a->pos[0];
	if (strcmp(src->path, "-") == 0) {
		src->f = stdin;
		return 0;
	}
	struct stat st;
	if (stat(src->path, &st) < 0 || !S_ISREG(st.st_mode))
		return error_set(err, ERR_USAGE,
				 "'%s' is not a readable file (give a root "
				 "file system tarball)",
				 src->path);
	src->f = fopen(src->path, "rb");
	if (!src->f)
		return error_set(err, ERR_USAGE, "cannot open '%s': %s", src->path,
				 strerror(errno));
	src->total = (uint64_t)st.st_size;
	return 0;
}

static void import_release(void *opts)
{
	struct file_source *src = &((struct import_opts *)opts)->src;
	if (src->f && src->f != stdin)
		fclose(src->f);
}

static void print_result(const char *tag, const char *id, bool json, bool quiet)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "tag", tag);
		cli_print_json(o);
	} else {
		/* as image build: the ID alone on stdout, for id=$(...) */
		if (!quiet)
			fprintf(stderr, "imported '%s'\n", tag);
		puts(id);
	}
}

static int import_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	struct import_opts *o = opts;
	struct file_source *src = &o->src;
	const char *tag = o->tag;
	struct error err;
	error_init(&err);
	char *id = NULL;
	progress_init(&src->bar, "importing", ctx->stderr_tty && !a->quiet);
	const char **chg = xcalloc((size_t)o->changes.n + 1, sizeof(*chg));
	for (int i = 0; i < o->changes.n; i++)
		chg[i] = o->changes.items[i];
	int rc = docker_image_import(ctx->docker, tag, chg, read_file, src, NULL, NULL,
				     &id, ctx->cancel, &err);
	progress_clear(&src->bar);
	free(chg);
	if (rc < 0) {
		error_prefix(&err, "cannot import '%s' as '%s'", src->path, tag);
		free(id);
		return cli_fail(&err);
	}
	print_result(tag, id, a->json, a->quiet);
	free(id);
	return 0;
}

const struct cli_spec cmd_image_import_spec = {
	.name = "image import",
	.usage = usage,
	.takes = CLI_TAKES_OUTPUT,
	.quiet_help = "print only the image ID",
	.opts = import_opts,
	.size = sizeof(struct import_opts),
	.pos = {1, 1,
		"image import takes one ROOTFS.tar (see 'flink-cmd image import "
		"--help')"},
	.check = import_check,
	.run = import_run,
	.release = import_release,
};
