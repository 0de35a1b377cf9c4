#include "fb/rx.h"

#include <string.h>

void fb_rx_init(fb_rx *rx)
{
    memset(rx, 0, sizeof *rx);
}

int fb_rx_push(fb_rx *rx, uint8_t byte, fb_frame *f)
{
    size_t decoded = 0;
    int r;

    if (rx->discarding) {
        if (byte == 0) {
            rx->discarding = 0;
        }
        return FB_PENDING;
    }
    if (byte != 0) {
        if (rx->len >= FB_MAX_ENCODED) {
            rx->len = 0;
            rx->discarding = 1;
            rx->stats.oversize++;
            return FB_E_OVERSIZE;
        }
        rx->buf[rx->len++] = byte;
        return FB_PENDING;
    }
    if (rx->len == 0) {
        return FB_PENDING; /* idle fill */
    }
    r = fb_frame_decode(rx->buf, rx->len, f, &decoded);
    rx->len = 0;
    rx->last_len = (uint8_t)decoded;
    switch (r) {
    case FB_OK:
        rx->stats.frames++;
        break;
    case FB_E_COBS:
        rx->stats.cobs++;
        break;
    case FB_E_RUNT:
        rx->stats.runt++;
        break;
    case FB_E_CRC:
        rx->stats.crc++;
        break;
    case FB_E_UNKNOWN:
        rx->stats.unknown++;
        break;
    default:
        rx->stats.malformed++;
        break;
    }
    return r;
}
