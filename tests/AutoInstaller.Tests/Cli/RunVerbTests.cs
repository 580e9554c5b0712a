using System.Text.Json;
using AutoInstaller.Tests.Hosting;
using AutoInstaller.Tests.Jupyter;

namespace AutoInstaller.Tests.Cli;

/// <summary>
/// <c>bootstrap run</c> without a token, as a cookie session: against a real jupyter-server that has no authentication
/// and one that asks for a password, of Studio Classic's generation (Debian 12's 1.23) and new Studio's (Debian 13's
/// 2.15, in the root <c>.ci/build-jupyterlab-root</c> builds).
/// </summary>
public sealed class RunVerbTests
{
    private const string Script = "# step: write\necho from-run > \"$HOME/run.txt\"\n# step: read\ncat \"$HOME/run.txt\"\n";

    [Theory]
    [InlineData("1.23")]
    [InlineData("2.15")]
    public async Task RunSetsUpAServerWithoutAuthenticationAsACookieSession(string generation)
    {
        await using var jupyter = await StartAsync(generation, JupyterServerAuth.Cookies, "/jupyter/default/");

        var result = await RunAsync(jupyter, new Dictionary<string, string>());

        AssertSucceeded(result);
    }

    [Theory]
    [InlineData("1.23")]
    [InlineData("2.15")]
    public async Task RunLogsInWithThePasswordAndSetsUpTheServer(string generation)
    {
        await using var jupyter = await StartAsync(generation, JupyterServerAuth.Password);

        var result = await RunAsync(jupyter, new Dictionary<string, string> { ["JUPYTER_PASSWORD"] = jupyter.Password! });

        AssertSucceeded(result);
        Assert.DoesNotContain(jupyter.Password!, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.23")]
    [InlineData("2.15")]
    public async Task AWrongPasswordIsSaidAndRunsNothing(string generation)
    {
        await using var jupyter = await StartAsync(generation, JupyterServerAuth.Password);

        var result = await RunAsync(jupyter, new Dictionary<string, string>(), "--password", "not-the-password");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: log in with the password: Jupyter answered 401 Unauthorized: the server refused the password", result.Stderr);
        Assert.DoesNotContain("not-the-password", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenAndAPasswordTogetherAreAUsageError()
    {
        await using var jupyter = await JupyterServer.StartAsync(JupyterServerAuth.Password);

        var result = await RunAsync(jupyter, new Dictionary<string, string> { ["JUPYTER_TOKEN"] = "a-token-that-is-long-enough" }, "--password", jupyter.Password!);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("a token (--token or JUPYTER_TOKEN) and a password (--password or JUPYTER_PASSWORD) are both set; give one", result.Stderr);
    }

    /// <summary>A server of the generation, checked by the version its <c>api</c> answers.</summary>
    private static async Task<JupyterServer> StartAsync(string generation, JupyterServerAuth auth, string baseUrl = "/")
    {
        var jupyter = await JupyterServer.StartAsync(auth, baseUrl, generation == "2.15" ? JupyterServer.Trixie : null);
        try
        {
            using var http = new HttpClient();
            using var api = JsonDocument.Parse(await http.GetStringAsync(new Uri(jupyter.BaseUri, "api")));
            Assert.StartsWith(generation + ".", api.RootElement.GetProperty("version").GetString());
            return jupyter;
        }
        catch
        {
            await jupyter.DisposeAsync();
            throw;
        }
    }

    private static void AssertSucceeded((int ExitCode, string Stdout, string Stderr) result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("succeeded", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("from-run", json.RootElement.GetProperty("steps")[1].GetProperty("outputTail")[0].GetString());
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        JupyterServer jupyter, Dictionary<string, string> environment, params string[] extra)
    {
        var script = Path.Combine(Directory.CreateTempSubdirectory("run-verb-").FullName, "setup.sh");
        await File.WriteAllTextAsync(script, Script);
        using var bootstrap = BootstrapProcess.Start(
            environment, ["run", "--jupyter-url", jupyter.BaseUri.ToString(), "--script", script, "--output", "json", .. extra]);
        var exitCode = await bootstrap.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        return (exitCode, bootstrap.Stdout, bootstrap.Stderr);
    }
}
