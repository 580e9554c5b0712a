namespace AutoInstaller.Setup;

/// <summary>
/// A conversation with one <see cref="IShell"/>: commands sent, replies (<see cref="ShellProtocol"/>) awaited, the
/// lines between them read. Disposing disposes the shell.
/// </summary>
internal sealed class ShellChannel(IShell shell) : IAsyncDisposable
{
    public Task SendAsync(string commandLine, CancellationToken cancellationToken) => shell.SendAsync(commandLine, cancellationToken);

    public Task<string> ReadLineAsync(CancellationToken cancellationToken) => shell.ReadLineAsync(cancellationToken);

    /// <summary>Sends a command and returns the rest of the first reply with this verb.</summary>
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

    /// <summary>The rest of a reply of this shell with this verb, or null when the line is no such reply.</summary>
    public string? AfterMarker(string line, string verb) => ShellProtocol.AfterReply(line, shell.Nonce, verb);

    public ValueTask DisposeAsync() => shell.DisposeAsync();
}
