#include "fb/app.h"

#include <string.h>

#include "fb/hal.h"

/* Whether tick t has been reached at now, across the 2^32 wrap (no implementation-defined casts). */
static int reached(uint32_t now, uint32_t t)
{
    return (uint32_t)(now - t) < 0x80000000u;
}

static int32_t as_i32(uint32_t u)
{
    return (u <= 0x7FFFFFFFu) ? (int32_t)u : (int32_t)(u - 0x80000000u) - 0x7FFFFFFF - 1;
}

static size_t bounded_strlen(const char *s, size_t max)
{
    size_t n = 0;
    if (s == NULL) {
        return 0;
    }
    while (n <= max && s[n] != '\0') {
        n++;
    }
    return n;
}

int fb_app_send(fb_app *app, const fb_frame *f)
{
    size_t n = fb_frame_encode(f, app->scratch, app->wire, sizeof app->wire);
    if (n == 0) {
        return -1;
    }
    fb_hal_uart_write(app->wire, n);
    return 0;
}

static void send_announce(fb_app *app)
{
    fb_frame f;
    memset(&f, 0, sizeof f);
    f.type = FB_T_ANNOUNCE;
    f.u.announce.min_version = FB_PROTOCOL_VERSION;
    f.u.announce.max_version = FB_PROTOCOL_VERSION;
    f.u.announce.device_id = app->cfg->device_id;
    (void)fb_app_send(app, &f);
}

static void send_reply(fb_app *app, uint16_t cmd, uint8_t type, uint8_t reason)
{
    fb_frame f;
    memset(&f, 0, sizeof f);
    f.type = type;
    f.u.ack.cmd = cmd;
    f.u.ack.reason = reason;
    (void)fb_app_send(app, &f);
}

void fb_app_init(fb_app *app, const fb_device_config *cfg)
{
    static const uint8_t flush = 0;
    uint8_t i;

    memset(app, 0, sizeof *app);
    app->cfg = cfg;
    fb_rx_init(&app->rx);
    for (i = 0; i < cfg->channel_count; i++) {
        if (cfg->channels[i].kind == FB_KIND_OUTPUT) {
            fb_hal_gpio_write(cfg->channels[i].hw, 0);
        }
    }
    fb_hal_uart_write(&flush, 1);
    send_announce(app);
    app->next_announce = fb_hal_millis() + FB_ANNOUNCE_PERIOD_MS;
}

static void start_session(fb_app *app, uint16_t cmd)
{
    const fb_device_config *cfg = app->cfg;
    uint32_t now = fb_hal_millis();
    fb_frame f;
    uint8_t i;

    memset(&f, 0, sizeof f);
    f.type = FB_T_HELLO_ACK;
    f.u.hello_ack.cmd = cmd;
    f.u.hello_ack.version = FB_PROTOCOL_VERSION;
    f.u.hello_ack.channel_count = cfg->channel_count;
    f.u.hello_ack.device_id = cfg->device_id;
    f.u.hello_ack.fw_major = cfg->fw_major;
    f.u.hello_ack.fw_minor = cfg->fw_minor;
    f.u.hello_ack.model_len = (uint8_t)bounded_strlen(cfg->model, FB_MAX_MODEL);
    memcpy(f.u.hello_ack.model, cfg->model, f.u.hello_ack.model_len);
    (void)fb_app_send(app, &f);

    for (i = 0; i < cfg->channel_count; i++) {
        const fb_channel_config *c = &cfg->channels[i];
        memset(&f, 0, sizeof f);
        f.type = FB_T_CHANNEL;
        f.u.channel.index = i;
        f.u.channel.kind = c->kind;
        f.u.channel.decimals = c->decimals;
        f.u.channel.period_ms = c->period_ms;
        f.u.channel.zero = c->zero;
        f.u.channel.num = c->num;
        f.u.channel.den = c->den;
        f.u.channel.unit_len = (uint8_t)bounded_strlen(c->unit, FB_MAX_UNIT);
        memcpy(f.u.channel.unit, c->unit, f.u.channel.unit_len);
        f.u.channel.name_len = (uint8_t)bounded_strlen(c->name, FB_MAX_NAME);
        memcpy(f.u.channel.name, c->name, f.u.channel.name_len);
        (void)fb_app_send(app, &f);
        app->next_due[i] = now;
    }
    app->in_session = 1;
    app->seq = 0;
    app->have_last_cmd = 0;
}

/* Executes a COMMAND. Returns 0 for ACK or an fb_nak reason. */
static uint8_t execute(fb_app *app, uint8_t op, uint8_t channel, int32_t value)
{
    const fb_channel_config *c;
    if (op != FB_OP_SET_OUTPUT && op != FB_OP_SET_COUNTER) {
        return FB_NAK_UNKNOWN_OP;
    }
    if (channel >= app->cfg->channel_count) {
        return FB_NAK_BAD_CHANNEL;
    }
    c = &app->cfg->channels[channel];
    if (op == FB_OP_SET_OUTPUT) {
        if (c->kind != FB_KIND_OUTPUT) {
            return FB_NAK_BAD_CHANNEL;
        }
        if (value != 0 && value != 1) {
            return FB_NAK_BAD_VALUE;
        }
        fb_hal_gpio_write(c->hw, (uint8_t)value);
        if (value) {
            app->outputs |= (uint32_t)1u << channel;
        } else {
            app->outputs &= ~((uint32_t)1u << channel);
        }
        return 0;
    }
    if (c->kind != FB_KIND_COUNTER) {
        return FB_NAK_BAD_CHANNEL;
    }
    app->counter_offset[channel] = (uint32_t)value - fb_hal_pulse_count(c->hw);
    return 0;
}

void fb_app_handle(fb_app *app, const fb_frame *f)
{
    switch (f->type) {
    case FB_T_HELLO:
        if (f->u.hello.min_version <= FB_PROTOCOL_VERSION && f->u.hello.max_version >= FB_PROTOCOL_VERSION) {
            start_session(app, f->u.hello.cmd);
        } else {
            send_reply(app, f->u.hello.cmd, FB_T_NAK, FB_NAK_UNSUPPORTED_VERSION);
        }
        break;
    case FB_T_COMMAND: {
        uint8_t reason;
        if (!app->in_session) {
            send_reply(app, f->u.command.cmd, FB_T_NAK, FB_NAK_NOT_READY);
            break;
        }
        if (app->have_last_cmd && app->last_cmd == f->u.command.cmd) {
            /* A retry: the answer was lost. Repeat it, do not act twice. */
            send_reply(app, app->last_cmd, app->last_reply_type, app->last_reason);
            break;
        }
        reason = execute(app, f->u.command.op, f->u.command.channel, f->u.command.value);
        app->have_last_cmd = 1;
        app->last_cmd = f->u.command.cmd;
        app->last_reply_type = reason == 0 ? (uint8_t)FB_T_ACK : (uint8_t)FB_T_NAK;
        app->last_reason = reason;
        send_reply(app, app->last_cmd, app->last_reply_type, reason);
        break;
    }
    default:
        /* An MCU -> host frame arriving at the MCU: an echo or a confused peer. */
        app->rx.stats.unknown++;
        break;
    }
}

static void sample_due(fb_app *app)
{
    const fb_device_config *cfg = app->cfg;
    uint32_t now = fb_hal_millis();
    fb_frame f;
    uint8_t i;

    memset(&f, 0, sizeof f);
    f.type = FB_T_READING;
    f.u.reading.tick_ms = now;
    for (i = 0; i < cfg->channel_count && f.u.reading.count < FB_MAX_SAMPLES; i++) {
        const fb_channel_config *c = &cfg->channels[i];
        fb_sample *s;
        if (!reached(now, app->next_due[i])) {
            continue;
        }
        app->next_due[i] += c->period_ms;
        if (reached(now, app->next_due[i])) {
            app->next_due[i] = now + c->period_ms; /* fell behind: skip, do not burst */
        }
        s = &f.u.reading.samples[f.u.reading.count++];
        s->index = i;
        s->status = FB_ST_OK;
        switch (c->kind) {
        case FB_KIND_ANALOG:
            s->status = (uint8_t)fb_hal_adc_read(c->hw, &s->raw);
            if (s->status == FB_ST_FAULT) {
                s->raw = 0;
            }
            break;
        case FB_KIND_COUNTER:
            s->raw = as_i32(fb_hal_pulse_count(c->hw) + app->counter_offset[i]);
            break;
        default:
            s->raw = (int32_t)((app->outputs >> i) & 1u);
            break;
        }
    }
    if (f.u.reading.count > 0) {
        f.u.reading.seq = app->seq++;
        (void)fb_app_send(app, &f);
    }
}

static void receive(fb_app *app)
{
    uint8_t chunk[32];
    size_t n;
    size_t i;
    fb_frame f;

    while ((n = fb_hal_uart_read(chunk, sizeof chunk)) > 0) {
        for (i = 0; i < n; i++) {
            int r = fb_rx_push(&app->rx, chunk[i], &f);
            if (r == FB_OK) {
                fb_app_handle(app, &f);
            } else if ((r == FB_E_UNKNOWN || r == FB_E_MALFORMED) && app->rx.last_len >= 5 && app->rx.buf[0] < 0x80) {
                /* CRC was good, so the cmd id (bytes 1-2) is trustworthy: say no rather than stay silent. */
                send_reply(app, fb_get_u16(app->rx.buf + 1), FB_T_NAK,
                    r == FB_E_UNKNOWN ? (uint8_t)FB_NAK_UNKNOWN_TYPE : (uint8_t)FB_NAK_MALFORMED);
            }
        }
    }
}

void fb_app_poll(fb_app *app)
{
    receive(app);
    if (app->in_session) {
        sample_due(app);
    } else if (reached(fb_hal_millis(), app->next_announce)) {
        send_announce(app);
        app->next_announce = fb_hal_millis() + FB_ANNOUNCE_PERIOD_MS;
    }
}
