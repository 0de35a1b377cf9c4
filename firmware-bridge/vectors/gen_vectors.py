#!/usr/bin/env python3
"""Writes frames.txt: the firmware-bridge protocol test vectors (see ../PROTOCOL.md section 6).

This is a third, independent encoder of the protocol (the C and C# codecs are checked against its output), so it
is written plainly from PROTOCOL.md and shares no code with either. Run it only when the vectors change:
    python3 firmware-bridge/vectors/gen_vectors.py > firmware-bridge/vectors/frames.txt
"""
import struct


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def cobs(data: bytes) -> bytes:
    out = bytearray()
    block = bytearray()
    ended_on_full_block = False
    for b in data:
        if b == 0:
            out.append(len(block) + 1)
            out += block
            block = bytearray()
            ended_on_full_block = False
        else:
            block.append(b)
            ended_on_full_block = len(block) == 254
            if ended_on_full_block:
                out.append(0xFF)
                out += block
                block = bytearray()
    # A 0xFF block that ends the input is not followed by an empty block (the canonical form).
    if not ended_on_full_block:
        out.append(len(block) + 1)
        out += block
    return bytes(out)


def wire(raw: bytes) -> bytes:
    crc = crc16_ccitt_false(raw)
    return cobs(raw + struct.pack('<H', crc)) + b'\x00'


def hello(cmd, lo, hi):
    return struct.pack('<BHBB', 0x01, cmd, lo, hi)


def announce(lo, hi, dev):
    return struct.pack('<BBBI', 0x80, lo, hi, dev)


def hello_ack(cmd, ver, n, dev, major, minor, model):
    m = model.encode('ascii')
    return struct.pack('<BHBBIBBB', 0x81, cmd, ver, n, dev, major, minor, len(m)) + m


def channel(index, kind, decimals, period, zero, num, den, unit, name, flags=0):
    u = unit.encode('utf-8')
    n = name.encode('ascii')
    return (struct.pack('<BBBBBHiiI', 0x82, index, kind, decimals, flags, period, zero, num, den)
            + bytes([len(u)]) + u + bytes([len(n)]) + n)


def reading(seq, tick, samples, count=None):
    body = struct.pack('<BHIB', 0x83, seq, tick, len(samples) if count is None else count)
    for (i, st, raw) in samples:
        body += struct.pack('<BBi', i, st, raw)
    return body


def command(cmd, op, ch, value):
    return struct.pack('<BHBBi', 0x02, cmd, op, ch, value)


def ack(cmd):
    return struct.pack('<BH', 0x84, cmd)


def nak(cmd, reason):
    return struct.pack('<BHB', 0x85, cmd, reason)


def hx(b: bytes) -> str:
    return ' '.join('%02X' % x for x in b)


vectors = []


def vec(name, data, *expect):
    vectors.append((name, data, expect))


R_READ = reading(5, 1000, [(0, 0, 2048), (1, 0, 17), (2, 1, 0)])
T_READ = 'frame: READING seq=5 tick=1000 0:ok:2048 1:ok:17 2:fault:0'

vec('hello', wire(hello(1, 1, 1)), 'frame: HELLO cmd=1 min=1 max=1')
vec('hello_version_range', wire(hello(0x1234, 1, 3)), 'frame: HELLO cmd=4660 min=1 max=3')
vec('announce', wire(announce(1, 1, 0xBEEF)), 'frame: ANNOUNCE min=1 max=1 device=0x0000BEEF')
vec('hello_ack', wire(hello_ack(1, 1, 3, 0xBEEF, 1, 0, 'edge-vmcu')),
    'frame: HELLO_ACK cmd=1 version=1 channels=3 device=0x0000BEEF fw=1.0 model=edge-vmcu')
vec('hello_ack_empty_model', wire(hello_ack(65535, 1, 0, 0xDEADBEEF, 2, 17, '')),
    'frame: HELLO_ACK cmd=65535 version=1 channels=0 device=0xDEADBEEF fw=2.17 model=')
vec('channel_analog', wire(channel(0, 1, 2, 100, 0, 330, 409500, 'V', 'supply')),
    'frame: CHANNEL index=0 kind=analog decimals=2 period=100 zero=0 num=330 den=409500 unit=V name=supply')
vec('channel_counter', wire(channel(1, 2, 0, 1000, 0, 1000, 800, 'Wh', 'energy')),
    'frame: CHANNEL index=1 kind=counter decimals=0 period=1000 zero=0 num=1000 den=800 unit=Wh name=energy')
vec('channel_output_no_unit', wire(channel(2, 3, 0, 250, 0, 1, 1, '', 'relay.1')),
    'frame: CHANNEL index=2 kind=output decimals=0 period=250 zero=0 num=1 den=1 unit= name=relay.1')
vec('channel_utf8_unit_negative_zero', wire(channel(3, 1, 1, 500, -2730, 1, 10, '°C', 'board_temp')),
    'frame: CHANNEL index=3 kind=analog decimals=1 period=500 zero=-2730 num=1 den=10 unit=°C name=board_temp')
vec('reading', wire(R_READ), T_READ)
vec('reading_negative_and_wrap', wire(reading(65535, 0xFFFFFFFF, [(7, 2, -123456)])),
    'frame: READING seq=65535 tick=4294967295 7:overrange:-123456')
vec('reading_with_zero_bytes', wire(reading(0, 0, [(0, 0, 0), (1, 0, 256)])),
    'frame: READING seq=0 tick=0 0:ok:0 1:ok:256')
vec('reading_max_samples', wire(reading(9, 77, [(i % 32, 0, i * 1000 - 20000) for i in range(40)])),
    'frame: READING seq=9 tick=77 ' + ' '.join('%d:ok:%d' % (i % 32, i * 1000 - 20000) for i in range(40)))
vec('command_set_output', wire(command(7, 1, 2, 1)), 'frame: COMMAND cmd=7 op=set_output channel=2 value=1')
vec('command_set_counter', wire(command(8, 2, 1, 123456789)),
    'frame: COMMAND cmd=8 op=set_counter channel=1 value=123456789')
vec('ack', wire(ack(7)), 'frame: ACK cmd=7')
vec('nak', wire(nak(7, 3)), 'frame: NAK cmd=7 reason=bad_channel')
vec('nak_unsupported_version', wire(nak(1, 5)), 'frame: NAK cmd=1 reason=unsupported_version')

# Framing errors and resynchronisation.
vec('idle_zeros_before_frame', b'\x00\x00\x00' + wire(ack(1)) + b'\x00', 'frame: ACK cmd=1')
good = wire(R_READ)
bad = bytearray(good)
bad[4] ^= 0x10  # one bit flipped in a data byte (the tick)
vec('crc_bitflip_then_resync', bytes(bad) + wire(ack(2)), 'error: crc', 'frame: ACK cmd=2')
bad_crc = bytearray(good)
bad_crc[-2] ^= 0x80  # CRC high byte damaged
vec('crc_damaged_checksum', bytes(bad_crc), 'error: crc')
vec('truncated_then_resync', good[:len(good) // 2] + b'\x00' + wire(ack(3)), 'error: cobs', 'frame: ACK cmd=3')
vec('truncated_lost_delimiter_merges', good[:12] + wire(ack(4)) + wire(ack(5)),
    'error: cobs', 'frame: ACK cmd=5')
vec('lost_delimiter_two_frames_merge', good[:-1] + wire(ack(6)) + wire(ack(7)),
    'error: crc', 'frame: ACK cmd=7')
vec('cobs_code_past_end', bytes([0x05, 0x11, 0x22, 0x00]) + wire(ack(8)), 'error: cobs', 'frame: ACK cmd=8')
vec('runt_empty', bytes([0x01, 0x00]), 'error: runt')
vec('runt_two_bytes', bytes([0x03, 0x84, 0x01, 0x00]), 'error: runt')
vec('oversize_then_resync', bytes([0x11]) * 300 + b'\x00' + wire(ack(9)), 'error: oversize', 'frame: ACK cmd=9')
vec('oversize_exactly_256', bytes([0x22]) * 256 + b'\x00', 'error: oversize')
vec('garbage_then_frame', bytes([0x42, 0x13, 0x37, 0x00]) + wire(ack(10)), 'error: cobs', 'frame: ACK cmd=10')

# CRC-valid but not a frame of this protocol.
vec('unknown_type', wire(bytes([0x42, 0x01, 0x00])), 'error: unknown')
vec('unknown_type_short', wire(bytes([0x7F])), 'error: unknown')
vec('malformed_hello_short', wire(hello(1, 1, 1)[:-1]), 'error: malformed')
vec('malformed_ack_empty_body', wire(bytes([0x84])), 'error: malformed')
vec('malformed_reading_count_past_end', wire(reading(1, 2, [(0, 0, 5)], count=2)), 'error: malformed')
vec('malformed_reading_count_zero', wire(reading(1, 2, [])), 'error: malformed')
vec('malformed_reading_bad_status', wire(reading(1, 2, [(0, 9, 5)])), 'error: malformed')
vec('malformed_channel_den_zero', wire(channel(0, 1, 2, 100, 0, 330, 0, 'V', 'supply')), 'error: malformed')
vec('malformed_channel_bad_kind', wire(channel(0, 4, 2, 100, 0, 330, 1, 'V', 'supply')), 'error: malformed')
vec('malformed_channel_name_with_space', wire(channel(0, 1, 2, 100, 0, 330, 1, 'V', 'a b')), 'error: malformed')
vec('malformed_channel_empty_name', wire(channel(0, 1, 2, 100, 0, 330, 1, 'V', '')), 'error: malformed')
vec('malformed_channel_period_too_short', wire(channel(0, 1, 2, 9, 0, 330, 1, 'V', 'x')), 'error: malformed')
vec('malformed_hello_ack_too_many_channels', wire(hello_ack(1, 1, 33, 1, 1, 0, 'x')), 'error: malformed')
vec('malformed_hello_ack_model_past_end', wire(hello_ack(1, 1, 3, 1, 1, 0, 'abc')[:-1]), 'error: malformed')

# A whole session transcript in one stream, with a corrupt READING in the middle.
session = (b'\x00' + wire(hello_ack(1, 1, 1, 0xBEEF, 1, 0, 'edge-vmcu'))
           + wire(channel(0, 1, 2, 100, 0, 330, 409500, 'V', 'supply'))
           + wire(reading(0, 100, [(0, 0, 1000)])) + bytes(bytearray(wire(reading(1, 200, [(0, 0, 1001)]))[:5]))
           + b'\x00' + wire(reading(2, 300, [(0, 0, 1002)])))
vec('session_transcript', session,
    'frame: HELLO_ACK cmd=1 version=1 channels=1 device=0x0000BEEF fw=1.0 model=edge-vmcu',
    'frame: CHANNEL index=0 kind=analog decimals=2 period=100 zero=0 num=330 den=409500 unit=V name=supply',
    'frame: READING seq=0 tick=100 0:ok:1000', 'error: crc', 'frame: READING seq=2 tick=300 0:ok:1002')

print('# firmware-bridge protocol test vectors, version 1. Generated by gen_vectors.py; format: PROTOCOL.md section 6.')
print('# Read by firmware-bridge/tests/test_vectors.c and tests/Edge.Hardware.Tests/FirmwareBridge.')
for name, data, expect in vectors:
    print()
    print('name: ' + name)
    print('wire: ' + hx(data))
    for e in expect:
        print(e)
