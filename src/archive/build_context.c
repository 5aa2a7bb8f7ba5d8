/* The build context as a pull-driven tar stream. libarchive writes, unblocked,
 * into a small buffer through our callback; each read advances the walk by
 * steps (one header, or one 64 KiB chunk of a file) until the buffer holds
 * something, so memory is a chunk and one sorted name list per open
 * directory, whatever the context holds. Every open is relative to an open
 * directory, with O_NOFOLLOW, so a link is never followed, even one swapped
 * in during the walk. The measuring pass asks libarchive for each header's
 * size alone and never reads or pads file data. */
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

#include "archive/build_context.h"
#include "archive/dockerignore.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define CHUNK ((size_t)64 << 10)
#define DOCKERIGNORE_MAX ((size_t)1 << 20)

struct frame {
	int fd;       /* the directory, owned */
	char *rel;    /* its path in the context, "" for the root; owned */
	char **names; /* its entries, sorted; owned */
	size_t n, next;
};

struct build_context {
	char *dir;        /* as given, for messages; owned */
	int root_fd;      /* held open so every pass walks the same directory */
	char *dockerfile; /* cleaned, relative to dir; owned */
	struct dockerignore ignore;
	struct archive *ar;          /* this pass's writer; none while measuring */
	struct archive_entry *entry; /* reused for every header; owned */
	struct frame *stack;         /* the open directories, root first; owned */
	size_t depth, stack_alloc;
	int file_fd;         /* the regular file being sent, or -1 */
	char *file_rel;      /* its path, for messages; owned */
	struct stat file_st; /* what its header said */
	int64_t file_left;   /* bytes of it still to send */
	bool file_short;     /* it ended early: the rest is sent as zeros */
	char *chunk;         /* CHUNK bytes, owned */
	struct strbuf out;   /* tar bytes produced and not yet read */
	size_t out_off;
	bool measuring, started, closed;
	uint64_t files, bytes;
	struct error failure; /* kept: once failed, every later read fails too */
};

static ssize_t on_write(struct archive *a, void *arg, const void *buf, size_t len)
{
	(void)a;
	struct build_context *ctx = arg;
	if (strbuf_add(&ctx->out, buf, len) < 0)
		return -1;
	ctx->bytes += len;
	return (ssize_t)len;
}

/* What a probing writer has produced; once stop is set it refuses more. */
struct probe {
	uint64_t n;
	bool stop;
};

static ssize_t on_count(struct archive *a, void *arg, const void *buf, size_t len)
{
	(void)a;
	(void)buf;
	struct probe *p = arg;
	if (p->stop)
		return -1;
	p->n += len;
	return (ssize_t)len;
}

/* pax restricted: plain ustar unless a long or non-ASCII name or a size of
 * 8 GiB or more needs a pax record; unblocked, so bytes reach the callback
 * as they are made and the stream ends right after its two zero blocks. */
static int open_writer(struct archive *a, void *arg, archive_write_callback *fn)
{
	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK ||
	    archive_write_open2(a, arg, NULL, fn, NULL, NULL) != ARCHIVE_OK)
		return -1;
	return 0;
}

static int archive_fail(struct archive *a, const char *what, struct error *err)
{
	const char *why = a ? archive_error_string(a) : NULL;
	return error_set(err, ERR_FAIL, "cannot write the context's tar stream (%s): %s",
			 what, why ? why : "unknown error");
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the directory fd (taken over) and puts it on top of the stack. */
static int push_dir(struct build_context *ctx, int fd, const char *rel, struct error *err)
{
	/* fdopendir takes its fd; the frame keeps fd for openat */
	int list_fd = dup(fd);
	DIR *d = list_fd >= 0 ? fdopendir(list_fd) : NULL;
	if (!d) {
		int e = errno;
		if (list_fd >= 0)
			close(list_fd);
		close(fd);
		return error_set(err, ERR_FAIL,
				 "cannot read the directory '%s' of the context: %s",
				 *rel ? rel : ".", strerror(e));
	}
	struct frame f = {.fd = fd, .rel = xstrdup(rel)};
	size_t alloc = 0;
	struct dirent *de;
	int rc = 0;
	for (;;) {
		errno = 0;
		if (!(de = readdir(d))) {
			if (errno)
				rc = error_set(err, ERR_FAIL,
					       "cannot read the directory '%s' of the "
					       "context: %s",
					       *rel ? rel : ".", strerror(errno));
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (f.n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			f.names = xrealloc(f.names, sizeof(*f.names) * alloc);
		}
		f.names[f.n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (f.n > 1)
		qsort(f.names, f.n, sizeof(*f.names), cmp_names);
	if (ctx->depth == ctx->stack_alloc) {
		ctx->stack_alloc = ctx->stack_alloc ? ctx->stack_alloc * 2 : 8;
		ctx->stack = xrealloc(ctx->stack, sizeof(*ctx->stack) * ctx->stack_alloc);
	}
	ctx->stack[ctx->depth++] = f;
	return rc;
}

static void pop_dir(struct build_context *ctx)
{
	struct frame *f = &ctx->stack[--ctx->depth];
	close(f->fd);
	for (size_t i = 0; i < f->n; i++)
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

/* Back to before the first byte, ready for another pass. */
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
	ctx->closed = ctx->started = false;
	ctx->files = ctx->bytes = 0;
	error_init(&ctx->failure);
}

static int start_walk(struct build_context *ctx, struct error *err)
{
	if (!ctx->measuring) {
		ctx->ar = archive_write_new();
		if (open_writer(ctx->ar, ctx, on_write) < 0)
			return archive_fail(ctx->ar, "open", err);
	}
	/* a new open file description: a dup would share the listing offset */
	int fd = openat(ctx->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, ERR_FAIL, "cannot open the build context '%s': %s",
				 ctx->dir, strerror(errno));
	ctx->started = true;
	return push_dir(ctx, fd, "", err);
}

/* The Dockerfile and .dockerignore go whatever .dockerignore says, as
 * `docker build` adds '!' lines for them; so do the directories on the way
 * to the Dockerfile, whose entries docker would leave out (harmless: the
 * Engine makes them anyway). */
static bool always_sent(const struct build_context *ctx, const char *rel)
{
	if (strcmp(rel, ".dockerignore") == 0 || strcmp(rel, ctx->dockerfile) == 0)
		return true;
	size_t n = strlen(rel);
	return strncmp(ctx->dockerfile, rel, n) == 0 && ctx->dockerfile[n] == '/';
}

static void fill_entry(struct archive_entry *e, const char *rel, const struct stat *st,
		       const char *link_target)
{
	archive_entry_clear(e);
	archive_entry_set_pathname(e, rel);
	archive_entry_set_perm(e, st->st_mode & 07777);
	/* whole seconds: nanoseconds would cost every entry a pax header */
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
}

/* The bytes libarchive writes for e's header (e NULL: for the end of the
 * archive), learnt from a throwaway writer. Once the header is counted the
 * writer's output fails, so the entry's data is never padded out (which
 * would take as long as the file is large) and freeing it writes nothing.
 * (archive_write_fail would do, but leaks the output state.) */
static int probe_size(struct archive_entry *e, uint64_t *n, struct error *err)
{
	struct archive *a = archive_write_new();
	struct probe p = {0};
	int rc = 0;
	if (open_writer(a, &p, on_count) < 0)
		rc = archive_fail(a, "open", err);
	else if (e && archive_write_header(a, e) < ARCHIVE_WARN)
		rc = archive_fail(a, archive_entry_pathname(e), err);
	else if (!e && archive_write_close(a) != ARCHIVE_OK)
		rc = archive_fail(a, "close", err);
	*n = p.n;
	p.stop = true;
	archive_write_free(a);
	return rc;
}

/* Sends (or, measuring, counts) the header of rel. */
static int emit_header(struct build_context *ctx, const char *rel, const struct stat *st,
		       const char *link_target, struct error *err)
{
	fill_entry(ctx->entry, rel, st, link_target);
	if (ctx->measuring) {
		uint64_t n;
		int rc = probe_size(ctx->entry, &n, err);
		if (rc == 0 && S_ISREG(st->st_mode)) {
			/* the data, padded to a 512-byte block */
			n += ((uint64_t)st->st_size + 511) & ~(uint64_t)511;
			ctx->files++;
		}
		ctx->bytes += n;
		return rc;
	}
	/* ARCHIVE_WARN: a name not in the locale's charset, sent as bytes */
	if (archive_write_header(ctx->ar, ctx->entry) < ARCHIVE_WARN)
		return archive_fail(ctx->ar, rel, err);
	return 0;
}

/* A link's target text, however long; NULL with errno on failure. */
static char *read_link(int dirfd, const char *name, const struct stat *st)
{
	size_t size = st->st_size > 0 ? (size_t)st->st_size + 1 : 256;
	for (;;) {
		char *buf = xmalloc(size);
		ssize_t n = readlinkat(dirfd, name, buf, size);
		if (n >= 0 && (size_t)n < size) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (n < 0)
			return NULL;
		/* it grew since lstat: try again with room to spare */
		size *= 2;
		if (size > ((size_t)1 << 20)) {
			errno = ENAMETOOLONG;
			return NULL;
		}
	}
}

static int cannot_read(const char *rel, int e, struct error *err)
{
	if (e == ENOENT)
		return error_set(err, ERR_FAIL,
				 "'%s' vanished from the context while it was being sent "
				 "(build again once nothing is changing it)",
				 rel);
	if (e == ELOOP || e == ENOTDIR)
		return error_set(err, ERR_FAIL,
				 "'%s' in the context changed while it was being sent "
				 "(build again once nothing is changing it)",
				 rel);
	return error_set(
		err, ERR_FAIL,
		"cannot read '%s' in the context: %s (make it readable or list it "
		"in .dockerignore)",
		rel, strerror(e));
}

/* Opens the regular file name for sending and sends its header; its data
 * follows in later steps. */
static int open_file(struct build_context *ctx, struct frame *f, const char *name,
		     char *rel, const struct stat *st, struct error *err)
{
	int fd = openat(f->fd, name,
			O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return cannot_read(rel, errno, err);
	struct stat fst;
	int rc = 0;
	if (fstat(fd, &fst) < 0)
		rc = cannot_read(rel, errno, err);
	else if (!S_ISREG(fst.st_mode) || fst.st_ino != st->st_ino ||
		 fst.st_dev != st->st_dev)
		rc = cannot_read(rel, ELOOP, err); /* swapped since the lstat */
	/* the header promises what fstat says now; the data keeps to it */
	if (rc == 0)
		rc = emit_header(ctx, rel, &fst, NULL, err);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	ctx->file_fd = fd;
	ctx->file_rel = rel;
	ctx->file_st = fst;
	ctx->file_left = fst.st_size;
	ctx->file_short = false;
	return 0;
}

/* One entry of the top directory: its header, and for a directory the
 * descent, for a regular file the opening. */
static int visit(struct build_context *ctx, struct frame *f, const char *name,
		 struct error *err)
{
	char *rel = *f->rel ? xasprintf("%s/%s", f->rel, name) : xstrdup(name);
	bool excluded =
		!always_sent(ctx, rel) && dockerignore_excludes(&ctx->ignore, rel);
	/* an excluded directory is still walked when a '!' line may bring back
	 * something below it; anything else excluded is not even looked at */
	if (excluded && !dockerignore_may_include_below(&ctx->ignore, rel)) {
		free(rel);
		return 0;
	}
	struct stat st;
	int rc = 0;
	if (fstatat(f->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		rc = cannot_read(rel, errno, err);
	} else if (S_ISDIR(st.st_mode)) {
		int fd = openat(f->fd, name,
				O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			rc = cannot_read(rel, errno, err);
		else if (!excluded && (rc = emit_header(ctx, rel, &st, NULL, err)) < 0)
			close(fd);
		else
			rc = push_dir(ctx, fd, rel, err); /* moves f: not used after */
	} else if (excluded) {
		/* only a directory can hold what a '!' line brings back */
	} else if (S_ISLNK(st.st_mode)) {
		char *target = read_link(f->fd, name, &st);
		rc = target ? emit_header(ctx, rel, &st, target, err)
			    : cannot_read(rel, errno, err);
		free(target);
	} else if (S_ISREG(st.st_mode)) {
		if (ctx->measuring)
			rc = emit_header(ctx, rel, &st, NULL, err);
		else if ((rc = open_file(ctx, f, name, rel, &st, err)) == 0)
			rel = NULL; /* the open file owns it now */
	}
	/* sockets, FIFOs and devices have no place in an image: skipped */
	free(rel);
	return rc;
}

/* The open file is done: checks it did not change while it was read. */
static int finish_file(struct build_context *ctx, struct error *err)
{
	struct stat now;
	bool seen = fstat(ctx->file_fd, &now) == 0;
	bool changed = ctx->file_short || !seen || now.st_size != ctx->file_st.st_size ||
		       now.st_mtim.tv_sec != ctx->file_st.st_mtim.tv_sec ||
		       now.st_mtim.tv_nsec != ctx->file_st.st_mtim.tv_nsec;
	int rc = 0;
	/* its padding now, not with the next header: the stream is whole up
	 * to here even if this is the last step */
	if (archive_write_finish_entry(ctx->ar) != ARCHIVE_OK)
		rc = archive_fail(ctx->ar, ctx->file_rel, err);
	else if (changed)
		rc = error_set(
			err, ERR_FAIL,
			"'%s' in the context changed while it was being sent (%lld "
			"bytes when it was opened, %lld now); build again once nothing "
			"is writing to it",
			ctx->file_rel, (long long)ctx->file_st.st_size,
			seen ? (long long)now.st_size : -1LL);
	close_file(ctx);
	ctx->files++;
	return rc;
}

/* Sends the next chunk of the open file. The header's size is a promise:
 * a file that shrank is sent padded with zeros and one that grew is cut, so
 * the stream stays well-formed, and then the change is reported. */
static int send_chunk(struct build_context *ctx, struct error *err)
{
	size_t want = ctx->file_left < (int64_t)CHUNK ? (size_t)ctx->file_left : CHUNK;
	ssize_t n = (ssize_t)want;
	if (ctx->file_short) {
		memset(ctx->chunk, 0, want);
	} else if (want > 0) {
		n = read(ctx->file_fd, ctx->chunk, want);
		if (n < 0 && errno == EINTR)
			return 0;
		if (n < 0)
			return cannot_read(ctx->file_rel, errno, err);
		if (n == 0) {
			ctx->file_short = true;
			return 0;
		}
	}
	if (n > 0 && archive_write_data(ctx->ar, ctx->chunk, (size_t)n) < 0)
		return archive_fail(ctx->ar, ctx->file_rel, err);
	ctx->file_left -= n;
	return ctx->file_left == 0 ? finish_file(ctx, err) : 0;
}

static int end_walk(struct build_context *ctx, struct error *err)
{
	int rc = 0;
	if (ctx->measuring) {
		uint64_t n;
		rc = probe_size(NULL, &n, err);
		ctx->bytes += n;
	} else if (archive_write_close(ctx->ar) != ARCHIVE_OK) {
		rc = archive_fail(ctx->ar, "close", err);
	}
	ctx->closed = true;
	return rc;
}

/* Advances the stream by one step. */
static int step(struct build_context *ctx, struct error *err)
{
	if (!ctx->started)
		return start_walk(ctx, err);
	if (ctx->file_fd >= 0)
		return send_chunk(ctx, err);
	if (ctx->depth == 0)
		return end_walk(ctx, err);
	struct frame *f = &ctx->stack[ctx->depth - 1];
	if (f->next == f->n) {
		pop_dir(ctx);
		return 0;
	}
	return visit(ctx, f, f->names[f->next++], err);
}

/* A step whose failure is kept, so later reads fail the same way. */
static int step_or_fail(struct build_context *ctx)
{
	int rc = step(ctx, &ctx->failure);
	if (rc < 0 && ctx->failure.code == 0)
		error_set(&ctx->failure, rc, "the build context stream failed");
	return rc;
}

static int load_dockerignore(struct build_context *ctx, struct error *err)
{
	int fd = openat(ctx->root_fd, ".dockerignore", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && errno == ELOOP)
		return error_set(
			err, ERR_USAGE,
			"the .dockerignore of the context '%s' is a symbolic link, "
			"which is never followed (replace it with the file itself)",
			ctx->dir);
	if (fd < 0)
		return error_set(err, ERR_USAGE,
				 "cannot read the .dockerignore of the context '%s': %s",
				 ctx->dir, strerror(errno));
	struct strbuf sb;
	strbuf_init(&sb, DOCKERIGNORE_MAX);
	char buf[8192];
	ssize_t n;
	int rc = 0;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = error_set(
				err, ERR_USAGE,
				"cannot read the .dockerignore of the context '%s': %s",
				ctx->dir, strerror(errno));
			break;
		}
		if (strbuf_add(&sb, buf, (size_t)n) < 0) {
			rc = error_set(
				err, ERR_USAGE,
				"the .dockerignore of the context '%s' is larger than "
				"1 MiB",
				ctx->dir);
			break;
		}
	}
	close(fd);
	if (rc == 0 && (rc = dockerignore_parse(sb.buf, sb.len, &ctx->ignore, err)) < 0)
		error_prefix(err, "the build context '%s'", ctx->dir);
	strbuf_release(&sb);
	return rc;
}

/* The Dockerfile must be a regular file reached from dir through
 * directories only: a '..' or a link on the way could lead outside, and
 * links are sent as links, so the Engine could not read it anyway. */
static int check_dockerfile(struct build_context *ctx, const char *given,
			    struct error *err)
{
	const char *df = ctx->dockerfile;
	if (given[0] == '/' || strcmp(df, "..") == 0 || strncmp(df, "../", 3) == 0)
		return error_set(
			err, ERR_USAGE,
			"the Dockerfile '%s' is not in the context '%s' (give its "
			"path relative to '%s')",
			given, ctx->dir, ctx->dir);
	int dfd = ctx->root_fd;
	int rc = 0;
	for (const char *p = df; rc == 0;) {
		const char *slash = strchr(p, '/');
		char *elem = slash ? xstrndup(p, (size_t)(slash - p)) : xstrdup(p);
		char *upto = xstrndup(df, slash ? (size_t)(slash - df) : strlen(df));
		struct stat st;
		int fd = -1;
		int e = fstatat(dfd, elem, &st, AT_SYMLINK_NOFOLLOW) < 0 ? errno : 0;
		if (e == ENOENT || e == ENOTDIR)
			rc = error_set(err, ERR_USAGE,
				       "there is no Dockerfile '%s' in the context '%s' "
				       "(name it with -f, relative to '%s')",
				       given, ctx->dir, ctx->dir);
		else if (e)
			rc = error_set(
				err, ERR_USAGE,
				"cannot read the Dockerfile '%s' in the context '%s': %s",
				given, ctx->dir, strerror(e));
		else if (S_ISLNK(st.st_mode))
			rc = error_set(
				err, ERR_USAGE,
				"the Dockerfile '%s' is not in the context '%s': '%s' "
				"is a symbolic link, and links are never followed "
				"(name the file it points to)",
				given, ctx->dir, upto);
		else if (slash && !S_ISDIR(st.st_mode))
			rc = error_set(err, ERR_USAGE,
				       "there is no Dockerfile '%s' in the context '%s' "
				       "('%s' is not a directory)",
				       given, ctx->dir, upto);
		else if (!slash && !S_ISREG(st.st_mode))
			rc = error_set(err, ERR_USAGE,
				       "the Dockerfile '%s' in the context '%s' is not a "
				       "regular file",
				       given, ctx->dir);
		else if ((fd = openat(dfd, elem,
				      O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
					      (slash ? O_DIRECTORY : 0))) < 0)
			rc = error_set(
				err, ERR_USAGE,
				"cannot read the Dockerfile '%s' in the context '%s': %s",
				given, ctx->dir, strerror(errno));
		free(elem);
		free(upto);
		if (dfd != ctx->root_fd)
			close(dfd);
		dfd = fd;
		if (!slash || rc < 0)
			break;
		p = slash + 1;
	}
	if (dfd >= 0 && dfd != ctx->root_fd)
		close(dfd);
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
	const char *given = dockerfile && *dockerfile ? dockerfile : "Dockerfile";
	ctx->dockerfile = dockerignore_clean_path(given);
	int rc = 0;
	ctx->root_fd = open(ctx->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ctx->root_fd < 0 && errno == ENOENT)
		rc = error_set(err, ERR_USAGE, "the build context '%s' does not exist",
			       ctx->dir);
	else if (ctx->root_fd < 0 && errno == ENOTDIR)
		rc = error_set(err, ERR_USAGE,
			       "the build context '%s' is not a directory", ctx->dir);
	else if (ctx->root_fd < 0)
		rc = error_set(err, ERR_USAGE, "cannot open the build context '%s': %s",
			       ctx->dir, strerror(errno));
	if (rc == 0)
		rc = check_dockerfile(ctx, given, err);
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
	if (size == 0)
		return 0;
	/* what is buffered goes out first, even after a failure: the bytes
	 * before the failure are a well-formed start of the archive */
	while (ctx->out_off >= ctx->out.len) {
		if (ctx->failure.code) {
			if (err)
				*err = ctx->failure;
			return ctx->failure.code;
		}
		if (ctx->closed)
			return 0;
		strbuf_reset(&ctx->out);
		ctx->out_off = 0;
		step_or_fail(ctx);
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
	while (!ctx->closed && step_or_fail(ctx) == 0)
		;
	int rc = ctx->failure.code;
	if (rc < 0 && err)
		*err = ctx->failure;
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
	if (ctx->root_fd >= 0)
		close(ctx->root_fd);
	free(ctx->stack);
	archive_entry_free(ctx->entry);
	strbuf_release(&ctx->out);
	dockerignore_release(&ctx->ignore);
	free(ctx->chunk);
	free(ctx->dockerfile);
	free(ctx->dir);
	free(ctx);
}
