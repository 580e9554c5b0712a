using System.Diagnostics;

namespace AutoInstaller.Tests.Recipes;

/// <summary>
/// A stand-in for jupyter-server-proxy (not packaged by Debian, not reachable offline), installed as pip
/// <c>--user</c> would install the real one for Debian's Python (the one running the sandbox's Jupyter servers): the
/// module <c>jupyter_server_proxy</c> with the distribution's metadata and version in the user's site-packages, and
/// its enabling <c>jupyter_server_config.d/jupyter_server_proxy.json</c> under the user's <c>~/.local/etc/jupyter</c>.
/// It is a real server extension that behaves as measured (studio-evidence.md): it reads <c>ServerProxy.servers</c>;
/// below 4.0 an entry without <c>command</c> makes the whole extension fail to load (jupyter_server logs "extension
/// failed loading with message: 'command'") and so takes <c>/proxy/PORT/</c> away too; from 4.0 such an entry is a
/// process started ahead of time. Loaded, it serves <c>server-proxy/servers-info</c>, <c>proxy/PORT/...</c> and
/// <c>NAME/...</c> for each entry. What it proxies is GET only (no websockets, no other methods): enough to show a
/// route reaches the process behind it.
/// </summary>
internal static class StandInJupyterServerProxy
{
    private const string Module = """
        import json

        from jupyter_server.base.handlers import JupyterHandler
        from jupyter_server.utils import url_path_join
        from tornado import httpclient, web

        MAJOR = int("{0}".split(".")[0])


        class ServersInfoHandler(JupyterHandler):
            def initialize(self, servers):
                self.servers = servers

            @web.authenticated
            def get(self):
                self.finish(json.dumps({"server_processes": [{"name": name, "launcher_entry": spec.get("launcher_entry", {})} for name, spec in self.servers.items()]}))


        class ProxyHandler(JupyterHandler):
            def initialize(self, port=None):
                self.fixed_port = port

            @web.authenticated
            async def get(self, *parts):
                port, path = (self.fixed_port, parts[0]) if self.fixed_port else parts
                answer = await httpclient.AsyncHTTPClient().fetch(f"http://127.0.0.1:{port}/{path}", raise_error=False)
                self.set_status(502 if answer.code == 599 else answer.code)
                self.finish(answer.body or b"")


        def _jupyter_server_extension_points():
            return [{"module": "jupyter_server_proxy"}]


        def _load_jupyter_server_extension(server_app):
            servers = {}
            for name, spec in dict(server_app.config.get("ServerProxy", {}).get("servers", {})).items():
                if MAJOR < 4:
                    spec["command"]  # 3.x builds a process from every entry: one without a command fails here
                servers[name] = dict(spec)
            base = server_app.web_app.settings["base_url"]
            handlers = [
                (url_path_join(base, "server-proxy", "servers-info"), ServersInfoHandler, {"servers": servers}),
                (url_path_join(base, "proxy", r"(\d+)", "(.*)"), ProxyHandler),
            ]
            handlers += [(url_path_join(base, name, "(.*)"), ProxyHandler, {"port": spec["port"]}) for name, spec in servers.items()]
            server_app.web_app.add_handlers(".*$", handlers)

        """;

    /// <summary>
    /// Installs the stand-in at <paramref name="version"/> for the user, replacing any other version, in the user site of
    /// the Python that runs the server: the host's, or that of the Debian 13 root <paramref name="osRoot"/> (a space's
    /// JupyterLab app, whose Python is another version).
    /// </summary>
    public static async Task InstallAsync(string home, string version, string? osRoot = null)
    {
        var site = await UserSiteAsync(home, osRoot);
        foreach (var earlier in Directory.Exists(site) ? Directory.GetDirectories(site, "jupyter_server_proxy-*.dist-info") : [])
        {
            Directory.Delete(earlier, recursive: true);
        }

        var module = Directory.CreateDirectory(Path.Combine(site, "jupyter_server_proxy")).FullName;
        await File.WriteAllTextAsync(Path.Combine(module, "__init__.py"), Module.Replace("{0}", version, StringComparison.Ordinal));
        var metadata = Directory.CreateDirectory(Path.Combine(site, $"jupyter_server_proxy-{version}.dist-info")).FullName;
        await File.WriteAllTextAsync(Path.Combine(metadata, "METADATA"), $"Metadata-Version: 2.1\nName: jupyter-server-proxy\nVersion: {version}\n");
        var enabling = Directory.CreateDirectory(Path.Combine(home, ".local", "etc", "jupyter", "jupyter_server_config.d")).FullName;
        await File.WriteAllTextAsync(Path.Combine(enabling, "jupyter_server_proxy.json"), """{"ServerApp": {"jpserver_extensions": {"jupyter_server_proxy": true}}}""");
    }

    private static async Task<string> UserSiteAsync(string home, string? osRoot)
    {
        string[] command = ["/usr/bin/python3", "-c", "import site; print(site.getusersitepackages())"];
        var start = osRoot is null
            ? new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true }
            : new ProcessStartInfo("/usr/sbin/chroot", [osRoot, .. command]) { RedirectStandardOutput = true };
        start.Environment["HOME"] = home;
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var site = (await python.StandardOutput.ReadToEndAsync()).Trim();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0 && site.StartsWith(home, StringComparison.Ordinal), $"user site of {home}: '{site}'");
        return site;
    }
}
