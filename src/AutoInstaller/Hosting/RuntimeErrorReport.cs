using System.Text.Json.Serialization;

namespace AutoInstaller.Hosting;

/// <summary>The error document the Runtime API expects on <c>/error</c> and <c>/init/error</c>.</summary>
internal sealed record RuntimeErrorReport(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static RuntimeErrorReport From(Exception exception) => new(
        exception.GetType().Name,
        exception.Message,
        (exception.StackTrace ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

[JsonSerializable(typeof(RuntimeErrorReport))]
[JsonSerializable(typeof(string))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;
