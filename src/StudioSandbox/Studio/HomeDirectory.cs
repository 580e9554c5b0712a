namespace StudioSandbox.Studio;

/// <summary>The home directory of a user profile or a space, as a Studio image would prepare it.</summary>
internal static class HomeDirectory
{
    /// <summary>
    /// Creates the home. Terminals run a login shell, and Debian's /etc/profile resets PATH; like a Studio image,
    /// the home's ~/.profile puts the sandbox's commands (restart-jupyter-server) back on it.
    /// </summary>
    public static void Prepare(string home, SandboxOptions options)
    {
        Directory.CreateDirectory(home);
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
