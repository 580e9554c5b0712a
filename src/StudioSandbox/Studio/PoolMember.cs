namespace StudioSandbox.Studio;

/// <summary>
/// One server of the Jupyter pool (<c>--jupyter-pool-size</c>), owned by no user profile or space: its files are
/// under <c>ROOT/pool/&lt;apptype&gt;-NN</c> (socket, log, home, executions log), and it runs as its kind's owner
/// would (a JupyterLab member inside the Debian 13 root, as a space's server).
/// </summary>
internal sealed class PoolMember(JupyterAppKind kind, int index, string poolDirectory, DateTimeOffset creationTime)
    : AppOwner($"{kind.AppType.ToLowerInvariant()}-{index:00}", Path.Combine(poolDirectory, $"{kind.AppType.ToLowerInvariant()}-{index:00}"), creationTime)
{
    public JupyterAppKind AppKind { get; } = kind;

    public override AppOwnerKind Kind => AppKind.OwnerKind;
}
