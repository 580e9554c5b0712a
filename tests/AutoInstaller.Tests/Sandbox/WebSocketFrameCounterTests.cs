using StudioSandbox.Jupyter;

namespace AutoInstaller.Tests.Sandbox;

public sealed class WebSocketFrameCounterTests
{
    [Fact]
    public void CountsFramesOfEveryLengthEncodingFedByteByByte()
    {
        byte[] stream = [.. Frame(5), .. Frame(300), .. Frame(70_000), .. Frame(0, masked: true), .. Frame(3)];
        var counter = new WebSocketFrameCounter();
        foreach (var b in stream)
        {
            Assert.Equal(1, counter.Consume([b], stopAfterFrames: int.MaxValue));
        }

        Assert.Equal(5, counter.CompletedFrames);
    }

    [Fact]
    public void StopsExactlyAtTheEndOfTheLastAllowedFrame()
    {
        var first = Frame(10);
        byte[] stream = [.. first, .. Frame(126, masked: true), .. Frame(1)];
        var counter = new WebSocketFrameCounter();

        Assert.Equal(first.Length, counter.Consume(stream, stopAfterFrames: 1));
        Assert.Equal(1, counter.CompletedFrames);
    }

    private static byte[] Frame(int payloadLength, bool masked = false)
    {
        var header = new List<byte> { 0x81 };
        var maskBit = masked ? 0x80 : 0;
        if (payloadLength < 126)
        {
            header.Add((byte)(maskBit | payloadLength));
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            header.Add((byte)(maskBit | 126));
            header.Add((byte)(payloadLength >> 8));
            header.Add((byte)payloadLength);
        }
        else
        {
            header.Add((byte)(maskBit | 127));
            header.AddRange(BitConverter.GetBytes((ulong)payloadLength).Reverse());
        }

        if (masked)
        {
            header.AddRange([1, 2, 3, 4]);
        }

        return [.. header, .. new byte[payloadLength]];
    }
}
