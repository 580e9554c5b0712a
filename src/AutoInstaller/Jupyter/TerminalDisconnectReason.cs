namespace AutoInstaller.Jupyter;

/// <summary>Why a terminal connection ended.</summary>
internal enum TerminalDisconnectReason
{
    /// <summary>The server sent <c>["disconnect", 1]</c>: the shell exited or the terminal was deleted.</summary>
    TerminalEnded,

    /// <summary>The server closed the websocket without saying the terminal ended.</summary>
    ClosedByServer,

    /// <summary>The connection failed: the server went away or the network dropped it.</summary>
    ConnectionLost,

    /// <summary>The server sent a frame that is not a terminal message.</summary>
    ProtocolError,

    /// <summary>This side closed or disposed the connection.</summary>
    ClosedByClient,
}
