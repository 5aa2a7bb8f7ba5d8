/* Volumes on the Engine: created with labels (the local driver), found by
 * label, removed. */
#include "docker/volume.h"

#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

int docker_volume_list_parse(const char *buf, size_t len, struct docker_named **out,
			     int *n, struct error *err)
{
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's volume list", &root, err);
	if (rc < 0)
		return rc;
	docker_named_parse_array(json_get(root, "Volumes"), "Name", out, n);
	cJSON_Delete(root);
	return 0;
}

int docker_volume_list(struct docker_client *c, const char *const *labels,
		       struct docker_named **out, int *n, struct error *err)
{
	return docker_named_list_call(c, "/volumes", labels, docker_volume_list_parse,
				      out, n, err);
}

int docker_volume_create(struct docker_client *c, const char *name,
			 const struct kvlist *labels, struct error *err)
{
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "Name", name);
	cJSON_AddStringToObject(body, "Driver", "local");
	if (labels)
		cJSON_AddItemToObject(body, "Labels", kvlist_to_json(labels));
	int rc = docker_call_json(c, "POST", "/volumes/create", body, NULL, err);
	cJSON_Delete(body);
	return rc;
}

int docker_volume_remove(struct docker_client *c, const char *name, struct error *err)
{
	char *path = xasprintf("/volumes/%s", name);
	int rc = docker_delete_ok_if_gone(c, path, err);
	free(path);
	return rc;
}
