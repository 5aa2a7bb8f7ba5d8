/* A growable byte buffer with a hard cap, always NUL-terminated, so that a
 * runaway response cannot eat memory (after git's strbuf and curl's dynbuf).
 * Held by value: strbuf_init / strbuf_release. */
#ifndef FC_UTIL_STRBUF_H
#define FC_UTIL_STRBUF_H

#include <stddef.h>

#define STRBUF_DEFAULT_CAP ((size_t)64 << 20) /* 64 MiB */

struct strbuf {
	char *buf; /* owned; never NULL after init; buf[len] == '\0' */
	size_t len;
	size_t alloc;
	size_t cap; /* the most bytes it will hold; 0 means STRBUF_DEFAULT_CAP */
};

void strbuf_init(struct strbuf *sb, size_t cap);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);

/* Append; return 0, or -1 (nothing appended) when the cap would be passed. */
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, char c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Drop the first n bytes (for stream decoders that consume lines). */
void strbuf_consume(struct strbuf *sb, size_t n);

/* Hand the buffer to the caller (who frees it) and re-init sb empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
