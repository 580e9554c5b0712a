using System.Buffers;
using System.Text.Json;

namespace AutoInstaller.Jupyter;

/// <summary>The JSON array frames of Jupyter's terminal websocket (terminado's protocol).</summary>
internal static class TerminalMessageCodec
{
    /// <summary>
    /// Decodes a server frame. Returns null for message types this client does not use.
    /// Throws <see cref="JsonException"/> for a frame that is not a terminal message.
    /// </summary>
    public static TerminalMessage? Decode(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("terminal frame is not a JSON array starting with a message type");
        }

        if (reader.ValueTextEquals("stdout"u8))
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("terminal stdout frame has no text");
            }

            return new TerminalOutput(reader.GetString()!);
        }

        if (reader.ValueTextEquals("setup"u8))
        {
            return new TerminalSetup();
        }

        return reader.ValueTextEquals("disconnect"u8) ? new TerminalDisconnected(TerminalDisconnectReason.TerminalEnded) : null;
    }

    public static byte[] EncodeStdin(string text) => Encode(writer =>
    {
        writer.WriteStringValue("stdin"u8);
        writer.WriteStringValue(text);
    });

    public static byte[] EncodeSetSize(TerminalSize size) => Encode(writer =>
    {
        writer.WriteStringValue("set_size"u8);
        writer.WriteNumberValue(size.Rows);
        writer.WriteNumberValue(size.Columns);
        writer.WriteNumberValue(size.HeightPixels);
        writer.WriteNumberValue(size.WidthPixels);
    });

    private static byte[] Encode(Action<Utf8JsonWriter> writeItems)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writeItems(writer);
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
