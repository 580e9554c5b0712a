using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using AutoInstaller.Jupyter;
using AutoInstaller.Setup;

namespace AutoInstaller.InMemoryTests.Fakes;

/// <summary>
/// A shell as a Jupyter terminal gives it, without the server: <c>/bin/bash --noprofile --norc</c> reading command
/// lines from a pipe, stderr merged into stdout, HOME and the working directory set to the app's home, in a session
/// of its own as a terminal's shell is. Output is cut into lines as the terminal's are (escapes removed, at most
/// <see cref="ShellProtocol.MaxLineChars"/> characters). It starts with <see cref="ShellProtocol.Prelude"/>. After
/// <c>dropAfterLines</c> output lines it ends as a deleted terminal does: its whole process group is killed (a
/// runner started with <c>setsid</c> is not in it) and reading or sending throws
/// <see cref="TerminalDisconnectedException"/>. Disposing kills it the same way.
/// </summary>
internal sealed class LocalShell : IShell
{
    private readonly Process bash;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly int? dropAfterLines;
    private readonly Task pump;
    private int delivered;
    private bool dropped;

    private LocalShell(Process bash, int? dropAfterLines)
    {
        this.bash = bash;
        this.dropAfterLines = dropAfterLines;
        pump = PumpAsync();
    }

    public string Nonce { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Whether the shell was disposed (its bash is gone).</summary>
    public bool Disposed { get; private set; }

    /// <summary>Starts the bash; <see cref="StartAsync"/> then gives it the prelude.</summary>
    public static LocalShell Start(string home, int? dropAfterLines)
    {
        var start = new ProcessStartInfo("setsid", ["/bin/bash", "--noprofile", "--norc", "-c", "exec 2>&1; exec /bin/bash --noprofile --norc"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = home,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        start.Environment["HOME"] = home;
        return new LocalShell(Process.Start(start) ?? throw new InvalidOperationException("bash did not start"), dropAfterLines);
    }

    /// <summary>Defines the prelude's functions and waits for the shell to answer with them.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SendAsync($"{ShellProtocol.Prelude(Nonce)}; reply prelude", cancellationToken).ConfigureAwait(false);
        while (ShellProtocol.AfterReply(await NextLineAsync(cancellationToken).ConfigureAwait(false), Nonce, "prelude") is null)
        {
        }
    }

    public async Task SendAsync(string commandLine, CancellationToken cancellationToken)
    {
        if (dropped)
        {
            throw Disconnected();
        }

        try
        {
            await bash.StandardInput.WriteAsync((commandLine + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
            await bash.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Disconnected(e);
        }
    }

    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        if (delivered == dropAfterLines)
        {
            dropped = true;
            await KillGroupAsync().ConfigureAwait(false);
            throw Disconnected();
        }

        var line = await NextLineAsync(cancellationToken).ConfigureAwait(false);
        delivered++;
        return line;
    }

    public async ValueTask DisposeAsync()
    {
        await KillGroupAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        bash.Dispose();
        Disposed = true;
    }

    private async Task<string> NextLineAsync(CancellationToken cancellationToken)
    {
        if (dropped)
        {
            throw Disconnected();
        }

        try
        {
            return await lines.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw Disconnected();
        }
    }

    private async Task PumpAsync()
    {
        var splitter = new TerminalLineSplitter(ShellProtocol.MaxLineChars);
        var buffer = new char[16384];
        try
        {
            int read;
            while ((read = await bash.StandardOutput.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
            {
                foreach (var line in splitter.Add(new string(buffer, 0, read)))
                {
                    lines.Writer.TryWrite(line);
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke with the process: the shell has ended.
        }
        finally
        {
            lines.Writer.TryComplete();
        }
    }

    /// <summary>Kills the shell's process group (it leads one, started by setsid), as the end of a terminal does.</summary>
    private async Task KillGroupAsync()
    {
        if (bash.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", $"-{bash.Id}"]) { UseShellExecute = false, RedirectStandardError = true })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await bash.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private TerminalDisconnectedException Disconnected(Exception? inner = null) =>
        new($"local-{Nonce[..8]}", dropped ? TerminalDisconnectReason.TerminalEnded : TerminalDisconnectReason.ConnectionLost, inner);
}
