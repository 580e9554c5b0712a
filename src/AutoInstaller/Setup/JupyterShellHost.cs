using AutoInstaller.Jupyter;

namespace AutoInstaller.Setup;

/// <summary>The shells of one Jupyter server: its terminals. Disposing it disposes what <paramref name="owned"/> holds (the signed-in session).</summary>
internal sealed class JupyterShellHost(JupyterClient jupyter, IDisposable? owned = null) : IShellHost
{
    public async Task<IShell> OpenAsync(CancellationToken cancellationToken, CancellationToken cleanupLimit) =>
        await JupyterShell.OpenAsync(jupyter, cancellationToken, cleanupLimit).ConfigureAwait(false);

    public Task CheckAnswersAsync(CancellationToken cancellationToken) => jupyter.GetStatusAsync(cancellationToken);

    public void Dispose() => owned?.Dispose();
}
