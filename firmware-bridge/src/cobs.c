#include "fb/cobs.h"

size_t fb_cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
    size_t code_at = 0; /* where the current block's code byte goes */
    size_t o = 1;       /* next output position */
    uint8_t code = 1;   /* 1 + bytes in the current block */
    size_t i;

    if (cap == 0) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (in[i] == 0) {
            out[code_at] = code;
            code_at = o++;
            code = 1;
            if (code_at >= cap) {
                return 0;
            }
        } else {
            if (o >= cap) {
                return 0;
            }
            out[o++] = in[i];
            code++;
            if (code == 0xFF) {
                out[code_at] = code;
                code = 1;
                if (i + 1 == len) {
                    return o; /* canonical: no empty block after a final 0xFF block */
                }
                code_at = o++;
                if (code_at >= cap) {
                    return 0;
                }
            }
        }
    }
    out[code_at] = code;
    return o;
}

int fb_cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    size_t i = 0;
    size_t o = 0;

    while (i < len) {
        uint8_t code = in[i++];
        uint8_t k;
        if (code == 0) {
            return -1;
        }
        for (k = 1; k < code; k++) {
            if (i >= len || in[i] == 0 || o >= cap) {
                return -1;
            }
            out[o++] = in[i++];
        }
        if (code != 0xFF && i < len) {
            if (o >= cap) {
                return -1;
            }
            out[o++] = 0;
        }
    }
    *out_len = o;
    return 0;
}
