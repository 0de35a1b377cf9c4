/*
 * The hardware abstraction the firmware core needs: six functions each platform defines (at link time).
 * target/m0plus/hal_m0.c is the Cortex-M0+ one, host/vmcu_hal.c the virtual MCU's, tests/fake_hal.c the tests'.
 */
#ifndef FB_HAL_H
#define FB_HAL_H

#include <stddef.h>
#include <stdint.h>

/* Copies up to cap received bytes into buf without blocking. Returns how many. */
size_t fb_hal_uart_read(uint8_t *buf, size_t cap);

/* Queues len bytes for transmission (may block until there is room). One call carries one whole wire frame. */
void fb_hal_uart_write(const uint8_t *buf, size_t len);

/* Samples an ADC input. Returns an fb_status (FB_ST_OK, FB_ST_FAULT, FB_ST_OVERRANGE) and sets *raw. */
int fb_hal_adc_read(uint8_t input, int32_t *raw);

/* The free-running pulse count of a counter input (wraps at 2^32). */
uint32_t fb_hal_pulse_count(uint8_t input);

/* Drives a digital output: level 0 or 1. */
void fb_hal_gpio_write(uint8_t pin, uint8_t level);

/* A millisecond tick (wraps at 2^32). */
uint32_t fb_hal_millis(void);

#endif
