#!/usr/bin/python3
"""An independent Modbus RTU slave (pymodbus 3.0, Debian python3-pymodbus) for the C# master's interop tests.

Usage: pymodbus_slave.py <serial path> <baud>

Unit 1 is an SDM120-class meter: float32 input registers, high word first, at the addresses of
hardware/meters/sdm120.json; reading past 0x0157 is an illegal data address. Holding registers 0..99 are writable.
Unit 7 answers like unit 1 but every answer has its CRC corrupted (the master must see a CRC error).
Any other unit id gets no answer at all (the master must time out).
Prints READY once the port is open.
"""
import asyncio
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.factory import ServerDecoder
from pymodbus.server import StartAsyncSerialServer
from pymodbus.transaction import ModbusRtuFramer

METER = {
    0x0000: 230.1,     # Voltage V
    0x0006: 5.25,      # Current A
    0x000C: 1208.0,    # Active power W
    0x0012: 1210.5,    # Apparent power VA
    0x0018: -77.75,    # Reactive power var
    0x001E: 0.998,     # Power factor
    0x0046: 49.98,     # Frequency Hz
    0x0048: 12345.678, # Import active energy kWh
    0x004A: 0.5,       # Export active energy kWh
    0x0156: 12346.178, # Total active energy kWh
}
CORRUPT_UNIT = 7


def meter_block():
    registers = [0] * 0x158
    for address, value in METER.items():
        high, low = struct.unpack(">HH", struct.pack(">f", value))
        registers[address] = high
        registers[address + 1] = low
    return ModbusSequentialDataBlock(0, registers)


def slave():
    return ModbusSlaveContext(ir=meter_block(), hr=ModbusSequentialDataBlock(0, [0] * 100), zero_mode=True)


FRAMER = ModbusRtuFramer(ServerDecoder())


def manipulate(response):
    if response.unit_id != CORRUPT_UNIT:
        return response, False
    packet = bytearray(FRAMER.buildPacket(response))
    packet[-1] ^= 0xFF
    return bytes(packet), True


async def main(port, baud):
    context = ModbusServerContext(slaves={1: slave(), CORRUPT_UNIT: slave()}, single=False)
    server = await StartAsyncSerialServer(
        context=context,
        framer=ModbusRtuFramer,
        port=port,
        baudrate=baud,
        ignore_missing_slaves=True,
        response_manipulator=manipulate,
        defer_start=True,
    )
    await server.start()
    if server.transport is None:
        print(f"FAILED to open {port}", flush=True)
        sys.exit(2)
    print("READY", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
