/* Frames: formatting lines cut to the screen's width in characters (UTF-8
 * sequences count once, so bars and arrows fit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/frame.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct top_frame *frame_new(int rows, int cols)
{
	struct top_frame *f = xcalloc(1, sizeof(*f));
	f->rows = rows;
	f->cols = cols;
	f->line = xcalloc((size_t)rows, sizeof(*f->line));
	f->attr = xcalloc((size_t)rows, sizeof(*f->attr));
	return f;
}

void frame_free(struct top_frame *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->rows; i++)
		free(f->line[i]);
	free(f->line);
	free(f->attr);
	free(f);
}

/* Cuts s to at most cols characters, in place. */
static void cut(char *s, int cols)
{
	int n = 0;
	for (char *p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue; /* a continuation byte */
		if (n == cols) {
			*p = '\0';
			return;
		}
		n++;
	}
}

void frame_add(struct top_frame *f, enum frame_attr a, const char *fmt, ...)
{
	if (f->next >= f->rows)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cut(buf, f->cols);
	f->line[f->next] = xstrdup(buf);
	f->attr[f->next] = a;
	f->next++;
}

char *frame_text(const struct top_frame *f)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (int i = 0; i < f->rows; i++) {
		const char *l = f->line[i] ? f->line[i] : "";
		size_t n = strlen(l);
		while (n > 0 && l[n - 1] == ' ')
			n--;
		strbuf_add(&sb, l, n);
		strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}
