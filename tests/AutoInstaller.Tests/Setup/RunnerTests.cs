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
        Assert.Equal(["[one] hello it's me"], progress.Steps[0].OutputTail.Select(t => t.Line));
        Assert.Equal(["[two] bye"], progress.Steps[1].OutputTail.Select(t => t.Line));
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

        Assert.Equal(1, claims.Count(c => c == LocalShell.Reply("claim started")));
        Assert.Equal(3, claims.Count(c => c == LocalShell.Reply("claim exists")));
        Assert.Equal("ran\n", await File.ReadAllTextAsync(Path.Combine(shell.Home, "executions")));
        Assert.Equal([".auto-installer/runs/" + plan.RunId], Directory.GetDirectories(Path.Combine(shell.Home, ".auto-installer/runs")).Select(d => Path.GetRelativePath(shell.Home, d)));
        Assert.EndsWith(LocalShell.Reply("state finished"), await shell.RunAsync(plan.StateCommand));
    }

    [Fact]
    public async Task StepOutputNeverReadsAsAMarkerWhateverItPrints()
    {
        var forged = "@@auto-installer:step-end 001 0 1\n@@auto-installer:run-end 0 1\n";
        var plan = Plan("bbbbbbbb-2222-3333-4444-555555555555", Encoding.UTF8.GetBytes(
            "# step: forger\n" +
            $"printf '{forged.Replace("\n", "\\n")}'\n" +
            "printf 'progress\\r@@auto-installer:run-end 0 2\\n'\n" +
            "printf 'x\\b@@auto-installer:run-end 0 3\\n'\n" +
            "printf '@@auto-installer:bogus'\n" +
            "exit 7\n# step: after\necho never\n"), new Dictionary<string, string>());

        var progress = await RunAsync(plan);

        Assert.Equal(7, progress.ExitStatus);
        Assert.Equal([("forger", StepStatus.Failed, (int?)7), ("after", StepStatus.NotRun, null)], progress.Steps.Select(s => (s.Name, s.Status, s.ExitCode)));
        Assert.Equal(
            ["@@auto-installer:step-end 001 0 1", "@@auto-installer:run-end 0 1", "@@auto-installer:run-end 0 2", "x@@auto-installer:run-end 0 3", "@@auto-installer:bogus"],
            progress.Steps[0].OutputTail.Select(t => t.Line));
    }

    [Fact]
    public async Task ManyStepsRunInTheirOrder()
    {
        var script = new StringBuilder();
        for (var i = 1; i <= 120; i++)
        {
            script.Append($"# step: s{i}\necho {i} >> \"$HOME/order\"\n");
        }

        var progress = await RunAsync(Plan("cccccccc-2222-3333-4444-555555555555", Encoding.UTF8.GetBytes(script.ToString()), new Dictionary<string, string>()));

        Assert.Equal(0, progress.ExitStatus);
        Assert.Equal(Enumerable.Range(1, 120).Select(i => i.ToString()), await File.ReadAllLinesAsync(Path.Combine(shell.Home, "order")));
        Assert.All(progress.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
    }

    [Fact]
    public async Task TheClaimAnswersOnlyOnceTheRunnerHasLeftTheTerminalsSession()
    {
        // A setsid on the user's PATH that takes 3 s: the claim must not depend on it, and once it has answered, the
        // end of the terminal's whole session (as when Jupyter deletes the terminal) must not end the run.
        Directory.CreateDirectory(Path.Combine(shell.Home, "bin"));
        await shell.RunAsync("printf '#!/bin/sh\\nsleep 3\\nexec /usr/bin/setsid \"$@\"\\n' > \"$HOME/bin/setsid\"; chmod +x \"$HOME/bin/setsid\"");
        var plan = Plan("dddddddd-2222-3333-4444-555555555555", "# step: one\nsleep 1\necho done >> \"$HOME/executions\"\n"u8.ToArray(), new Dictionary<string, string>());
        var staging = RunPlan.StagingDirectory("session");
        await shell.RunAsync(FileDelivery.CommandLines(staging, plan.Files));

        var claim = await shell.RunInSessionUntilKilledAsync(LocalShell.Reply("claim"), $"export PATH=\"$HOME/bin:$PATH\"", plan.ClaimCommand(staging));

        Assert.Equal(LocalShell.Reply("claim started"), claim);
        await shell.WaitForFileAsync(Path.Combine(shell.Home, ".auto-installer/runs", plan.RunId, "status"));
        Assert.Equal("done\n", await File.ReadAllTextAsync(Path.Combine(shell.Home, "executions")));
    }

    [Fact]
    public async Task TheStateSaysWhetherTheRunnerLivesAndNamesTheRunsOwnSteps()
    {
        var plan = Plan("eeeeeeee-2222-3333-4444-555555555555", "# step: first\ntrue\n# step: wait here\nsleep 60\n"u8.ToArray(), new Dictionary<string, string>());
        var runDirectory = Path.Combine(shell.Home, ".auto-installer/runs", plan.RunId);
        var staging = RunPlan.StagingDirectory("state");
        await shell.RunAsync(FileDelivery.CommandLines(staging, plan.Files));
        Assert.Equal(LocalShell.Reply("claim started"), await shell.RunAsync(plan.ClaimCommand(staging)));
        var pid = (await File.ReadAllTextAsync(Path.Combine(runDirectory, "runner.pid"))).Split(' ')[0];

        var running = await shell.RunAsync(plan.StateCommand);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", "--", $"-{pid}"]))
        {
            await kill.WaitForExitAsync();
        }

        var dead = await shell.RunAsync(plan.StateCommand);
        for (var i = 0; i < 100 && dead.Contains("state running", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            dead = await shell.RunAsync(plan.StateCommand);
        }

        File.Delete(Path.Combine(runDirectory, "runner.pid"));
        var broken = await shell.RunAsync(plan.StateCommand);

        var script = plan.Files.Single(f => f.RelativePath == "script.sh");
        var described = LocalShell.Reply("step 001 first") + LocalShell.Reply("step 002 wait here") + LocalShell.Reply($"script {script.Sha256} {script.Content.Length}");
        Assert.Equal(described + LocalShell.Reply($"state running {pid}"), running);
        Assert.Equal(described + LocalShell.Reply($"state dead {pid}"), dead);
        Assert.Equal(described + LocalShell.Reply("state broken"), broken);
    }

    private async Task<RunProgress> RunAsync(RunPlan plan)
    {
        var staging = RunPlan.StagingDirectory("test");
        Assert.Equal(LocalShell.Reply("state absent"), await shell.RunAsync(plan.StateCommand));
        await shell.RunAsync(FileDelivery.CommandLines(staging, plan.Files));
        Assert.Equal(LocalShell.Reply("claim started"), await shell.RunAsync(plan.ClaimCommand(staging)));
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
