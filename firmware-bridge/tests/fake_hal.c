#include "fake_hal.h"

#include <string.h>

#include "fb/hal.h"
#include "fb/rx.h"

fake_hal g_hal;

void fake_reset(void)
{
    memset(&g_hal, 0, sizeof g_hal);
}

void fake_send_raw(const uint8_t *bytes, size_t len)
{
    if (g_hal.rx_len + len <= FAKE_RX_CAP) {
        memcpy(g_hal.rx + g_hal.rx_len, bytes, len);
        g_hal.rx_len += len;
    }
}

void fake_send(const fb_frame *f)
{
    uint8_t scratch[FB_MAX_FRAME];
    uint8_t wire[FB_MAX_WIRE];
    size_t n = fb_frame_encode(f, scratch, wire, sizeof wire);
    fake_send_raw(wire, n);
}

size_t fake_take(fb_frame *out, size_t cap)
{
    fb_rx rx;
    size_t count = 0;
    size_t i;
    fb_rx_init(&rx);
    for (i = 0; i < g_hal.tx_len; i++) {
        fb_frame f;
        int r = fb_rx_push(&rx, g_hal.tx[i], &f);
        if (r == FB_OK && count < cap) {
            out[count++] = f;
        } else if (r != FB_PENDING) {
            out[0].type = 0xEE; /* poison: the firmware sent something undecodable */
            return cap + 1;
        }
    }
    g_hal.tx_len = 0;
    return count;
}

size_t fb_hal_uart_read(uint8_t *buf, size_t cap)
{
    size_t n = g_hal.rx_len - g_hal.rx_pos;
    if (n > cap) {
        n = cap;
    }
    memcpy(buf, g_hal.rx + g_hal.rx_pos, n);
    g_hal.rx_pos += n;
    if (g_hal.rx_pos == g_hal.rx_len) {
        g_hal.rx_pos = g_hal.rx_len = 0;
    }
    return n;
}

void fb_hal_uart_write(const uint8_t *buf, size_t len)
{
    if (g_hal.tx_len + len <= FAKE_TX_CAP) {
        memcpy(g_hal.tx + g_hal.tx_len, buf, len);
        g_hal.tx_len += len;
    }
}

int fb_hal_adc_read(uint8_t input, int32_t *raw)
{
    *raw = g_hal.adc[input];
    return g_hal.adc_status[input];
}

uint32_t fb_hal_pulse_count(uint8_t input)
{
    return g_hal.pulses[input];
}

void fb_hal_gpio_write(uint8_t pin, uint8_t level)
{
    g_hal.gpio[pin] = level;
    g_hal.gpio_writes[pin]++;
}

uint32_t fb_hal_millis(void)
{
    return g_hal.now;
}
