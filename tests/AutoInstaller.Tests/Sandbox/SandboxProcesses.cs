namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// Finds, through /proc, the processes a sandbox started for a root: Jupyter servers of user profiles and spaces,
/// terminals and what they started.
/// </summary>
public static class SandboxProcesses
{
    /// <summary>The processes of the root, or with <paramref name="userProfileName"/> only that user's.</summary>
    public static IReadOnlyList<int> Of(string root, string? userProfileName = null) =>
        userProfileName is null
            ? Find([OwnerDirectory(root, "users", ""), OwnerDirectory(root, "spaces", "")])
            : Find([OwnerDirectory(root, "users", userProfileName)]);

    /// <summary>The processes of one space of the root.</summary>
    public static IReadOnlyList<int> OfSpace(string root, string spaceName) => Find([OwnerDirectory(root, "spaces", spaceName)]);

    /// <summary>Waits until no process of the root but <paramref name="expected"/> is left; returns those still there.</summary>
    public static async Task<IReadOnlyList<int>> WaitUntilNoneOtherThanAsync(string root, IReadOnlyCollection<int> expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = Of(root);
            if (left.All(expected.Contains) || DateTime.UtcNow > deadline)
            {
                return left;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The Debian 13 root the sandbox runs spaces' JupyterLab from by default.</summary>
    public const string JupyterLabRoot = "/var/cache/studio-auto-installer/trixie";

    /// <summary>
    /// The processes whose mount namespace has the sandbox root <paramref name="root"/> bound as a mount point (a
    /// space's server, its terminals and what they started: mountinfo shows it relative to their root, the
    /// JupyterLab root); and whether this process's own namespace has any mount inside the JupyterLab root.
    /// </summary>
    public static (IReadOnlyList<int> Holders, bool InOwnNamespace) MountsOf(string root)
    {
        var mountPoint = root;
        var holders = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadLines($"/proc/{pid}/mountinfo").Any(line => line.Split(' ')[4] == mountPoint))
                {
                    holders.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }

        return (holders, File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ')[4].StartsWith(JupyterLabRoot + "/", StringComparison.Ordinal)));
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary><c>ROOT/users/NAME/</c>, <c>ROOT/spaces/NAME/</c>, or with an empty name every owner's of that kind.</summary>
    private static string OwnerDirectory(string root, string kind, string name) =>
        Path.Combine(root, kind) + "/" + (name.Length == 0 ? "" : name + "/");

    /// <summary>Processes whose command line names a directory below one of the prefixes, or that inherited one as SANDBOX_APP_DIR.</summary>
    private static List<int> Find(string[] prefixes)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal))
                {
                    continue;
                }

                var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                var environ = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
                if (prefixes.Any(prefix => cmdline.Contains(prefix, StringComparison.Ordinal)
                    || environ.Any(e => e.StartsWith("SANDBOX_APP_DIR=" + prefix, StringComparison.Ordinal))))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }

        return found;
    }
}
