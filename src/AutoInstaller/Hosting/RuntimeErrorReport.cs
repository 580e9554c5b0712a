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

    /// <summary>
    /// The value of <c>Lambda-Runtime-Function-Error-Type</c>. The platform keeps only <c>Runtime.X</c> or
    /// <c>Function.X</c> there (anything else becomes <c>Runtime.Unknown</c>), so an error of the handler, such as
    /// <c>SetupStageException</c>, is sent as <c>Function.SetupStageException</c>; the body keeps its own type.
    /// </summary>
    public string ErrorTypeHeader()
    {
        if (ErrorType.StartsWith("Runtime.", StringComparison.Ordinal) || ErrorType.StartsWith("Function.", StringComparison.Ordinal))
        {
            return ErrorType;
        }

        var name = new string([.. ErrorType.Where(char.IsAsciiLetterOrDigit)]);
        return "Function." + (name.Length > 0 ? name : "Error");
    }
}

[JsonSerializable(typeof(RuntimeErrorReport))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;
