/* /proc/PID/stat start times for owner labels. */
#include "util/proc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int start_time(long pid, unsigned long long *out)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* the command name may hold spaces and ')'; fields resume after the last ')' */
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	p++;
	/* field 3 is the state; start time is field 22 */
	for (int field = 3; field < 22; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -1;
	}
	*out = strtoull(p + 1, NULL, 10);
	return 0;
}

int proc_identity(long pid, char *out, size_t n)
{
	unsigned long long st;
	if (start_time(pid, &st) < 0)
		return -1;
	snprintf(out, n, "%ld:%llu", pid, st);
	return 0;
}

bool proc_identity_alive(const char *identity)
{
	char *end;
	long pid = strtol(identity, &end, 10);
	if (end == identity || pid <= 0)
		return false;
	if (*end == '\0')
		return kill((int)pid, 0) == 0 || errno == EPERM;
	if (*end != ':')
		return false;
	unsigned long long want = strtoull(end + 1, NULL, 10), have;
	return start_time(pid, &have) == 0 && have == want;
}
