/* The Engine's progress stream (POST /build, POST /images/create): JSON
 * messages one after another, usually one per line, arriving in arbitrary
 * chunks. The reader reassembles them and hands each decoded message to a
 * callback. An error inside a 200 stream ("errorDetail"/"error") is a field
 * of the message, not a decoding failure. */
#ifndef FC_DOCKER_PROGRESS_H
#define FC_DOCKER_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "util/strbuf.h"

/* One message. Every string is borrowed: valid only during the callback. */
struct docker_progress {
	const char *stream;   /* "stream": builder output, with its newline */
	const char *status;   /* "status": import and pull states */
	const char *id;       /* "id": the layer a status is about */
	const char *progress; /* "progress": the Engine's own bar text */
	int64_t current;      /* "progressDetail.current", 0 when absent */
	int64_t total;        /* "progressDetail.total", 0 when absent */
	const char *aux_id;   /* "aux.ID": the built image's ID */
	const char *error;    /* "errorDetail.message" or "error" */
};

typedef int (*docker_progress_cb)(void *ctx, const struct docker_progress *msg,
				  struct error *err);

/* Held by value: _init, then _feed any number of times, _finish once at the
 * end of the stream, _release always. A single message larger than the
 * reader's cap (1 MiB) is an error rather than unbounded memory. */
struct docker_progress_reader {
	struct strbuf pending; /* bytes of a message not yet complete, owned */
};

void docker_progress_reader_init(struct docker_progress_reader *r);
int docker_progress_reader_feed(struct docker_progress_reader *r, const char *data,
				size_t len, docker_progress_cb cb, void *ctx,
				struct error *err);
/* Decodes what is left; a truncated last message is an error. */
int docker_progress_reader_finish(struct docker_progress_reader *r, docker_progress_cb cb,
				  void *ctx, struct error *err);
void docker_progress_reader_release(struct docker_progress_reader *r);

/* Pure: decodes one complete JSON message of len bytes and calls cb with it. */
int docker_progress_parse(const char *buf, size_t len, docker_progress_cb cb, void *ctx,
			  struct error *err);

/* Returns a copy of s without ANSI escape sequences (the builder forwards a
 * RUN step's colours), for a log file or a dumb terminal. Caller frees. */
char *docker_progress_strip_ansi(const char *s);

#endif
