/*
 * The firmware application: session (ANNOUNCE / HELLO), sampling scheduler, command handling with de-duplication
 * of retried command ids (PROTOCOL.md section 3). Hardware-independent: it talks only to fb/hal.h.
 */
#ifndef FB_APP_H
#define FB_APP_H

#include <stdint.h>

#include "fb/frame.h"
#include "fb/rx.h"

#define FB_ANNOUNCE_PERIOD_MS 1000u

typedef struct {
    uint8_t kind;       /* enum fb_kind */
    uint8_t hw;         /* HAL input / pin number */
    uint8_t decimals;
    uint16_t period_ms; /* >= FB_MIN_PERIOD_MS */
    int32_t zero;
    int32_t num;
    uint32_t den;       /* > 0 */
    const char *unit;   /* UTF-8, <= FB_MAX_UNIT bytes */
    const char *name;   /* [A-Za-z0-9_.-], 1..FB_MAX_NAME */
} fb_channel_config;

typedef struct {
    uint32_t device_id;
    uint8_t fw_major;
    uint8_t fw_minor;
    const char *model;
    uint8_t channel_count; /* <= FB_MAX_CHANNELS */
    const fb_channel_config *channels;
} fb_device_config;

typedef struct {
    const fb_device_config *cfg;
    fb_rx rx;
    uint8_t in_session;
    uint8_t have_last_cmd;
    uint8_t last_reply_type; /* FB_T_ACK or FB_T_NAK */
    uint8_t last_reason;
    uint16_t last_cmd;
    uint16_t seq;
    uint32_t next_announce;
    uint32_t outputs; /* bit i: state of output channel i */
    uint32_t next_due[FB_MAX_CHANNELS];
    uint32_t counter_offset[FB_MAX_CHANNELS]; /* reported count = HAL count + offset */
    uint8_t scratch[FB_MAX_FRAME];
    uint8_t wire[FB_MAX_WIRE];
} fb_app;

/* Returns 0 if the configuration satisfies the protocol limits, else -1. */
int fb_config_check(const fb_device_config *cfg);

/* Drives every output to 0 (the fail-safe state), sends 0x00 and the first ANNOUNCE. */
void fb_app_init(fb_app *app, const fb_device_config *cfg);

/* One turn of the main loop: drain the UART, answer frames, announce or sample what is due. */
void fb_app_poll(fb_app *app);

/* Handles one good frame from the host (exposed for tests). */
void fb_app_handle(fb_app *app, const fb_frame *f);

/* Encodes and writes one frame. Returns 0, or -1 if it could not be encoded. */
int fb_app_send(fb_app *app, const fb_frame *f);

#endif
