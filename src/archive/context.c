/* The build context as a pull-driven tar stream. libarchive writes into a
 * small buffer through our callback; each read advances the walk by one step
 * (one header, or one chunk of file data) until the buffer holds something,
 * so memory is a chunk plus libarchive's block, whatever the context holds.
 * Every open is relative to an already opened directory, with O_NOFOLLOW,
 * so a link is never followed, even one swapped in during the walk. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "archive/context.h"
#include "archive/dockerignore.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define CHUNK ((size_t)64 << 10)

struct frame {
	int fd;       /* the directory, owned */
	char *rel;    /* its path in the context, "" for the root; owned */
	char **names; /* sorted entries, owned */
	int n, next;
};

struct build_context {
	char *dir;
	char *dockerfile; /* cleaned relative path */
	struct dockerignore ignore;
	struct archive *ar;
	struct archive_entry *entry;
	struct frame *stack;
	int depth, stack_alloc;
	int file_fd;       /* the regular file being sent, or -1 */
	char *file_rel;    /* its path, for messages */
	int64_t file_left; /* bytes of it still to send */
	char *chunk;       /* CHUNK bytes, owned */
	struct strbuf out; /* tar bytes produced and not yet read */
	size_t out_off;
	bool measuring; /* count bytes, keep none */
	bool closed;    /* the end of the archive was written */
	bool started;
	uint64_t files, bytes;
	struct error *err; /* where a callback reports, during one call */
};

static ssize_t on_write(struct archive *a, void *arg, const void *buf, size_t len)
{
	(void)a;
	struct build_context *ctx = arg;
	ctx->bytes += len;
	if (!ctx->measuring && strbuf_add(&ctx->out, buf, len) < 0)
		return -1;
	return (ssize_t)len;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Takes over fd. */
static int push_dir(struct build_context *ctx, int fd, const char *rel, struct error *err)
{
	int dup_fd = dup(fd);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		close(fd);
		return error_set(err, ERR_FAIL,
				 "cannot read the directory '%s' of the context: %s",
				 *rel ? rel : ".", strerror(errno));
	}
	struct frame f = {.fd = fd, .rel = xstrdup(rel)};
	int alloc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (f.n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			f.names = xrealloc(f.names, sizeof(*f.names) * (size_t)alloc);
		}
		f.names[f.n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (f.n > 1)
		qsort(f.names, (size_t)f.n, sizeof(*f.names), cmp_names);
	if (ctx->depth == ctx->stack_alloc) {
		ctx->stack_alloc = ctx->stack_alloc ? ctx->stack_alloc * 2 : 8;
		ctx->stack = xrealloc(ctx->stack,
				      sizeof(*ctx->stack) * (size_t)ctx->stack_alloc);
	}
	ctx->stack[ctx->depth++] = f;
	return 0;
}

static void pop_dir(struct build_context *ctx)
{
	struct frame *f = &ctx->stack[--ctx->depth];
	close(f->fd);
	for (int i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	free(f->rel);
}

static void close_file(struct build_context *ctx)
{
	if (ctx->file_fd >= 0)
		close(ctx->file_fd);
	ctx->file_fd = -1;
	free(ctx->file_rel);
	ctx->file_rel = NULL;
}

static void reset_walk(struct build_context *ctx)
{
	close_file(ctx);
	while (ctx->depth > 0)
		pop_dir(ctx);
	if (ctx->ar)
		archive_write_free(ctx->ar);
	ctx->ar = NULL;
	strbuf_reset(&ctx->out);
	ctx->out_off = 0;
	ctx->closed = false;
	ctx->started = false;
	ctx->files = ctx->bytes = 0;
}

static int archive_fail(struct build_context *ctx, const char *what, struct error *err)
{
	if (err->code)
		return err->code;
	return error_set(err, ERR_FAIL, "cannot write the context's tar stream (%s): %s",
			 what,
			 archive_error_string(ctx->ar) ? archive_error_string(ctx->ar)
						       : "unknown error");
}

static int start_walk(struct build_context *ctx, struct error *err)
{
	ctx->ar = archive_write_new();
	if (archive_write_set_format_pax_restricted(ctx->ar) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(ctx->ar, 10240) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(ctx->ar, 1) != ARCHIVE_OK ||
	    archive_write_open2(ctx->ar, ctx, NULL, on_write, NULL, NULL) != ARCHIVE_OK)
		return archive_fail(ctx, "open", err);
	int fd = open(ctx->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, ERR_USAGE, "cannot open the build context '%s': %s",
				 ctx->dir, strerror(errno));
	ctx->started = true;
	return push_dir(ctx, fd, "", err);
}

/* The Dockerfile and .dockerignore go whatever .dockerignore says, and so do
 * the directories on the way to the Dockerfile. */
static bool always_sent(const struct build_context *ctx, const char *rel, bool is_dir)
{
	if (strcmp(rel, ".dockerignore") == 0 || strcmp(rel, ctx->dockerfile) == 0)
		return true;
	size_t n = strlen(rel);
	return is_dir && strncmp(ctx->dockerfile, rel, n) == 0 &&
	       ctx->dockerfile[n] == '/';
}

static int write_header(struct build_context *ctx, const char *rel, const struct stat *st,
			const char *link_target, struct error *err)
{
	struct archive_entry *e = ctx->entry;
	archive_entry_clear(e);
	archive_entry_set_pathname(e, rel);
	archive_entry_set_perm(e, st->st_mode & 07777);
	archive_entry_set_mtime(e, st->st_mtim.tv_sec, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	if (S_ISDIR(st->st_mode)) {
		archive_entry_set_filetype(e, AE_IFDIR);
	} else if (S_ISLNK(st->st_mode)) {
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_symlink(e, link_target);
	} else {
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_size(e, st->st_size);
	}
	ctx->err = err;
	int r = archive_write_header(ctx->ar, e);
	ctx->err = NULL;
	return r < ARCHIVE_WARN ? archive_fail(ctx, rel, err) : 0;
}

/* One entry of the top directory: its header, and for a directory the
 * descent, for a file the opening (its data follows in later steps). */
static int visit(struct build_context *ctx, struct frame *f, const char *name,
		 struct error *err)
{
	char *rel = *f->rel ? xasprintf("%s/%s", f->rel, name) : xstrdup(name);
	struct stat st;
	int rc = 0;
	if (fstatat(f->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT) /* gone since the listing: nothing to send */
			rc = error_set(err, ERR_FAIL,
				       "cannot read '%s' in the context: %s", rel,
				       strerror(errno));
		goto out;
	}
	bool is_dir = S_ISDIR(st.st_mode);
	bool excluded = dockerignore_excludes(&ctx->ignore, rel) &&
			!always_sent(ctx, rel, is_dir);
	if (is_dir) {
		/* an excluded directory is still walked when a '!' line may
		 * bring back something below it, but its own entry is not sent */
		if (excluded && !ctx->ignore.has_exceptions &&
		    !always_sent(ctx, rel, true))
			goto out;
		int fd = openat(f->fd, name,
				O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			rc = error_set(err, ERR_FAIL,
				       "cannot open '%s' in the context: %s", rel,
				       strerror(errno));
			goto out;
		}
		if (!excluded && (rc = write_header(ctx, rel, &st, NULL, err)) < 0) {
			close(fd);
			goto out;
		}
		rc = push_dir(ctx, fd, rel, err); /* f may move: do not use it after */
		goto out;
	}
	if (excluded)
		goto out;
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlinkat(f->fd, name, target, sizeof(target) - 1);
		if (n < 0) {
			rc = error_set(err, ERR_FAIL, "cannot read the link '%s': %s",
				       rel, strerror(errno));
			goto out;
		}
		target[n] = '\0';
		rc = write_header(ctx, rel, &st, target, err);
		goto out;
	}
	if (!S_ISREG(st.st_mode))
		goto out; /* sockets, FIFOs and devices have no place in an image */
	if (ctx->measuring) {
		/* libarchive pads an entry's missing data with zeros when the
		 * next header comes: the exact size without reading a byte */
		rc = write_header(ctx, rel, &st, NULL, err);
		ctx->files++;
		goto out;
	}
	int fd = openat(f->fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	struct stat fst;
	if (fd < 0 || fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode) ||
	    fst.st_ino != st.st_ino) {
		rc = error_set(err, ERR_FAIL, "cannot read '%s' in the context: %s", rel,
			       fd < 0 ? strerror(errno) : "it changed while being sent");
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if ((rc = write_header(ctx, rel, &fst, NULL, err)) < 0) {
		close(fd);
		goto out;
	}
	ctx->file_fd = fd;
	ctx->file_left = fst.st_size;
	ctx->file_rel = rel;
	rel = NULL;
out:
	free(rel);
	return rc;
}

/* Sends the next chunk of the open file. A file that shrank is padded with
 * zeros by libarchive (the header's size is a promise); one that grew is
 * cut at the size the header announced. */
static int send_chunk(struct build_context *ctx, struct error *err)
{
	size_t want = ctx->file_left < (int64_t)CHUNK ? (size_t)ctx->file_left : CHUNK;
	ssize_t n = want ? read(ctx->file_fd, ctx->chunk, want) : 0;
	if (n < 0) {
		if (errno == EINTR)
			return 0;
		return error_set(err, ERR_FAIL, "cannot read '%s' in the context: %s",
				 ctx->file_rel, strerror(errno));
	}
	if (n > 0) {
		if (archive_write_data(ctx->ar, ctx->chunk, (size_t)n) < 0)
			return archive_fail(ctx, ctx->file_rel, err);
		ctx->file_left -= n;
	}
	if (n == 0 || ctx->file_left == 0) {
		close_file(ctx);
		ctx->files++;
	}
	return 0;
}

/* Advances the stream by one step. */
static int step(struct build_context *ctx, struct error *err)
{
	if (!ctx->started)
		return start_walk(ctx, err);
	if (ctx->file_fd >= 0)
		return send_chunk(ctx, err);
	if (ctx->depth == 0) {
		if (archive_write_close(ctx->ar) != ARCHIVE_OK)
			return archive_fail(ctx, "close", err);
		ctx->closed = true;
		return 0;
	}
	struct frame *f = &ctx->stack[ctx->depth - 1];
	if (f->next >= f->n) {
		pop_dir(ctx);
		return 0;
	}
	return visit(ctx, f, f->names[f->next++], err);
}

static int load_dockerignore(struct build_context *ctx, struct error *err)
{
	int dfd = open(ctx->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return error_set(err, ERR_USAGE, "cannot open the build context '%s': %s",
				 ctx->dir, strerror(errno));
	int fd = openat(dfd, ".dockerignore", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	close(dfd);
	if (fd < 0)
		return errno == ENOENT ? 0
				       : error_set(err, ERR_USAGE,
						   "cannot read '%s/.dockerignore': %s",
						   ctx->dir, strerror(errno));
	struct strbuf sb;
	strbuf_init(&sb, 1 << 20);
	char buf[8192];
	ssize_t n;
	int rc = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (strbuf_add(&sb, buf, (size_t)n) < 0) {
			rc = error_set(err, ERR_USAGE,
				       "'%s/.dockerignore' is larger than 1 MiB",
				       ctx->dir);
			break;
		}
	close(fd);
	if (rc == 0)
		rc = dockerignore_parse(sb.buf, sb.len, &ctx->ignore, err);
	strbuf_release(&sb);
	return rc;
}

/* The Dockerfile must be a regular file reached inside the context without
 * a link or a '..'. */
static int check_dockerfile(struct build_context *ctx, const char *given,
			    struct error *err)
{
	if (given[0] == '/' || strcmp(given, "..") == 0 ||
	    strncmp(given, "../", 3) == 0 || strstr(given, "/../") ||
	    (strlen(given) >= 3 && strcmp(given + strlen(given) - 3, "/..") == 0))
		return error_set(
			err, ERR_USAGE,
			"the Dockerfile '%s' is not in the context '%s' (give a path "
			"relative to the context)",
			given, ctx->dir);
	int dfd = open(ctx->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return error_set(err, ERR_USAGE, "cannot open the build context '%s': %s",
				 ctx->dir, strerror(errno));
	/* walk element by element so a link on the way is refused */
	char *path = xstrdup(ctx->dockerfile);
	char *save = NULL;
	int rc = 0;
	char *elem = strtok_r(path, "/", &save);
	while (elem && rc == 0) {
		char *next = strtok_r(NULL, "/", &save);
		int fd = openat(dfd, elem,
				(next ? O_DIRECTORY : 0) | O_RDONLY | O_NOFOLLOW |
					O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0 || (!next && !S_ISREG(st.st_mode)))
			rc = error_set(
				err, ERR_USAGE,
				"there is no Dockerfile '%s' in the context '%s'%s",
				given, ctx->dir,
				errno == ELOOP || errno == ENOTDIR
					? " (it must not be a link)"
					: " (use -f to name it)");
		close(dfd);
		dfd = fd;
		elem = next;
	}
	if (dfd >= 0)
		close(dfd);
	free(path);
	return rc;
}

int build_context_new(const char *dir, const char *dockerfile, struct build_context **out,
		      struct error *err)
{
	*out = NULL;
	struct build_context *ctx = xcalloc(1, sizeof(*ctx));
	ctx->dir = xstrdup(dir && *dir ? dir : ".");
	ctx->file_fd = -1;
	strbuf_init(&ctx->out, 0);
	ctx->chunk = xmalloc(CHUNK);
	ctx->entry = archive_entry_new();
	struct stat st;
	int rc = 0;
	if (stat(ctx->dir, &st) < 0 || !S_ISDIR(st.st_mode))
		rc = error_set(err, ERR_USAGE,
			       "the build context '%s' is not a directory%s", ctx->dir,
			       errno == ENOENT ? " (no such path)" : "");
	const char *given = dockerfile && *dockerfile ? dockerfile : "Dockerfile";
	if (rc == 0) {
		/* "./Dockerfile" and "Dockerfile" are the same entry */
		while (strncmp(given, "./", 2) == 0)
			given += 2;
		ctx->dockerfile = xstrdup(given);
		rc = check_dockerfile(ctx, given, err);
	}
	if (rc == 0)
		rc = load_dockerignore(ctx, err);
	if (rc < 0) {
		build_context_free(ctx);
		return rc;
	}
	*out = ctx;
	return 0;
}

ssize_t build_context_read(struct build_context *ctx, char *buf, size_t size,
			   struct error *err)
{
	while (ctx->out_off >= ctx->out.len && !ctx->closed) {
		strbuf_reset(&ctx->out);
		ctx->out_off = 0;
		int rc = step(ctx, err);
		if (rc < 0)
			return rc;
	}
	size_t avail = ctx->out.len - ctx->out_off;
	size_t n = avail < size ? avail : size;
	memcpy(buf, ctx->out.buf + ctx->out_off, n);
	ctx->out_off += n;
	return (ssize_t)n;
}

void build_context_stats(const struct build_context *ctx, uint64_t *files,
			 uint64_t *bytes)
{
	*files = ctx->files;
	/* what the caller has read, not what waits in the buffer */
	*bytes = ctx->bytes - (ctx->out.len - ctx->out_off);
}

int build_context_measure(struct build_context *ctx, uint64_t *files, uint64_t *bytes,
			  struct error *err)
{
	reset_walk(ctx);
	ctx->measuring = true;
	int rc = 0;
	while (rc == 0 && !ctx->closed)
		rc = step(ctx, err);
	*files = ctx->files;
	*bytes = ctx->bytes;
	ctx->measuring = false;
	reset_walk(ctx);
	return rc;
}

void build_context_free(struct build_context *ctx)
{
	if (!ctx)
		return;
	reset_walk(ctx);
	free(ctx->stack);
	archive_entry_free(ctx->entry);
	strbuf_release(&ctx->out);
	dockerignore_release(&ctx->ignore);
	free(ctx->chunk);
	free(ctx->dockerfile);
	free(ctx->dir);
	free(ctx);
}
