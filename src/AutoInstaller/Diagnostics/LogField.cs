namespace AutoInstaller.Diagnostics;

/// <summary>A structured field of a log entry: a stable key and a string, number, boolean, null, or <see cref="RawJson"/>.</summary>
internal readonly record struct LogField(string Key, object? Value)
{
    public static implicit operator LogField((string Key, object? Value) pair) => new(pair.Key, pair.Value);
}

/// <summary>A field value that is already JSON (UTF-8), written as it is.</summary>
internal sealed record RawJson(byte[] Utf8);
