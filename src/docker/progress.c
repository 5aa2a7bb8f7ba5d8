/* Decoder for the Engine's progress stream. The Engine ends every message
 * with "\r\n", but a chunk may end anywhere, so bytes wait in `pending` until
 * a newline completes them. A line may in principle hold several objects
 * back to back (the Engine's own decoder accepts that), so each line is
 * parsed object by object. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docker/progress.h"
#include "util/json.h"
#include "util/xalloc.h"

#define PROGRESS_MESSAGE_CAP ((size_t)1 << 20)

static const char *error_text(const cJSON *msg)
{
	const cJSON *detail = json_get(msg, "errorDetail");
	const char *text = detail ? json_str(detail, "message") : NULL;
	if (text && *text)
		return text;
	text = json_str(msg, "error");
	if (text && *text)
		return text;
	/* an errorDetail without a message still means the step failed */
	return detail || json_get(msg, "error") ? "the Engine reported an error" : NULL;
}

static int emit(const cJSON *msg, docker_progress_cb cb, void *ctx, struct error *err)
{
	if (!cJSON_IsObject(msg))
		return error_set(err, ERR_ENGINE,
				 "the Engine's progress stream held something other than "
				 "an object");
	struct docker_progress p = {
		.stream = json_str(msg, "stream"),
		.status = json_str(msg, "status"),
		.id = json_str(msg, "id"),
		.progress = json_str(msg, "progress"),
		.error = error_text(msg),
	};
	const cJSON *detail = json_get(msg, "progressDetail");
	if (detail) {
		p.current = json_i64(detail, "current", 0);
		p.total = json_i64(detail, "total", 0);
	}
	const cJSON *aux = json_get(msg, "aux");
	if (aux)
		p.aux_id = json_str(aux, "ID");
	return cb(ctx, &p, err);
}

int docker_progress_parse(const char *buf, size_t len, docker_progress_cb cb, void *ctx,
			  struct error *err)
{
	size_t off = 0;
	while (off < len) {
		while (off < len && strchr(" \t\r\n", buf[off]) && buf[off] != '\0')
			off++;
		if (off >= len)
			break;
		const char *end = NULL;
		cJSON *msg = cJSON_ParseWithLengthOpts(buf + off, len - off, &end, false);
		if (!msg) /* buf is len bytes, not a C string: bound the quote */
			return error_set(
				err, ERR_ENGINE,
				"cannot decode the Engine's progress stream near '%.*s'",
				(int)(len - off < 40 ? len - off : 40), buf + off);
		int rc = emit(msg, cb, ctx, err);
		cJSON_Delete(msg);
		if (rc < 0)
			return rc;
		if (!end || end <= buf + off)
			break;
		off = (size_t)(end - buf);
	}
	return 0;
}

void docker_progress_reader_init(struct docker_progress_reader *r)
{
	strbuf_init(&r->pending, PROGRESS_MESSAGE_CAP);
}

void docker_progress_reader_release(struct docker_progress_reader *r)
{
	strbuf_release(&r->pending);
}

int docker_progress_reader_feed(struct docker_progress_reader *r, const char *data,
				size_t len, docker_progress_cb cb, void *ctx,
				struct error *err)
{
	while (len > 0) {
		const char *nl = memchr(data, '\n', len);
		size_t take = nl ? (size_t)(nl - data) + 1 : len;
		if (strbuf_add(&r->pending, data, take) < 0)
			return error_set(err, ERR_ENGINE,
					 "a message in the Engine's progress stream "
					 "passed %zu bytes",
					 PROGRESS_MESSAGE_CAP);
		data += take;
		len -= take;
		if (!nl)
			break;
		int rc = docker_progress_parse(r->pending.buf, r->pending.len, cb, ctx,
					       err);
		strbuf_reset(&r->pending);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int docker_progress_reader_finish(struct docker_progress_reader *r, docker_progress_cb cb,
				  void *ctx, struct error *err)
{
	int rc = docker_progress_parse(r->pending.buf, r->pending.len, cb, ctx, err);
	strbuf_reset(&r->pending);
	return rc;
}

char *docker_progress_strip_ansi(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\x1b') {
			out[o++] = s[i];
			continue;
		}
		/* CSI: ESC [ parameters... final byte in 0x40..0x7e */
		if (s[i + 1] == '[') {
			i += 2;
			while (i < n && !((unsigned char)s[i] >= 0x40 &&
					  (unsigned char)s[i] <= 0x7e))
				i++;
		} else if (s[i + 1] == ']') {
			/* OSC: ends with BEL or ESC \ */
			i += 2;
			while (i < n && s[i] != '\a' &&
			       !(s[i] == '\x1b' && s[i + 1] == '\\'))
				i++;
			if (i < n && s[i] == '\x1b')
				i++;
		} else if (s[i + 1] != '\0') {
			i++;
		}
	}
	out[o] = '\0';
	return out;
}
