/* The build context tar stream, read through odd-sized buffers and decoded
 * back with libarchive's reader: .dockerignore honoured ('!' exceptions
 * included), the Dockerfile always sent, a symlink to a file outside the
 * context sent as a link whose target is never read, links to directories
 * not descended, modes kept, entries in walk order, the measured size
 * exact, files that change while sent reported without a corrupt stream,
 * and memory bounded whatever a file's size. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "archive/build_context.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static char root[64]; /* a temporary directory holding ctx/, outside/, ... */
static char ctxdir[96];
static const char marker[] = "MARKER-outside-content-5c1f0e";

/* --- building trees ------------------------------------------------------ */

static char *at(const char *rel)
{
	return xasprintf("%s/%s", root, rel);
}

static void put_bytes(const char *rel, const void *data, size_t len, mode_t mode)
{
	char *p = at(rel);
	int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	assert_int_equal(chmod(p, mode), 0);
	free(p);
}

static void put(const char *rel, const char *text, mode_t mode)
{
	put_bytes(rel, text, strlen(text), mode);
}

static void dir(const char *rel)
{
	char *p = at(rel);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void link_to(const char *target, const char *rel)
{
	char *p = at(rel);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static void rm_rf(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", path, (char *)NULL);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/fc-context-XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(ctxdir, sizeof(ctxdir), "%s/ctx", root);
	dir("ctx");
	dir("outside");
	put("outside/secret.txt", marker, 0644);
	put("ctx/Dockerfile", "FROM scratch\nCOPY . /\n", 0644);
	put("ctx/.dockerignore",
	    "# the Dockerfile is sent anyway\n"
	    "Dockerfile\n*.log\nbuild\ndocs\n!docs/keep.md\n",
	    0644);
	put("ctx/run.sh", "#!/bin/sh\n", 0755);
	put("ctx/private.key", "k", 0600);
	put("ctx/app.log", "noise", 0644);
	dir("ctx/build");
	put("ctx/build/out.o", "o", 0644);
	dir("ctx/build/deep");
	put("ctx/build/deep/x", "x", 0644);
	dir("ctx/docs");
	put("ctx/docs/keep.md", "keep", 0644);
	put("ctx/docs/drop.md", "drop", 0644);
	dir("ctx/b");
	put("ctx/b/z.txt", "z", 0644);
	put("ctx/b/a.txt", "a", 0644);
	dir("ctx/b/m");
	put("ctx/b/m/inner", "i", 0644);
	put("ctx/b.txt", "sorts after the directory b", 0644);
	dir("ctx/empty");
	link_to("../outside/secret.txt", "ctx/rel-link");
	char *abs = at("outside/secret.txt");
	link_to(abs, "ctx/abs-link");
	free(abs);
	link_to("../outside", "ctx/dir-link");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_rf(root);
	return 0;
}

/* --- reading and decoding streams ---------------------------------------- */

static struct build_context *open_ctx(const char *d, const char *dockerfile)
{
	struct build_context *ctx = NULL;
	struct error err;
	error_init(&err);
	if (build_context_new(d, dockerfile, &ctx, &err) != 0)
		fail_msg("build_context_new: %s", err.msg);
	return ctx;
}

static void read_all(struct build_context *ctx, size_t chunk, struct strbuf *out)
{
	char *buf = xmalloc(chunk);
	struct error err;
	error_init(&err);
	ssize_t n;
	while ((n = build_context_read(ctx, buf, chunk, &err)) > 0)
		assert_int_equal(strbuf_add(out, buf, (size_t)n), 0);
	if (n < 0)
		fail_msg("build_context_read: %s", err.msg);
	/* the end is sticky */
	assert_int_equal(build_context_read(ctx, buf, chunk, &err), 0);
	free(buf);
}

struct entry {
	char *path; /* without the trailing '/' of a directory */
	int type;
	int mode;
	int64_t size;
	char *link;
	char *data; /* the whole content */
	size_t len;
};

struct entries {
	struct entry *e;
	int n;
};

static struct entries decode(const char *buf, size_t len)
{
	struct entries out = {0};
	struct archive *a = archive_read_new();
	archive_read_support_format_tar(a);
	assert_int_equal(archive_read_open_memory(a, buf, len), ARCHIVE_OK);
	struct archive_entry *ae;
	int r;
	while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN) {
		out.e = xrealloc(out.e, sizeof(*out.e) * (size_t)(out.n + 1));
		struct entry *x = &out.e[out.n++];
		memset(x, 0, sizeof(*x));
		x->path = xstrdup(archive_entry_pathname(ae));
		size_t l = strlen(x->path);
		if (l > 1 && x->path[l - 1] == '/')
			x->path[l - 1] = '\0';
		x->type = (int)archive_entry_filetype(ae);
		x->mode = (int)archive_entry_perm(ae);
		x->size = archive_entry_size(ae);
		assert_int_equal(archive_entry_uid(ae), 0);
		assert_int_equal(archive_entry_gid(ae), 0);
		const char *uname = archive_entry_uname(ae);
		const char *gname = archive_entry_gname(ae);
		assert_true(!uname || !*uname);
		assert_true(!gname || !*gname);
		if (archive_entry_symlink(ae))
			x->link = xstrdup(archive_entry_symlink(ae));
		x->data = xmalloc((size_t)x->size + 1);
		la_ssize_t got = archive_read_data(a, x->data, (size_t)x->size);
		assert_int_equal(got, x->size);
		x->len = (size_t)got;
		x->data[x->len] = '\0';
	}
	assert_int_equal(r, ARCHIVE_EOF);
	archive_read_free(a);
	return out;
}

static void entries_free(struct entries *es)
{
	for (int i = 0; i < es->n; i++) {
		free(es->e[i].path);
		free(es->e[i].link);
		free(es->e[i].data);
	}
	free(es->e);
}

static const struct entry *find(const struct entries *es, const char *path)
{
	for (int i = 0; i < es->n; i++)
		if (strcmp(es->e[i].path, path) == 0)
			return &es->e[i];
	return NULL;
}

static const struct entry *must_find(const struct entries *es, const char *path)
{
	const struct entry *e = find(es, path);
	if (!e)
		fail_msg("'%s' is not in the stream", path);
	return e;
}

/* The walk's order: element by element, a parent before its children. */
static int cmp_walk(const char *a, const char *b)
{
	for (;;) {
		size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
		int c = memcmp(a, b, la < lb ? la : lb);
		if (c != 0)
			return c;
		if (la != lb)
			return la < lb ? -1 : 1;
		if (!a[la] || !b[lb])
			return !a[la] && !b[lb] ? 0 : !a[la] ? -1 : 1;
		a += la + 1;
		b += lb + 1;
	}
}

static void assert_walk_order(const struct entries *es)
{
	for (int i = 1; i < es->n; i++)
		if (cmp_walk(es->e[i - 1].path, es->e[i].path) >= 0)
			fail_msg("'%s' comes before '%s'", es->e[i - 1].path,
				 es->e[i].path);
}

static int regular_files(const struct entries *es)
{
	int n = 0;
	for (int i = 0; i < es->n; i++)
		n += es->e[i].type == AE_IFREG;
	return n;
}

/* Measures, then reads with each buffer size: every stream the same bytes,
 * as long as measured. Returns the stream. */
static void stream(const char *d, const char *dockerfile, struct strbuf *first)
{
	size_t sizes[] = {7, 512, 4099, 100000};
	strbuf_init(first, 0);
	for (size_t c = 0; c < sizeof(sizes) / sizeof(sizes[0]); c++) {
		struct build_context *ctx = open_ctx(d, dockerfile);
		struct error err;
		error_init(&err);
		uint64_t files, bytes, files2, bytes2;
		assert_int_equal(build_context_measure(ctx, &files, &bytes, &err), 0);
		assert_int_equal(build_context_measure(ctx, &files2, &bytes2, &err), 0);
		assert_int_equal(files, files2);
		assert_int_equal(bytes, bytes2);
		struct strbuf tar;
		strbuf_init(&tar, 0);
		read_all(ctx, sizes[c], &tar);
		assert_int_equal(tar.len, bytes); /* the measure is exact */
		assert_int_equal(tar.len % 512, 0);
		if (c == 0) {
			assert_int_equal(strbuf_add(first, tar.buf, tar.len), 0);
		} else {
			assert_int_equal(tar.len, first->len);
			assert_memory_equal(tar.buf, first->buf, tar.len);
		}
		uint64_t sent_files, sent_bytes;
		build_context_stats(ctx, &sent_files, &sent_bytes);
		assert_int_equal(sent_bytes, tar.len);
		assert_int_equal(sent_files, files);
		build_context_free(ctx);
		strbuf_release(&tar);
	}
}

/* --- tests --------------------------------------------------------------- */

static void test_stream(void **state)
{
	(void)state;
	struct strbuf tar;
	stream(ctxdir, NULL, &tar);
	/* nothing of the file behind the links, whatever the buffer */
	assert_null(memmem(tar.buf, tar.len, marker, strlen(marker)));

	struct entries es = decode(tar.buf, tar.len);
	assert_walk_order(&es);
	/* sent, even though .dockerignore names the Dockerfile */
	assert_string_equal(must_find(&es, "Dockerfile")->data,
			    "FROM scratch\nCOPY . /\n");
	assert_non_null(find(&es, ".dockerignore"));
	assert_null(find(&es, "app.log"));
	assert_null(find(&es, "build"));
	assert_null(find(&es, "build/out.o"));
	assert_null(find(&es, "build/deep/x"));
	/* docs is excluded but walked for its exception; its own entry is not
	 * sent, as with `docker build` */
	assert_null(find(&es, "docs"));
	assert_null(find(&es, "docs/drop.md"));
	assert_string_equal(must_find(&es, "docs/keep.md")->data, "keep");
	assert_int_equal(must_find(&es, "run.sh")->mode, 0755);
	assert_int_equal(must_find(&es, "private.key")->mode, 0600);
	assert_int_equal(must_find(&es, "b")->type, AE_IFDIR);
	assert_int_equal(must_find(&es, "b")->mode, 0755);
	assert_int_equal(must_find(&es, "empty")->type, AE_IFDIR);
	assert_string_equal(must_find(&es, "b/m/inner")->data, "i");
	const struct entry *l = must_find(&es, "rel-link");
	assert_int_equal(l->type, AE_IFLNK);
	assert_string_equal(l->link, "../outside/secret.txt");
	assert_int_equal(l->size, 0);
	l = must_find(&es, "abs-link");
	assert_int_equal(l->type, AE_IFLNK);
	assert_non_null(strstr(l->link, "/outside/secret.txt"));
	l = must_find(&es, "dir-link");
	assert_int_equal(l->type, AE_IFLNK);
	assert_string_equal(l->link, "../outside");
	assert_null(find(&es, "dir-link/secret.txt"));
	/* parents before children, names sorted: "b" < "b/a.txt" < "b.txt" */
	const char *order[] = {".dockerignore", "Dockerfile", "abs-link",     "b",
			       "b/a.txt",       "b/m",        "b/m/inner",    "b/z.txt",
			       "b.txt",         "dir-link",   "docs/keep.md", "empty",
			       "private.key",   "rel-link",   "run.sh"};
	assert_int_equal(es.n, (int)(sizeof(order) / sizeof(order[0])));
	for (int i = 0; i < es.n; i++)
		assert_string_equal(es.e[i].path, order[i]);
	entries_free(&es);
	strbuf_release(&tar);
}

static void test_dockerfile_elsewhere(void **state)
{
	(void)state;
	char *d = at("ctx-df");
	dir("ctx-df");
	dir("ctx-df/ci");
	dir("ctx-df/ci/docker");
	put("ctx-df/ci/docker/Dockerfile", "FROM scratch\n", 0644);
	put("ctx-df/ci/other", "o", 0644);
	dir("ctx-df/src");
	put("ctx-df/src/keep.md", "k", 0644);
	put("ctx-df/src/drop.c", "d", 0644);
	dir("ctx-df/src/deep");
	put("ctx-df/src/deep/keep.md", "no: '*' stays in one element", 0644);
	/* a wildcard exception: src must be walked even though no '!' line
	 * starts with "src/" */
	put("ctx-df/.dockerignore", "ci\nsrc\n.dockerignore\n!*/keep.md\n", 0644);
	const char *names[] = {"ci/docker/Dockerfile", "./ci/docker/Dockerfile",
			       "ci//docker/./Dockerfile", "src/../ci/docker/Dockerfile"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct strbuf tar;
		stream(d, names[i], &tar);
		struct entries es = decode(tar.buf, tar.len);
		assert_walk_order(&es);
		/* the way to the Dockerfile is sent, nothing else of ci */
		assert_int_equal(must_find(&es, "ci")->type, AE_IFDIR);
		assert_int_equal(must_find(&es, "ci/docker")->type, AE_IFDIR);
		assert_string_equal(must_find(&es, "ci/docker/Dockerfile")->data,
				    "FROM scratch\n");
		assert_null(find(&es, "ci/other"));
		assert_non_null(find(&es, ".dockerignore"));
		assert_string_equal(must_find(&es, "src/keep.md")->data, "k");
		assert_null(find(&es, "src"));
		assert_null(find(&es, "src/drop.c"));
		assert_null(find(&es, "src/deep/keep.md"));
		assert_int_equal(es.n, 5);
		entries_free(&es);
		strbuf_release(&tar);
	}
	free(d);
}

static void test_odd_entries(void **state)
{
	(void)state;
	char *d = at("ctx-odd");
	dir("ctx-odd");
	put("ctx-odd/Dockerfile", "FROM scratch\n", 0644);
	/* sizes around the 512-byte blocks and the 64 KiB read chunk */
	size_t sizes[] = {0, 1, 511, 512, 513, 65535, 65536, 65537, 200000};
	char *data = xmalloc(200000);
	for (size_t i = 0; i < 200000; i++)
		data[i] = (char)('a' + (i * 7 + i / 13) % 26);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "ctx-odd/size-%06zu", sizes[i]);
		put_bytes(rel, data, sizes[i], 0640);
	}
	/* names that need pax headers: long, non-ASCII, not UTF-8 at all */
	char longname[256], longdir[256];
	memset(longname, 'n', 200);
	longname[200] = '\0';
	memset(longdir, 'd', 120);
	longdir[120] = '\0';
	char *rel = xasprintf("ctx-odd/%s", longdir);
	dir(rel);
	free(rel);
	rel = xasprintf("ctx-odd/%s/%s", longdir, longname);
	put(rel, "deep and long", 0644);
	free(rel);
	put("ctx-odd/caf\xC3\xA9-\xE2\x82\xAC.txt", "utf-8", 0644);
	put("ctx-odd/latin1-\xE9.txt", "latin-1", 0644);
	/* a link target longer than the 100 bytes of a ustar header */
	char target[400];
	memset(target, 't', 300);
	memcpy(target, "../", 3);
	target[300] = '\0';
	link_to(target, "ctx-odd/long-link");
	link_to("dangling/nowhere", "ctx-odd/dangling");
	/* never sent: a FIFO and a socket */
	char *fifo = at("ctx-odd/fifo");
	assert_int_equal(mkfifo(fifo, 0644), 0);
	free(fifo);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(s >= 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/ctx-odd/sock", root);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	/* setuid and sticky bits are permission bits too */
	put("ctx-odd/suid", "s", 04755);

	struct strbuf tar;
	stream(d, NULL, &tar);
	close(s);
	struct entries es = decode(tar.buf, tar.len);
	assert_walk_order(&es);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "size-%06zu", sizes[i]);
		const struct entry *e = must_find(&es, name);
		assert_int_equal(e->size, sizes[i]);
		assert_int_equal(e->mode, 0640);
		assert_memory_equal(e->data, data, sizes[i]);
	}
	char *path = xasprintf("%s/%s", longdir, longname);
	assert_string_equal(must_find(&es, path)->data, "deep and long");
	free(path);
	assert_string_equal(must_find(&es, "caf\xC3\xA9-\xE2\x82\xAC.txt")->data,
			    "utf-8");
	assert_string_equal(must_find(&es, "latin1-\xE9.txt")->data, "latin-1");
	assert_string_equal(must_find(&es, "long-link")->link, target);
	assert_string_equal(must_find(&es, "dangling")->link, "dangling/nowhere");
	assert_null(find(&es, "fifo"));
	assert_null(find(&es, "sock"));
	assert_int_equal(must_find(&es, "suid")->mode, 04755);
	assert_int_equal(regular_files(&es), 9 + 5);
	entries_free(&es);
	strbuf_release(&tar);
	free(data);
	free(d);
}

static void expect_usage(const char *d, const char *dockerfile, const char *needle)
{
	struct build_context *ctx = (struct build_context *)1;
	struct error err;
	error_init(&err);
	assert_int_equal(build_context_new(d, dockerfile, &ctx, &err), ERR_USAGE);
	assert_null(ctx);
	if (!strstr(err.msg, needle))
		fail_msg("'%s' not in '%s'", needle, err.msg);
}

static void test_bad_contexts(void **state)
{
	(void)state;
	expect_usage("/nonexistent/fc-ctx", NULL, "'/nonexistent/fc-ctx' does not exist");
	char *file = at("ctx/run.sh");
	expect_usage(file, NULL, "is not a directory");
	free(file);
	expect_usage(ctxdir, "../outside/secret.txt", "is not in the context");
	expect_usage(ctxdir, "b/../../outside/secret.txt", "is not in the context");
	expect_usage(ctxdir, "..", "is not in the context");
	expect_usage(ctxdir, ".", "not a regular file");
	char *abs = at("ctx/Dockerfile");
	expect_usage(ctxdir, abs, "is not in the context");
	free(abs);
	/* a Dockerfile reached through a link would be read from outside */
	expect_usage(ctxdir, "abs-link", "'abs-link' is a symbolic link");
	expect_usage(ctxdir, "dir-link/secret.txt", "'dir-link' is a symbolic link");
	expect_usage(ctxdir, "nope.Dockerfile",
		     "there is no Dockerfile 'nope.Dockerfile'");
	expect_usage(ctxdir, "run.sh/Dockerfile", "not a directory");
	expect_usage(ctxdir, "b", "not a regular file");

	/* a context without a Dockerfile, or with a broken .dockerignore */
	dir("ctx-bad");
	char *d = at("ctx-bad");
	expect_usage(d, NULL, "there is no Dockerfile 'Dockerfile'");
	put("ctx-bad/Dockerfile", "FROM scratch\n", 0644);
	put("ctx-bad/.dockerignore", "ok\n\nsrc/[a-\n", 0644);
	expect_usage(d, NULL, "line 3");
	char *ign = at("ctx-bad/.dockerignore");
	unlink(ign);
	link_to("../outside/secret.txt", "ctx-bad/.dockerignore");
	expect_usage(d, NULL, "symbolic link");
	unlink(ign);
	free(ign);
	/* and the good one, for contrast */
	struct build_context *ctx = open_ctx(d, "Dockerfile");
	build_context_free(ctx);
	build_context_free(NULL);
	free(d);
}

/* Reads until at least min bytes, in 4 KiB reads. */
static void read_some(struct build_context *ctx, size_t min, struct strbuf *out)
{
	char buf[4096];
	struct error err;
	error_init(&err);
	while (out->len < min) {
		ssize_t n = build_context_read(ctx, buf, sizeof(buf), &err);
		if (n <= 0)
			fail_msg("read: %zd %s", n, err.msg);
		assert_int_equal(strbuf_add(out, buf, (size_t)n), 0);
	}
}

/* Reads on to the error, which must name the file; what came before is a
 * well-formed start of an archive holding the file at its first size. */
static void read_to_change(struct build_context *ctx, struct strbuf *out, size_t size)
{
	char buf[4096];
	struct error err;
	error_init(&err);
	ssize_t n;
	while ((n = build_context_read(ctx, buf, sizeof(buf), &err)) > 0)
		assert_int_equal(strbuf_add(out, buf, (size_t)n), 0);
	assert_int_equal(n, ERR_FAIL);
	assert_non_null(strstr(err.msg, "'data.bin'"));
	assert_non_null(strstr(err.msg, "changed"));
	/* the failure stays */
	error_init(&err);
	assert_int_equal(build_context_read(ctx, buf, sizeof(buf), &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "'data.bin'"));
	assert_int_equal(out->len % 512, 0);
	char zeros[1024] = {0};
	assert_int_equal(strbuf_add(out, zeros, sizeof(zeros)), 0);
	struct entries es = decode(out->buf, out->len);
	assert_int_equal(must_find(&es, "data.bin")->size, size);
	entries_free(&es);
}

static void test_file_changes(void **state)
{
	(void)state;
	char *d = at("ctx-change");
	dir("ctx-change");
	put("ctx-change/Dockerfile", "FROM scratch\n", 0644);
	size_t size = 300000;
	char *data = xmalloc(size);
	memset(data, 'x', size);
	char *path = at("ctx-change/data.bin");

	/* shrinks after its first chunk: padded with zeros, then reported */
	put_bytes("ctx-change/data.bin", data, size, 0644);
	struct build_context *ctx = open_ctx(d, NULL);
	struct strbuf tar;
	strbuf_init(&tar, 0);
	read_some(ctx, 20000, &tar);
	assert_int_equal(truncate(path, 1000), 0);
	read_to_change(ctx, &tar, size);
	build_context_free(ctx);
	strbuf_release(&tar);

	/* grows: cut at the size in its header, then reported */
	put_bytes("ctx-change/data.bin", data, size, 0644);
	ctx = open_ctx(d, NULL);
	strbuf_init(&tar, 0);
	read_some(ctx, 20000, &tar);
	int fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, 5000), 5000);
	close(fd);
	read_to_change(ctx, &tar, size);
	build_context_free(ctx);
	strbuf_release(&tar);

	/* vanishes between the listing and its turn */
	put("ctx-change/zz-late", "late", 0644);
	ctx = open_ctx(d, NULL);
	strbuf_init(&tar, 0);
	read_some(ctx, 1, &tar);
	char *late = at("ctx-change/zz-late");
	unlink(late);
	free(late);
	char buf[4096];
	struct error err;
	error_init(&err);
	ssize_t n;
	while ((n = build_context_read(ctx, buf, sizeof(buf), &err)) > 0)
		;
	assert_int_equal(n, ERR_FAIL);
	assert_non_null(strstr(err.msg, "'zz-late' vanished"));
	build_context_free(ctx);
	strbuf_release(&tar);

	free(path);
	free(data);
	free(d);
}

static long max_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_bounded_memory(void **state)
{
	(void)state;
	char *d = at("ctx-big");
	dir("ctx-big");
	put("ctx-big/Dockerfile", "FROM scratch\n", 0644);
	/* a 256 MiB sparse file: the stream must not hold it */
	char *big = at("ctx-big/big.bin");
	int fd = open(big, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	const off_t size = (off_t)256 << 20;
	assert_int_equal(ftruncate(fd, size), 0);
	assert_int_equal(pwrite(fd, "end", 3, size - 3), 3);
	close(fd);
	long before = max_rss_kb();
	struct build_context *ctx = open_ctx(d, NULL);
	struct error err;
	error_init(&err);
	uint64_t files, bytes;
	assert_int_equal(build_context_measure(ctx, &files, &bytes, &err), 0);
	assert_int_equal(files, 2);
	char buf[65536];
	ssize_t n;
	uint64_t total = 0;
	char tail[3] = {0};
	/* the file's last bytes: after the Dockerfile (a header and a block)
	 * and its own header */
	const uint64_t end = 3 * 512 + (uint64_t)size;
	while ((n = build_context_read(ctx, buf, sizeof(buf), &err)) > 0) {
		for (uint64_t p = end - 3; p < end; p++)
			if (p >= total && p < total + (uint64_t)n)
				tail[p - (end - 3)] = buf[p - total];
		total += (uint64_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(total, bytes);
	assert_memory_equal(tail, "end", 3);
	build_context_free(ctx);
	long grew = max_rss_kb() - before;
	if (grew >= 16 * 1024)
		fail_msg("the stream's peak memory grew by %ld KiB", grew);
	unlink(big);
	free(big);
	free(d);
}

static void test_measure_huge(void **state)
{
	(void)state;
	/* a 9 GiB sparse file needs a pax size record; measuring must neither
	 * read it nor produce its zeros (it would take seconds) */
	char *d = at("ctx-huge");
	dir("ctx-huge");
	put("ctx-huge/Dockerfile", "FROM scratch\n", 0644);
	struct build_context *ctx = open_ctx(d, NULL);
	struct error err;
	error_init(&err);
	uint64_t files, small;
	assert_int_equal(build_context_measure(ctx, &files, &small, &err), 0);
	build_context_free(ctx);

	char *huge = at("ctx-huge/huge.bin");
	int fd = open(huge, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	const uint64_t size = (uint64_t)9 << 30;
	if (ftruncate(fd, (off_t)size) != 0) {
		close(fd);
		free(huge);
		free(d);
		skip(); /* a file system without large sparse files */
	}
	close(fd);
	ctx = open_ctx(d, NULL);
	double t0 = now_s();
	uint64_t bytes;
	assert_int_equal(build_context_measure(ctx, &files, &bytes, &err), 0);
	double took = now_s() - t0;
	assert_int_equal(files, 2);
	/* its data, and a pax header (512 + 512) before its own (512) */
	assert_int_equal(bytes - small, size + 3 * 512);
	if (took > 0.5)
		fail_msg("measuring took %.2f s", took);
	/* the same 9 GiB streamed: only when asked, it takes a while */
	if (getenv("FC_SLOW_TESTS")) {
		char *buf = xmalloc(1 << 20);
		ssize_t n;
		uint64_t total = 0;
		while ((n = build_context_read(ctx, buf, 1 << 20, &err)) > 0)
			total += (uint64_t)n;
		assert_int_equal(n, 0);
		assert_int_equal(total, bytes);
		free(buf);
	}
	build_context_free(ctx);
	unlink(huge);
	free(huge);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_dockerfile_elsewhere),
		cmocka_unit_test(test_odd_entries),
		cmocka_unit_test(test_bad_contexts),
		cmocka_unit_test(test_file_changes),
		cmocka_unit_test(test_bounded_memory),
		cmocka_unit_test(test_measure_huge),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
