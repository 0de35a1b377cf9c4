/* A scripted HAL for the application tests: bytes in, frames out, inputs set by the test, a manual clock. */
#ifndef FB_FAKE_HAL_H
#define FB_FAKE_HAL_H

#include <stddef.h>
#include <stdint.h>

#include "fb/frame.h"

#define FAKE_TX_CAP 65536
#define FAKE_RX_CAP 4096

typedef struct {
    uint8_t rx[FAKE_RX_CAP];
    size_t rx_len;
    size_t rx_pos;
    uint8_t tx[FAKE_TX_CAP];
    size_t tx_len;
    uint32_t now;
    int32_t adc[FB_MAX_CHANNELS];
    int adc_status[FB_MAX_CHANNELS];
    uint32_t pulses[FB_MAX_CHANNELS];
    uint8_t gpio[FB_MAX_CHANNELS];
    unsigned gpio_writes[FB_MAX_CHANNELS];
} fake_hal;

extern fake_hal g_hal;

void fake_reset(void);

/* Queues a frame for the firmware to receive. */
void fake_send(const fb_frame *f);

/* Queues raw bytes for the firmware to receive. */
void fake_send_raw(const uint8_t *bytes, size_t len);

/* Decodes everything the firmware sent since the last call into frames (errors count as failures). */
size_t fake_take(fb_frame *out, size_t cap);

#endif
