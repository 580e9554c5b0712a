namespace AutoInstaller.Jupyter;

/// <summary>
/// <c>GET api/status</c>: the server is up and accepts this client's credentials. <see cref="Started"/> changes
/// when the server restarts.
/// </summary>
internal sealed record JupyterServerStatus(DateTimeOffset Started, DateTimeOffset LastActivity);
