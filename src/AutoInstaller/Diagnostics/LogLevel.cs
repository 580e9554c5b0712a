namespace AutoInstaller.Diagnostics;

/// <summary>Lambda's application log levels, lowest first.</summary>
internal enum LogLevel
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

internal static class LogLevelNames
{
    public static string Name(this LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    public static bool TryParse(string text, out LogLevel level)
    {
        foreach (var candidate in Enum.GetValues<LogLevel>())
        {
            if (string.Equals(candidate.Name(), text, StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = LogLevel.Info;
        return false;
    }
}
