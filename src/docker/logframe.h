/* The Engine's multiplexed log stream (GET /containers/{id}/logs of a
 * container without a TTY): frames of an 8-byte header {stream, 0, 0, 0,
 * size as 4 bytes big-endian} and `size` bytes of payload, split across reads
 * anywhere. The reader hands each payload, whole or in pieces, to a callback
 * with the stream it came from. */
#ifndef FC_DOCKER_LOGFRAME_H
#define FC_DOCKER_LOGFRAME_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum docker_log_stream {
	DOCKER_LOG_STDIN = 0,
	DOCKER_LOG_STDOUT = 1,
	DOCKER_LOG_STDERR = 2,
};

typedef int (*docker_logframe_cb)(void *ctx, enum docker_log_stream stream,
				  const char *data, size_t len, struct error *err);

/* Held by value; zero it (or _init) before the first feed. Keeps no buffer:
 * only the header bytes seen so far and what remains of the current frame. */
struct docker_logframe_reader {
	unsigned char header[8];
	size_t header_len;  /* header bytes gathered, 0..8 */
	uint32_t remaining; /* payload bytes of the current frame still to come */
	enum docker_log_stream stream;
};

void docker_logframe_reader_init(struct docker_logframe_reader *r);

/* Feeds len bytes; calls cb for each run of payload. A header naming a stream
 * other than 0, 1 or 2 means the input is not a multiplexed stream: ERR_ENGINE. */
int docker_logframe_reader_feed(struct docker_logframe_reader *r, const char *data,
				size_t len, docker_logframe_cb cb, void *ctx,
				struct error *err);

/* At the end of the stream: ERR_ENGINE when a frame was cut short. */
int docker_logframe_reader_finish(const struct docker_logframe_reader *r,
				  struct error *err);

/* Pure: decodes a whole buffer (header and payload of every frame). */
int docker_logframe_parse(const char *buf, size_t len, docker_logframe_cb cb, void *ctx,
			  struct error *err);

#endif
