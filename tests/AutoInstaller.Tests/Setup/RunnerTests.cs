using System.Text;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.Setup;

/// <summary>The runner and the claim, run by real bash in a throw-away home; run.log read back through <see cref="RunProgress"/>.</summary>
public sealed class RunnerTests : IDisposable
{
    private readonly LocalShell shell = new();

    [Fact]
    public async Task RunsStepsInOrderAndStopsAtTheFirstFailure()
    {
        var plan = Plan("11111111-2222-3333-4444-555555555555",
            Encoding.UTF8.GetBytes("set -euo pipefail\nsay() { echo \"[$AUTO_INSTALLER_STEP] $1\"; }\n# step: one\nsay \"hello $GREETING\"\n# step: two\nsay bye\nexit 3\n# step: three\nsay never\n"),
            new Dictionary<string, string> { ["GREETING"] = "it's me" });

        var progress = await RunAsync(plan);

        Assert.Equal(3, progress.ExitStatus);
        Assert.Equal(
            [("one", StepStatus.Succeeded, (int?)0), ("two", StepStatus.Failed, 3), ("three", StepStatus.NotRun, null)],
            progress.Steps.Select(s => (s.Name, s.Status, s.ExitCode)));
        Assert.Equal(["[one] hello it's me"], progress.Steps[0].OutputTail);
        Assert.Equal(["[two] bye"], progress.Steps[1].OutputTail);
        Assert.All(progress.Steps.Take(2), s => Assert.InRange(s.DurationMs!.Value, 0, 10_000));
        Assert.Equal("3\n", await File.ReadAllTextAsync(Path.Combine(shell.Home, ".auto-installer/runs", plan.RunId, "status")));
    }

    [Fact]
    public async Task OfConcurrentClaimsExactlyOneStartsTheRun()
    {
        var plan = Plan("aaaaaaaa-2222-3333-4444-555555555555", "echo ran >> \"$HOME/executions\"\n"u8.ToArray(), new Dictionary<string, string>());
        var stagings = Enumerable.Range(1, 4).Select(i => RunPlan.StagingDirectory($"attempt{i}")).ToList();
        foreach (var staging in stagings)
        {
            await shell.RunAsync(FileDelivery.CommandLines(staging, plan.Files));
        }

        var claims = await Task.WhenAll(stagings.Select(staging => shell.RunAsync(plan.ClaimCommand(staging))));
        await shell.WaitForFileAsync(Path.Combine(shell.Home, ".auto-installer/runs", plan.RunId, "status"));

        Assert.Equal(1, claims.Count(c => c == "@@auto-installer:claim started\n"));
        Assert.Equal(3, claims.Count(c => c == "@@auto-installer:claim exists\n"));
        Assert.Equal("ran\n", await File.ReadAllTextAsync(Path.Combine(shell.Home, "executions")));
        Assert.Equal([".auto-installer/runs/" + plan.RunId], Directory.GetDirectories(Path.Combine(shell.Home, ".auto-installer/runs")).Select(d => Path.GetRelativePath(shell.Home, d)));
        Assert.Equal("@@auto-installer:state present\n", await shell.RunAsync(plan.StateCommand));
    }

    private async Task<RunProgress> RunAsync(RunPlan plan)
    {
        var staging = RunPlan.StagingDirectory("test");
        Assert.Equal("@@auto-installer:state absent\n", await shell.RunAsync(plan.StateCommand));
        await shell.RunAsync(FileDelivery.CommandLines(staging, plan.Files));
        Assert.Equal("@@auto-installer:claim started\n", await shell.RunAsync(plan.ClaimCommand(staging)));
        var runDirectory = Path.Combine(shell.Home, ".auto-installer/runs", plan.RunId);
        await shell.WaitForFileAsync(Path.Combine(runDirectory, "status"));

        var progress = new RunProgress([.. plan.Steps.Select(s => s.Name)]);
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(runDirectory, "run.log")))
        {
            progress.Apply(line);
        }

        return progress;
    }

    public void Dispose() => shell.Dispose();

    private static RunPlan Plan(string runId, byte[] script, IReadOnlyDictionary<string, string> environment) =>
        new(runId, script, SetupScript.Split(script), environment);
}
