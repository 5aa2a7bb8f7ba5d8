/* A screen as lines of text: the dashboard renders into a frame, then
 * either ncurses draws it (one pass, only what changed) or the scripted mode
 * prints it. Each line has one attribute for its colour. */
#ifndef FC_TUI_FRAME_H
#define FC_TUI_FRAME_H

#include <stdarg.h>

enum frame_attr {
	FRAME_NORMAL,
	FRAME_TITLE,    /* the header line */
	FRAME_HEADING,  /* a panel's heading */
	FRAME_SELECTED, /* the selected row */
	FRAME_GOOD,
	FRAME_WARN,
	FRAME_BAD,
	FRAME_DIM,
};

struct top_frame {
	int rows, cols;
	char **line; /* rows strings, UTF-8, at most cols cells each; owned */
	enum frame_attr *attr;
	int next; /* the row frame_add writes next */
};

struct top_frame *frame_new(int rows, int cols);
void frame_free(struct top_frame *f);
/* Appends a line (cut to the width, counted in characters); ignored past
 * the last row. */
void frame_add(struct top_frame *f, enum frame_attr a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Writes the frame as text, one line each, trailing spaces trimmed. */
char *frame_text(const struct top_frame *f);

#endif
