/* The receiver both sides run: delimit, decode, check, count, resynchronise (PROTOCOL.md section 4). */
#ifndef FB_RX_H
#define FB_RX_H

#include <stdint.h>

#include "fb/frame.h"

typedef struct {
    uint32_t frames;    /* good frames delivered */
    uint32_t cobs;      /* invalid COBS (truncated frames, garbage) */
    uint32_t runt;      /* decoded shorter than type + CRC */
    uint32_t crc;       /* CRC mismatch */
    uint32_t oversize;  /* more than FB_MAX_ENCODED bytes without a delimiter */
    uint32_t unknown;   /* CRC good, unknown type (or wrong direction, counted by the application) */
    uint32_t malformed; /* CRC good, body does not match its layout */
} fb_rx_stats;

typedef struct {
    uint8_t buf[FB_MAX_ENCODED];
    uint16_t len;
    uint8_t discarding; /* after an oversize frame, until the next delimiter */
    uint8_t last_len;   /* decoded length (type + body + CRC) of the last CRC-checked frame, for NAKs */
    fb_rx_stats stats;
} fb_rx;

void fb_rx_init(fb_rx *rx);

/*
 * Feeds one received byte. Returns FB_PENDING while no frame ended; FB_OK with *f filled when a good frame ended;
 * or the fb_result of a dropped frame (already counted). After FB_E_UNKNOWN / FB_E_MALFORMED, rx->buf holds the
 * decoded frame (rx->last_len bytes incl. CRC), so a receiver can still read its type and cmd id.
 */
int fb_rx_push(fb_rx *rx, uint8_t byte, fb_frame *f);

#endif
