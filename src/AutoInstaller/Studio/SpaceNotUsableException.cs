using AutoInstaller.Failures;

namespace AutoInstaller.Studio;

/// <summary>
/// <c>DescribeSpace</c> describes the space in a way the function cannot sign in to: no valid owner, or a URL that is
/// not the region's Studio host. Permanent: the run fails with this reason.
/// </summary>
internal sealed class SpaceNotUsableException(string message) : ClassifiedException(message)
{
    public override FailureKind Kind => FailureKind.Permanent;
}
