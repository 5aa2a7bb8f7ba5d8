/* libFuzzer target: .dockerignore parsing, then matching a few paths. */
#include <stddef.h>
#include <stdint.h>

#include "archive/dockerignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dockerignore ign;
	struct error err;
	error_init(&err);
	if (dockerignore_parse((const char *)data, size, &ign, &err) == 0) {
		static const char *paths[] = {"a", "a/b/c.log", "docs/README.md",
					      ".dockerignore", "x/y/z/w/v/u"};
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
			dockerignore_excludes(&ign, paths[i]);
	}
	dockerignore_release(&ign);
	return 0;
}
