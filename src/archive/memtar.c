/* In-memory tar through libarchive's writer, whose output is appended to
 * the caller's buffer. */
#include <archive.h>
#include <archive_entry.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "archive/memtar.h"
#include "util/xalloc.h"

static ssize_t append(struct archive *a, void *arg, const void *buf, size_t len)
{
	(void)a;
	return strbuf_add(arg, buf, len) < 0 ? -1 : (ssize_t)len;
}

static int write_entry(struct archive *a, const char *path, const void *content,
		       size_t len, bool dir, int uid, int gid)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, path);
	archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
	archive_entry_set_perm(e, dir ? 0755 : 0644);
	archive_entry_set_uid(e, uid);
	archive_entry_set_gid(e, gid);
	archive_entry_set_mtime(e, time(NULL), 0);
	archive_entry_set_size(e, (la_int64_t)len);
	int r = archive_write_header(a, e);
	if (r == ARCHIVE_OK && len)
		r = archive_write_data(a, content, len) == (la_ssize_t)len
			    ? ARCHIVE_OK
			    : ARCHIVE_FATAL;
	archive_entry_free(e);
	return r;
}

int memtar_file(struct strbuf *tar, const char *path, const char *content, int uid,
		int gid, struct error *err)
{
	return memtar_file_bytes(tar, path, content, strlen(content), uid, gid, err);
}

int memtar_file_bytes(struct strbuf *tar, const char *path, const void *content,
		      size_t len, int uid, int gid, struct error *err)
{
	struct archive *a = archive_write_new();
	int r = archive_write_set_format_pax_restricted(a);
	if (r == ARCHIVE_OK)
		r = archive_write_set_bytes_in_last_block(a, 1);
	if (r == ARCHIVE_OK)
		r = archive_write_open2(a, tar, NULL, append, NULL, NULL);
	char *dirs = xstrdup(path);
	for (char *p = strchr(dirs, '/'); p && r == ARCHIVE_OK; p = strchr(p + 1, '/')) {
		*p = '\0';
		r = write_entry(a, dirs, NULL, 0, true, uid, gid);
		*p = '/';
	}
	if (r == ARCHIVE_OK)
		r = write_entry(a, path, content, len, false, uid, gid);
	/* closing writes the end-of-archive blocks */
	if (r == ARCHIVE_OK)
		r = archive_write_close(a);
	int rc = 0;
	if (r != ARCHIVE_OK)
		rc = error_set(err, ERR_FAIL, "cannot make a tar of '%s': %s", path,
			       archive_error_string(a) ? archive_error_string(a)
						       : "unknown error");
	archive_write_free(a);
	free(dirs);
	return rc;
}
