/* libFuzzer target: the container list and container inspect parsers, with
 * the promises their header makes: every string of a parsed result is set,
 * a published port comes with its address, a failure leaves nothing to free
 * and says why. */
#include <stddef.h>
#include <stdint.h>

#include "docker/container.h"

static void list(const char *buf, size_t size, int private_port)
{
	struct error err;
	error_init(&err);
	struct docker_container_summary *l;
	int n;
	if (docker_container_list_parse(buf, size, private_port, &l, &n, &err) < 0) {
		if (l || n || !err.msg[0])
			__builtin_trap();
		return;
	}
	if (!l || n < 0)
		__builtin_trap();
	for (int i = 0; i < n; i++) {
		const struct docker_container_summary *s = &l[i];
		if (!s->id || !s->name || !s->image || !s->state || !s->status)
			__builtin_trap();
		if ((s->public_port != 0) != (s->public_ip != NULL))
			__builtin_trap();
		if (!private_port && s->public_port)
			__builtin_trap();
		for (int k = 0; k < s->labels.n; k++)
			if (!s->labels.keys[k] || !s->labels.values[k])
				__builtin_trap();
	}
	docker_container_list_free(l, n);
}

static void info(const char *buf, size_t size, const char *private_port)
{
	struct error err;
	error_init(&err);
	struct docker_container_info in;
	if (docker_container_info_parse(buf, size, private_port, &in, &err) < 0) {
		if (in.id || in.name || in.labels.n || !err.msg[0])
			__builtin_trap();
		return;
	}
	if (!in.id || !in.id[0] || !in.name || !in.state || !in.started_at ||
	    !in.finished_at)
		__builtin_trap();
	if (!private_port && in.host_port)
		__builtin_trap();
	docker_container_info_release(&in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	list(buf, size, 8081);
	list(buf, size, 0);
	info(buf, size, "8081/tcp");
	info(buf, size, NULL);
	return 0;
}
