using System.Text;

namespace StudioSandbox.Jupyter;

/// <summary>
/// Reads the client-to-server bytes of a terminal websocket (RFC 6455 frames, masked, fed in arbitrary chunks) until
/// the first text frame whose payload starts with <c>["stdin"</c>, the first input typed into the terminal.
/// </summary>
internal sealed class StdinFrameWatcher
{
    private static readonly byte[] StdinPrefix = Encoding.ASCII.GetBytes("[\"stdin\"");

    private readonly byte[] _header = new byte[14];
    private readonly byte[] _payloadStart = new byte[8];
    private int _headerBytes;
    private long _payloadLength;
    private long _payloadRead;
    private bool _inPayload;

    /// <summary>True once the first stdin frame has been seen.</summary>
    public bool SawStdin { get; private set; }

    /// <summary>Feeds the next chunk; returns true when this chunk completed the first stdin frame's first bytes.</summary>
    public bool Consume(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !SawStdin)
        {
            if (!_inPayload)
            {
                _header[_headerBytes++] = data[0];
                data = data[1..];
                if (HeaderLength() is { } length && _headerBytes == length)
                {
                    StartPayload(length);
                }

                continue;
            }

            var take = (int)Math.Min(_payloadLength - _payloadRead, data.Length);
            for (var i = 0; i < take && _payloadRead + i < _payloadStart.Length; i++)
            {
                _payloadStart[_payloadRead + i] = data[i];
            }

            _payloadRead += take;
            data = data[take..];
            if (IsStdin())
            {
                SawStdin = true;
                return true;
            }

            if (_payloadRead == _payloadLength)
            {
                _inPayload = false;
                _headerBytes = 0;
            }
        }

        return false;
    }

    /// <summary>The whole header's length once enough of it is known (2 bytes, extended length, mask key).</summary>
    private int? HeaderLength()
    {
        if (_headerBytes < 2)
        {
            return null;
        }

        var extended = (_header[1] & 0x7F) switch
        {
            126 => 2,
            127 => 8,
            _ => 0,
        };
        return 2 + extended + ((_header[1] & 0x80) != 0 ? 4 : 0);
    }

    private void StartPayload(int headerLength)
    {
        var length = _header[1] & 0x7F;
        var extended = headerLength - 2 - (((_header[1] & 0x80) != 0) ? 4 : 0);
        _payloadLength = extended == 0 ? length : 0;
        for (var i = 0; i < extended; i++)
        {
            _payloadLength = (_payloadLength << 8) | _header[2 + i];
        }

        _payloadRead = 0;
        _inPayload = _payloadLength > 0;
        _headerBytes = _inPayload ? _headerBytes : 0;
    }

    /// <summary>A complete-enough text frame (opcode 1) whose unmasked payload starts with the stdin prefix.</summary>
    private bool IsStdin()
    {
        if ((_header[0] & 0x0F) != 1 || _payloadRead < StdinPrefix.Length)
        {
            return false;
        }

        var masked = (_header[1] & 0x80) != 0;
        var maskAt = HeaderLength()!.Value - 4;
        for (var i = 0; i < StdinPrefix.Length; i++)
        {
            var b = masked ? (byte)(_payloadStart[i] ^ _header[maskAt + (i % 4)]) : _payloadStart[i];
            if (b != StdinPrefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
