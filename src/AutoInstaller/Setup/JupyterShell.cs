using AutoInstaller.Failures;
using AutoInstaller.Jupyter;

namespace AutoInstaller.Setup;

/// <summary>
/// A shell in a fresh Jupyter terminal, whatever the user's shell start-up files do. The terminal's interactive shell
/// is replaced, with <c>exec</c> and absolute paths (so no alias, function or PATH of the user's applies), by a quiet
/// pipe: <c>stty -echo; /bin/cat | /bin/bash --noprofile --norc</c>, so nothing echoes and no prompt or line editor
/// interferes. That start-up line is sent again until the pipe answers (a <c>.bashrc</c> may <c>read</c> the first
/// line typed, or start slowly); once the pipe runs, a repeated line does nothing. Then the pipe gets the
/// <see cref="ShellProtocol.Prelude"/>. Disposing closes the websocket and deletes the terminal.
/// </summary>
internal sealed class JupyterShell : IShell
{
    public const int StartAttempts = 5;
    private static readonly TimeSpan FirstStartWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(10);
    private static readonly TerminalSize WideTerminal = new(Rows: 60, Columns: 1024, HeightPixels: 1200, WidthPixels: 8192);
    private readonly JupyterClient jupyter;
    private readonly TerminalConnection connection;
    private readonly CancellationToken cleanupLimit;
    private readonly TerminalLineSplitter splitter = new(ShellProtocol.MaxLineChars);
    private readonly Queue<string> lines = new();

    private JupyterShell(JupyterClient jupyter, TerminalConnection connection, CancellationToken cleanupLimit)
    {
        this.jupyter = jupyter;
        this.connection = connection;
        this.cleanupLimit = cleanupLimit;
    }

    public string Nonce { get; } = Guid.NewGuid().ToString("N");

    public string TerminalName => connection.TerminalName;

    public static async Task<JupyterShell> OpenAsync(JupyterClient jupyter, CancellationToken cancellationToken, CancellationToken cleanupLimit)
    {
        var name = await jupyter.CreateTerminalAsync(cancellationToken).ConfigureAwait(false);
        TerminalConnection? connection = null;
        try
        {
            connection = await jupyter.ConnectTerminalAsync(name, cancellationToken).ConfigureAwait(false);
            await connection.SetSizeAsync(WideTerminal, cancellationToken).ConfigureAwait(false);
            var shell = new JupyterShell(jupyter, connection, cleanupLimit);
            await shell.StartAsync(cancellationToken).ConfigureAwait(false);
            return shell;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            await DeleteQuietlyAsync(jupyter, name, cleanupLimit).ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = "\\builtin test -n \"${AUTO_INSTALLER_CHANNEL-}\" || AUTO_INSTALLER_CHANNEL=1 \\builtin exec /bin/bash --noprofile --norc -c " +
            $"'/bin/stty -echo; builtin printf \"@@%s:%s:ready\\n\" auto-installer {Nonce}; exec /bin/cat | BASH_ENV= exec /bin/bash --noprofile --norc 2>&1'";
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
                    if (ShellProtocol.AfterReply(line, Nonce, "ready") is not null)
                    {
                        await new ShellChannel(this).AskAsync(
                            $"export -n AUTO_INSTALLER_CHANNEL; {ShellProtocol.Prelude(Nonce)}; reply prelude", "prelude", cancellationToken).ConfigureAwait(false);
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
        await DeleteQuietlyAsync(jupyter, connection.TerminalName, cleanupLimit).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the terminal within 10 s and within the cleanup limit (the invocation's deadline), whichever ends first:
    /// a terminal left behind is one more the server lists until it restarts, an overrun invocation is a timeout.
    /// </summary>
    private static async Task DeleteQuietlyAsync(JupyterClient jupyter, string name, CancellationToken cleanupLimit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cleanupLimit);
        timeout.CancelAfter(DeleteTimeout);
        try
        {
            await jupyter.DeleteTerminalAsync(name, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || FailureRule.IsExpected(e))
        {
            // The server is gone or restarting (it took its terminals with it), or the time for cleanup is up.
        }
    }
}

/// <summary>The terminal's shell never started the command channel: nothing was sent to it but the start-up line.</summary>
internal sealed class ShellStartException(string message) : ClassifiedException(message)
{
    public override FailureKind Kind => FailureKind.Transient;
}
