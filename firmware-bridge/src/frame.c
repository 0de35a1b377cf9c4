#include "fb/frame.h"

#include <string.h>

#include "fb/cobs.h"
#include "fb/crc16.h"

uint16_t fb_get_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t fb_get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

void fb_put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void fb_put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static int32_t get_i32(const uint8_t *p)
{
    uint32_t u = fb_get_u32(p);
    /* Portable two's complement conversion without implementation-defined behaviour. */
    return (u <= 0x7FFFFFFFu) ? (int32_t)u : (int32_t)(u - 0x80000000u) - 0x7FFFFFFF - 1;
}

static void put_i32(uint8_t *p, int32_t v)
{
    fb_put_u32(p, (uint32_t)v);
}

static int is_model_char(uint8_t c)
{
    return c > 0x20 && c < 0x7F;
}

static int is_name_char(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
        || c == '-';
}

/* A unit is UTF-8 without spaces or control characters. */
static int is_valid_unit(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = p[i];
        size_t extra;
        size_t k;
        if (c < 0x80) {
            if (c <= 0x20 || c == 0x7F) {
                return 0;
            }
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
        } else {
            return 0;
        }
        if (i + extra >= len) {
            return 0;
        }
        for (k = 1; k <= extra; k++) {
            if ((p[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        /* Overlong 3/4-byte forms, surrogates and code points above U+10FFFF. */
        if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] > 0x9F) || (c == 0xF0 && p[i + 1] < 0x90)
            || (c == 0xF4 && p[i + 1] > 0x8F)) {
            return 0;
        }
        i += extra + 1;
    }
    return 1;
}

static int all(const uint8_t *p, size_t len, int (*pred)(uint8_t))
{
    size_t i;
    for (i = 0; i < len; i++) {
        if (!pred(p[i])) {
            return 0;
        }
    }
    return 1;
}

size_t fb_frame_serialize(const fb_frame *f, uint8_t *out, size_t cap)
{
    uint8_t tmp[FB_MAX_FRAME];
    size_t n = 1;
    uint8_t i;

    tmp[0] = f->type;
    switch (f->type) {
    case FB_T_HELLO:
        fb_put_u16(tmp + 1, f->u.hello.cmd);
        tmp[3] = f->u.hello.min_version;
        tmp[4] = f->u.hello.max_version;
        n = 5;
        break;
    case FB_T_ANNOUNCE:
        tmp[1] = f->u.announce.min_version;
        tmp[2] = f->u.announce.max_version;
        fb_put_u32(tmp + 3, f->u.announce.device_id);
        n = 7;
        break;
    case FB_T_HELLO_ACK:
        if (f->u.hello_ack.model_len > FB_MAX_MODEL) {
            return 0;
        }
        fb_put_u16(tmp + 1, f->u.hello_ack.cmd);
        tmp[3] = f->u.hello_ack.version;
        tmp[4] = f->u.hello_ack.channel_count;
        fb_put_u32(tmp + 5, f->u.hello_ack.device_id);
        tmp[9] = f->u.hello_ack.fw_major;
        tmp[10] = f->u.hello_ack.fw_minor;
        tmp[11] = f->u.hello_ack.model_len;
        memcpy(tmp + 12, f->u.hello_ack.model, f->u.hello_ack.model_len);
        n = 12u + f->u.hello_ack.model_len;
        break;
    case FB_T_CHANNEL:
        if (f->u.channel.unit_len > FB_MAX_UNIT || f->u.channel.name_len > FB_MAX_NAME) {
            return 0;
        }
        tmp[1] = f->u.channel.index;
        tmp[2] = f->u.channel.kind;
        tmp[3] = f->u.channel.decimals;
        tmp[4] = f->u.channel.flags;
        fb_put_u16(tmp + 5, f->u.channel.period_ms);
        put_i32(tmp + 7, f->u.channel.zero);
        put_i32(tmp + 11, f->u.channel.num);
        fb_put_u32(tmp + 15, f->u.channel.den);
        n = 19;
        tmp[n++] = f->u.channel.unit_len;
        memcpy(tmp + n, f->u.channel.unit, f->u.channel.unit_len);
        n += f->u.channel.unit_len;
        tmp[n++] = f->u.channel.name_len;
        memcpy(tmp + n, f->u.channel.name, f->u.channel.name_len);
        n += f->u.channel.name_len;
        break;
    case FB_T_READING:
        if (f->u.reading.count > FB_MAX_SAMPLES) {
            return 0;
        }
        fb_put_u16(tmp + 1, f->u.reading.seq);
        fb_put_u32(tmp + 3, f->u.reading.tick_ms);
        tmp[7] = f->u.reading.count;
        n = 8;
        for (i = 0; i < f->u.reading.count; i++) {
            tmp[n] = f->u.reading.samples[i].index;
            tmp[n + 1] = f->u.reading.samples[i].status;
            put_i32(tmp + n + 2, f->u.reading.samples[i].raw);
            n += 6;
        }
        break;
    case FB_T_COMMAND:
        fb_put_u16(tmp + 1, f->u.command.cmd);
        tmp[3] = f->u.command.op;
        tmp[4] = f->u.command.channel;
        put_i32(tmp + 5, f->u.command.value);
        n = 9;
        break;
    case FB_T_ACK:
        fb_put_u16(tmp + 1, f->u.ack.cmd);
        n = 3;
        break;
    case FB_T_NAK:
        fb_put_u16(tmp + 1, f->u.ack.cmd);
        tmp[3] = f->u.ack.reason;
        n = 4;
        break;
    default:
        return 0;
    }
    if (n > cap || n + 2 > FB_MAX_FRAME) {
        return 0;
    }
    memcpy(out, tmp, n);
    return n;
}

int fb_frame_parse(const uint8_t *buf, size_t len, fb_frame *f)
{
    const uint8_t *b = buf + 1; /* body */
    size_t n;                   /* body length */
    uint8_t i;

    if (len < 1) {
        return FB_E_MALFORMED;
    }
    n = len - 1;
    memset(f, 0, sizeof *f);
    f->type = buf[0];
    switch (buf[0]) {
    case FB_T_HELLO:
        if (n < 4) {
            return FB_E_MALFORMED;
        }
        f->u.hello.cmd = fb_get_u16(b);
        f->u.hello.min_version = b[2];
        f->u.hello.max_version = b[3];
        return FB_OK;
    case FB_T_ANNOUNCE:
        if (n < 6) {
            return FB_E_MALFORMED;
        }
        f->u.announce.min_version = b[0];
        f->u.announce.max_version = b[1];
        f->u.announce.device_id = fb_get_u32(b + 2);
        return FB_OK;
    case FB_T_HELLO_ACK:
        if (n < 11 || b[3] > FB_MAX_CHANNELS || b[10] > FB_MAX_MODEL || 11u + b[10] > n
            || !all(b + 11, b[10], is_model_char)) {
            return FB_E_MALFORMED;
        }
        f->u.hello_ack.cmd = fb_get_u16(b);
        f->u.hello_ack.version = b[2];
        f->u.hello_ack.channel_count = b[3];
        f->u.hello_ack.device_id = fb_get_u32(b + 4);
        f->u.hello_ack.fw_major = b[8];
        f->u.hello_ack.fw_minor = b[9];
        f->u.hello_ack.model_len = b[10];
        memcpy(f->u.hello_ack.model, b + 11, b[10]);
        return FB_OK;
    case FB_T_CHANNEL: {
        uint8_t unit_len;
        uint8_t name_len;
        if (n < 20) {
            return FB_E_MALFORMED;
        }
        unit_len = b[18];
        if (unit_len > FB_MAX_UNIT || 20u + unit_len > n) {
            return FB_E_MALFORMED;
        }
        name_len = b[19 + unit_len];
        if (name_len < 1 || name_len > FB_MAX_NAME || 20u + unit_len + name_len > n) {
            return FB_E_MALFORMED;
        }
        f->u.channel.index = b[0];
        f->u.channel.kind = b[1];
        f->u.channel.decimals = b[2];
        f->u.channel.flags = b[3];
        f->u.channel.period_ms = fb_get_u16(b + 4);
        f->u.channel.zero = get_i32(b + 6);
        f->u.channel.num = get_i32(b + 10);
        f->u.channel.den = fb_get_u32(b + 14);
        f->u.channel.unit_len = unit_len;
        memcpy(f->u.channel.unit, b + 19, unit_len);
        f->u.channel.name_len = name_len;
        memcpy(f->u.channel.name, b + 20 + unit_len, name_len);
        if (f->u.channel.index >= FB_MAX_CHANNELS || f->u.channel.kind < FB_KIND_ANALOG
            || f->u.channel.kind > FB_KIND_OUTPUT || f->u.channel.decimals > 15
            || f->u.channel.period_ms < FB_MIN_PERIOD_MS || f->u.channel.den == 0
            || !is_valid_unit(b + 19, unit_len) || !all(b + 20 + unit_len, name_len, is_name_char)) {
            return FB_E_MALFORMED;
        }
        return FB_OK;
    }
    case FB_T_READING:
        if (n < 7 || b[6] < 1 || b[6] > FB_MAX_SAMPLES || 7u + 6u * b[6] > n) {
            return FB_E_MALFORMED;
        }
        f->u.reading.seq = fb_get_u16(b);
        f->u.reading.tick_ms = fb_get_u32(b + 2);
        f->u.reading.count = b[6];
        for (i = 0; i < b[6]; i++) {
            const uint8_t *s = b + 7 + 6 * i;
            if (s[1] > FB_ST_OVERRANGE) {
                return FB_E_MALFORMED;
            }
            f->u.reading.samples[i].index = s[0];
            f->u.reading.samples[i].status = s[1];
            f->u.reading.samples[i].raw = get_i32(s + 2);
        }
        return FB_OK;
    case FB_T_COMMAND:
        if (n < 8) {
            return FB_E_MALFORMED;
        }
        f->u.command.cmd = fb_get_u16(b);
        f->u.command.op = b[2];
        f->u.command.channel = b[3];
        f->u.command.value = get_i32(b + 4);
        return FB_OK;
    case FB_T_ACK:
        if (n < 2) {
            return FB_E_MALFORMED;
        }
        f->u.ack.cmd = fb_get_u16(b);
        return FB_OK;
    case FB_T_NAK:
        if (n < 3) {
            return FB_E_MALFORMED;
        }
        f->u.ack.cmd = fb_get_u16(b);
        f->u.ack.reason = b[2];
        return FB_OK;
    default:
        return FB_E_UNKNOWN;
    }
}

size_t fb_frame_encode(const fb_frame *f, uint8_t *scratch, uint8_t *wire, size_t cap)
{
    size_t n = fb_frame_serialize(f, scratch, FB_MAX_FRAME - 2);
    size_t e;
    uint16_t crc;

    if (n == 0) {
        return 0;
    }
    crc = fb_crc16(scratch, n);
    scratch[n] = (uint8_t)crc;
    scratch[n + 1] = (uint8_t)(crc >> 8);
    if (cap < 1) {
        return 0;
    }
    e = fb_cobs_encode(scratch, n + 2, wire, cap - 1);
    if (e == 0) {
        return 0;
    }
    wire[e] = 0;
    return e + 1;
}

int fb_frame_decode(uint8_t *buf, size_t len, fb_frame *f, size_t *decoded_len)
{
    size_t n = 0;

    if (fb_cobs_decode(buf, len, buf, FB_MAX_FRAME, &n) != 0) {
        return FB_E_COBS;
    }
    if (decoded_len != NULL) {
        *decoded_len = n;
    }
    if (n < 3) {
        return FB_E_RUNT;
    }
    if (fb_crc16(buf, n - 2) != fb_get_u16(buf + n - 2)) {
        return FB_E_CRC;
    }
    return fb_frame_parse(buf, n - 2, f);
}
