namespace AutoInstaller.Jupyter;

/// <summary>A message from a Jupyter terminal's websocket (server to client).</summary>
internal abstract record TerminalMessage;

/// <summary><c>["setup", {}]</c>: the terminal is attached; the server sends it first.</summary>
internal sealed record TerminalSetup : TerminalMessage;

/// <summary><c>["stdout", text]</c>: output of the pty (stderr included), echoes of the input and escape sequences.</summary>
internal sealed record TerminalOutput(string Text) : TerminalMessage;

/// <summary>The connection has ended; nothing follows. Reading again returns this again.</summary>
internal sealed record TerminalDisconnected(TerminalDisconnectReason Reason) : TerminalMessage;
