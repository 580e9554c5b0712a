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
        var created = new UserProfile(name, options.UsersDirectory, time.GetUtcNow());
        if (!_profiles.TryAdd(name, created))
        {
            profile = _profiles[name];
            return false;
        }

        Directory.CreateDirectory(created.Home);
        WriteLoginProfile(created.Home);
        profile = created;
        return true;
    }

    /// <summary>
    /// Terminals run a login shell, and Debian's /etc/profile resets PATH; like a Studio image, the user's
    /// ~/.profile puts the sandbox's commands (restart-jupyter-server) back on it.
    /// </summary>
    private void WriteLoginProfile(string home)
    {
        var path = Path.Combine(home, ".profile");
        if (File.Exists(path))
        {
            return;
        }

        File.WriteAllText(path, $"""
            # Studio sandbox: commands a Studio image provides (restart-jupyter-server) are in {options.BinDirectory}.
            if [ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi
            PATH="{options.BinDirectory}:$PATH"

            """);
    }
}
