using AutoInstaller.Failures;

namespace AutoInstaller.Setup;

/// <summary>
/// Writing the run's files failed or they do not match what was sent (checksum), so nothing was started. Transient: a
/// retry stages the files afresh; a terminal that changes them every time fails every retry, and the event ends in
/// the dead-letter queue.
/// </summary>
internal sealed class SetupDeliveryException(string message) : ClassifiedException(message)
{
    public override FailureKind Kind => FailureKind.Transient;
}
