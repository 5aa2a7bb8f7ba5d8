/* libFuzzer target: .dockerignore parsing, then matching. The input is the
 * file; when it holds a NUL, what follows the first NUL is also matched as
 * a path, so the matcher sees paths the fuzzer chose. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archive/dockerignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t len = nul ? (size_t)(nul - text) : size;
	struct dockerignore ign;
	struct error err;
	error_init(&err);
	if (dockerignore_parse(text, len, &ign, &err) == 0) {
		static const char *paths[] = {
			"a",           "a/b/c.log",   "docs/README.md", ".dockerignore",
			"x/y/z/w/v/u", "caf\xC3\xA9", "\xff/\xfe"};
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			dockerignore_excludes(&ign, paths[i]);
			dockerignore_may_include_below(&ign, paths[i]);
		}
		if (nul) {
			/* a path holds no NUL: the rest up to the next one */
			char *path = strndup(nul + 1, size - len - 1);
			if (path) {
				dockerignore_excludes(&ign, path);
				dockerignore_may_include_below(&ign, path);
				for (int i = 0; i < ign.n; i++)
					dockerignore_glob_match(ign.patterns[i].glob,
								path);
				free(path);
			}
		}
	} else if (err.code != ERR_USAGE || !err.msg[0]) {
		abort(); /* a refusal always says why */
	}
	dockerignore_release(&ign);
	/* cleaning is total and idempotent */
	char *raw = strndup(text, len);
	if (raw) {
		char *once = dockerignore_clean_path(raw);
		char *twice = dockerignore_clean_path(once);
		if (strcmp(once, twice) != 0)
			abort();
		free(twice);
		free(once);
		free(raw);
	}
	return 0;
}
