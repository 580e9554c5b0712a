namespace AutoInstaller.Studio;

/// <summary>Signing in to Studio with a presigned URL did not give a session. Never carries the URL itself.</summary>
internal sealed class StudioLoginException(string message, bool transient) : Exception(message)
{
    /// <summary>A fresh presigned URL may succeed (refused, expired, or a server error), as opposed to a refused host.</summary>
    public bool IsTransient { get; } = transient;
}
