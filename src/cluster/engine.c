/* The engine seam's calls: each goes to the engine's own operation, so the
 * callers read the same whichever engine runs the cluster. */
#include "cluster/engine.h"

#include <stdlib.h>
#include <string.h>

void member_spec_release(struct member_spec *s)
{
	free(s->name);
	for (char **p = s->cmd; p && *p; p++)
		free(*p);
	free(s->cmd);
	kvlist_release(&s->env);
	kvlist_release(&s->labels);
	free(s->network);
	free(s->volume);
	strbuf_release(&s->files);
	free(s->files_what);
	memset(s, 0, sizeof(*s));
}

void cluster_engine_free(struct cluster_engine *e)
{
	if (!e)
		return;
	e->ops->free(e->impl);
	free(e);
}

const char *cluster_engine_name(const struct cluster_engine *e)
{
	return e->ops->name;
}

int cluster_engine_inventory(struct cluster_engine *e, const char *cluster,
			     struct cluster_inventory *out, struct error *err)
{
	return e->ops->inventory(e->impl, cluster, out, err);
}

int cluster_engine_cluster_names(struct cluster_engine *e, char ***names, int *n,
				 struct error *err)
{
	return e->ops->cluster_names(e->impl, names, n, err);
}

int cluster_engine_image_check(struct cluster_engine *e, const char *image,
			       struct error *err)
{
	return e->ops->image_check(e->impl, image, err);
}

int cluster_engine_memory_total(struct cluster_engine *e, int64_t *bytes,
				struct error *err)
{
	return e->ops->memory_total(e->impl, bytes, err);
}

int cluster_engine_member_exit(struct cluster_engine *e, const char *id, bool *running,
			       int *exit_code, struct error *err)
{
	return e->ops->member_exit(e->impl, id, running, exit_code, err);
}

int cluster_engine_member_logs(struct cluster_engine *e, const char *id,
			       const struct member_logs_opts *o, member_output_fn fn,
			       void *arg, struct error *err)
{
	return e->ops->member_logs(e->impl, id, o, fn, arg, err);
}

int cluster_engine_member_exec(struct cluster_engine *e, const char *id,
			       const char *const *argv, struct strbuf *out,
			       int *exit_code, const struct cancel *cancel,
			       struct error *err)
{
	return e->ops->member_exec(e->impl, id, argv, out, exit_code, cancel, err);
}

int cluster_engine_member_put(struct cluster_engine *e, const char *id, const char *dir,
			      const char *tar, size_t len, struct error *err)
{
	return e->ops->member_put(e->impl, id, dir, tar, len, err);
}

int cluster_engine_member_stats(struct cluster_engine *e, const char *id,
				struct member_stats *out, const struct cancel *cancel,
				struct error *err)
{
	return e->ops->member_stats(e->impl, id, out, cancel, err);
}
