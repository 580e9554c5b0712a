using System.Text.Json.Serialization;

namespace AutoInstaller.Jupyter;

/// <summary>A terminal as Jupyter lists it: <c>{"name": "1", "last_activity": "..."}</c>.</summary>
internal sealed record TerminalModel(string Name);

/// <summary>Jupyter's JSON error body: <c>{"message": "...", "reason": ...}</c>.</summary>
internal sealed record JupyterErrorBody(string? Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TerminalModel))]
[JsonSerializable(typeof(List<TerminalModel>))]
[JsonSerializable(typeof(JupyterErrorBody))]
[JsonSerializable(typeof(JupyterServerStatus))]
internal sealed partial class JupyterJsonContext : JsonSerializerContext;
