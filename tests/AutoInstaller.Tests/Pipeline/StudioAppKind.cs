namespace AutoInstaller.Tests.Pipeline;

/// <summary>
/// The two kinds of app the function sets up: a Studio Classic user's <c>JupyterServer</c>, and new Studio's
/// <c>JupyterLab</c> in a private space, whose owner is the user profile <c>NAME-owner</c>.
/// </summary>
public enum StudioAppKind
{
    Classic,
    Space,
}
