/* Bars and human sizes for progress lines and dashboard cells. */
#include "util/bar.h"

#include <stdio.h>
#include <string.h>

void bar_format(char *out, size_t outlen, uint64_t done, uint64_t total, int width,
		bool utf8)
{
	size_t o = 0;
	if (outlen == 0)
		return;
	/* eighths of a cell give a smooth UTF-8 bar */
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	uint64_t cells8 = 0;
	if (total > 0) {
		if (done > total)
			done = total;
		cells8 = (uint64_t)((double)done / (double)total * width * 8.0);
	}
	int full = (int)(cells8 / 8);
	int part = (int)(cells8 % 8);
	for (int i = 0; i < width; i++) {
		const char *cell;
		if (i < full)
			cell = utf8 ? "█" : "#";
		else if (i == full && part && utf8)
			cell = eighths[part];
		else
			cell = utf8 ? " " : ".";
		size_t n = strlen(cell);
		if (o + n + 1 > outlen)
			break;
		memcpy(out + o, cell, n);
		o += n;
	}
	out[o] = '\0';
}

void bar_size(char *out, size_t outlen, uint64_t bytes)
{
	if (bytes < 1000)
		snprintf(out, outlen, "%u B", (unsigned)bytes);
	else if (bytes < 1000 * 1000)
		snprintf(out, outlen, "%.1f KB", bytes / 1e3);
	else if (bytes < 1000ull * 1000 * 1000)
		snprintf(out, outlen, "%.1f MB", bytes / 1e6);
	else
		snprintf(out, outlen, "%.2f GB", bytes / 1e9);
}
