namespace StudioSandbox.Studio;

/// <summary>Identifies an app within the sandbox's one domain: its owner (a user profile or a space), type and name.</summary>
internal readonly record struct AppKey(AppOwnerKind OwnerKind, string OwnerName, string AppType, string AppName)
{
    public static AppKey ForUser(string userProfileName, string appType, string appName) =>
        new(AppOwnerKind.UserProfile, userProfileName, appType, appName);

    public static AppKey ForSpace(string spaceName, string appType, string appName) =>
        new(AppOwnerKind.Space, spaceName, appType, appName);

    /// <summary>As in the app's ARN: <c>alice/JupyterServer/default</c>, <c>team/JupyterLab/default</c>.</summary>
    public override string ToString() => $"{OwnerName}/{AppType}/{AppName}";
}
