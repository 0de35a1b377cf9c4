using System.IO.Compression;
using Edge.Exi.Internal;
using Edge.Exi.Internal.Schema;

namespace Edge.Exi;

/// <summary>Pre-compression and compression (EXI 1.0 §9): blocks, channels and DEFLATE streams.</summary>
public sealed partial class ExiWriter
{
    /// <summary>At most this many values: one stream per block; above it, channels get streams of their own (§9.3).</summary>
    internal const int SmallChannelLimit = 100;

    private void StartChanneled()
    {
        // The header is never compressed; the first block starts on the byte boundary after it.
        _structure.Align();
        _structure.DrainTo(_output);
    }

    private void FinishBlock(bool last)
    {
        ValueChannels channels = _body.Channels!;
        if (last && _structure.Length == 0 && channels.Count == 0)
        {
            // Zero-length events after the final full block do not open an empty block.
            return;
        }

        if (channels.Count <= SmallChannelLimit)
        {
            foreach (int qname in channels.Order)
            {
                WriteChannel(_structure, qname, channels.Channel(qname));
            }

            EmitStream(_structure);
        }
        else
        {
            EmitStream(_structure);
            var small = new BitOutput(byteAligned: true, 1024);
            bool anySmall = false;
            foreach (int qname in channels.Order)
            {
                List<(string Value, Datatype? Type)> values = channels.Channel(qname);
                if (values.Count <= SmallChannelLimit)
                {
                    WriteChannel(small, qname, values);
                    anySmall = true;
                }
            }

            if (anySmall)
            {
                EmitStream(small);
            }

            foreach (int qname in channels.Order)
            {
                List<(string Value, Datatype? Type)> values = channels.Channel(qname);
                if (values.Count > SmallChannelLimit)
                {
                    var large = new BitOutput(byteAligned: true, 4096);
                    WriteChannel(large, qname, values);
                    EmitStream(large);
                }
            }
        }

        channels.Clear();
    }

    private void WriteChannel(BitOutput output, int qname, List<(string Value, Datatype? Type)> values)
    {
        foreach ((string value, Datatype? type) in values)
        {
            _body.WriteChannelValue(output, qname, value, type);
        }
    }

    private void EmitStream(BitOutput stream)
    {
        ReadOnlySpan<byte> bytes = stream.ToSpan();
        if (Options.Alignment == ExiAlignment.Compression)
        {
            using var deflate = new DeflateStream(_output, CompressionLevel.Optimal, leaveOpen: true);
            deflate.Write(bytes);
        }
        else
        {
            _output.Write(bytes);
        }

        stream.Reset();
    }
}
