/* Running a command in a container (POST /containers/{id}/exec, then
 * /exec/{id}/start) and collecting its output: the way flink-cmd reads the
 * data volume (the Engine's API has no directory listing). The command is an
 * argv, never a shell line. Knows nothing of Flink. */
#ifndef FC_DOCKER_EXEC_H
#define FC_DOCKER_EXEC_H

#include "docker/client.h"
#include "util/strbuf.h"

/* Runs argv (NULL-terminated) in the running container id as user (NULL:
 * the image's). stdout is appended to out (capped by out's cap), stderr to
 * err_out (may be NULL); *exit_code is the command's status. */
int docker_exec_run(struct docker_client *c, const char *id, const char *user,
		    const char *const *argv, struct strbuf *out, struct strbuf *err_out,
		    int *exit_code, const struct cancel *cancel, struct error *err);

#endif
