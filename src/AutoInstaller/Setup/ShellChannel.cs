using AutoInstaller.Jupyter;

namespace AutoInstaller.Setup;

/// <summary>
/// A command channel through a fresh Jupyter terminal. The terminal's login shell is turned into a quiet pipe:
/// <c>stty -echo; cat | bash</c>, so nothing echoes, no prompt or line editor interferes, and what comes back is
/// only what the commands print. Replies are recognised by marker lines (<c>@@auto-installer:VERB ...</c>), which
/// the commands print with <c>printf '@@%s:...' auto-installer</c> so that the marker never appears in a command.
/// Disposing closes the websocket and deletes the terminal.
/// </summary>
internal sealed class ShellChannel : IAsyncDisposable
{
    private static readonly TerminalSize WideTerminal = new(Rows: 60, Columns: 1024, HeightPixels: 1200, WidthPixels: 8192);
    private readonly JupyterClient jupyter;
    private readonly TerminalConnection connection;
    private readonly TerminalLineSplitter splitter = new();
    private readonly Queue<string> lines = new();

    private ShellChannel(JupyterClient jupyter, TerminalConnection connection)
    {
        this.jupyter = jupyter;
        this.connection = connection;
    }

    public string TerminalName => connection.TerminalName;

    public static async Task<ShellChannel> OpenAsync(JupyterClient jupyter, CancellationToken cancellationToken)
    {
        var name = await jupyter.CreateTerminalAsync(cancellationToken).ConfigureAwait(false);
        TerminalConnection? connection = null;
        try
        {
            connection = await jupyter.ConnectTerminalAsync(name, cancellationToken).ConfigureAwait(false);
            await connection.SetSizeAsync(WideTerminal, cancellationToken).ConfigureAwait(false);
            var channel = new ShellChannel(jupyter, connection);
            await channel.SendAsync("stty -echo; cat | bash --noprofile --norc 2>&1; exit", cancellationToken).ConfigureAwait(false);
            await channel.AskAsync("printf '@@%s:ready\\n' auto-installer", "ready", cancellationToken).ConfigureAwait(false);
            return channel;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            await DeleteQuietlyAsync(jupyter, name).ConfigureAwait(false);
            throw;
        }
    }

    public Task SendAsync(string commandLine, CancellationToken cancellationToken) =>
        connection.SendStdinAsync(commandLine + "\n", cancellationToken);

    /// <summary>Sends a command and returns the rest of the first marker line with this verb.</summary>
    public async Task<string> AskAsync(string commandLine, string verb, CancellationToken cancellationToken)
    {
        await SendAsync(commandLine, cancellationToken).ConfigureAwait(false);
        return await ExpectAsync(verb, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads until a line with this verb's marker, dropping other lines (start-up noise of the login shell may
    /// precede the marker on its line); returns what follows the verb.
    /// </summary>
    public async Task<string> ExpectAsync(string verb, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (AfterMarker(await ReadLineAsync(cancellationToken).ConfigureAwait(false), verb) is { } rest)
            {
                return rest;
            }
        }
    }

    /// <summary>Reads until a line with this verb's marker; returns the lines before it.</summary>
    public async Task<IReadOnlyList<string>> ReadUntilAsync(string verb, CancellationToken cancellationToken)
    {
        var before = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (AfterMarker(line, verb) is not null)
            {
                return before;
            }

            before.Add(line);
        }
    }

    /// <summary>The next complete output line, without terminal escapes.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (lines.Count == 0)
        {
            foreach (var line in splitter.Add(await connection.ReadOutputAsync(cancellationToken).ConfigureAwait(false)))
            {
                lines.Enqueue(line);
            }
        }

        return lines.Dequeue();
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        await DeleteQuietlyAsync(jupyter, connection.TerminalName).ConfigureAwait(false);
    }

    /// <summary>What follows the marker of this verb in the line, or null when the line has no such marker.</summary>
    private static string? AfterMarker(string line, string verb)
    {
        var prefix = $"{RunProgress.MarkerPrefix}{verb}";
        var at = line.IndexOf(prefix, StringComparison.Ordinal);
        var end = at + prefix.Length;
        return at >= 0 && (end == line.Length || line[end] == ' ') ? line[end..].Trim() : null;
    }

    /// <summary>Deletes the terminal within 10 s of its own, whatever happened to the caller's token.</summary>
    private static async Task DeleteQuietlyAsync(JupyterClient jupyter, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await jupyter.DeleteTerminalAsync(name, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JupyterApiException or HttpRequestException or OperationCanceledException or MissingXsrfCookieException)
        {
            // The server is gone or restarting: it took its terminals with it.
        }
    }
}
