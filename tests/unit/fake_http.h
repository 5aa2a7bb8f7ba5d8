/* A scripted struct http_transport for unit tests: each expected request
 * (method and path prefix) is answered with a status, headers and a body,
 * usually a file recorded from the real Engine or Flink. */
#ifndef FC_TESTS_FAKE_HTTP_H
#define FC_TESTS_FAKE_HTTP_H

#include <stddef.h>

#include "util/http.h"

struct fake_reply {
	const char *method;
	const char *path_prefix; /* matched against the request path */
	long status;             /* 0: the transport fails with ERR_ENGINE */
	const char *api_version; /* Api-Version header or NULL */
	const char *body;        /* literal body, or */
	const char *body_file;   /* a file under tests/fixtures */
};

/* A transport that answers with replies in order; the replies array must
 * outlive it. fake_http_calls() tells how many requests were made;
 * fake_http_last_path() the last request path; fake_http_last_body() the
 * last fixed body sent. Freeing the transport (ops->free, reached through
 * docker_client_free, flink_client_free or http_transport_free) while
 * replies remain unrequested fails the running test, naming the first. */
struct http_transport *fake_http_new(const struct fake_reply *replies, int n);
int fake_http_calls(const struct http_transport *t);
const char *fake_http_last_path(const struct http_transport *t);
const char *fake_http_last_body(const struct http_transport *t);

/* Reads tests/fixtures/<rel> into a new heap buffer; aborts the test if
 * missing. */
char *fixture_read(const char *rel, size_t *len);
/* The same bytes in a heap block of exactly *len bytes, with no NUL after
 * them, so that under ASan a parser reading past len fails the test. */
char *fixture_read_exact(const char *rel, size_t *len);

#endif
