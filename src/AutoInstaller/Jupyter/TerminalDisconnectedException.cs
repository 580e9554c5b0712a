namespace AutoInstaller.Jupyter;

/// <summary>A terminal connection ended while the caller was reading output or sending to it.</summary>
internal sealed class TerminalDisconnectedException(string terminalName, TerminalDisconnectReason reason, Exception? inner = null)
    : Exception($"terminal {terminalName}: connection ended ({reason})", inner)
{
    public string TerminalName { get; } = terminalName;

    public TerminalDisconnectReason Reason { get; } = reason;
}
