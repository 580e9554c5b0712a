using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AutoInstaller.Failures;

namespace AutoInstaller.Diagnostics;

/// <summary>Renders one log entry as a line, or null to leave it out.</summary>
internal delegate string? LogFormatter(DateTimeOffset timestamp, LogLevel level, string message, string? requestId, ReadOnlySpan<LogField> fields);

/// <summary>
/// Writes log entries to one writer, a line each: a JSON object (<c>timestamp</c>, <c>level</c>, <c>message</c>,
/// <c>requestId</c>, then the fields) when Lambda's log format is JSON, readable text otherwise, or any other
/// rendering a caller supplies. Entries below the minimum level are dropped. The request id follows the async
/// flow of an invocation.
/// </summary>
internal sealed class Log(TextWriter output, LogLevel minimum, LogFormatter format, TimeProvider time)
{
    public static readonly LogFormatter Json = JsonLine;
    public static readonly LogFormatter Text = TextLine;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly AsyncLocal<string?> requestId = new();
    private readonly Lock gate = new();

    /// <summary>Reads <c>AWS_LAMBDA_LOG_FORMAT</c> (<c>JSON</c> or <c>Text</c>) and <c>AWS_LAMBDA_LOG_LEVEL</c>.</summary>
    public static Log FromEnvironment(Func<string, string?> environment, TextWriter output, TimeProvider time)
    {
        var format = environment("AWS_LAMBDA_LOG_FORMAT");
        var formatter = format switch
        {
            null or "" => Text,
            _ when format.Equals("JSON", StringComparison.OrdinalIgnoreCase) => Json,
            _ when format.Equals("Text", StringComparison.OrdinalIgnoreCase) => Text,
            _ => throw new ConfigurationException($"AWS_LAMBDA_LOG_FORMAT is '{format}'; expected JSON or Text"),
        };
        var levelText = environment("AWS_LAMBDA_LOG_LEVEL");
        var level = LogLevel.Info;
        if (!string.IsNullOrEmpty(levelText) && !LogLevelNames.TryParse(levelText, out level))
        {
            throw new ConfigurationException(
                $"AWS_LAMBDA_LOG_LEVEL is '{levelText}'; expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
        }

        return new Log(output, level, formatter, time);
    }

    /// <summary>Tags every entry written in this async flow with the request id until disposed.</summary>
    public IDisposable BeginInvocation(string id)
    {
        var previous = requestId.Value;
        requestId.Value = id;
        return new Restore(this, previous);
    }

    public void Debug(string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Debug, message, fields);

    public void Info(string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Info, message, fields);

    public void Warn(string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Warn, message, fields);

    public void Error(string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Error, message, fields);

    public void Write(LogLevel level, string message, params ReadOnlySpan<LogField> fields)
    {
        if (level < minimum)
        {
            return;
        }

        var line = format(time.GetUtcNow(), level, message, requestId.Value, fields);
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private static string JsonLine(DateTimeOffset timestamp, LogLevel level, string message, string? requestId, ReadOnlySpan<LogField> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", Timestamp(timestamp));
            writer.WriteString("level", level.Name());
            writer.WriteString("message", message);
            if (requestId is { } id)
            {
                writer.WriteString("requestId", id);
            }

            foreach (var field in fields)
            {
                writer.WritePropertyName(field.Key);
                WriteJsonValue(writer, field.Value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string TextLine(DateTimeOffset timestamp, LogLevel level, string message, string? requestId, ReadOnlySpan<LogField> fields)
    {
        var text = new StringBuilder(128)
            .Append(Timestamp(timestamp)).Append('\t')
            .Append(level.Name()).Append('\t')
            .Append(requestId ?? "-").Append('\t')
            .Append(message);
        foreach (var field in fields)
        {
            text.Append(' ').Append(field.Key).Append('=').Append(FormatText(field.Value));
        }

        return text.ToString();
    }

    private static string Timestamp(DateTimeOffset timestamp) => timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case RawJson raw: writer.WriteRawValue(raw.Utf8); break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    internal static string FormatText(object? value) => value switch
    {
        null => "null",
        string s when s.Length == 0 || s.Any(c => char.IsWhiteSpace(c) || c == '"') => JsonSerializer.Serialize(s, DiagnosticsJsonContext.Default.String),
        bool b => b ? "true" : "false",
        RawJson raw => Encoding.UTF8.GetString(raw.Utf8),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private sealed class Restore(Log log, string? previous) : IDisposable
    {
        public void Dispose() => log.requestId.Value = previous;
    }
}
