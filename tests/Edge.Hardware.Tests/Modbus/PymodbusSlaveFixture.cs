using System.Diagnostics;

namespace Edge.Hardware.Tests.Modbus;

/// <summary>
/// A socat pty pair in a temp folder with the pymodbus RTU slave on end B; the master opens end A. Starts and stops
/// only its own two processes, by their Process objects (pids). Fails loudly if socat or pymodbus is missing.
/// </summary>
internal sealed class PymodbusSlaveFixture : IDisposable
{
    public const int Baud = 9600;
    private readonly Process _socat;
    private readonly Process _slave;

    public PymodbusSlaveFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"edge-modbus-{Guid.NewGuid():N}");
        _ = Directory.CreateDirectory(Folder);
        MasterPath = Path.Combine(Folder, "A");
        string slavePath = Path.Combine(Folder, "B");
        _socat = Start("socat", ["-d", "-d", $"pty,raw,echo=0,link={MasterPath}", $"pty,raw,echo=0,link={slavePath}"]);
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(MasterPath) && File.Exists(slavePath)))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10) || _socat.HasExited)
            {
                Dispose();
                throw new InvalidOperationException($"socat did not create the pty pair: {_socat.StandardError.ReadToEnd()}");
            }

            Thread.Sleep(20);
        }

        string script = Path.Combine(AppContext.BaseDirectory, "Modbus", "pymodbus_slave.py");
        _slave = Start("/usr/bin/python3", [script, slavePath, Baud.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Task<string?> ready = _slave.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "READY")
        {
            string stderr = _slave.HasExited ? _slave.StandardError.ReadToEnd() : "(still running)";
            Dispose();
            throw new InvalidOperationException($"The pymodbus slave did not start: {ready.Status} {stderr}");
        }
    }

    public string Folder { get; }

    /// <summary>The pty end the C# master opens.</summary>
    public string MasterPath { get; }

    public void Dispose()
    {
        foreach (Process? p in new[] { _slave, _socat })
        {
            if (p is null)
            {
                continue;
            }

            try
            {
                if (!p.HasExited)
                {
                    p.Kill();
                    _ = p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Process Start(string file, string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
    }
}
