namespace StudioSandbox.Studio;

/// <summary>
/// The app types the sandbox runs a real Jupyter server for: Studio Classic's <c>JupyterServer</c> of a user profile,
/// served on the domain's origin under <c>/jupyter/default/</c>, and new Studio's <c>JupyterLab</c> of a space,
/// served on the space origin under <c>/jupyterlab/default/</c>. Both are named <c>default</c>. A login lands on
/// <see cref="LandingPath"/>: JupyterLab's <c>lab</c> page, as Studio's does; Debian 12's jupyter-server has no
/// JupyterLab, so a Classic login lands on the server's root page.
/// </summary>
internal sealed record JupyterAppKind(string AppType, AppOwnerKind OwnerKind, string BasePath, string LandingPath)
{
    public const string AppName = "default";

    public static readonly JupyterAppKind Classic = new("JupyterServer", AppOwnerKind.UserProfile, "/jupyter/default/", "/jupyter/default/");

    public static readonly JupyterAppKind JupyterLab = new("JupyterLab", AppOwnerKind.Space, "/jupyterlab/default/", "/jupyterlab/default/lab");

    /// <summary>The kind for an app type, or null for the types the sandbox only keeps a record of.</summary>
    public static JupyterAppKind? Of(string appType) =>
        appType == Classic.AppType ? Classic : appType == JupyterLab.AppType ? JupyterLab : null;

    /// <summary>The kind served on an origin: JupyterLab on the space origin, Classic on the domain's.</summary>
    public static JupyterAppKind ServedOn(bool spaceOrigin) => spaceOrigin ? JupyterLab : Classic;

    public AppKey Key(string ownerName) => new(OwnerKind, ownerName, AppType, AppName);
}
