/* libFuzzer target: every parser of Engine JSON replies. */
#include <stddef.h>
#include <stdint.h>

#include "docker/container.h"
#include "docker/image.h"
#include "docker/network.h"
#include "docker/volume.h"
#include "docker/system.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct error err;
	error_init(&err);
	struct docker_container_summary *list;
	int n;
	if (docker_container_list_parse(buf, size, 8081, &list, &n, &err) == 0)
		docker_container_list_free(list, n);
	struct docker_container_info info;
	if (docker_container_info_parse(buf, size, "8081/tcp", &info, &err) == 0)
		docker_container_info_release(&info);
	struct docker_image_info img;
	if (docker_image_info_parse(buf, size, &img, &err) == 0)
		docker_image_info_release(&img);
	struct docker_named *named;
	if (docker_network_list_parse(buf, size, &named, &n, &err) == 0)
		docker_named_list_free(named, n);
	if (docker_volume_list_parse(buf, size, &named, &n, &err) == 0)
		docker_named_list_free(named, n);
	struct docker_version v;
	docker_version_parse(buf, size, &v, &err);
	return 0;
}
