namespace StudioSandbox.Studio;

/// <summary>A user profile of the sandbox's domain; its files are under <c>ROOT/users/NAME</c>.</summary>
internal sealed class UserProfile(string name, string usersDirectory, DateTimeOffset creationTime)
    : AppOwner(name, Path.Combine(usersDirectory, name), creationTime)
{
    public override AppOwnerKind Kind => AppOwnerKind.UserProfile;
}
