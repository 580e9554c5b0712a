using System.Text.Json;
using System.Text.Json.Serialization;
using AutoInstaller.Configuration;
using AutoInstaller.Hosting;

namespace AutoInstaller;

/// <summary>
/// Until the setup pipeline exists: checks that the event is a JSON object and echoes what it names.
/// It never claims a setup ran.
/// </summary>
internal sealed class EventSummaryHandler(FunctionSettings settings, Log log)
{
    public Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var document = JsonDocument.Parse(invocation.Event);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The event is a JSON {document.RootElement.ValueKind}, not an object");
        }

        var root = document.RootElement;
        var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var summary = new EventSummary(
            Text(root, "source"),
            Text(root, "detail-type"),
            detail.ValueKind == JsonValueKind.Object ? Text(detail, "eventName") : null,
            detail.ValueKind == JsonValueKind.Object ? Text(detail, "eventID") : null,
            [.. settings.DomainIds],
            "The setup pipeline is not implemented yet: nothing was run.");
        log.Info("Event received", ("source", summary.Source), ("eventName", summary.EventName), ("eventId", summary.EventId));
        return Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(summary, EventSummaryJsonContext.Default.EventSummary));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

internal sealed record EventSummary(
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("detailType")] string? DetailType,
    [property: JsonPropertyName("eventName")] string? EventName,
    [property: JsonPropertyName("eventId")] string? EventId,
    [property: JsonPropertyName("allowedDomains")] IReadOnlyList<string> AllowedDomains,
    [property: JsonPropertyName("note")] string Note);

[JsonSerializable(typeof(EventSummary))]
internal sealed partial class EventSummaryJsonContext : JsonSerializerContext;
