/* The scripted transport behind unit tests of the Engine and Flink clients. */
#include "fake_http.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/xalloc.h"

#ifndef FIXTURES
#define FIXTURES "tests/fixtures"
#endif

struct fake {
	const struct fake_reply *replies;
	int n;
	int next;
	int calls;
	char last_path[1024];
	char *last_body;
};

char *fixture_read(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", FIXTURES, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("missing fixture %s", path);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, got);
	fclose(f);
	return strbuf_detach(&sb, len);
}

char *fixture_read_exact(const char *rel, size_t *len)
{
	char *text = fixture_read(rel, len);
	char *exact = xmalloc(*len ? *len : 1);
	memcpy(exact, text, *len);
	free(text);
	return exact;
}

static int fake_perform(void *ctx, const struct http_request *req,
			struct http_response *resp, struct error *err)
{
	struct fake *f = ctx;
	f->calls++;
	snprintf(f->last_path, sizeof(f->last_path), "%s", req->path);
	free(f->last_body);
	f->last_body = req->body ? xstrndup(req->body, req->body_len) : NULL;
	if (f->next >= f->n)
		fail_msg("unexpected request %s %s", req->method, req->path);
	const struct fake_reply *r = &f->replies[f->next++];
	if (strcmp(r->method, req->method) != 0 ||
	    strncmp(r->path_prefix, req->path, strlen(r->path_prefix)) != 0)
		fail_msg("expected %s %s, got %s %s", r->method, r->path_prefix,
			 req->method, req->path);
	if (req->read_body) {
		/* drain the streamed upload, as the Engine would */
		char buf[4096];
		ssize_t got;
		while ((got = req->read_body(req->read_ctx, buf, sizeof(buf), err)) > 0)
			;
		if (got < 0)
			return err ? err->code : ERR_FAIL;
	}
	if (r->status == 0)
		return error_set(err, ERR_ENGINE,
				 "cannot reach the Docker Engine at 'fake': "
				 "connection refused");
	resp->status = r->status;
	if (r->api_version)
		resp->api_version = xstrdup(r->api_version);
	size_t len = 0;
	char *body = r->body_file ? fixture_read(r->body_file, &len)
				  : xstrdup(r->body ? r->body : "");
	if (!r->body_file)
		len = strlen(body);
	if (req->on_data && r->status < 300) {
		/* deliver in small slices, as a network would */
		int rc = 0;
		for (size_t off = 0; off < len && rc == 0; off += 7) {
			size_t n = len - off < 7 ? len - off : 7;
			rc = req->on_data(req->data_ctx, body + off, n, err);
		}
		free(body);
		return rc;
	}
	strbuf_add(&resp->body, body, len);
	free(body);
	return 0;
}

/* Freeing the transport with replies still queued fails the running test:
 * the code under test made fewer calls than the test scripted, so either
 * the script is wrong or a call the test expects never happened. */
static void fake_free(void *ctx)
{
	struct fake *f = ctx;
	int left = f->n - f->next;
	char first[1100] = "";
	if (left > 0)
		snprintf(first, sizeof(first), "%s %s", f->replies[f->next].method,
			 f->replies[f->next].path_prefix);
	free(f->last_body);
	free(f);
	if (left > 0)
		fail_msg("the transport was freed with %d scripted repl%s never "
			 "requested, the first for %s",
			 left, left == 1 ? "y" : "ies", first);
}

static const struct http_transport_ops fake_ops = {
	.perform = fake_perform,
	.free = fake_free,
};

struct http_transport *fake_http_new(const struct fake_reply *replies, int n)
{
	struct fake *f = xcalloc(1, sizeof(*f));
	f->replies = replies;
	f->n = n;
	struct http_transport *t = xmalloc(sizeof(*t));
	t->ops = &fake_ops;
	t->ctx = f;
	return t;
}

int fake_http_calls(const struct http_transport *t)
{
	return ((const struct fake *)t->ctx)->calls;
}

const char *fake_http_last_path(const struct http_transport *t)
{
	return ((const struct fake *)t->ctx)->last_path;
}

const char *fake_http_last_body(const struct http_transport *t)
{
	return ((const struct fake *)t->ctx)->last_body;
}
