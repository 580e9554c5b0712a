namespace AutoInstaller.Setup;

/// <summary>
/// The port through which a run talks to a shell on the app's server: command lines in, output lines out. The shell
/// has the functions of <see cref="ShellProtocol.Prelude"/> for its <see cref="Nonce"/>, so its replies are marker
/// lines that nothing else can print. Disposing ends the shell within the cleanup limit it was opened with.
/// </summary>
internal interface IShell : IAsyncDisposable
{
    string Nonce { get; }

    Task SendAsync(string commandLine, CancellationToken cancellationToken);

    /// <summary>The next complete output line, without terminal escapes, cut at <see cref="ShellProtocol.MaxLineChars"/>.</summary>
    Task<string> ReadLineAsync(CancellationToken cancellationToken);
}

/// <summary>Where a run's shells come from: the app's Jupyter server, reached through a signed-in session.</summary>
internal interface IShellHost : IDisposable
{
    /// <param name="cleanupLimit">Bounds the shell's own cleanup when it is disposed: the invocation's deadline, not the
    /// (earlier) end of the work.</param>
    Task<IShell> OpenAsync(CancellationToken cancellationToken, CancellationToken cleanupLimit);

    /// <summary>Returns once the server answers; throws a connection loss (<see cref="Failures.FailureRule.IsConnectionLoss"/>) while it does not.</summary>
    Task CheckAnswersAsync(CancellationToken cancellationToken);
}
