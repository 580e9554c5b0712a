using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AutoInstaller.Setup;

/// <summary>
/// A result as one CloudWatch Embedded Metric Format line: CloudWatch turns it into metrics in the
/// <c>StudioAutoInstaller</c> namespace, by outcome: <c>Runs</c>, <c>TotalMs</c>, and the stage timings the run reached.
/// The line is also a log entry like the others (<c>timestamp</c>, <c>level</c>, <c>message</c>, <c>requestId</c>).
/// </summary>
internal static class ResultMetrics
{
    public const string Namespace = "StudioAutoInstaller";

    public static string Line(SetupResult result, DateTimeOffset now, string requestId)
    {
        var metrics = new List<(string Name, string Unit, long Value)> { ("Runs", "Count", 1), ("TotalMs", "Milliseconds", result.Timings.TotalMs) };
        if (result.Timings.WaitMs is { } wait)
        {
            metrics.Add(("WaitMs", "Milliseconds", wait));
        }

        if (result.Timings.RunMs is { } run)
        {
            metrics.Add(("RunMs", "Milliseconds", run));
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", "INFO");
            json.WriteString("message", "Metrics");
            json.WriteString("requestId", requestId);
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", now.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Outcome");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, unit, _) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("Outcome", result.Outcome);
            foreach (var (name, _, value) in metrics)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
