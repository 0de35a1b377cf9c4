#include "frame_text.h"

#include <stdarg.h>
#include <stdio.h>

static const char *kind_name(uint8_t kind)
{
    switch (kind) {
    case FB_KIND_ANALOG:
        return "analog";
    case FB_KIND_COUNTER:
        return "counter";
    case FB_KIND_OUTPUT:
        return "output";
    default:
        return "?";
    }
}

static const char *status_name(uint8_t status)
{
    switch (status) {
    case FB_ST_OK:
        return "ok";
    case FB_ST_FAULT:
        return "fault";
    default:
        return "overrange";
    }
}

static const char *reason_name(uint8_t reason)
{
    static const char *const names[] = { "0", "unknown_type", "malformed", "bad_channel", "bad_value",
        "unsupported_version", "not_ready", "unknown_op" };
    return reason < sizeof names / sizeof names[0] ? names[reason] : NULL;
}

typedef struct {
    char *out;
    size_t cap;
    size_t len;
    int overflow;
} text;

static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (t->overflow) {
        return;
    }
    va_start(ap, fmt);
    n = vsnprintf(t->out + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= t->cap - t->len) {
        t->overflow = 1;
        return;
    }
    t->len += (size_t)n;
}

int fb_frame_format(const fb_frame *f, char *out, size_t cap)
{
    text t;
    uint8_t i;

    t.out = out;
    t.cap = cap;
    t.len = 0;
    t.overflow = cap == 0;
    switch (f->type) {
    case FB_T_HELLO:
        add(&t, "HELLO cmd=%u min=%u max=%u", f->u.hello.cmd, f->u.hello.min_version, f->u.hello.max_version);
        break;
    case FB_T_ANNOUNCE:
        add(&t, "ANNOUNCE min=%u max=%u device=0x%08lX", f->u.announce.min_version, f->u.announce.max_version,
            (unsigned long)f->u.announce.device_id);
        break;
    case FB_T_HELLO_ACK:
        add(&t, "HELLO_ACK cmd=%u version=%u channels=%u device=0x%08lX fw=%u.%u model=%.*s", f->u.hello_ack.cmd,
            f->u.hello_ack.version, f->u.hello_ack.channel_count, (unsigned long)f->u.hello_ack.device_id,
            f->u.hello_ack.fw_major, f->u.hello_ack.fw_minor, (int)f->u.hello_ack.model_len, f->u.hello_ack.model);
        break;
    case FB_T_CHANNEL:
        add(&t, "CHANNEL index=%u kind=%s decimals=%u period=%u zero=%ld num=%ld den=%lu unit=%.*s name=%.*s",
            f->u.channel.index, kind_name(f->u.channel.kind), f->u.channel.decimals, f->u.channel.period_ms,
            (long)f->u.channel.zero, (long)f->u.channel.num, (unsigned long)f->u.channel.den,
            (int)f->u.channel.unit_len, f->u.channel.unit, (int)f->u.channel.name_len, f->u.channel.name);
        break;
    case FB_T_READING:
        add(&t, "READING seq=%u tick=%lu", f->u.reading.seq, (unsigned long)f->u.reading.tick_ms);
        for (i = 0; i < f->u.reading.count; i++) {
            add(&t, " %u:%s:%ld", f->u.reading.samples[i].index, status_name(f->u.reading.samples[i].status),
                (long)f->u.reading.samples[i].raw);
        }
        break;
    case FB_T_COMMAND:
        if (f->u.command.op == FB_OP_SET_OUTPUT || f->u.command.op == FB_OP_SET_COUNTER) {
            add(&t, "COMMAND cmd=%u op=%s channel=%u value=%ld", f->u.command.cmd,
                f->u.command.op == FB_OP_SET_OUTPUT ? "set_output" : "set_counter", f->u.command.channel,
                (long)f->u.command.value);
        } else {
            add(&t, "COMMAND cmd=%u op=%u channel=%u value=%ld", f->u.command.cmd, f->u.command.op,
                f->u.command.channel, (long)f->u.command.value);
        }
        break;
    case FB_T_ACK:
        add(&t, "ACK cmd=%u", f->u.ack.cmd);
        break;
    case FB_T_NAK:
        if (reason_name(f->u.ack.reason) != NULL) {
            add(&t, "NAK cmd=%u reason=%s", f->u.ack.cmd, reason_name(f->u.ack.reason));
        } else {
            add(&t, "NAK cmd=%u reason=%u", f->u.ack.cmd, f->u.ack.reason);
        }
        break;
    default:
        add(&t, "? type=%u", f->type);
        break;
    }
    return t.overflow ? -1 : 0;
}

const char *fb_result_name(int result)
{
    switch (result) {
    case FB_PENDING:
        return "pending";
    case FB_OK:
        return "ok";
    case FB_E_COBS:
        return "cobs";
    case FB_E_RUNT:
        return "runt";
    case FB_E_CRC:
        return "crc";
    case FB_E_OVERSIZE:
        return "oversize";
    case FB_E_UNKNOWN:
        return "unknown";
    default:
        return "malformed";
    }
}
