using AutoInstaller.Jupyter;

namespace AutoInstaller.Setup;

/// <summary>
/// A command channel through a fresh Jupyter terminal, whatever the user's shell start-up files do. The terminal's
/// interactive shell is replaced, with <c>exec</c> and absolute paths (so no alias, function or PATH of the user's
/// applies), by a quiet pipe: <c>stty -echo; /bin/cat | /bin/bash --noprofile --norc</c>, so nothing echoes and no
/// prompt or line editor interferes. That start-up line is sent again until the pipe answers (a <c>.bashrc</c> may
/// <c>read</c> the first line typed, or start slowly); once the pipe runs, a repeated line does nothing. Replies are
/// marker lines <c>@@auto-installer:NONCE:VERB ...</c> with a nonce of this channel, printed by the pipe's
/// <c>reply</c> function; a command line never holds a whole marker (its parts are printf arguments), and nothing
/// else (step output, the user's shell, an older channel) can print one. The pipe also has <c>alive PID START</c>,
/// true while that process runs with that start time. Disposing closes the websocket and deletes the terminal.
/// </summary>
internal sealed class ShellChannel : IAsyncDisposable
{
    public const int StartAttempts = 5;
    private static readonly TimeSpan FirstStartWait = TimeSpan.FromSeconds(2);
    private static readonly TerminalSize WideTerminal = new(Rows: 60, Columns: 1024, HeightPixels: 1200, WidthPixels: 8192);
    private readonly JupyterClient jupyter;
    private readonly TerminalConnection connection;
    private readonly TerminalLineSplitter splitter = new(MaxLineChars);
    private readonly Queue<string> lines = new();
    private readonly string nonce = Guid.NewGuid().ToString("N");

    private ShellChannel(JupyterClient jupyter, TerminalConnection connection)
    {
        this.jupyter = jupyter;
        this.connection = connection;
    }

    /// <summary>Characters kept of an output line; the rest of a longer line is dropped as it arrives.</summary>
    public const int MaxLineChars = 8192;

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
            await channel.StartAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>The shell definitions of the pipe, for a shell that runs the plan's commands without a channel (tests).</summary>
    public static string Prelude(string nonce) =>
        $"reply() {{ builtin printf '@@%s:%s:%s\\n' auto-installer {nonce} \"$*\"; }}; " +
        "alive() { local s w=$2; IFS= read -r s 2>/dev/null < \"/proc/$1/stat\" || return 1; s=${s##*) }; set -f; set -- $s; set +f; [ \"$1\" != Z ] && [ \"${20-}\" = \"$w\" ]; }";

    /// <summary>What a reply of this channel starts with.</summary>
    public static string ReplyPrefix(string nonce) => $"{RunProgress.MarkerPrefix}{nonce}:";

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = "\\builtin test -n \"${AUTO_INSTALLER_CHANNEL-}\" || AUTO_INSTALLER_CHANNEL=1 \\builtin exec /bin/bash --noprofile --norc -c " +
            $"'/bin/stty -echo; builtin printf \"@@%s:%s:ready\\n\" auto-installer {nonce}; exec /bin/cat | BASH_ENV= exec /bin/bash --noprofile --norc 2>&1'";
        var seen = new Queue<string>();
        var wait = FirstStartWait;
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            await SendAsync(start, cancellationToken).ConfigureAwait(false);
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(wait);
            try
            {
                while (true)
                {
                    var line = await ReadLineAsync(patience.Token).ConfigureAwait(false);
                    if (AfterMarker(line, "ready") is not null)
                    {
                        await AskAsync($"export -n AUTO_INSTALLER_CHANNEL; {Prelude(nonce)}; reply prelude", "prelude", cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    seen.Enqueue(line.Length > 200 ? line[..200] + "…" : line);
                    if (seen.Count > 3)
                    {
                        seen.Dequeue();
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < StartAttempts)
            {
                waited += wait;
                wait *= 2;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                waited += wait;
                throw new ShellStartException(
                    $"the terminal's shell did not start the command channel ({attempt} tries in {waited.TotalSeconds:0} s); " +
                    $"its last output: {(seen.Count == 0 ? "(none)" : string.Join(" | ", seen))}");
            }
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
    /// Reads until a reply with this verb, dropping other lines (what a command printed before it may precede the
    /// reply on its line); returns what follows the verb.
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

    /// <summary>Reads until a reply with this verb; returns the reply's rest and the lines before it.</summary>
    public async Task<(string Reply, IReadOnlyList<string> Before)> ReadUntilAsync(string verb, CancellationToken cancellationToken)
    {
        var before = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (AfterMarker(line, verb) is { } rest)
            {
                return (rest, before);
            }

            before.Add(line);
        }
    }

    /// <summary>The next complete output line, without terminal escapes, cut at <see cref="MaxLineChars"/>.</summary>
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

    /// <summary>The rest of a reply with this verb, or null when the line is no such reply (a reply may end a line).</summary>
    public string? AfterMarker(string line, string verb)
    {
        var prefix = $"{ReplyPrefix(nonce)}{verb}";
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

/// <summary>The terminal's shell never started the command channel: nothing was sent to it but the start-up line.</summary>
internal sealed class ShellStartException(string message) : Exception(message);
