/* Consistent Overhead Byte Stuffing (Cheshire & Baker, 1999): PROTOCOL.md section 1. */
#ifndef FB_COBS_H
#define FB_COBS_H

#include <stddef.h>
#include <stdint.h>

/* Worst-case encoded size of len bytes (without the 0x00 delimiter). */
#define FB_COBS_MAX_ENCODED(len) ((len) + ((len) / 254u) + 1u)

/*
 * Encodes len bytes into out (capacity cap), without a delimiter, in the canonical form (a 0xFF block that ends the
 * input is not followed by an empty block). Returns the encoded length, or 0 if cap is too small.
 */
size_t fb_cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap);

/*
 * Decodes len encoded bytes (no 0x00 inside, no delimiter) into out (capacity cap). in and out may be the same
 * buffer (the output never overtakes the input). Returns 0 and sets *out_len, or -1 when the encoding is invalid
 * (a code byte that is 0 or points past the end) or the output would not fit.
 */
int fb_cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *out_len);

#endif
