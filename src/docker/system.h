/* The Engine's own description of itself (GET /version) and of its machine
 * (GET /info). */
#ifndef FC_DOCKER_SYSTEM_H
#define FC_DOCKER_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

#include "docker/client.h"

struct docker_version {
	char version[64];     /* Engine version, "20.10.24+dfsg1" */
	char api_version[16]; /* its maximum API version */
	char min_api_version[16];
	char os[32];
	char arch[32];
	char kernel[128];
};

/* Pure: parses a /version body. ERR_FAIL on malformed JSON or no Version. */
int docker_version_parse(const char *buf, size_t len, struct docker_version *out,
			 struct error *err);

/* GET /version on a connected client. */
int docker_system_version(struct docker_client *c, struct docker_version *out,
			  struct error *err);

struct docker_info {
	int64_t mem_total; /* bytes of memory the Engine's machine has */
	int ncpu;
};

/* Pure: parses a /info body. ERR_FAIL on malformed JSON or no MemTotal. */
int docker_info_parse(const char *buf, size_t len, struct docker_info *out,
		      struct error *err);
int docker_system_info(struct docker_client *c, struct docker_info *out,
		       struct error *err);

#endif
