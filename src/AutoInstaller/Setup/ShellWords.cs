namespace AutoInstaller.Setup;

/// <summary>Quoting for POSIX shells.</summary>
internal static class ShellWords
{
    /// <summary>One shell word with exactly this value: single-quoted, embedded quotes as <c>'\''</c>.</summary>
    public static string Quote(string value) => $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
