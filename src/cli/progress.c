/* The CLI's progress line. */
#include "cli/progress.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/bar.h"
#include "util/clock.h"

void progress_init(struct progress *p, const char *label, bool tty)
{
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->tty = tty;
	if (tty) {
		setlocale(LC_CTYPE, "");
		p->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	}
}

void progress_update(struct progress *p, uint64_t done, uint64_t total, const char *extra)
{
	if (!p->tty)
		return;
	double t = clock_now_s();
	if (p->drawn && t - p->last < 0.1 && (total == 0 || done < total))
		return;
	p->last = t;
	char d[32], tot[32], bar[128];
	bar_size(d, sizeof(d), done);
	if (total > 0) {
		bar_size(tot, sizeof(tot), total);
		bar_format(bar, sizeof(bar), done, total, 24, p->utf8);
		fprintf(stderr, "\r\033[K%s [%s] %s / %s%s%s", p->label, bar, d, tot,
			extra ? " " : "", extra ? extra : "");
	} else {
		fprintf(stderr, "\r\033[K%s %s%s%s", p->label, d, extra ? " " : "",
			extra ? extra : "");
	}
	fflush(stderr);
	p->drawn = true;
}

void progress_clear(struct progress *p)
{
	if (p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->drawn = false;
	}
}
