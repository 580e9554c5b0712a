using System.Buffers;
using System.Text.Json;
using AutoInstaller.Diagnostics;

namespace AutoInstaller.Setup;

/// <summary>
/// A result as one CloudWatch Embedded Metric Format line: CloudWatch turns it into metrics in the
/// <c>StudioAutoInstaller</c> namespace, by outcome: <c>Runs</c>, <c>TotalMs</c>, and the stage timings the run reached.
/// The line is a JSON log entry like the others (<see cref="Log.Json"/>: <c>timestamp</c>, <c>level</c>, <c>message</c>,
/// <c>requestId</c>), whatever the log format: EMF is JSON.
/// </summary>
internal static class ResultMetrics
{
    public const string Namespace = "StudioAutoInstaller";
    public const string Message = "Metrics";

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

        var fields = new List<LogField> { ("_aws", Metadata(now, metrics)), ("Outcome", result.Outcome.Name()) };
        fields.AddRange(metrics.Select(m => new LogField(m.Name, m.Value)));
        return Log.Json(now, LogLevel.Info, Message, requestId, fields.ToArray())!;
    }

    /// <summary>The <c>_aws</c> object: which fields are metrics, in which namespace, along which dimension.</summary>
    private static RawJson Metadata(DateTimeOffset now, List<(string Name, string Unit, long Value)> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
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
        }

        return new RawJson(buffer.WrittenSpan.ToArray());
    }
}
