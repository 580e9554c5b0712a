using AutoInstaller.Jupyter;

namespace AutoInstaller.Tests.Jupyter;

/// <summary>Reads a terminal connection's output as lines, the way a caller looking for marker lines does.</summary>
internal sealed class TerminalReader(TerminalConnection connection)
{
    private readonly TerminalLineSplitter splitter = new();

    /// <summary>Reads lines until one equals <paramref name="marker"/>; returns every line read, the marker last.</summary>
    public async Task<List<string>> ReadUntilLineAsync(string marker, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var lines = new List<string>();
        while (true)
        {
            foreach (var line in splitter.Add(await connection.ReadOutputAsync(cts.Token)))
            {
                lines.Add(line);
                if (line == marker)
                {
                    return lines;
                }
            }
        }
    }

    /// <summary>Reads messages until the connection reports its end, and returns that.</summary>
    public async Task<TerminalDisconnected> ReadUntilDisconnectedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await connection.ReceiveAsync(cts.Token) is TerminalDisconnected disconnected)
            {
                return disconnected;
            }
        }
    }
}
