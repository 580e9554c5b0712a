namespace StudioSandbox.Studio;

/// <summary>Identifies an app within the sandbox's one domain.</summary>
internal readonly record struct AppKey(string UserProfileName, string AppType, string AppName)
{
    public override string ToString() => $"{UserProfileName}/{AppType}/{AppName}";
}
