namespace AutoInstaller.Jupyter;

/// <summary>Where a terminal connection stands. It only moves forward: a connection is never reopened.</summary>
internal enum TerminalConnectionStatus
{
    /// <summary>The websocket is open; the terminal has not answered yet.</summary>
    Connecting,

    /// <summary>The terminal has answered (its <c>setup</c> message or output arrived).</summary>
    Connected,

    /// <summary>The connection has ended; <see cref="TerminalConnection.DisconnectReason"/> says why.</summary>
    Disconnected,
}
