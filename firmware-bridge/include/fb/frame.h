/* Frame types, their layouts and the codec: PROTOCOL.md sections 2 and 5. */
#ifndef FB_FRAME_H
#define FB_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FB_PROTOCOL_VERSION 1u

#define FB_MAX_FRAME 254u   /* decoded frame: type + body + CRC */
#define FB_MAX_ENCODED 255u /* COBS-encoded frame, without the 0x00 delimiter */
#define FB_MAX_WIRE 256u    /* encoded frame + delimiter */
#define FB_MAX_CHANNELS 32u
#define FB_MAX_SAMPLES 40u
#define FB_MAX_MODEL 32u
#define FB_MAX_UNIT 16u
#define FB_MAX_NAME 32u
#define FB_MIN_PERIOD_MS 10u

enum fb_type {
    FB_T_HELLO = 0x01,
    FB_T_COMMAND = 0x02,
    FB_T_ANNOUNCE = 0x80,
    FB_T_HELLO_ACK = 0x81,
    FB_T_CHANNEL = 0x82,
    FB_T_READING = 0x83,
    FB_T_ACK = 0x84,
    FB_T_NAK = 0x85
};

enum fb_kind { FB_KIND_ANALOG = 1, FB_KIND_COUNTER = 2, FB_KIND_OUTPUT = 3 };

enum fb_status { FB_ST_OK = 0, FB_ST_FAULT = 1, FB_ST_OVERRANGE = 2 };

enum fb_op { FB_OP_SET_OUTPUT = 1, FB_OP_SET_COUNTER = 2 };

enum fb_nak {
    FB_NAK_UNKNOWN_TYPE = 1,
    FB_NAK_MALFORMED = 2,
    FB_NAK_BAD_CHANNEL = 3,
    FB_NAK_BAD_VALUE = 4,
    FB_NAK_UNSUPPORTED_VERSION = 5,
    FB_NAK_NOT_READY = 6,
    FB_NAK_UNKNOWN_OP = 7
};

/* Outcome of receiving one frame. FB_PENDING: no frame boundary yet. */
enum fb_result {
    FB_PENDING = -1,
    FB_OK = 0,
    FB_E_COBS = 1,
    FB_E_RUNT = 2,
    FB_E_CRC = 3,
    FB_E_OVERSIZE = 4,
    FB_E_UNKNOWN = 5,
    FB_E_MALFORMED = 6
};

typedef struct {
    uint8_t index;
    uint8_t status;
    int32_t raw;
} fb_sample;

typedef struct {
    uint8_t type;
    union {
        struct {
            uint16_t cmd;
            uint8_t min_version;
            uint8_t max_version;
        } hello;
        struct {
            uint8_t min_version;
            uint8_t max_version;
            uint32_t device_id;
        } announce;
        struct {
            uint16_t cmd;
            uint8_t version;
            uint8_t channel_count;
            uint32_t device_id;
            uint8_t fw_major;
            uint8_t fw_minor;
            uint8_t model_len;
            char model[FB_MAX_MODEL];
        } hello_ack;
        struct {
            uint8_t index;
            uint8_t kind;
            uint8_t decimals;
            uint8_t flags;
            uint16_t period_ms;
            int32_t zero;
            int32_t num;
            uint32_t den;
            uint8_t unit_len;
            char unit[FB_MAX_UNIT];
            uint8_t name_len;
            char name[FB_MAX_NAME];
        } channel;
        struct {
            uint16_t seq;
            uint32_t tick_ms;
            uint8_t count;
            fb_sample samples[FB_MAX_SAMPLES];
        } reading;
        struct {
            uint16_t cmd;
            uint8_t op;
            uint8_t channel;
            int32_t value;
        } command;
        struct {
            uint16_t cmd;
            uint8_t reason; /* NAK only */
        } ack;
    } u;
} fb_frame;

/* Writes type + body (no CRC) into out. Returns its length, or 0 if the frame is invalid or does not fit. */
size_t fb_frame_serialize(const fb_frame *f, uint8_t *out, size_t cap);

/* Parses type + body (no CRC). Returns FB_OK, FB_E_UNKNOWN or FB_E_MALFORMED. */
int fb_frame_parse(const uint8_t *buf, size_t len, fb_frame *f);

/*
 * Serialises, appends the CRC, COBS-encodes and appends the 0x00 delimiter. scratch must hold FB_MAX_FRAME bytes.
 * Returns the number of wire bytes, or 0 on failure.
 */
size_t fb_frame_encode(const fb_frame *f, uint8_t *scratch, uint8_t *wire, size_t cap);

/*
 * Decodes one encoded frame (the bytes between two delimiters, exclusive) in place: COBS, length, CRC, layout.
 * Returns an fb_result; on FB_OK *f is filled. *decoded_len (may be NULL) gets the decoded length incl. CRC.
 */
int fb_frame_decode(uint8_t *buf, size_t len, fb_frame *f, size_t *decoded_len);

/* Helpers for little-endian fields. */
uint16_t fb_get_u16(const uint8_t *p);
uint32_t fb_get_u32(const uint8_t *p);
void fb_put_u16(uint8_t *p, uint16_t v);
void fb_put_u32(uint8_t *p, uint32_t v);

#endif
