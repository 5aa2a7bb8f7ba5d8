/* The build context tar stream, decoded back with libarchive's reader:
 * .dockerignore honoured, the Dockerfile always sent, a symlink to a file
 * outside the context sent as a link whose target is never read, modes
 * kept, sorted entries, the measured size exact, bounded memory. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "archive/context.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static char root[64]; /* a temporary directory holding ctx/ and outside/ */
static char ctxdir[96];
static const char marker[] = "MARKER-outside-content-5c1f0e";

static void put(const char *rel, const char *text, mode_t mode)
{
	char *p = xasprintf("%s/%s", root, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
	free(p);
}

static void dir(const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void link_to(const char *target, const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);
	assert_int_equal(symlink(target, p), 0);
	free(p);
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
	put("ctx/.dockerignore", "Dockerfile\n*.log\nbuild\ndocs\n!docs/keep.md\n", 0644);
	put("ctx/run.sh", "#!/bin/sh\n", 0755);
	put("ctx/private.key", "k", 0600);
	put("ctx/app.log", "noise", 0644);
	dir("ctx/build");
	put("ctx/build/out.o", "o", 0644);
	dir("ctx/docs");
	put("ctx/docs/keep.md", "keep", 0644);
	put("ctx/docs/drop.md", "drop", 0644);
	dir("ctx/b");
	put("ctx/b/z.txt", "z", 0644);
	put("ctx/b/a.txt", "a", 0644);
	link_to("../outside/secret.txt", "ctx/rel-link");
	char *abs = xasprintf("%s/outside/secret.txt", root);
	link_to(abs, "ctx/abs-link");
	free(abs);
	link_to("../outside", "ctx/dir-link");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd[] = {"rm", "-rf", root, NULL};
	pid_t pid = fork();
	if (pid == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	return 0;
}

static void read_all(struct build_context *ctx, size_t chunk, struct strbuf *out)
{
	char *buf = xmalloc(chunk);
	struct error err;
	error_init(&err);
	ssize_t n;
	while ((n = build_context_read(ctx, buf, chunk, &err)) > 0)
		assert_int_equal(strbuf_add(out, buf, (size_t)n), 0);
	assert_int_equal(n, 0);
	free(buf);
}

struct entry {
	char path[256];
	int type;
	int mode;
	char link[256];
	char data[64];
};

static int decode(const struct strbuf *tar, struct entry *e, int max)
{
	struct archive *a = archive_read_new();
	archive_read_support_format_tar(a);
	assert_int_equal(archive_read_open_memory(a, tar->buf, tar->len), ARCHIVE_OK);
	struct archive_entry *ae;
	int n = 0;
	while (archive_read_next_header(a, &ae) == ARCHIVE_OK && n < max) {
		struct entry *x = &e[n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->path, sizeof(x->path), "%s", archive_entry_pathname(ae));
		x->type = (int)archive_entry_filetype(ae);
		x->mode = (int)archive_entry_perm(ae);
		if (archive_entry_symlink(ae))
			snprintf(x->link, sizeof(x->link), "%s",
				 archive_entry_symlink(ae));
		archive_read_data(a, x->data, sizeof(x->data) - 1);
	}
	archive_read_free(a);
	return n;
}

static const struct entry *find(const struct entry *e, int n, const char *path)
{
	for (int i = 0; i < n; i++) {
		size_t l = strlen(e[i].path);
		if (strcmp(e[i].path, path) == 0 ||
		    (l > 0 && e[i].path[l - 1] == '/' &&
		     strncmp(e[i].path, path, l - 1) == 0 && path[l - 1] == '\0'))
			return &e[i];
	}
	return NULL;
}

static void test_stream(void **state)
{
	(void)state;
	size_t chunks[] = {7, 512, 100000};
	struct strbuf first;
	strbuf_init(&first, 0);
	for (size_t c = 0; c < 3; c++) {
		struct build_context *ctx;
		struct error err;
		error_init(&err);
		assert_int_equal(build_context_new(ctxdir, NULL, &ctx, &err), 0);
		uint64_t files, bytes;
		assert_int_equal(build_context_measure(ctx, &files, &bytes, &err), 0);
		struct strbuf tar;
		strbuf_init(&tar, 0);
		read_all(ctx, chunks[c], &tar);
		assert_int_equal(tar.len, bytes); /* the measure is exact */
		assert_null(memmem(tar.buf, tar.len, marker, strlen(marker)));
		if (c == 0) {
			strbuf_add(&first, tar.buf, tar.len);
		} else {
			/* the same bytes whatever the reader's buffer */
			assert_int_equal(tar.len, first.len);
			assert_memory_equal(tar.buf, first.buf, tar.len);
		}
		uint64_t sent_files, sent_bytes;
		build_context_stats(ctx, &sent_files, &sent_bytes);
		assert_int_equal(sent_bytes, tar.len);
		assert_int_equal(sent_files, files);
		build_context_free(ctx);
		strbuf_release(&tar);
	}

	struct entry e[64];
	int n = decode(&first, e, 64);
	/* sent, even though .dockerignore names the Dockerfile */
	assert_non_null(find(e, n, "Dockerfile"));
	assert_non_null(find(e, n, ".dockerignore"));
	assert_null(find(e, n, "app.log"));
	assert_null(find(e, n, "build"));
	assert_null(find(e, n, "build/out.o"));
	assert_null(find(e, n, "docs/drop.md"));
	assert_string_equal(find(e, n, "docs/keep.md")->data, "keep");
	assert_int_equal(find(e, n, "run.sh")->mode, 0755);
	assert_int_equal(find(e, n, "private.key")->mode, 0600);
	const struct entry *l = find(e, n, "rel-link");
	assert_int_equal(l->type, AE_IFLNK);
	assert_string_equal(l->link, "../outside/secret.txt");
	assert_int_equal(find(e, n, "abs-link")->type, AE_IFLNK);
	assert_int_equal(find(e, n, "dir-link")->type, AE_IFLNK);
	assert_null(find(e, n, "dir-link/secret.txt"));
	/* parents before children, names sorted */
	int ia = -1, iz = -1, ib = -1;
	for (int i = 0; i < n; i++) {
		if (strcmp(e[i].path, "b/a.txt") == 0)
			ia = i;
		if (strcmp(e[i].path, "b/z.txt") == 0)
			iz = i;
		if (strncmp(e[i].path, "b", 1) == 0 &&
		    (e[i].path[1] == '\0' || e[i].path[1] == '/') &&
		    e[i].type == AE_IFDIR)
			ib = i;
	}
	assert_true(ib >= 0 && ib < ia && ia < iz);
	strbuf_release(&first);
}

static void test_bad_contexts(void **state)
{
	(void)state;
	struct build_context *ctx = NULL;
	struct error err;
	error_init(&err);
	assert_int_equal(build_context_new("/nonexistent/fc-ctx", NULL, &ctx, &err),
			 ERR_USAGE);
	assert_non_null(strstr(err.msg, "/nonexistent/fc-ctx"));
	error_init(&err);
	assert_int_equal(build_context_new(ctxdir, "../outside/secret.txt", &ctx, &err),
			 ERR_USAGE);
	assert_non_null(strstr(err.msg, "not in the context"));
	error_init(&err);
	/* a Dockerfile reached through a link would be read from outside */
	assert_int_equal(build_context_new(ctxdir, "abs-link", &ctx, &err), ERR_USAGE);
	error_init(&err);
	assert_int_equal(build_context_new(ctxdir, "nope.Dockerfile", &ctx, &err),
			 ERR_USAGE);
	assert_null(ctx);
}

static long max_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void test_bounded_memory(void **state)
{
	(void)state;
	/* a 256 MiB sparse file: the stream must not hold it */
	char *big = xasprintf("%s/ctx/big.bin", root);
	int fd = open(big, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 256L << 20), 0);
	close(fd);
	long before = max_rss_kb();
	struct build_context *ctx;
	struct error err;
	error_init(&err);
	assert_int_equal(build_context_new(ctxdir, NULL, &ctx, &err), 0);
	char buf[65536];
	ssize_t n;
	uint64_t total = 0;
	while ((n = build_context_read(ctx, buf, sizeof(buf), &err)) > 0)
		total += (uint64_t)n;
	assert_int_equal(n, 0);
	assert_true(total > (256UL << 20));
	build_context_free(ctx);
	assert_true(max_rss_kb() - before < 16 * 1024);
	unlink(big);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_bad_contexts),
		cmocka_unit_test(test_bounded_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
