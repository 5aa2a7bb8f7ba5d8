/* A small tar archive built in memory: one file and its parent directories,
 * for PUT /containers/{id}/archive (flink-cmd's notes on the data volume). */
#ifndef FC_ARCHIVE_MEMTAR_H
#define FC_ARCHIVE_MEMTAR_H

#include "util/error.h"
#include "util/strbuf.h"

/* Appends to tar (held by the caller) a whole archive: a directory entry for
 * every parent of path, then a regular file at path with content, all owned
 * uid:gid, then the end-of-archive blocks. */
int memtar_file(struct strbuf *tar, const char *path, const char *content, int uid,
		int gid, struct error *err);
/* The same for content of len bytes that may hold NULs (a jar). */
int memtar_file_bytes(struct strbuf *tar, const char *path, const void *content,
		      size_t len, int uid, int gid, struct error *err);

#endif
