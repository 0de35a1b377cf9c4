#include <stdlib.h>

#include "fb/cobs.h"
#include "fb/crc16.h"
#include "harness.h"

static void crc16_CheckString_Is29B1(void)
{
    const uint8_t check[] = { '1', '2', '3', '4', '5', '6', '7', '8', '9' };
    CHECK_EQ_INT(fb_crc16(check, sizeof check), 0x29B1);
    CHECK_EQ_INT(fb_crc16(check, 0), 0xFFFF);
    CHECK_EQ_INT(fb_crc16_update(fb_crc16(check, 4), check + 4, 5), 0x29B1);
}

static void cobs_encode(const uint8_t *in, size_t len, const uint8_t *expected, size_t expected_len)
{
    uint8_t out[600];
    uint8_t back[600];
    size_t back_len = 0;
    size_t n = fb_cobs_encode(in, len, out, sizeof out);
    CHECK_EQ_INT(n, expected_len);
    CHECK(n == expected_len && memcmp(out, expected, n) == 0);
    CHECK_EQ_INT(fb_cobs_decode(out, n, back, sizeof back, &back_len), 0);
    CHECK_EQ_INT(back_len, len);
    CHECK(back_len == len && memcmp(back, in, len) == 0);
}

static void cobs_KnownExamples_EncodeAndDecode(void)
{
    static const uint8_t a[] = { 0x00 }, ea[] = { 0x01, 0x01 };
    static const uint8_t b[] = { 0x00, 0x00 }, eb[] = { 0x01, 0x01, 0x01 };
    static const uint8_t c[] = { 0x11, 0x22, 0x00, 0x33 }, ec[] = { 0x03, 0x11, 0x22, 0x02, 0x33 };
    static const uint8_t d[] = { 0x11, 0x22, 0x33, 0x44 }, ed[] = { 0x05, 0x11, 0x22, 0x33, 0x44 };
    static const uint8_t e[] = { 0x11, 0x00, 0x00, 0x00 }, ee[] = { 0x02, 0x11, 0x01, 0x01, 0x01 };
    static const uint8_t empty_expected[] = { 0x01 };
    uint8_t in[300];
    uint8_t expected[300];
    size_t i;

    cobs_encode(a, sizeof a, ea, sizeof ea);
    cobs_encode(b, sizeof b, eb, sizeof eb);
    cobs_encode(c, sizeof c, ec, sizeof ec);
    cobs_encode(d, sizeof d, ed, sizeof ed);
    cobs_encode(e, sizeof e, ee, sizeof ee);
    cobs_encode(a, 0, empty_expected, 1);

    /* 254 non-zero bytes: one 0xFF block and, canonically, nothing after it. */
    for (i = 0; i < 254; i++) {
        in[i] = (uint8_t)(i + 1);
        expected[i + 1] = (uint8_t)(i + 1);
    }
    expected[0] = 0xFF;
    cobs_encode(in, 254, expected, 255);

    /* 0x00 then 254 non-zero bytes. */
    in[0] = 0;
    for (i = 1; i < 255; i++) {
        in[i] = (uint8_t)i;
        expected[i + 1] = (uint8_t)i;
    }
    expected[0] = 0x01;
    expected[1] = 0xFF;
    cobs_encode(in, 255, expected, 256);

    /* 255 non-zero bytes: a 0xFF block and a block of one. */
    for (i = 0; i < 255; i++) {
        in[i] = (uint8_t)(i % 255 + 1);
    }
    expected[0] = 0xFF;
    for (i = 0; i < 254; i++) {
        expected[i + 1] = in[i];
    }
    expected[255] = 0x02;
    expected[256] = in[254];
    cobs_encode(in, 255, expected, 257);
}

static void cobs_NonCanonicalTrailingBlock_DecodesTheSame(void)
{
    uint8_t enc[256];
    uint8_t out[300];
    size_t n = 0;
    size_t i;
    enc[0] = 0xFF;
    for (i = 1; i < 255; i++) {
        enc[i] = (uint8_t)i;
    }
    enc[255] = 0x01;
    CHECK_EQ_INT(fb_cobs_decode(enc, 256, out, sizeof out, &n), 0);
    CHECK_EQ_INT(n, 254);
}

static void cobs_InvalidInput_Fails(void)
{
    static const uint8_t past_end[] = { 0x05, 0x11, 0x22 };
    static const uint8_t zero_code[] = { 0x02, 0x11, 0x00, 0x01 };
    static const uint8_t ok[] = { 0x05, 0x11, 0x22, 0x33, 0x44 };
    uint8_t out[16];
    size_t n = 0;
    CHECK_EQ_INT(fb_cobs_decode(past_end, sizeof past_end, out, sizeof out, &n), -1);
    CHECK_EQ_INT(fb_cobs_decode(zero_code, sizeof zero_code, out, sizeof out, &n), -1);
    CHECK_EQ_INT(fb_cobs_decode(ok, sizeof ok, out, 3, &n), -1); /* output would not fit */
    CHECK_EQ_INT(fb_cobs_encode(ok, sizeof ok, out, 5), 0);      /* needs 6 */
    CHECK_EQ_INT(fb_cobs_encode(ok, sizeof ok, out, 6), 6);
}

static void cobs_RandomRoundTrips_InPlace(void)
{
    uint8_t in[254];
    uint8_t buf[300];
    size_t len;
    int round;
    srand(12345);
    for (round = 0; round < 2000; round++) {
        size_t n;
        size_t out_len = 0;
        size_t i;
        len = (size_t)(rand() % 255);
        for (i = 0; i < len; i++) {
            int r = rand() % 4;
            in[i] = r == 0 ? 0 : (uint8_t)(rand() % 256);
        }
        n = fb_cobs_encode(in, len, buf, sizeof buf);
        CHECK(n > 0 && n <= FB_COBS_MAX_ENCODED(len));
        CHECK(memchr(buf, 0, n) == NULL);
        CHECK_EQ_INT(fb_cobs_decode(buf, n, buf, sizeof buf, &out_len), 0);
        CHECK(out_len == len && memcmp(buf, in, len) == 0);
    }
}

int main(void)
{
    RUN(crc16_CheckString_Is29B1);
    RUN(cobs_KnownExamples_EncodeAndDecode);
    RUN(cobs_NonCanonicalTrailingBlock_DecodesTheSame);
    RUN(cobs_InvalidInput_Fails);
    RUN(cobs_RandomRoundTrips_InPlace);
    return fb_test_result();
}
