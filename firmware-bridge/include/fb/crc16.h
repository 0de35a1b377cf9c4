/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, not reflected, no final XOR): PROTOCOL.md section 1. */
#ifndef FB_CRC16_H
#define FB_CRC16_H

#include <stddef.h>
#include <stdint.h>

#define FB_CRC16_INIT 0xFFFFu

/* Continues a CRC over len more bytes. Start with FB_CRC16_INIT. */
uint16_t fb_crc16_update(uint16_t crc, const uint8_t *data, size_t len);

/* The CRC of one buffer. fb_crc16("123456789", 9) == 0x29B1. */
uint16_t fb_crc16(const uint8_t *data, size_t len);

#endif
