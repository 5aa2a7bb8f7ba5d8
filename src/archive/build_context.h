/* A Docker build context as a tar stream produced on demand: the caller pulls
 * bytes (as curl sends the request body) and the walk of the directory
 * advances only as far as needed, so memory stays bounded whatever the
 * context's size and no temporary file is written.
 *
 * Rules, the same as `docker build`'s:
 *   - .dockerignore at the context root is honoured (see archive/dockerignore.h);
 *     the Dockerfile and .dockerignore are always sent;
 *   - entries are sent in a stable order (sorted by name, parents first);
 *   - a symbolic link is sent as a link with its target text; it is never
 *     followed, so no file outside the context is ever opened or read;
 *   - files are opened relative to their directory with O_NOFOLLOW, so a file
 *     swapped for a link during the walk is refused rather than followed;
 *   - modes (permission bits), modification times and sizes are kept; owners
 *     are sent as 0:0 as Docker does;
 *   - sockets, FIFOs and devices are skipped.
 */
#ifndef FC_ARCHIVE_BUILD_CONTEXT_H
#define FC_ARCHIVE_BUILD_CONTEXT_H

#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

struct build_context;

/* Opens the context rooted at dir. dockerfile is the Dockerfile's path
 * relative to dir (NULL = "Dockerfile"); it must exist inside dir, or
 * ERR_USAGE. A missing or unreadable dir is ERR_USAGE too. On success *out is
 * owned by the caller: build_context_free. */
int build_context_new(const char *dir, const char *dockerfile, struct build_context **out,
		      struct error *err);

/* Fills buf with up to size bytes of the tar stream. Returns the count, 0 at
 * the end of the stream, or a negative error code with err filled (a file
 * that vanished or cannot be read names its path). Bytes produced before a
 * failure are returned first, and once a read has failed every later read
 * fails the same way. A file that changes size while it is sent is sent at
 * the size its header announced (cut, or padded with zeros), so the stream
 * stays well-formed, and then reported as changed. */
ssize_t build_context_read(struct build_context *ctx, char *buf, size_t size,
			   struct error *err);

/* What has been sent so far: regular files finished and tar bytes produced. */
void build_context_stats(const struct build_context *ctx, uint64_t *files,
			 uint64_t *bytes);

/* Walks the context once without reading file contents, to learn the number
 * of regular files and the exact size of the tar stream to come (for a
 * progress bar); the walk is cheap whatever the files' sizes. Must be called
 * before the first build_context_read. */
int build_context_measure(struct build_context *ctx, uint64_t *files, uint64_t *bytes,
			  struct error *err);

void build_context_free(struct build_context *ctx);

#endif
