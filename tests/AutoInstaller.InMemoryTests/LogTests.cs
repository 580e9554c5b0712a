using System.Text.Json;
using AutoInstaller.Diagnostics;
using AutoInstaller.InMemoryTests.Fakes;
using AutoInstaller.InMemoryTests.Harness;
using AutoInstaller.Setup;

namespace AutoInstaller.InMemoryTests;

/// <summary>The pipeline's log: the documented keys (<see cref="LogKeys"/>), the app's five names, no secret.</summary>
public sealed class LogTests
{
    private static readonly HashSet<string> EntryKeys = ["timestamp", "level", "message", "requestId"];

    [Fact]
    public async Task AnAcceptedEventIsLoggedWithTheAppsNamesAndTheRunId()
    {
        await using var run = new PipelineRun();
        run.SageMaker.Space("alice-lab", owner: "alice");
        run.SageMaker.App("alice-lab", "InService");

        await run.RunAsync(TestEvents.JupyterLabSpace, Scripts.CountAndDescribe);

        var accepted = Assert.Single(run.Log.WithMessage(LogMessages.EventAccepted));
        Assert.Equal(
            [
                (LogKeys.DomainId, TestEvents.DomainId), (LogKeys.UserProfileName, null), (LogKeys.SpaceName, "alice-lab"),
                (LogKeys.AppType, "JupyterLab"), (LogKeys.AppName, "default"), (LogKeys.RunId, TestEvents.RunIdOf(TestEvents.JupyterLabSpace)),
            ],
            Fields(accepted).Where(f => !EntryKeys.Contains(f.Key)));
        var finished = Assert.Single(run.Log.WithMessage(LogMessages.PipelineFinished));
        Assert.Equal("run", finished.GetProperty(LogKeys.Stage).GetString());
        Assert.True(finished.GetProperty(LogKeys.DurationMs).GetInt64() >= 0);
    }

    /// <summary>A delivery that goes through a login retry, a dropped shell and a failing step logs only documented keys.</summary>
    [Fact]
    public async Task EveryEntryOfAnEventfulRunCarriesOnlyDocumentedKeysAndNoPresignedUrl()
    {
        await using var run = new PipelineRun();
        run.Studio = new FakeStudio(run.Home.Path) { RefusedLogins = 1, Faults = new ShellFaults { DropAfterLines = [12] } };
        run.SageMaker.App("alice", "Pending", "InService");
        var script = Scripts.CountThenPrint(5) + "# step: breaks\nexit 4\n";

        var result = await run.RunAsync(TestEvents.JupyterServer, script);

        Assert.Equal((SetupOutcome.Failed, 1), (result.Outcome, result.Reconnects));
        var messages = run.Log.Entries.Select(e => e.GetProperty("message").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { LogMessages.EventAccepted, LogMessages.WaitingForApp, LogMessages.AppInService, LogMessages.LoginRetried,
            LogMessages.LoggedIn, LogMessages.RunStarted, LogMessages.Reconnecting, LogMessages.StepFinished, LogMessages.PipelineFinished }, messages);
        var undocumented = run.Log.Entries.SelectMany(e => Fields(e).Select(f => f.Key))
            .Where(key => !EntryKeys.Contains(key) && !LogKeys.All.Contains(key)).Distinct();
        Assert.Empty(undocumented);
        Assert.All(run.Log.Lines, line => Assert.DoesNotContain("token=", line, StringComparison.Ordinal));
        var failedStep = run.Log.WithMessage(LogMessages.StepFinished).Single(e => e.GetProperty("step").GetString() == "breaks");
        Assert.Equal((4, "ERROR"), (failedStep.GetProperty("exitCode").GetInt32(), failedStep.GetProperty("level").GetString()));
    }

    private static IEnumerable<(string Key, string? Value)> Fields(JsonElement entry) =>
        entry.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ToString()));
}
