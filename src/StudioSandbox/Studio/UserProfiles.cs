using System.Collections.Concurrent;

namespace StudioSandbox.Studio;

/// <summary>The user profiles of the sandbox's one domain.</summary>
internal sealed class UserProfiles(SandboxOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, UserProfile> _profiles = new(StringComparer.Ordinal);

    public bool TryGet(string name, out UserProfile profile) => _profiles.TryGetValue(name, out profile!);

    /// <summary>Creates the profile and its home directory; false when it already exists.</summary>
    public bool TryCreate(string name, out UserProfile profile)
    {
        profile = new UserProfile(name, options.UsersDirectory, time.GetUtcNow());
        if (!_profiles.TryAdd(name, profile))
        {
            return false;
        }

        HomeDirectory.Prepare(profile.Home, options);
        return true;
    }
}
