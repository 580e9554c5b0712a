using System.Text.Json.Serialization;

namespace AutoInstaller.Diagnostics;

[JsonSerializable(typeof(string))]
internal sealed partial class DiagnosticsJsonContext : JsonSerializerContext;
