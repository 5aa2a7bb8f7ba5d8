/* An owned list of key/value strings (labels, environment, config). */
#ifndef FC_UTIL_KV_H
#define FC_UTIL_KV_H

#include <cjson/cJSON.h>

struct kvlist {
	char **keys;   /* owned */
	char **values; /* owned */
	int n;
};

void kvlist_init(struct kvlist *l);
void kvlist_release(struct kvlist *l);
/* Sets key to value (copies both), replacing an earlier value. */
void kvlist_set(struct kvlist *l, const char *key, const char *value);
/* The value of key, or NULL. Borrowed. */
const char *kvlist_get(const struct kvlist *l, const char *key);
/* Fills l from a JSON object of strings (other members skipped). */
void kvlist_from_json(struct kvlist *l, const cJSON *obj);
/* A new JSON object of the pairs; the caller owns it. */
cJSON *kvlist_to_json(const struct kvlist *l);

#endif
