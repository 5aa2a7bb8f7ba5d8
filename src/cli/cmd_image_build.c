/* `flink-cmd image build [DIR] -t TAG`: the context is tarred as it is sent
 * (libarchive, no temporary file, bounded memory), .dockerignore honoured,
 * symlinks sent as links and never followed. Build output goes to stderr,
 * the image ID to stdout, so `id=$(flink-cmd image build ...)` works. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/build_context.h"
#include "cli/cli.h"
#include "cli/opts.h"
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

int cmd_image_build(int argc, char **argv, struct ctx *ctx)
{
	const char *tag = NULL, *dockerfile = NULL, *output = NULL;
	struct opt_list build_args = {0}, labels = {0};
	bool no_cache = false, quiet = false, help = false;
	const struct opt opts[] = {
		{"tag", 't', OPT_STRING, &tag, "TAG",
		 "name the image NAME:TAG (required)"},
		{"file", 'f', OPT_STRING, &dockerfile, "PATH",
		 "the Dockerfile, relative to DIR"},
		{"build-arg", 0, OPT_LIST, &build_args, "K=V",
		 "set a build argument (repeatable)"},
		{"label", 0, OPT_LIST, &labels, "K=V", "label the image (repeatable)"},
		{"no-cache", 0, OPT_FLAG, &no_cache, NULL, "do not use the build cache"},
		{"quiet", 'q', OPT_FLAG, &quiet, NULL, "print only the image ID"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos, status = 0;
	struct build_run run = {0};
	char *id = NULL;
	const char **args = NULL, **labs = NULL;

	if (opts_parse("image build", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &run.json, &err) < 0) {
		status = cli_fail(&err);
		goto out;
	}
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		goto out;
	}
	if (npos > 1 || !tag) {
		error_set(&err, ERR_USAGE,
			  npos > 1 ? "image build takes one DIR "
				     "(see 'flink-cmd image build --help')"
				   : "image build needs -t NAME:TAG");
		status = cli_fail(&err);
		goto out;
	}
	const char *dir = npos == 1 ? pos[0] : ".";
	if (build_context_new(dir, dockerfile, &run.context, &err) < 0) {
		status = cli_fail(&err);
		goto out;
	}
	run.quiet = quiet;
	run.uploading = true;
	if (ctx->stderr_tty && !quiet) {
		uint64_t files = 0;
		/* a stat-only walk first, so the upload bar knows its end */
		if (build_context_measure(run.context, &files, &run.total_bytes, &err) <
		    0) {
			status = cli_fail(&err);
			goto out;
		}
	}
	progress_init(&run.bar, "sending context", ctx->stderr_tty && !quiet);
	args = xcalloc((size_t)build_args.n + 1, sizeof(*args));
	labs = xcalloc((size_t)labels.n + 1, sizeof(*labs));
	for (int i = 0; i < build_args.n; i++)
		args[i] = build_args.items[i];
	for (int i = 0; i < labels.n; i++)
		labs[i] = labels.items[i];
	struct docker_build_opts bo = {
		.tag = tag,
		.dockerfile = dockerfile,
		.build_args = args,
		.labels = labs,
		.no_cache = no_cache,
		.cancel = ctx->cancel,
	};
	int rc = docker_image_build(ctx->docker, &bo, read_context, &run, on_progress,
				    &run, &id, &err);
	progress_clear(&run.bar);
	if (rc < 0) {
		error_prefix(&err, "cannot build '%s'", tag);
		status = cli_fail(&err);
		goto out;
	}
	if (run.json) {
		uint64_t files, bytes;
		build_context_stats(run.context, &files, &bytes);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "tag", tag);
		json_add_i64(o, "context_files", (int64_t)files);
		json_add_i64(o, "context_bytes", (int64_t)bytes);
		char *text = json_print(o);
		puts(text);
		free(text);
		cJSON_Delete(o);
	} else {
		puts(id);
	}
out:
	build_context_free(run.context);
	free(args);
	free(labs);
	free(id);
	opt_list_release(&build_args);
	opt_list_release(&labels);
	return status;
}
