using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.SageMaker;

namespace AutoInstaller.Studio;

/// <summary>A space's app that is not set up, and why: a shared space under the default policy.</summary>
internal sealed record SpaceSkip(string Reason);

/// <summary>
/// The space stage, for JupyterLab apps only: <c>DescribeSpace</c> names the owner to sign in as and the space's own
/// Studio URL. A private space is set up as its owner; a shared one follows <see cref="SharedSpacePolicy"/>.
/// </summary>
internal sealed class SpaceLookup(ISageMakerApi sageMaker, SharedSpacePolicy sharedSpaces, bool localOrigin, Log log)
{
    public async Task<(StudioLogin? Login, SpaceSkip? Skip)> FindAsync(AppTarget app, CancellationToken cancellationToken)
    {
        var space = app.SpaceName!;
        var answer = await sageMaker.DescribeSpaceAsync(new DescribeSpaceRequest(app.DomainId, space), cancellationToken).ConfigureAwait(false);
        var sharing = answer.SpaceSharingSettings?.SharingType ?? "Private";
        if (sharing != "Private" && sharedSpaces == SharedSpacePolicy.Skip)
        {
            return (null, new SpaceSkip($"space {space} is shared (SharingType {EventAcceptor.Quote(sharing)}); shared spaces are skipped (AUTO_INSTALLER_SHARED_SPACES=skip)"));
        }

        var owner = answer.OwnershipSettings?.OwnerUserProfileName;
        if (!SageMakerNames.IsResourceName(owner))
        {
            throw new SpaceNotUsableException($"space {space} has no valid owner in DescribeSpace ({EventAcceptor.Quote(owner)})");
        }

        var origin = StudioOrigin.ForSpace(answer.Url, app.Region, localOrigin);
        log.Info(LogMessages.SpaceFound, (LogKeys.SpaceName, space), ("owner", owner), ("sharing", sharing), ("origin", origin.ToString()));
        return (StudioLogin.Space(app, owner!, origin), null);
    }
}
