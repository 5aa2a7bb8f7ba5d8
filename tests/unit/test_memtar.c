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

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_file_with_parents)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
