using AutoInstaller.Failures;

namespace AutoInstaller.Setup;

/// <summary>run.log or the run's state is not what a runner of this function writes: retrying cannot change that.</summary>
internal sealed class RunLogException(string message) : ClassifiedException(message)
{
    public override FailureKind Kind => FailureKind.Permanent;
}
