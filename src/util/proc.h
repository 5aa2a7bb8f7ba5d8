/* Process identity that survives PID reuse: "PID:STARTTIME" from /proc, so
 * gc can tell a dead owner from a new process with the same PID. */
#ifndef FC_UTIL_PROC_H
#define FC_UTIL_PROC_H

#include <stdbool.h>
#include <stddef.h>

/* Writes "PID:STARTTIME" for pid into out. -1 when pid does not exist. */
int proc_identity(long pid, char *out, size_t n);
/* True when the process named by an identity string is still running. A
 * bare "PID" (no start time) is alive while that PID exists. */
bool proc_identity_alive(const char *identity);

#endif
