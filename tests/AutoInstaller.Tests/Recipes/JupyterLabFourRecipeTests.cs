using System.Diagnostics;
using System.Text;
using AutoInstaller.Tests.Pipeline;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Recipes;

/// <summary>
/// The auto-shutdown recipe's idle checker against JupyterLab 4 on jupyter_server 2.x itself (new Studio's
/// generation, <see cref="JupyterLabFourServer"/>), the recipe run as a step would run it in that app; its DeleteApp
/// goes to the sandbox, where a space's JupyterLab app of the same name stands for the app.
/// </summary>
public sealed class JupyterLabFourRecipeTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task TheIdleCheckerFollowsJupyterLabFourAcrossARestartAndDeletesTheIdleApp()
    {
        var harness = new PipelineHarness(fixture.Host, StudioAppKind.Space);
        await harness.CreateAppAsync("lab4");
        await harness.WaitForInServiceAsync("lab4");
        var home = Directory.CreateTempSubdirectory("jl4-home-").FullName;
        var state = Path.Combine(home, ".auto-installer", "auto-shutdown");
        try
        {
            await using var server = await JupyterLabFourServer.StartAsync(home);

            var (firstCode, first) = await RunRecipeAsync(home);
            var (secondCode, second) = await RunRecipeAsync(home);

            Assert.True(firstCode == 0, first);
            Assert.Contains($"auto-shutdown: the Jupyter server (pid {server.ProcessId}) runs ", first);
            Assert.Contains(" at /jupyterlab/default/\n", first);
            Assert.Matches(@"auto-shutdown: idle checker started \(pid \d+; now idle \d+ s; 0 kernel\(s\), 0 session\(s\), 0 terminal\(s\)\)", first);
            var checker = int.Parse(await File.ReadAllTextAsync(Path.Combine(state, "idle-checker.pid")));
            Assert.True(secondCode == 0, second);
            Assert.Contains($"auto-shutdown: the idle checker already runs (pid {checker}) with these settings", second);

            await server.RestartAsync();
            Assert.True(File.Exists($"/proc/{checker}/cmdline"), "the idle checker did not survive a restart of JupyterLab 4");
            var (notYet, notYetLog) = await CheckAsync(state, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            Assert.True(notYet == 3, notYetLog);
            Assert.Matches(@"d-sandbox00001/lab4/JupyterLab/default not idle \(0 kernel\(s\), 0 session\(s\), 0 terminal\(s\); idle \d+ s of 1800 s\)", notYetLog);
            Assert.Equal("InService", await fixture.Host.SageMaker.GetJupyterLabStatusAsync("lab4"));

            var (deleted, deletedLog) = await CheckAsync(state, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
            Assert.True(deleted == 0, deletedLog);
            Assert.Contains("DeleteApp for d-sandbox00001/lab4/JupyterLab/default accepted", deletedLog);
            await fixture.Host.SageMaker.WaitForJupyterLabStatusAsync("lab4", "Deleted", TimeSpan.FromSeconds(60));
            output.WriteLine(first + second + notYetLog + deletedLog);
        }
        finally
        {
            StopChecker(state);
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>The recipe as its step runs it in a space's JupyterLab app: in the home, with the step's variables.</summary>
    private async Task<(int ExitCode, string Output)> RunRecipeAsync(string home)
    {
        var recipe = await File.ReadAllTextAsync(RepoPaths.Combine("setup", "recipes", "auto-shutdown.sh"));
        var start = new ProcessStartInfo("bash", ["-c", recipe]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = home };
        foreach (var (name, value) in StepEnvironment(home))
        {
            start.Environment[name] = value;
        }

        start.Environment["AUTO_INSTALLER_APP_TYPE"] = "JupyterLab";
        start.Environment["AUTO_INSTALLER_DOMAIN_ID"] = SandboxHost.DomainId;
        start.Environment["AUTO_INSTALLER_SPACE_NAME"] = "lab4";
        start.Environment["AUTO_INSTALLER_APP_NAME"] = "default";
        start.Environment["AUTO_INSTALLER_REGION"] = SandboxHost.Region;
        start.Environment["AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES"] = "30";
        start.Environment["AUTO_INSTALLER_AUTO_SHUTDOWN_SAGEMAKER_ENDPOINT"] = fixture.Host.Origin.GetLeftPart(UriPartial.Authority);
        return await RunAsync(start);
    }

    private static async Task<(int ExitCode, string Output)> CheckAsync(string state, long at)
    {
        var start = new ProcessStartInfo("python3", [Path.Combine(state, "idle-checker.py"), "check", Path.Combine(state, "idle-checker.json"), at.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in StepEnvironment(Path.GetDirectoryName(Path.GetDirectoryName(state))!))
        {
            start.Environment[name] = value;
        }

        return await RunAsync(start);
    }

    /// <summary>The home and the app's role as the AWS CLI inside the app would find it: here the sandbox's credentials.</summary>
    private static Dictionary<string, string> StepEnvironment(string home) => new()
    {
        ["HOME"] = home,
        ["AWS_ACCESS_KEY_ID"] = SandboxHost.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SandboxHost.SecretAccessKey,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_MAX_ATTEMPTS"] = "1",
    };

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        return (process.ExitCode, text);
    }

    private static void StopChecker(string state)
    {
        var pidFile = Path.Combine(state, "idle-checker.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
    }
}
