/* The canonical text of a frame (PROTOCOL.md section 6): used by the vector tests and the virtual MCU's log. */
#ifndef FB_FRAME_TEXT_H
#define FB_FRAME_TEXT_H

#include <stddef.h>

#include "fb/frame.h"

/* Formats f into out. Returns 0, or -1 if it did not fit. */
int fb_frame_format(const fb_frame *f, char *out, size_t cap);

/* "cobs", "runt", "crc", "oversize", "unknown", "malformed" (or "ok" / "pending"). */
const char *fb_result_name(int result);

#endif
