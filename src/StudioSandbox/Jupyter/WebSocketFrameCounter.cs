namespace StudioSandbox.Jupyter;

/// <summary>Counts complete frames in a websocket byte stream (RFC 6455 framing), fed in arbitrary chunks.</summary>
internal sealed class WebSocketFrameCounter
{
    private enum Phase
    {
        FirstByte,
        LengthByte,
        ExtendedLength,
        MaskKey,
        Payload,
    }

    private Phase _phase = Phase.FirstByte;
    private bool _masked;
    private int _extendedLengthBytes;
    private int _maskBytes;
    private long _payloadRemaining;

    public int CompletedFrames { get; private set; }

    /// <summary>Feeds <paramref name="data"/>; returns how many of its bytes belong to the first <paramref name="stopAfterFrames"/> frames.</summary>
    public int Consume(ReadOnlySpan<byte> data, int stopAfterFrames)
    {
        var position = 0;
        while (position < data.Length && CompletedFrames < stopAfterFrames)
        {
            var b = data[position];
            switch (_phase)
            {
                case Phase.FirstByte:
                    _phase = Phase.LengthByte;
                    position++;
                    break;
                case Phase.LengthByte:
                    _masked = (b & 0x80) != 0;
                    var length = b & 0x7F;
                    _payloadRemaining = 0;
                    position++;
                    if (length >= 126)
                    {
                        _extendedLengthBytes = length == 126 ? 2 : 8;
                        _phase = Phase.ExtendedLength;
                    }
                    else
                    {
                        _payloadRemaining = length;
                        AfterLength();
                    }

                    break;
                case Phase.ExtendedLength:
                    _payloadRemaining = (_payloadRemaining << 8) | b;
                    position++;
                    if (--_extendedLengthBytes == 0)
                    {
                        AfterLength();
                    }

                    break;
                case Phase.MaskKey:
                    position++;
                    if (--_maskBytes == 0)
                    {
                        StartPayload();
                    }

                    break;
                case Phase.Payload:
                    var take = (int)Math.Min(_payloadRemaining, data.Length - position);
                    position += take;
                    _payloadRemaining -= take;
                    if (_payloadRemaining == 0)
                    {
                        CompleteFrame();
                    }

                    break;
            }
        }

        return position;
    }

    private void AfterLength()
    {
        if (_masked)
        {
            _maskBytes = 4;
            _phase = Phase.MaskKey;
        }
        else
        {
            StartPayload();
        }
    }

    private void StartPayload()
    {
        if (_payloadRemaining == 0)
        {
            CompleteFrame();
        }
        else
        {
            _phase = Phase.Payload;
        }
    }

    private void CompleteFrame()
    {
        CompletedFrames++;
        _phase = Phase.FirstByte;
    }
}
