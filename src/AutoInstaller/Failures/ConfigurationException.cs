namespace AutoInstaller.Failures;

/// <summary>A setting is missing or invalid; the message says which and what is expected.</summary>
internal sealed class ConfigurationException(string message) : ClassifiedException(message)
{
    public override FailureKind Kind => FailureKind.Permanent;
}
