namespace AutoInstaller.Failures;

/// <summary>A failure of the function's own making that knows its <see cref="FailureKind"/>; the message never holds a secret.</summary>
internal abstract class ClassifiedException(string message, Exception? inner = null) : Exception(message, inner)
{
    public abstract FailureKind Kind { get; }

    /// <summary>Whether this is the loss of a server or connection that may come back (see <see cref="FailureRule.IsConnectionLoss"/>).</summary>
    public virtual bool IsConnectionLoss => false;

    /// <summary>Whether this is a service's refusal for rate (see <see cref="FailureRule.IsThrottling"/>).</summary>
    public virtual bool IsThrottling => false;
}
