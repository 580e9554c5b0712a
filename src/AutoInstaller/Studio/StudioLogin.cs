using AutoInstaller.Events;

namespace AutoInstaller.Studio;

/// <summary>
/// How the function signs in for one app: as which user profile, into which space (with the landing page Studio
/// should open), and where the app's Jupyter server answers once the session is open.
/// </summary>
internal sealed record StudioLogin(string UserProfileName, string? SpaceName, string? LandingUri, StudioOrigin AppOrigin, Uri JupyterBase)
{
    /// <summary>Studio Classic: the app's own user profile, Jupyter at <c>/jupyter/default/</c> on the domain's origin.</summary>
    public static StudioLogin Classic(AppTarget app, StudioOrigin domainOrigin) =>
        new(app.UserProfileName!, null, null, domainOrigin, domainOrigin.JupyterBase);

    /// <summary>A JupyterLab app in a space: signed in as <paramref name="owner"/>, Jupyter on the space's own origin.</summary>
    public static StudioLogin Space(AppTarget app, string owner, StudioOrigin spaceOrigin) =>
        new(owner, app.SpaceName, "app:JupyterLab:/", spaceOrigin, spaceOrigin.JupyterLabBase);
}
