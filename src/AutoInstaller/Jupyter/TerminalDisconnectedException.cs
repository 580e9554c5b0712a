using AutoInstaller.Failures;

namespace AutoInstaller.Jupyter;

/// <summary>A terminal connection ended while the caller was reading output or sending to it.</summary>
internal sealed class TerminalDisconnectedException(string terminalName, TerminalDisconnectReason reason, Exception? inner = null)
    : ClassifiedException($"terminal {terminalName}: connection ended ({reason})", inner)
{
    public override FailureKind Kind => FailureKind.Transient;

    public override bool IsConnectionLoss => true;

    public string TerminalName { get; } = terminalName;

    public TerminalDisconnectReason Reason { get; } = reason;
}
