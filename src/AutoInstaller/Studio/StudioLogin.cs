using AutoInstaller.Events;

namespace AutoInstaller.Studio;

/// <summary>
/// How the function signs in for one app: as which user profile, into which space, with the landing page Studio
/// should open (a domain whose default landing is new Studio's UI, <c>studio::</c>, would not open Jupyter
/// otherwise), on which origin the presigned URL must be and the app's Jupyter server answers.
/// </summary>
internal sealed record StudioLogin(string UserProfileName, string? SpaceName, string LandingUri, StudioOrigin Origin, Uri JupyterBase)
{
    /// <summary>Studio Classic: the app's own user profile, Jupyter at <c>/jupyter/default/</c> on the domain's origin.</summary>
    public static StudioLogin Classic(AppTarget app, StudioOrigin domainOrigin) =>
        new(app.UserProfileName!, null, "app:JupyterServer:", domainOrigin, domainOrigin.JupyterBase);

    /// <summary>A JupyterLab app in a space: signed in as <paramref name="owner"/>, on the space's own origin.</summary>
    public static StudioLogin Space(AppTarget app, string owner, StudioOrigin spaceOrigin) =>
        new(owner, app.SpaceName, "app:JupyterLab:", spaceOrigin, spaceOrigin.JupyterLabBase);
}
