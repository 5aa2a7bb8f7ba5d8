/* A small tar archive built in memory (a few files and their directories),
 * for PUT /containers/{id}/archive: flink-cmd's notes on the data volume. */
#ifndef FC_ARCHIVE_MEMTAR_H
#define FC_ARCHIVE_MEMTAR_H

#include <stddef.h>

#include "util/error.h"
#include "util/strbuf.h"

/* Appends to tar (held by the caller) a directory entry for every parent of
 * path and a regular file at path with content, all owned uid:gid. Call
 * memtar_finish once at the end. */
int memtar_add_file(struct strbuf *tar, const char *path, const char *content, int uid,
		    int gid, struct error *err);
/* The two zero blocks that end an archive. */
int memtar_finish(struct strbuf *tar, struct error *err);

#endif
