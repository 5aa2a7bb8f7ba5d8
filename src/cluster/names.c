/* Resource names and labels for a cluster. */
#include "cluster/names.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

char *cluster_jm_name(const char *cluster)
{
	return xasprintf("%s-jobmanager", cluster);
}

char *cluster_tm_name(const char *cluster, int index)
{
	return xasprintf("%s-taskmanager-%d", cluster, index);
}

char *cluster_net_name(const char *cluster)
{
	return xasprintf("%s-net", cluster);
}

char *cluster_volume_name(const char *cluster)
{
	return xasprintf("%s-data", cluster);
}

char *cluster_label_filter(const char *cluster)
{
	return xasprintf("%s=%s", LABEL_CLUSTER, cluster);
}

void cluster_labels(struct kvlist *l, const char *cluster, const char *role, int index)
{
	kvlist_set(l, LABEL_CLUSTER, cluster);
	if (!role)
		return;
	kvlist_set(l, LABEL_ROLE, role);
	/* docker compose's own labels, so `docker compose -p NAME ps` and desktop
	 * tools show the cluster as one project */
	kvlist_set(l, "com.docker.compose.project", cluster);
	kvlist_set(l, "com.docker.compose.service", role);
	kvlist_set(l, "com.docker.compose.oneoff", "False");
	char num[16];
	snprintf(num, sizeof(num), "%d", index > 0 ? index : 1);
	kvlist_set(l, "com.docker.compose.container-number", num);
	if (index > 0)
		kvlist_set(l, LABEL_INDEX, num);
}
