using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Edge.Agent.Internal;

/// <summary>
/// The GNU build id of the running NativeAOT executable: the key that finds its debug symbols. The shipped binary
/// carries no stack-trace data (<c>StackTraceSupport=false</c>, see Edge.Agent.csproj), so a logged exception's frames
/// read <c>edge!&lt;BaseAddress&gt;+0x1dbe33</c>; the symbols kept for that build (the <c>edge-dbgsym</c> package's
/// <c>/usr/lib/debug/.build-id/xx/yyyy.debug</c>, or <c>edge.dbg</c> beside a published binary) turn each into the
/// method, file and line (<c>.ci/symbolize</c>). <c>edge --version</c> and the first line of <c>edge run</c> print it.
/// </summary>
internal static class BuildId
{
    private const uint PtNote = 4; // ELF program header type of a note segment (System V gABI, "Program Header")
    private const uint NtGnuBuildId = 3; // the "GNU" note that ld writes with --build-id

    private static readonly Lazy<string?> Current = new(() => RuntimeFeature.IsDynamicCodeSupported || !OperatingSystem.IsLinux()
        ? null // under the JIT /proc/self/exe is the dotnet host, whose id says nothing about this build
        : TryRead("/proc/self/exe"));

    /// <summary>Gets the running executable's build id as lower-case hex, or null (the JIT build, or none found).</summary>
    public static string? OfThisProcess => Current.Value;

    /// <summary>
    /// Reads the <c>NT_GNU_BUILD_ID</c> note of a 64-bit little-endian ELF file (x64, arm64): the program headers'
    /// <c>PT_NOTE</c> segments, each a list of notes (namesz, descsz, type, name and descriptor padded to 4 bytes).
    /// Null when the file is not such an ELF file or has no build id.
    /// </summary>
    public static string? TryRead(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> header = stackalloc byte[64];
            if (file.Read(header) != 64 || !header[..4].SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
            {
                return null; // not ELF, not ELFCLASS64 or not ELFDATA2LSB
            }

            var programHeaders = BinaryPrimitives.ReadInt64LittleEndian(header[32..]);
            var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[54..]);
            var count = BinaryPrimitives.ReadUInt16LittleEndian(header[56..]);
            Span<byte> entry = stackalloc byte[56];
            for (var i = 0; i < count && entrySize >= 56; i++)
            {
                file.Position = programHeaders + (i * entrySize);
                if (file.Read(entry) != 56 || BinaryPrimitives.ReadUInt32LittleEndian(entry) != PtNote)
                {
                    continue;
                }

                var size = BinaryPrimitives.ReadInt64LittleEndian(entry[32..]);
                if (size is <= 0 or > 64 * 1024)
                {
                    continue;
                }

                var notes = new byte[size];
                file.Position = BinaryPrimitives.ReadInt64LittleEndian(entry[8..]);
                file.ReadExactly(notes);
                if (FindGnuBuildId(notes) is { } id)
                {
                    return id;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException)
        {
        }

        return null;
    }

    private static string? FindGnuBuildId(ReadOnlySpan<byte> notes)
    {
        while (notes.Length >= 12)
        {
            var nameSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(notes);
            var descSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(notes[4..]);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(notes[8..]);
            var descAt = 12 + Align4(nameSize);
            if (nameSize < 0 || descSize < 0 || descAt + descSize > notes.Length)
            {
                return null;
            }

            if (type == NtGnuBuildId && nameSize == 4 && notes.Slice(12, 4).SequenceEqual("GNU\0"u8) && descSize > 0)
            {
                return Convert.ToHexStringLower(notes.Slice(descAt, descSize));
            }

            notes = notes[Math.Min(notes.Length, descAt + Align4(descSize))..];
        }

        return null;
    }

    private static int Align4(int size) => (size + 3) & ~3;
}
