using System.Diagnostics;

namespace AutoInstaller.Tests.Recipes;

/// <summary>
/// What a Studio image with jupyter-server-proxy looks like to the code-server recipe: an importable module
/// <c>jupyter_server_proxy</c> with the distribution's metadata and version, in the user's own site-packages of
/// Debian's Python (the one running the sandbox's Jupyter servers). It proxies nothing and is not enabled as a server
/// extension: jupyter-server-proxy is neither a Debian package nor reachable offline, so only the recipe's decision
/// and the configuration it writes are tested with it, not the proxy route.
/// </summary>
internal static class StandInJupyterServerProxy
{
    /// <summary>Installs the stand-in at <paramref name="version"/> for the user, replacing any other version.</summary>
    public static async Task InstallAsync(string home, string version)
    {
        var site = await UserSiteAsync(home);
        foreach (var earlier in Directory.Exists(site) ? Directory.GetDirectories(site, "jupyter_server_proxy-*.dist-info") : [])
        {
            Directory.Delete(earlier, recursive: true);
        }

        var module = Directory.CreateDirectory(Path.Combine(site, "jupyter_server_proxy")).FullName;
        await File.WriteAllTextAsync(Path.Combine(module, "__init__.py"), "# Stand-in: the module exists; it proxies nothing.\n");
        var metadata = Directory.CreateDirectory(Path.Combine(site, $"jupyter_server_proxy-{version}.dist-info")).FullName;
        await File.WriteAllTextAsync(Path.Combine(metadata, "METADATA"), $"Metadata-Version: 2.1\nName: jupyter-server-proxy\nVersion: {version}\n");
    }

    private static async Task<string> UserSiteAsync(string home)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import site; print(site.getusersitepackages())"]) { RedirectStandardOutput = true };
        start.Environment["HOME"] = home;
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var site = (await python.StandardOutput.ReadToEndAsync()).Trim();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0 && site.StartsWith(home, StringComparison.Ordinal), $"user site of {home}: '{site}'");
        return site;
    }
}
