using AutoInstaller.Failures;

namespace AutoInstaller.Studio;

/// <summary>Signing in to Studio with a presigned URL did not give a session. Never carries the URL itself.</summary>
internal sealed class StudioLoginException(string message, bool transient) : ClassifiedException(message)
{
    /// <summary>Transient: a fresh presigned URL may succeed (refused, expired, or a server error), as opposed to a refused host.</summary>
    public override FailureKind Kind { get; } = transient ? FailureKind.Transient : FailureKind.Permanent;
}
