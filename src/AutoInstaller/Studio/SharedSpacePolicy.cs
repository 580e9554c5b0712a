namespace AutoInstaller.Studio;

/// <summary>
/// What to do with a JupyterLab app in a shared space (<c>AUTO_INSTALLER_SHARED_SPACES</c>): skip it (the default),
/// or run the setup signed in as the space's owner, in the home every member of the space shares.
/// </summary>
internal enum SharedSpacePolicy
{
    Skip,
    Owner,
}
