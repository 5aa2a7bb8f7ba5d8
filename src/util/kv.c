/* kvlist: small ordered maps; linear look-up is right at label sizes. */
#include "util/kv.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void kvlist_init(struct kvlist *l)
{
	l->keys = NULL;
	l->values = NULL;
	l->n = 0;
}

void kvlist_release(struct kvlist *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->keys[i]);
		free(l->values[i]);
	}
	free(l->keys);
	free(l->values);
	kvlist_init(l);
}

void kvlist_set(struct kvlist *l, const char *key, const char *value)
{
	for (int i = 0; i < l->n; i++) {
		if (strcmp(l->keys[i], key) == 0) {
			free(l->values[i]);
			l->values[i] = xstrdup(value);
			return;
		}
	}
	l->keys = xrealloc(l->keys, sizeof(char *) * (size_t)(l->n + 1));
	l->values = xrealloc(l->values, sizeof(char *) * (size_t)(l->n + 1));
	l->keys[l->n] = xstrdup(key);
	l->values[l->n] = xstrdup(value);
	l->n++;
}

const char *kvlist_get(const struct kvlist *l, const char *key)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->keys[i], key) == 0)
			return l->values[i];
	return NULL;
}

void kvlist_from_json(struct kvlist *l, const cJSON *obj)
{
	const cJSON *it;
	cJSON_ArrayForEach (it, obj) {
		if (it->string && cJSON_IsString(it))
			kvlist_set(l, it->string, it->valuestring);
	}
}

cJSON *kvlist_to_json(const struct kvlist *l)
{
	cJSON *o = cJSON_CreateObject();
	for (int i = 0; i < l->n; i++)
		cJSON_AddStringToObject(o, l->keys[i], l->values[i]);
	return o;
}
