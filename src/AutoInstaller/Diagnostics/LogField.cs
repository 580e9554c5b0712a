namespace AutoInstaller.Diagnostics;

/// <summary>A structured field of a log entry: a stable key and a string, number, boolean or null.</summary>
internal readonly record struct LogField(string Key, object? Value)
{
    public static implicit operator LogField((string Key, object? Value) pair) => new(pair.Key, pair.Value);
}
