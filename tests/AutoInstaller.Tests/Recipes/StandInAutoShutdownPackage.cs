using System.Diagnostics;

namespace AutoInstaller.Tests.Recipes;

/// <summary>
/// A stand-in for the auto-shutdown extension's Python package <c>sagemaker_studio_autoshutdown</c>, shaped after the
/// measured behaviour of the real 0.1.5 (studio-evidence.md, "Third-party packages the recipes install"):
/// <list type="bullet">
/// <item>its sdist (<c>sagemaker_studio_autoshutdown-VERSION.tar.gz</c>, one top folder) builds with a <c>setup.py</c> that
/// compares the Python version as a number, so pip fails on Python 3.10 and later with
/// <c>ValueError: Python version 3.11 unsupported</c>;</item>
/// <item>its wheel stands for one built on Python 3.9, which installs on any Python 3;</item>
/// <item>its module imports classic Notebook 6 (<c>notebook.base.handlers</c>, <c>notebook.utils</c>) and <c>urllib3</c>, so
/// without them it cannot be imported, and jupyter_server's <c>extension enable</c> then prints "Validation failed"
/// and exits 0 (that part is jupyter_server's own behaviour, not the stand-in's);</item>
/// <item>loaded, its authenticated <c>sagemaker-studio-autoshutdown/idle_checker</c> answers GET with
/// <c>idle_time</c> (seconds), <c>keep_terminals</c> and <c>count</c>; a POST (<c>idle_time</c> in minutes) sets them and
/// starts the idle-check loop once, and <c>count</c> counts its loops (one at the start, one more every 10 s).</item>
/// </list>
/// Its checks look at nothing and shut nothing down (the real one asks Studio Classic's own <c>/sagemaker/api/apps</c>,
/// which answers 404 outside Studio).
/// </summary>
internal static class StandInAutoShutdownPackage
{
    public const string Route = "sagemaker-studio-autoshutdown/idle_checker";

    private const string Module = """
        import asyncio
        import json

        import tornado
        import urllib3
        from notebook.base.handlers import APIHandler
        from notebook.utils import url_path_join


        class IdleChecker:
            interval = 10

            def __init__(self):
                self.idle_time = 7200
                self.keep_terminals = False
                self.count = 0
                self.task = None

            def start(self, idle_time, keep_terminals):
                self.idle_time = idle_time
                self.keep_terminals = keep_terminals
                if self.task is None:
                    self.count += 1
                    self.task = asyncio.ensure_future(self.loop())

            async def loop(self):
                while True:
                    self.count += 1
                    await asyncio.sleep(self.interval)


        checker = IdleChecker()


        class IdleCheckerHandler(APIHandler):
            @tornado.web.authenticated
            def get(self):
                self.finish(json.dumps({"idle_time": checker.idle_time, "keep_terminals": checker.keep_terminals, "count": checker.count}))

            @tornado.web.authenticated
            def post(self):
                body = self.get_json_body()
                checker.start(int(body["idle_time"]) * 60, body["keep_terminals"])
                self.finish(json.dumps({"count": checker.count}))


        def _jupyter_server_extension_paths():
            return [{"module": "sagemaker_studio_autoshutdown"}]


        def load_jupyter_server_extension(server_app):
            web_app = server_app.web_app
            route = url_path_join(web_app.settings["base_url"], "sagemaker-studio-autoshutdown", "idle_checker")
            web_app.add_handlers(".*$", [(route, IdleCheckerHandler)])
            server_app.log.info("stand-in sagemaker_studio_autoshutdown loaded at %s", route)

        """;

    /// <summary>The sdist's <c>setup.py</c>: the version check compares "3.11" with "3.7" as numbers, as 0.1.5's does.</summary>
    private const string SetupPy = """
        import sys

        import setuptools


        def require_python(spec):
            running = "%d.%d" % sys.version_info[:2]
            if not eval(running + spec):
                raise ValueError("Python version %s unsupported" % running)


        require_python(">=3.7")
        setuptools.setup(name="sagemaker_studio_autoshutdown", version="{0}", packages=["sagemaker_studio_autoshutdown"])

        """;

    /// <summary>The sdist tarball of <paramref name="version"/>, written into <paramref name="directory"/>.</summary>
    public static async Task<string> SdistAsync(string version, string directory)
    {
        var top = $"sagemaker_studio_autoshutdown-{version}";
        var root = Path.Combine(directory, "sdist", top);
        await WriteModuleAsync(root);
        await File.WriteAllTextAsync(Path.Combine(root, "setup.py"), SetupPy.Replace("{0}", version, StringComparison.Ordinal));
        var tarball = Path.Combine(directory, $"{top}.tar.gz");
        await RunAsync("tar", "-czf", tarball, "-C", Path.Combine(directory, "sdist"), top);
        return tarball;
    }

    /// <summary>The wheel of <paramref name="version"/>, built offline with the pip of Debian's Python from a source without the version check.</summary>
    public static async Task<string> WheelAsync(string version, string directory)
    {
        var source = Path.Combine(directory, "wheel-source", $"sagemaker_studio_autoshutdown-{version}");
        await WriteModuleAsync(source);
        await File.WriteAllTextAsync(Path.Combine(source, "pyproject.toml"), $"""
            [build-system]
            requires = ["setuptools"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "sagemaker_studio_autoshutdown"
            version = "{version}"

            """);
        var wheels = Path.Combine(directory, "wheels");
        await RunAsync("/usr/bin/python3", "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-cache-dir", "--no-index",
            "--no-deps", "--no-build-isolation", "--wheel-dir", wheels, source);
        return Directory.GetFiles(wheels, $"sagemaker_studio_autoshutdown-{version}-*.whl").Single();
    }

    private static async Task WriteModuleAsync(string root)
    {
        var package = Directory.CreateDirectory(Path.Combine(root, "sagemaker_studio_autoshutdown")).FullName;
        await File.WriteAllTextAsync(Path.Combine(package, "__init__.py"), Module);
    }

    internal static async Task RunAsync(string program, params string[] arguments)
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
