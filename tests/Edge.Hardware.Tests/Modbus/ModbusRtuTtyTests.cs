using System.Buffers.Binary;
using Edge.Hardware.Modbus;
using Edge.Hardware.Serial;
using Edge.Testing.Logging;
using Edge.Testing.Serial;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.Tests.Modbus;

/// <summary>
/// The master on our own serial port when the line goes away and comes back (socat killed and started again, as a USB
/// RS-485 adapter unplugged and plugged back in): transactions fail with the reason, the bus is not dead afterwards.
/// The slave is a few lines on the other pty (function 3 only), enough to prove the bytes flow again.
/// </summary>
[TestClass]
[TestCategory("Serial")]
public sealed class ModbusRtuTtyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task ReadHoldingRegisters_LineHangsUpAndComesBack_FailsThenReadsAgain()
    {
        CancellationToken ct = TestContext.CancellationTokenSource.Token;
        using var pair = new SocatPtyPair();
        using var log = new ListLoggerFactory();
        await using var master = new ModbusRtuMaster(SerialStreams.OpenSerialPort(pair.PathA, 19200),
            new ModbusRtuOptions { BaudRate = 19200, Retries = 0, ResponseTimeout = TimeSpan.FromMilliseconds(500) },
            logger: log);
        using (var slave = new HoldingRegisterSlave(pair.PathB, 19200, 1, [0x1234, 0x5678]))
        {
            CollectionAssert.AreEqual(new ushort[] { 0x1234, 0x5678 }, await master.ReadHoldingRegistersAsync(1, 0, 2, ct));
        }

        // The bus notices the hang-up at the next transaction, tries the port again at once, and says it is gone; so
        // does every transaction until it is back (one open attempt each, no loop in between).
        pair.Hangup();
        for (int i = 0; i < 2; i++)
        {
            SerialPortException gone = await Assert.ThrowsExactlyAsync<SerialPortException>(
                async () => await master.ReadHoldingRegistersAsync(1, 0, 2, ct));
            StringAssert.Contains(gone.Message, "does not exist: plug the adapter in");
        }

        pair.Restart();
        using (var slave = new HoldingRegisterSlave(pair.PathB, 19200, 1, [7, 8, 9]))
        {
            CollectionAssert.AreEqual(new ushort[] { 7, 8, 9 }, await master.ReadHoldingRegistersAsync(1, 0, 3, ct));
        }

        // The technician's log: the hang-up (4120, with the reason) once, and the port back (4121).
        (int EventId, LogLevel Level, string Message) failed = log.Entries.Single(e => e.EventId == 4120);
        Assert.AreEqual(LogLevel.Warning, failed.Level);
        StringAssert.Contains(failed.Message, "hung up");
        Assert.AreEqual(1, log.Entries.Count(e => e.EventId == 4121));
    }

    /// <summary>Answers read-holding-registers requests for one unit from a fixed register file, on its own thread.</summary>
    private sealed class HoldingRegisterSlave : IDisposable
    {
        private readonly SerialTty _tty;
        private readonly Thread _thread;
        private volatile bool _stop;

        public HoldingRegisterSlave(string path, int baud, byte unit, ushort[] registers)
        {
            _tty = SerialTty.Open(path, new SerialPortSettings(baud));
            _thread = new Thread(() => Serve(unit, registers)) { IsBackground = true };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop = true;
            _tty.Wake();
            _ = _thread.Join(5000);
            _tty.Dispose();
        }

        private void Serve(byte unit, ushort[] registers)
        {
            byte[] request = new byte[8];
            int filled = 0;
            while (!_stop)
            {
                filled += _tty.Read(request.AsSpan(filled), Timeout.InfiniteTimeSpan);
                if (filled < request.Length)
                {
                    continue;
                }

                filled = 0;
                ushort start = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(2));
                ushort count = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(4));
                if (request[0] != unit || request[1] != 3 || !ModbusCrc.IsValid(request))
                {
                    continue;
                }

                byte[] answer = new byte[5 + (2 * count)];
                answer[0] = unit;
                answer[1] = 3;
                answer[2] = (byte)(2 * count);
                for (int i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(3 + (2 * i)), registers[start + i]);
                }

                ushort crc = ModbusCrc.Compute(answer.AsSpan(0, answer.Length - 2));
                answer[^2] = (byte)crc;
                answer[^1] = (byte)(crc >> 8);
                _tty.Write(answer, TimeSpan.FromSeconds(2));
            }
        }
    }
}
