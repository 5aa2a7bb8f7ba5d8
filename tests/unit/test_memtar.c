/* The in-memory tar for the notes flink-cmd puts on the data volume, read
 * back with libarchive: parents first, the file's content, the owner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "archive/memtar.h"

static void test_file_with_parents(void **state)
{
	(void)state;
	struct strbuf tar;
	strbuf_init(&tar, 1 << 20);
	struct error err;
	error_init(&err);
	assert_int_equal(memtar_file(&tar, "jobs/my-job/flink-cmd.json", "{\"a\":1}",
				     9999, 9999, &err),
			 0);
	struct archive *a = archive_read_new();
	archive_read_support_format_tar(a);
	assert_int_equal(archive_read_open_memory(a, tar.buf, tar.len), ARCHIVE_OK);
	static const char *want[] = {"jobs", "jobs/my-job", "jobs/my-job/flink-cmd.json"};
	struct archive_entry *e;
	int n = 0;
	char data[32] = "";
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		assert_true(n < 3);
		const char *p = archive_entry_pathname(e);
		assert_true(strncmp(p, want[n], strlen(want[n])) == 0);
		assert_int_equal(archive_entry_uid(e), 9999);
		assert_int_equal(archive_entry_filetype(e), n < 2 ? AE_IFDIR : AE_IFREG);
		if (n == 2)
			archive_read_data(a, data, sizeof(data) - 1);
		n++;
	}
	assert_int_equal(n, 3);
	assert_string_equal(data, "{\"a\":1}");
	archive_read_free(a);
	strbuf_release(&tar);
}

/* A jar holds NULs: every byte arrives, and the file is whole. */
static void test_binary_file(void **state)
{
	(void)state;
	static const char content[] = "PK\x03\x04\0\0binary\0tail";
	size_t len = sizeof(content) - 1;
	struct strbuf tar;
	strbuf_init(&tar, 1 << 20);
	struct error err;
	error_init(&err);
	assert_int_equal(
		memtar_file_bytes(&tar, "usrlib/job.jar", content, len, 9999, 9999, &err),
		0);
	struct archive *a = archive_read_new();
	archive_read_support_format_tar(a);
	assert_int_equal(archive_read_open_memory(a, tar.buf, tar.len), ARCHIVE_OK);
	struct archive_entry *e;
	int n = 0;
	char data[64];
	la_ssize_t got = -1;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		if (n++ == 1) {
			assert_string_equal(archive_entry_pathname(e), "usrlib/job.jar");
			assert_int_equal(archive_entry_size(e), (la_int64_t)len);
			got = archive_read_data(a, data, sizeof(data));
		}
	}
	assert_int_equal(n, 2);
	assert_int_equal(got, (la_ssize_t)len);
	assert_memory_equal(data, content, len);
	archive_read_free(a);
	strbuf_release(&tar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_file_with_parents),
					   cmocka_unit_test(test_binary_file)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
