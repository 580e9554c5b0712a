using AutoInstaller.Failures;

namespace AutoInstaller.Setup;

/// <summary>Nothing was started by this delivery (a deadline or a runner that did not answer); a retry may start the run.</summary>
internal sealed class RunNotStartedException(string message) : ClassifiedException(message)
{
    public override FailureKind Kind => FailureKind.Transient;
}
