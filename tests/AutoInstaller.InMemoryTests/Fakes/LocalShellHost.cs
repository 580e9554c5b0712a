using System.Net;
using AutoInstaller.Jupyter;
using AutoInstaller.Setup;

namespace AutoInstaller.InMemoryTests.Fakes;

/// <summary>
/// The shells of one app's server, as local bash processes in the app's home (<paramref name="home"/>, which outlives
/// the host as a Jupyter server's home outlives a session), with the faults of <paramref name="faults"/>. A refused
/// terminal is a 502 from the proxy in front of Jupyter, and a server that is away does not answer at all: both are
/// guesses (the evidence says only that a server restart closes every terminal), chosen as the failures
/// <see cref="Failures.FailureRule.IsConnectionLoss"/> names.
/// </summary>
internal sealed class LocalShellHost(string home, ShellFaults faults) : IShellHost
{
    private readonly Lock gate = new();
    private readonly List<LocalShell> shells = [];
    private int opens;
    private int checks;

    public int Opens { get { lock (gate) { return opens; } } }

    public int Checks { get { lock (gate) { return checks; } } }

    /// <summary>Whether every shell this host gave was disposed, so that no bash of it is left.</summary>
    public bool AllShellsDisposed { get { lock (gate) { return shells.All(s => s.Disposed); } } }

    public async Task<IShell> OpenAsync(CancellationToken cancellationToken, CancellationToken cleanupLimit)
    {
        int? dropAfter;
        lock (gate)
        {
            if (++opens <= faults.RefusedOpens)
            {
                throw new JupyterApiException("create terminal", HttpStatusCode.BadGateway, null);
            }

            var index = opens - 1 - faults.RefusedOpens;
            dropAfter = index < faults.DropAfterLines.Count ? faults.DropAfterLines[index] : null;
        }

        var shell = LocalShell.Start(home, dropAfter);
        lock (gate)
        {
            shells.Add(shell);
        }

        try
        {
            await shell.StartAsync(cancellationToken).ConfigureAwait(false);
            return shell;
        }
        catch
        {
            await shell.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task CheckAnswersAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return ++checks <= faults.AwayChecks
                ? Task.FromException(JupyterApiException.Unreachable("server status", new HttpRequestException("Connection refused")))
                : Task.CompletedTask;
        }
    }

    public void Dispose()
    {
    }
}
