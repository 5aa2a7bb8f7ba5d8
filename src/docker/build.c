/* The streamed image operations: POST /build (classic builder) and POST
 * /images/create?fromSrc=- (import). The request body is pulled from the
 * caller as curl sends it; the progress stream is decoded as it arrives.
 * In-band errors inside a 200 stream are failures like any other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/image.h"
#include "docker/progress.h"
#include "util/json.h"
#include "util/xalloc.h"

struct stream_state {
	struct docker_progress_reader reader;
	docker_progress_fn progress;
	void *progress_arg;
	char *image_id; /* from aux.ID, "Successfully built", or the import status */
	char *error;    /* the first in-band error */
	char *step;     /* the last "Step N/M : ..." line, for the failure message */
	bool import;
};

static void take(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

static void trim_newline(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static int on_message(void *arg, const struct docker_progress *msg, struct error *err)
{
	(void)err;
	struct stream_state *st = arg;
	if (msg->error && !st->error)
		take(&st->error, msg->error);
	if (msg->aux_id)
		take(&st->image_id, msg->aux_id);
	if (msg->stream) {
		if (strncmp(msg->stream, "Step ", 5) == 0) {
			take(&st->step, msg->stream);
			trim_newline(st->step);
		} else if (strncmp(msg->stream, "Successfully built ", 19) == 0 &&
			   !st->image_id) {
			take(&st->image_id, msg->stream + 19);
			trim_newline(st->image_id);
		}
	}
	/* an import ends with {"status":"sha256:<id>"} */
	if (st->import && msg->status && strncmp(msg->status, "sha256:", 7) == 0)
		take(&st->image_id, msg->status);
	if (st->progress)
		st->progress(st->progress_arg, msg);
	return 0;
}

static int on_data(void *arg, const char *data, size_t len, struct error *err)
{
	struct stream_state *st = arg;
	return docker_progress_reader_feed(&st->reader, data, len, on_message, st, err);
}

static int run_stream(struct docker_client *c, struct http_request *req,
		      struct stream_state *st, char **image_id, struct error *err)
{
	struct http_response resp;
	http_response_init(&resp);
	docker_progress_reader_init(&st->reader);
	req->on_data = on_data;
	req->data_ctx = st;
	int rc = docker_stream(c, req, &resp, err);
	if (rc == 0)
		rc = docker_progress_reader_finish(&st->reader, on_message, st, err);
	if (rc == 0 && st->error) {
		if (st->step)
			rc = error_set(err, ERR_FAIL, "%s: %s", st->step, st->error);
		else
			rc = error_set(err, ERR_FAIL, "%s", st->error);
	}
	if (rc == 0 && !st->image_id)
		rc = error_set(err, ERR_FAIL,
			       "the Engine finished without naming the new image");
	if (rc == 0 && image_id) {
		*image_id = st->image_id;
		st->image_id = NULL;
	}
	docker_progress_reader_release(&st->reader);
	free(st->image_id);
	free(st->error);
	free(st->step);
	http_response_release(&resp);
	return rc;
}

/* Turns "K=V" strings into a JSON object text, escaped for a query. */
static char *kv_query(const char *const *kvs, const char *what, struct error *err)
{
	cJSON *obj = cJSON_CreateObject();
	for (const char *const *p = kvs; p && *p; p++) {
		const char *eq = strchr(*p, '=');
		if (!eq || eq == *p) {
			error_set(err, ERR_USAGE, "%s '%s' is not of the form KEY=VALUE",
				  what, *p);
			cJSON_Delete(obj);
			return NULL;
		}
		char *key = xstrndup(*p, (size_t)(eq - *p));
		cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
		cJSON_AddStringToObject(obj, key, eq + 1);
		free(key);
	}
	char *text = json_print(obj);
	cJSON_Delete(obj);
	char *esc = http_escape(text);
	free(text);
	return esc;
}

int docker_image_build(struct docker_client *c, const struct docker_build_opts *o,
		       http_read_fn read_ctx, void *read_arg, docker_progress_fn progress,
		       void *progress_arg, char **image_id, struct error *err)
{
	char *repo, *tag;
	int rc = docker_ref_split(o->tag, &repo, &tag, err);
	if (rc < 0)
		return rc;
	free(repo);
	free(tag);
	char *args = kv_query(o->build_args, "--build-arg", err);
	char *labels = args ? kv_query(o->labels, "--label", err) : NULL;
	if (!args || !labels) {
		free(args);
		return ERR_USAGE;
	}
	char *t = http_escape(o->tag);
	char *df = http_escape(o->dockerfile ? o->dockerfile : "Dockerfile");
	char *path = xasprintf("/build?version=1&rm=1&forcerm=1&t=%s&dockerfile=%s"
			       "&buildargs=%s&labels=%s%s",
			       t, df, args, labels, o->no_cache ? "&nocache=1" : "");
	free(t);
	free(df);
	free(args);
	free(labels);
	/* the Go client always sends registry credentials; "{}" means none */
	static const char *const headers[] = {"X-Registry-Config: e30=", NULL};
	struct http_request req = {
		.method = "POST",
		.path = path,
		.content_type = "application/x-tar",
		.read_body = read_ctx,
		.read_ctx = read_arg,
		.headers = headers,
		.cancel = o->cancel,
	};
	struct stream_state st = {.progress = progress, .progress_arg = progress_arg};
	rc = run_stream(c, &req, &st, image_id, err);
	free(path);
	return rc;
}

int docker_image_import(struct docker_client *c, const char *ref,
			const char *const *changes, http_read_fn read_tar, void *read_arg,
			docker_progress_fn progress, void *progress_arg, char **image_id,
			const struct cancel *cancel, struct error *err)
{
	char *repo, *tag;
	int rc = docker_ref_split(ref, &repo, &tag, err);
	if (rc < 0)
		return rc;
	char *erepo = http_escape(repo);
	char *etag = http_escape(tag);
	struct strbuf path;
	strbuf_init(&path, 0);
	strbuf_addf(&path, "/images/create?fromSrc=-&repo=%s&tag=%s", erepo, etag);
	for (const char *const *p = changes; p && *p; p++) {
		char *e = http_escape(*p);
		strbuf_addf(&path, "&changes=%s", e);
		free(e);
	}
	free(repo);
	free(tag);
	free(erepo);
	free(etag);
	struct http_request req = {
		.method = "POST",
		.path = path.buf,
		.content_type = "application/x-tar",
		.read_body = read_tar,
		.read_ctx = read_arg,
		.cancel = cancel,
	};
	struct stream_state st = {
		.progress = progress, .progress_arg = progress_arg, .import = true};
	rc = run_stream(c, &req, &st, image_id, err);
	strbuf_release(&path);
	return rc;
}
