using System.Diagnostics;

namespace AutoInstaller.Tests.Recipes;

/// <summary>
/// A stand-in for the auto-shutdown extension's Python package <c>sagemaker_studio_autoshutdown</c>, packed as the
/// real one is shipped (an sdist tarball <c>sagemaker_studio_autoshutdown-VERSION.tar.gz</c> with one top folder) or
/// as a wheel. It is a real jupyter_server extension: once enabled and loaded, its authenticated
/// <c>sagemaker-studio-autoshutdown/idle_checker</c> handler keeps what is posted to it and answers it on GET the
/// way the real one does (<c>idle_time</c> posted in minutes, answered in seconds). It shuts nothing down.
/// </summary>
internal static class StandInAutoShutdownPackage
{
    public const string Route = "sagemaker-studio-autoshutdown/idle_checker";

    private const string Module = """
        import json

        from jupyter_server.base.handlers import APIHandler
        from jupyter_server.utils import url_path_join
        from tornado import web

        settings = {"idle_time": 7200, "keep_terminals": False, "count": 0}


        class IdleCheckerHandler(APIHandler):
            @web.authenticated
            def get(self):
                self.finish(json.dumps(settings))

            @web.authenticated
            def post(self):
                body = self.get_json_body()
                settings["idle_time"] = int(body["idle_time"]) * 60
                settings["keep_terminals"] = bool(body["keep_terminals"])
                settings["count"] += 1
                self.finish(json.dumps({"count": settings["count"]}))


        def _jupyter_server_extension_points():
            return [{"module": "sagemaker_studio_autoshutdown"}]


        def load_jupyter_server_extension(server_app):
            web_app = server_app.web_app
            route = url_path_join(web_app.settings["base_url"], "sagemaker-studio-autoshutdown", "idle_checker")
            web_app.add_handlers(".*$", [(route, IdleCheckerHandler)])
            server_app.log.info("stand-in sagemaker_studio_autoshutdown loaded at %s", route)

        """;

    /// <summary>The sdist tarball of <paramref name="version"/>, written into <paramref name="directory"/>.</summary>
    public static async Task<string> SdistAsync(string version, string directory)
    {
        var top = $"sagemaker_studio_autoshutdown-{version}";
        await WriteSourceAsync(Path.Combine(directory, "sdist", top), version);
        var tarball = Path.Combine(directory, $"{top}.tar.gz");
        await RunAsync("tar", "-czf", tarball, "-C", Path.Combine(directory, "sdist"), top);
        return tarball;
    }

    /// <summary>The wheel of <paramref name="version"/>, built offline with the pip of Debian's Python.</summary>
    public static async Task<string> WheelAsync(string version, string directory)
    {
        var source = Path.Combine(directory, "wheel-source", $"sagemaker_studio_autoshutdown-{version}");
        await WriteSourceAsync(source, version);
        var wheels = Path.Combine(directory, "wheels");
        await RunAsync("/usr/bin/python3", "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-cache-dir", "--no-index",
            "--no-deps", "--no-build-isolation", "--wheel-dir", wheels, source);
        return Directory.GetFiles(wheels, $"sagemaker_studio_autoshutdown-{version}-*.whl").Single();
    }

    private static async Task WriteSourceAsync(string root, string version)
    {
        var package = Directory.CreateDirectory(Path.Combine(root, "sagemaker_studio_autoshutdown")).FullName;
        await File.WriteAllTextAsync(Path.Combine(package, "__init__.py"), Module);
        await File.WriteAllTextAsync(Path.Combine(root, "pyproject.toml"), $"""
            [build-system]
            requires = ["setuptools"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "sagemaker_studio_autoshutdown"
            version = "{version}"

            """);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await output}{await errors}");
    }
}
