/* Decoder for multiplexed log frames. It keeps no payload buffer: a frame of
 * any size passes through in the pieces the socket delivers it in. */
#include <string.h>

#include "docker/logframe.h"

void docker_logframe_reader_init(struct docker_logframe_reader *r)
{
	memset(r, 0, sizeof(*r));
}

int docker_logframe_reader_feed(struct docker_logframe_reader *r, const char *data,
				size_t len, docker_logframe_cb cb, void *ctx,
				struct error *err)
{
	while (len > 0) {
		if (r->remaining == 0) {
			size_t want = sizeof(r->header) - r->header_len;
			size_t take = len < want ? len : want;
			memcpy(r->header + r->header_len, data, take);
			r->header_len += take;
			data += take;
			len -= take;
			if (r->header_len < sizeof(r->header))
				break;
			r->header_len = 0;
			if (r->header[0] > DOCKER_LOG_STDERR)
				return error_set(err, ERR_ENGINE,
						 "the Engine's log stream has a frame "
						 "for stream %u; "
						 "is the container running with a TTY?",
						 r->header[0]);
			r->stream = (enum docker_log_stream)r->header[0];
			r->remaining = (uint32_t)r->header[4] << 24 |
				       (uint32_t)r->header[5] << 16 |
				       (uint32_t)r->header[6] << 8 |
				       (uint32_t)r->header[7];
			continue;
		}
		size_t take = len < r->remaining ? len : r->remaining;
		int rc = cb(ctx, r->stream, data, take, err);
		if (rc < 0)
			return rc;
		r->remaining -= (uint32_t)take;
		data += take;
		len -= take;
	}
	return 0;
}

int docker_logframe_reader_finish(const struct docker_logframe_reader *r,
				  struct error *err)
{
	if (r->header_len != 0 || r->remaining != 0)
		return error_set(err, ERR_ENGINE,
				 "the Engine's log stream ended inside a frame");
	return 0;
}

int docker_logframe_parse(const char *buf, size_t len, docker_logframe_cb cb, void *ctx,
			  struct error *err)
{
	struct docker_logframe_reader r;
	docker_logframe_reader_init(&r);
	int rc = docker_logframe_reader_feed(&r, buf, len, cb, ctx, err);
	return rc < 0 ? rc : docker_logframe_reader_finish(&r, err);
}
