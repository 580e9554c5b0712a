namespace AutoInstaller.SageMaker;

/// <summary>
/// A presigned Studio URL. It is a bearer credential: it prints as its origin only, so that it cannot reach a log,
/// a result or an exception message by accident.
/// </summary>
internal sealed class PresignedUrl(Uri value)
{
    public Uri Value { get; } = value;

    public override string ToString() => $"{Value.Scheme}://{Value.Authority}/(presigned, redacted)";
}
