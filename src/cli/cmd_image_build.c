/* `flink-cmd image build [DIR] -t TAG`: the context is tarred as it is sent
 * (libarchive, no temporary file, bounded memory), .dockerignore honoured,
 * symlinks sent as links and never followed. Build output goes to stderr,
 * the image ID to stdout, so `id=$(flink-cmd image build ...)` works. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/build_context.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "docker/image.h"
#include "docker/progress.h"
#include "util/json.h"
#include "util/xalloc.h"

static const char usage[] =
	"usage: flink-cmd image build [DIR] -t TAG [--build-arg K=V]... [--no-cache]\n"
	"                             [-f DOCKERFILE] [--label K=V]... [-q] [-o "
	"text|json]\n"
	"\n"
	"Builds an image from DIR (default: the current directory) with the Engine's\n"
	"classic builder. The context is streamed as it is read; .dockerignore is\n"
	"honoured; symbolic links are sent as links, so no file outside DIR is ever\n"
	"read. Progress goes to stderr, the image ID to stdout.\n"
	"\n";

struct build_run {
	struct build_context *context;
	struct progress bar;
	uint64_t total_bytes;
	bool quiet;
	bool json;
	bool uploading;
};

static ssize_t read_context(void *arg, char *buf, size_t size, struct error *err)
{
	struct build_run *run = arg;
	ssize_t n = build_context_read(run->context, buf, size, err);
	if (n > 0 && run->uploading) {
		uint64_t files, bytes;
		build_context_stats(run->context, &files, &bytes);
		char extra[64];
		snprintf(extra, sizeof(extra), "(%llu files)", (unsigned long long)files);
		progress_update(&run->bar, bytes, run->total_bytes, extra);
	}
	return n;
}

static void on_progress(void *arg, const struct docker_progress *msg)
{
	struct build_run *run = arg;
	if (run->uploading) {
		/* the Engine answers only once the whole context has arrived */
		progress_clear(&run->bar);
		run->uploading = false;
	}
	if (run->quiet || run->json || !msg->stream)
		return;
	char *text = docker_progress_strip_ansi(msg->stream);
	fputs(text, stderr);
	free(text);
}

struct build_opts {
	const char *tag, *dockerfile; /* borrowed */
	struct opt_list build_args, labels;
	bool no_cache;
	struct build_context *context; /* owned; opened by build_check */
};

#define BUILD(field) offsetof(struct build_opts, field)

static const struct opt build_opts[] = {
	{"tag", 't', OPT_STRING, BUILD(tag), "TAG",
	 .help = "name the image NAME:TAG (required)"},
	{"file", 'f', OPT_STRING, BUILD(dockerfile), "PATH",
	 .help = "the Dockerfile, relative to DIR"},
	{"build-arg", 0, OPT_LIST, BUILD(build_args), "K=V",
	 .help = "set a build argument (repeatable)"},
	{"label", 0, OPT_LIST, BUILD(labels), "K=V",
	 .help = "label the image (repeatable)"},
	{"no-cache", 0, OPT_FLAG, BUILD(no_cache), NULL,
	 .help = "do not use the build cache"},
	{0},
};

/* A missing -t, or a DIR or Dockerfile that is not there, is bad usage. */
static int build_check(const struct cli_args *a, void *opts, struct error *err)
{
	struct build_opts *o = opts;
	if (!o->tag)
		return error_set(err, ERR_USAGE, "image build needs -t NAME:TAG");
	const char *dir = a->npos == 1 ? a->pos[0] : ".";
	return build_context_new(dir, o->dockerfile, &o->context, err);
}

static void build_release(void *opts)
{
	build_context_free(((struct build_opts *)opts)->context);
}

/* The build itself, with the lists as the NULL-ended arrays it takes. */
static int build(struct ctx *ctx, const struct build_opts *o, struct build_run *run,
		 char **id, struct error *err)
{
	const char **args = xcalloc((size_t)o->build_args.n + 1, sizeof(*args));
	const char **labs = xcalloc((size_t)o->labels.n + 1, sizeof(*labs));
	for (int i = 0; i < o->build_args.n; i++)
		args[i] = o->build_args.items[i];
	for (int i = 0; i < o->labels.n; i++)
		labs[i] = o->labels.items[i];
	struct docker_build_opts bo = {
		.tag = o->tag,
		.dockerfile = o->dockerfile,
		.build_args = args,
		.labels = labs,
		.no_cache = o->no_cache,
		.cancel = ctx->cancel,
	};
	int rc = docker_image_build(ctx->docker, &bo, read_context, run, on_progress, run,
				    id, err);
	free(args);
	free(labs);
	return rc;
}

static void print_result(struct build_run *run, const char *tag, const char *id)
{
	if (!run->json) {
		puts(id);
		return;
	}
	uint64_t files, bytes;
	build_context_stats(run->context, &files, &bytes);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "tag", tag);
	json_add_i64(o, "context_files", (int64_t)files);
	json_add_i64(o, "context_bytes", (int64_t)bytes);
	cli_print_json(o);
}

static int build_run_cmd(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	const struct build_opts *o = opts;
	struct error err;
	error_init(&err);
	struct build_run run = {.context = o->context,
				.quiet = a->quiet,
				.json = a->json,
				.uploading = true};
	if (ctx->stderr_tty && !a->quiet) {
		uint64_t files = 0;
		/* a stat-only walk first, so the upload bar knows its end */
		if (build_context_measure(run.context, &files, &run.total_bytes, &err) <
		    0)
			return cli_fail(&err);
	}
	progress_init(&run.bar, "sending context", ctx->stderr_tty && !a->quiet);
	char *id = NULL;
	int rc = build(ctx, o, &run, &id, &err);
	progress_clear(&run.bar);
	if (rc < 0) {
		error_prefix(&err, "cannot build '%s'", o->tag);
		free(id);
		return cli_fail(&err);
	}
	print_result(&run, o->tag, id);
	free(id);
	return 0;
}

const struct cli_spec cmd_image_build_spec = {
	.name = "image build",
	.usage = usage,
	.takes = CLI_TAKES_OUTPUT,
	.quiet_help = "print only the image ID",
	.opts = build_opts,
	.size = sizeof(struct build_opts),
	.pos = {0, 1, "image build takes one DIR (see 'flink-cmd image build --help')"},
	.check = build_check,
	.run = build_run_cmd,
	.release = build_release,
};
