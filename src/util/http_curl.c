/* The libcurl transport behind struct http_transport: unix sockets, TCP and
 * TLS, fixed or streamed bodies, streamed responses, a cancel token. Easy
 * handles are pooled under a mutex so threads can share one transport and
 * still reuse connections. It does not interpret bodies or statuses. */
#include "util/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

#define POOL_MAX 8
#define CONNECT_TIMEOUT_MS 5000L

struct curl_transport {
	char *base_url;
	char *unix_socket;
	char *ca_file, *cert_file, *key_file;
	bool tls_verify;
	int unreachable_code;
	char *what;
	pthread_mutex_t lock;
	CURL *idle[POOL_MAX];
	int n_idle;
};

/* State of one transfer, seen by the callbacks. */
struct transfer {
	CURL *h;
	const struct http_request *req;
	struct http_response *resp;
	struct error cb_err; /* an error raised inside a callback */
	bool cb_failed;
	bool body_too_large;
};

void http_response_init(struct http_response *resp)
{
	resp->status = 0;
	strbuf_init(&resp->body, 0);
	resp->api_version = NULL;
	resp->content_type = NULL;
}

void http_response_release(struct http_response *resp)
{
	strbuf_release(&resp->body);
	free(resp->api_version);
	free(resp->content_type);
	resp->api_version = NULL;
	resp->content_type = NULL;
	resp->status = 0;
}

static size_t on_write(char *data, size_t size, size_t n, void *userp)
{
	struct transfer *t = userp;
	size_t len = size * n;
	long status = 0;
	curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
	/* error replies are collected for the caller to explain, not streamed */
	if (t->req->on_data && status < 300) {
		if (t->req->on_data(t->req->data_ctx, data, len, &t->cb_err) < 0) {
			t->cb_failed = true;
			return 0;
		}
		return len;
	}
	if (strbuf_add(&t->resp->body, data, len) < 0) {
		t->body_too_large = true;
		return 0;
	}
	return len;
}

static size_t on_read(char *buf, size_t size, size_t n, void *userp)
{
	struct transfer *t = userp;
	ssize_t got = t->req->read_body(t->req->read_ctx, buf, size * n, &t->cb_err);
	if (got < 0) {
		t->cb_failed = true;
		return CURL_READFUNC_ABORT;
	}
	return (size_t)got;
}

static char *header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return NULL;
	const char *v = line + nl + 1;
	const char *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static size_t on_header(char *line, size_t size, size_t n, void *userp)
{
	struct transfer *t = userp;
	size_t len = size * n;
	char *v;
	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* a new response (after "100 Continue"): forget earlier headers */
		free(t->resp->api_version);
		free(t->resp->content_type);
		t->resp->api_version = NULL;
		t->resp->content_type = NULL;
		return len;
	}
	if ((v = header_value(line, len, "Api-Version"))) {
		free(t->resp->api_version);
		t->resp->api_version = v;
	} else if ((v = header_value(line, len, "Content-Type"))) {
		free(t->resp->content_type);
		t->resp->content_type = v;
	}
	return len;
}

static int on_progress(void *userp, curl_off_t dt, curl_off_t dn, curl_off_t ut,
		       curl_off_t un)
{
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	struct transfer *t = userp;
	return cancel_requested(t->req->cancel) ? 1 : 0;
}

static CURL *pool_take(struct curl_transport *ct)
{
	CURL *h = NULL;
	pthread_mutex_lock(&ct->lock);
	if (ct->n_idle > 0)
		h = ct->idle[--ct->n_idle];
	pthread_mutex_unlock(&ct->lock);
	if (h)
		curl_easy_reset(h);
	else
		h = curl_easy_init();
	return h;
}

static void pool_give(struct curl_transport *ct, CURL *h)
{
	pthread_mutex_lock(&ct->lock);
	if (ct->n_idle < POOL_MAX) {
		ct->idle[ct->n_idle++] = h;
		h = NULL;
	}
	pthread_mutex_unlock(&ct->lock);
	if (h)
		curl_easy_cleanup(h);
}

static int unreachable(struct curl_transport *ct, CURL *h, CURLcode rc,
		       const char *errbuf, struct error *err)
{
	long os_errno = 0;
	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
	const char *where = ct->unix_socket ? ct->unix_socket : ct->base_url;
	const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
	if (os_errno)
		why = strerror((int)os_errno);
	return error_set(err, ct->unreachable_code, "cannot reach %s at '%s': %s",
			 ct->what, where, why);
}

static void set_method(CURL *h, const struct http_request *req)
{
	const char *m = req->method;
	bool has_body = req->body || req->read_body || req->form_file_path;
	if (strcmp(m, "GET") == 0 && !has_body) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(m, "HEAD") == 0) {
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	} else if (req->read_body) {
		/* a streamed body: chunked POST, or UPLOAD with a custom verb */
		if (strcmp(m, "POST") == 0) {
			curl_easy_setopt(h, CURLOPT_POST, 1L);
		} else {
			curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m);
		}
	} else if (!req->form_file_path) {
		/* a fixed body, possibly empty: Content-Length is always sent, which
		 * the Engine requires for bodiless POSTs such as /start */
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? req->body : "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)(req->body ? req->body_len : 0));
		if (strcmp(m, "POST") != 0)
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m);
	} else if (strcmp(m, "POST") != 0) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m);
	}
}

/* Where and how to connect: the endpoint's socket and TLS, the timeouts. */
static void set_connection(struct curl_transport *ct, CURL *h,
			   const struct http_request *req, char *errbuf)
{
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
			 req->connect_timeout_ms ? req->connect_timeout_ms
						 : CONNECT_TIMEOUT_MS);
	if (req->timeout_ms)
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, req->timeout_ms);
	if (ct->unix_socket)
		curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, ct->unix_socket);
	if (ct->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, ct->ca_file);
	if (ct->cert_file)
		curl_easy_setopt(h, CURLOPT_SSLCERT, ct->cert_file);
	if (ct->key_file)
		curl_easy_setopt(h, CURLOPT_SSLKEY, ct->key_file);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, ct->tls_verify ? 1L : 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, ct->tls_verify ? 2L : 0L);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
}

/* The request's headers and streamed body; the list is the caller's to free
 * once the transfer ended. */
static struct curl_slist *set_request(CURL *h, const struct http_request *req,
				      struct transfer *t)
{
	set_method(h, req);
	/* an empty Expect: saves the 100-continue round trip on big uploads */
	struct curl_slist *hdrs = curl_slist_append(NULL, "Expect:");
	if (req->content_type) {
		char *ctl = xasprintf("Content-Type: %s", req->content_type);
		hdrs = curl_slist_append(hdrs, ctl);
		free(ctl);
	}
	if (req->read_body) {
		hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
		curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
		/* big reads mean fewer callbacks and syscalls on a 500 MB context */
		curl_easy_setopt(h, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);
		curl_easy_setopt(h, CURLOPT_READDATA, t);
	}
	for (const char *const *x = req->headers; x && *x; x++)
		hdrs = curl_slist_append(hdrs, *x);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
	if (req->cancel) {
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, t);
	}
	return hdrs;
}

/* The error, if any, for how the transfer ended. */
static int outcome(struct curl_transport *ct, const struct transfer *t, CURLcode rc,
		   const char *errbuf, struct error *err)
{
	long status = t->resp->status;
	if (t->cb_failed) {
		int ret = t->cb_err.code ? t->cb_err.code : ERR_FAIL;
		if (err) {
			*err = t->cb_err;
			err->code = ret;
		}
		return ret;
	}
	if (t->body_too_large)
		return error_set(err, ERR_FAIL,
				 "the response from %s is larger than %zu bytes",
				 ct->what, t->resp->body.cap);
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		return error_set(err, ERR_INTERRUPTED, "interrupted");
	if (rc == CURLE_OPERATION_TIMEDOUT && status == 0)
		return error_set(err, ERR_TIMEOUT, "%s did not answer in time", ct->what);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return error_set(err, ERR_TIMEOUT, "%s stopped answering", ct->what);
	if (rc != CURLE_OK && status == 0)
		return unreachable(ct, t->h, rc, errbuf, err);
	if (rc != CURLE_OK)
		return error_set(err, ERR_FAIL, "connection to %s broke: %s", ct->what,
				 errbuf[0] ? errbuf : curl_easy_strerror(rc));
	return 0;
}

static int curl_perform(void *ctx, const struct http_request *req,
			struct http_response *resp, struct error *err)
{
	struct curl_transport *ct = ctx;
	struct transfer t = {.req = req, .resp = resp};
	curl_mime *mime = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	int ret = 0;

	error_init(&t.cb_err);
	CURL *h = pool_take(ct);
	if (!h)
		return error_set(err, ERR_FAIL,
				 "cannot start an HTTP transfer (libcurl)");
	t.h = h;

	char *url = xasprintf("%s%s", ct->base_url, req->path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	set_connection(ct, h, req, errbuf);
	struct curl_slist *hdrs = set_request(h, req, &t);
	if (req->form_file_path) {
		mime = curl_mime_init(h);
		curl_mimepart *part = curl_mime_addpart(mime);
		curl_mime_name(part, req->form_field ? req->form_field : "file");
		if (curl_mime_filedata(part, req->form_file_path) != CURLE_OK) {
			ret = error_set(err, ERR_USAGE, "cannot read '%s'",
					req->form_file_path);
			goto out;
		}
		if (req->form_content_type)
			curl_mime_type(part, req->form_content_type);
		curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
	}
	CURLcode rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
	ret = outcome(ct, &t, rc, errbuf, err);
out:
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h, CURLOPT_MIMEPOST, NULL);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
	curl_mime_free(mime);
	curl_slist_free_all(hdrs);
	free(url);
	pool_give(ct, h);
	return ret;
}

static void curl_free_ctx(void *ctx)
{
	struct curl_transport *ct = ctx;
	if (!ct)
		return;
	for (int i = 0; i < ct->n_idle; i++)
		curl_easy_cleanup(ct->idle[i]);
	pthread_mutex_destroy(&ct->lock);
	free(ct->base_url);
	free(ct->unix_socket);
	free(ct->ca_file);
	free(ct->cert_file);
	free(ct->key_file);
	free(ct->what);
	free(ct);
}

static const struct http_transport_ops curl_ops = {
	.perform = curl_perform,
	.free = curl_free_ctx,
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct http_transport *http_transport_curl_new(const struct http_curl_config *cfg)
{
	struct curl_transport *ct = xcalloc(1, sizeof(*ct));
	ct->base_url = xstrdup(cfg->base_url);
	ct->unix_socket = dup_or_null(cfg->unix_socket);
	ct->ca_file = dup_or_null(cfg->ca_file);
	ct->cert_file = dup_or_null(cfg->cert_file);
	ct->key_file = dup_or_null(cfg->key_file);
	ct->tls_verify = cfg->tls_verify;
	ct->unreachable_code = cfg->unreachable_code ? cfg->unreachable_code : ERR_FAIL;
	ct->what = xstrdup(cfg->what ? cfg->what : "the server");
	pthread_mutex_init(&ct->lock, NULL);
	struct http_transport *t = xmalloc(sizeof(*t));
	t->ops = &curl_ops;
	t->ctx = ct;
	return t;
}

void http_transport_free(struct http_transport *t)
{
	if (!t)
		return;
	if (t->ops->free)
		t->ops->free(t->ctx);
	free(t);
}

int http_perform(struct http_transport *t, const struct http_request *req,
		 struct http_response *resp, struct error *err)
{
	return t->ops->perform(t->ctx, req, resp, err);
}

void http_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void http_global_cleanup(void)
{
	curl_global_cleanup();
}

char *http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = xmalloc(n * 3 + 1);
	char *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' ||
		    *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}
