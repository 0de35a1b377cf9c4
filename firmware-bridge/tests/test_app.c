/* The firmware application against a fake HAL: session, scheduler, commands, errors (PROTOCOL.md sections 3-4). */
#include "fake_hal.h"
#include "fb/app.h"
#include "fb/cobs.h"
#include "fb/crc16.h"
#include "harness.h"

static const fb_channel_config channels[] = {
    { FB_KIND_ANALOG, 0, 2, 100, 0, 330, 409500, "V", "supply" },
    { FB_KIND_COUNTER, 1, 0, 1000, 0, 1000, 800, "Wh", "energy" },
    { FB_KIND_OUTPUT, 2, 0, 250, 0, 1, 1, "", "relay" },
};
static const fb_device_config device = { 0xBEEF, 1, 2, "test-mcu", 3, channels };

static fb_app app;
static fb_frame out[64];

static void boot(void)
{
    fake_reset();
    g_hal.gpio[2] = 1; /* whatever the pin was, init drives it to the fail-safe 0 */
    fb_app_init(&app, &device);
}

static void hello(uint16_t cmd, uint8_t lo, uint8_t hi)
{
    fb_frame f;
    memset(&f, 0, sizeof f);
    f.type = FB_T_HELLO;
    f.u.hello.cmd = cmd;
    f.u.hello.min_version = lo;
    f.u.hello.max_version = hi;
    fake_send(&f);
}

static void command(uint16_t cmd, uint8_t op, uint8_t ch, int32_t value)
{
    fb_frame f;
    memset(&f, 0, sizeof f);
    f.type = FB_T_COMMAND;
    f.u.command.cmd = cmd;
    f.u.command.op = op;
    f.u.command.channel = ch;
    f.u.command.value = value;
    fake_send(&f);
}

static void start_session(void)
{
    boot();
    hello(1, 1, 1);
    fb_app_poll(&app);
    (void)fake_take(out, 64);
}

static void init_OutputsFailSafe_AnnouncesEverySecond(void)
{
    size_t n;
    boot();
    CHECK_EQ_INT(g_hal.gpio[2], 0);
    CHECK_EQ_INT(g_hal.tx[0], 0); /* the flush delimiter comes first */
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].type, FB_T_ANNOUNCE);
    CHECK_EQ_INT(out[0].u.announce.device_id, 0xBEEF);
    g_hal.now = 999;
    fb_app_poll(&app);
    CHECK_EQ_INT(fake_take(out, 64), 0);
    g_hal.now = 1000;
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].type, FB_T_ANNOUNCE);
}

static void hello_Supported_SendsAckDescriptorsAndFirstReading(void)
{
    size_t n;
    boot();
    (void)fake_take(out, 64);
    g_hal.adc[0] = 2048;
    g_hal.pulses[1] = 17;
    g_hal.now = 5;
    hello(0x1234, 1, 3);
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 5);
    CHECK_EQ_INT(out[0].type, FB_T_HELLO_ACK);
    CHECK_EQ_INT(out[0].u.hello_ack.cmd, 0x1234);
    CHECK_EQ_INT(out[0].u.hello_ack.version, 1);
    CHECK_EQ_INT(out[0].u.hello_ack.channel_count, 3);
    CHECK_EQ_INT(out[0].u.hello_ack.fw_minor, 2);
    CHECK(memcmp(out[0].u.hello_ack.model, "test-mcu", 8) == 0);
    CHECK_EQ_INT(out[1].type, FB_T_CHANNEL);
    CHECK_EQ_INT(out[1].u.channel.den, 409500);
    CHECK_EQ_INT(out[2].u.channel.kind, FB_KIND_COUNTER);
    CHECK_EQ_INT(out[3].u.channel.unit_len, 0);
    CHECK_EQ_INT(out[4].type, FB_T_READING);
    CHECK_EQ_INT(out[4].u.reading.seq, 0);
    CHECK_EQ_INT(out[4].u.reading.tick_ms, 5);
    CHECK_EQ_INT(out[4].u.reading.count, 3);
    CHECK_EQ_INT(out[4].u.reading.samples[0].raw, 2048);
    CHECK_EQ_INT(out[4].u.reading.samples[1].raw, 17);
    CHECK_EQ_INT(out[4].u.reading.samples[2].raw, 0);
}

static void hello_UnsupportedVersion_Naks(void)
{
    size_t n;
    boot();
    (void)fake_take(out, 64);
    hello(9, 2, 4);
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].type, FB_T_NAK);
    CHECK_EQ_INT(out[0].u.ack.cmd, 9);
    CHECK_EQ_INT(out[0].u.ack.reason, FB_NAK_UNSUPPORTED_VERSION);
    CHECK_EQ_INT(app.in_session, 0);
}

static void scheduler_Periods_SamplesEachChannelWhenDue(void)
{
    unsigned t;
    unsigned analog = 0, counter = 0, output = 0, frames = 0;
    uint16_t expected_seq = 1;
    start_session(); /* t = 0: all three sampled, seq 0 */
    for (t = 1; t <= 1000; t++) {
        size_t n;
        size_t i;
        uint8_t k;
        g_hal.now = t;
        fb_app_poll(&app);
        n = fake_take(out, 64);
        for (i = 0; i < n; i++) {
            CHECK_EQ_INT(out[i].type, FB_T_READING);
            CHECK_EQ_INT(out[i].u.reading.seq, expected_seq);
            CHECK_EQ_INT(out[i].u.reading.tick_ms, t);
            expected_seq++;
            frames++;
            for (k = 0; k < out[i].u.reading.count; k++) {
                uint8_t idx = out[i].u.reading.samples[k].index;
                analog += idx == 0;
                counter += idx == 1;
                output += idx == 2;
                if (idx == 0) {
                    CHECK_EQ_INT(t % 100, 0);
                } else if (idx == 2) {
                    CHECK_EQ_INT(t % 250, 0);
                }
            }
        }
    }
    CHECK_EQ_INT(analog, 10);  /* 100 .. 1000 */
    CHECK_EQ_INT(counter, 1);  /* 1000 */
    CHECK_EQ_INT(output, 4);   /* 250, 500, 750, 1000 */
    CHECK_EQ_INT(frames, 12);  /* 100..1000 (10) plus 250 and 750 */
}

static void scheduler_FallsBehind_SkipsInsteadOfBursting(void)
{
    size_t n;
    start_session();
    g_hal.now = 5000; /* the main loop stalled for 5 s */
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    g_hal.now = 5001;
    fb_app_poll(&app);
    CHECK_EQ_INT(fake_take(out, 64), 0);
    g_hal.now = 5100;
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].u.reading.samples[0].index, 0);
}

static void scheduler_TickWraps_KeepsPeriod(void)
{
    size_t n;
    boot();
    g_hal.now = 0xFFFFFFC0u;
    hello(1, 1, 1);
    fb_app_poll(&app);
    (void)fake_take(out, 64);
    g_hal.now = 0xFFFFFFC0u + 100u; /* wrapped past zero */
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].u.reading.tick_ms, 0x24);
}

static void sample_AdcFault_ReportsFaultWithZeroRaw(void)
{
    start_session();
    g_hal.adc[0] = 1234;
    g_hal.adc_status[0] = FB_ST_FAULT;
    g_hal.now = 100;
    fb_app_poll(&app);
    CHECK_EQ_INT(fake_take(out, 64), 1);
    CHECK_EQ_INT(out[0].u.reading.samples[0].status, FB_ST_FAULT);
    CHECK_EQ_INT(out[0].u.reading.samples[0].raw, 0);
}

static void command_SetOutput_AcksAndReadingShowsState(void)
{
    size_t n;
    start_session();
    command(7, FB_OP_SET_OUTPUT, 2, 1);
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].type, FB_T_ACK);
    CHECK_EQ_INT(out[0].u.ack.cmd, 7);
    CHECK_EQ_INT(g_hal.gpio[2], 1);
    g_hal.now = 250;
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].u.reading.samples[out[0].u.reading.count - 1].index, 2);
    CHECK_EQ_INT(out[0].u.reading.samples[out[0].u.reading.count - 1].raw, 1);
}

static void command_RetriedId_RepeatsAnswerWithoutActingTwice(void)
{
    unsigned writes;
    start_session();
    command(7, FB_OP_SET_OUTPUT, 2, 1);
    fb_app_poll(&app);
    writes = g_hal.gpio_writes[2];
    command(7, FB_OP_SET_OUTPUT, 2, 1); /* the ACK was lost, the host retries */
    fb_app_poll(&app);
    CHECK_EQ_INT(fake_take(out, 64), 2);
    CHECK_EQ_INT(out[1].type, FB_T_ACK);
    CHECK_EQ_INT(out[1].u.ack.cmd, 7);
    CHECK_EQ_INT(g_hal.gpio_writes[2], writes);
    command(8, FB_OP_SET_OUTPUT, 0, 1); /* a NAK is repeated just the same */
    command(8, FB_OP_SET_OUTPUT, 0, 1);
    fb_app_poll(&app);
    CHECK_EQ_INT(fake_take(out, 64), 2);
    CHECK_EQ_INT(out[0].type, FB_T_NAK);
    CHECK_EQ_INT(out[1].type, FB_T_NAK);
    CHECK_EQ_INT(out[1].u.ack.reason, FB_NAK_BAD_CHANNEL);
}

static void command_Invalid_NaksWithReason(void)
{
    start_session();
    command(1, FB_OP_SET_OUTPUT, 0, 1);  /* analog channel */
    command(2, FB_OP_SET_OUTPUT, 9, 1);  /* no such channel */
    command(3, FB_OP_SET_OUTPUT, 2, 2);  /* not 0/1 */
    command(4, 99, 2, 1);                /* unknown op */
    command(5, FB_OP_SET_COUNTER, 2, 1); /* not a counter */
    fb_app_poll(&app);
    CHECK_EQ_INT(fake_take(out, 64), 5);
    CHECK_EQ_INT(out[0].u.ack.reason, FB_NAK_BAD_CHANNEL);
    CHECK_EQ_INT(out[1].u.ack.reason, FB_NAK_BAD_CHANNEL);
    CHECK_EQ_INT(out[2].u.ack.reason, FB_NAK_BAD_VALUE);
    CHECK_EQ_INT(out[3].u.ack.reason, FB_NAK_UNKNOWN_OP);
    CHECK_EQ_INT(out[4].u.ack.reason, FB_NAK_BAD_CHANNEL);
    CHECK_EQ_INT(g_hal.gpio[2], 0);
}

static void command_BeforeHello_NaksNotReady(void)
{
    boot();
    (void)fake_take(out, 64);
    command(3, FB_OP_SET_OUTPUT, 2, 1);
    fb_app_poll(&app);
    CHECK_EQ_INT(fake_take(out, 64), 1);
    CHECK_EQ_INT(out[0].type, FB_T_NAK);
    CHECK_EQ_INT(out[0].u.ack.reason, FB_NAK_NOT_READY);
    CHECK_EQ_INT(g_hal.gpio[2], 0);
}

static void command_SetCounter_RebasesCount(void)
{
    size_t n;
    start_session();
    g_hal.pulses[1] = 500;
    command(4, FB_OP_SET_COUNTER, 1, 100000);
    fb_app_poll(&app);
    (void)fake_take(out, 64);
    g_hal.pulses[1] = 510;
    g_hal.now = 1000;
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].u.reading.samples[1].index, 1);
    CHECK_EQ_INT(out[0].u.reading.samples[1].raw, 100010);
}

static void receive_CorruptAndForeignFrames_DroppedCountedOrNaked(void)
{
    static const uint8_t garbage[] = { 0x05, 0x11, 0x22, 0x00 };
    uint8_t noise[300];
    fb_frame f;
    uint8_t scratch[FB_MAX_FRAME];
    uint8_t wire[FB_MAX_WIRE];
    size_t n;

    start_session();
    /* A COMMAND with one bit flipped: CRC error, no action, no answer. */
    memset(&f, 0, sizeof f);
    f.type = FB_T_COMMAND;
    f.u.command.cmd = 5;
    f.u.command.op = FB_OP_SET_OUTPUT;
    f.u.command.channel = 2;
    f.u.command.value = 1;
    n = fb_frame_encode(&f, scratch, wire, sizeof wire);
    wire[5] ^= 0x10;
    fake_send_raw(wire, n);
    fake_send_raw(garbage, sizeof garbage);
    memset(noise, 0x42, sizeof noise);
    fake_send_raw(noise, sizeof noise);
    fake_send_raw(garbage + 3, 1);
    /* A READING (MCU -> host type) echoed back: counted, not answered. */
    memset(&f, 0, sizeof f);
    f.type = FB_T_READING;
    f.u.reading.count = 1;
    fake_send(&f);
    /* A CRC-good unknown host type with a cmd id: NAK unknown_type. */
    scratch[0] = 0x42;
    scratch[1] = 0x09;
    scratch[2] = 0x00;
    {
        uint16_t crc = fb_crc16(scratch, 3);
        scratch[3] = (uint8_t)crc;
        scratch[4] = (uint8_t)(crc >> 8);
        n = fb_cobs_encode(scratch, 5, wire, sizeof wire);
        wire[n++] = 0;
        fake_send_raw(wire, n);
    }
    /* A COMMAND cut short (good CRC over too few bytes): NAK malformed. */
    scratch[0] = FB_T_COMMAND;
    scratch[1] = 0x0A;
    scratch[2] = 0x00;
    scratch[3] = FB_OP_SET_OUTPUT;
    {
        uint16_t crc = fb_crc16(scratch, 4);
        scratch[4] = (uint8_t)crc;
        scratch[5] = (uint8_t)(crc >> 8);
        n = fb_cobs_encode(scratch, 6, wire, sizeof wire);
        wire[n++] = 0;
        fake_send_raw(wire, n);
    }
    /* And after all that, a good command still works: the receiver resynchronised. */
    command(11, FB_OP_SET_OUTPUT, 2, 1);
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(out[0].type, FB_T_NAK);
    CHECK_EQ_INT(out[0].u.ack.cmd, 9);
    CHECK_EQ_INT(out[0].u.ack.reason, FB_NAK_UNKNOWN_TYPE);
    CHECK_EQ_INT(out[1].type, FB_T_NAK);
    CHECK_EQ_INT(out[1].u.ack.cmd, 10);
    CHECK_EQ_INT(out[1].u.ack.reason, FB_NAK_MALFORMED);
    CHECK_EQ_INT(out[2].type, FB_T_ACK);
    CHECK_EQ_INT(out[2].u.ack.cmd, 11);
    CHECK_EQ_INT(app.rx.stats.crc, 1);
    CHECK_EQ_INT(app.rx.stats.cobs, 1);
    CHECK_EQ_INT(app.rx.stats.oversize, 1);
    CHECK_EQ_INT(app.rx.stats.unknown, 2);
    CHECK_EQ_INT(app.rx.stats.malformed, 1);
    CHECK_EQ_INT(g_hal.gpio_writes[2], 2); /* init + cmd 11 only */
}

static void hello_MidSession_RestartsSequence(void)
{
    size_t n;
    start_session();
    g_hal.now = 100;
    fb_app_poll(&app);
    g_hal.now = 200;
    fb_app_poll(&app);
    (void)fake_take(out, 64);
    hello(2, 1, 1);
    fb_app_poll(&app);
    n = fake_take(out, 64);
    CHECK_EQ_INT(n, 5);
    CHECK_EQ_INT(out[4].type, FB_T_READING);
    CHECK_EQ_INT(out[4].u.reading.seq, 0);
}

static void config_Check_RejectsBrokenLimits(void)
{
    fb_channel_config bad = { FB_KIND_ANALOG, 0, 2, 5, 0, 1, 1, "V", "x" };
    fb_device_config d = { 1, 1, 0, "m", 1, &bad };
    CHECK_EQ_INT(fb_config_check(&device), 0);
    CHECK_EQ_INT(fb_config_check(&d), -1);
    bad.period_ms = 10;
    CHECK_EQ_INT(fb_config_check(&d), 0);
    bad.den = 0;
    CHECK_EQ_INT(fb_config_check(&d), -1);
}

int main(void)
{
    RUN(init_OutputsFailSafe_AnnouncesEverySecond);
    RUN(hello_Supported_SendsAckDescriptorsAndFirstReading);
    RUN(hello_UnsupportedVersion_Naks);
    RUN(scheduler_Periods_SamplesEachChannelWhenDue);
    RUN(scheduler_FallsBehind_SkipsInsteadOfBursting);
    RUN(scheduler_TickWraps_KeepsPeriod);
    RUN(sample_AdcFault_ReportsFaultWithZeroRaw);
    RUN(command_SetOutput_AcksAndReadingShowsState);
    RUN(command_RetriedId_RepeatsAnswerWithoutActingTwice);
    RUN(command_Invalid_NaksWithReason);
    RUN(command_BeforeHello_NaksNotReady);
    RUN(command_SetCounter_RebasesCount);
    RUN(receive_CorruptAndForeignFrames_DroppedCountedOrNaked);
    RUN(hello_MidSession_RestartsSequence);
    RUN(config_Check_RejectsBrokenLimits);
    return fb_test_result();
}
