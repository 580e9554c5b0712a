using AutoInstaller.Diagnostics;
using AutoInstaller.InMemoryTests.Harness;
using AutoInstaller.Setup;
using Microsoft.Extensions.Time.Testing;

namespace AutoInstaller.InMemoryTests;

/// <summary>
/// The deadline while the runner is alive leaves the run going on the server. The clock is the test's: it moves past
/// the deadline once the pipeline has seen the run's first step start, so the outcome does not hang on speed.
/// </summary>
public sealed class DetachedTests
{
    [Fact]
    public async Task TheDeadlineDuringAStepDetachesAndTheRunnerFinishesTheRunAfterwards()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var run = new PipelineRun(time);
        run.SageMaker.App("alice", "InService");
        var script = Scripts.Prelude + $"""
            # step: count
            {AppHome.CountExecution}
            # step: wait
            echo waiting
            until [ -f "$HOME/release" ]; do sleep 0.05; done
            echo released
            """ + "\n";
        var runId = TestEvents.RunIdOf(TestEvents.JupyterServer);
        var window = TimeSpan.FromHours(1);

        var delivery = run.RunAsync(TestEvents.JupyterServer, script, run.DeadlineMargin + window);
        await run.Log.WaitForAsync(LogMessages.StepStarted).WaitAsync(TimeSpan.FromMinutes(2));
        time.Advance(window);
        var detached = await delivery;

        Assert.Equal(SetupOutcome.Detached, detached.Outcome);
        Assert.Equal("the deadline came before the setup finished; its runner was alive and it goes on on the server", detached.Reason);
        Assert.False(detached.FollowedExistingRun);
        Assert.Null(run.Home.Status(runId));
        Assert.True(run.Studio.Hosts.Single().AllShellsDisposed, "the detached delivery left a shell running");

        await File.WriteAllTextAsync(Path.Combine(run.Home.Path, "release"), string.Empty);
        var followed = await run.RunAsync(TestEvents.JupyterServer, script, run.DeadlineMargin + window);

        Assert.Equal((SetupOutcome.Succeeded, true), (followed.Outcome, followed.FollowedExistingRun));
        Assert.Equal(["waiting", "released"], followed.Steps.Single(s => s.Name == "wait").OutputTail);
        Assert.Equal("0", run.Home.Status(runId));
        Assert.Equal(1, run.Home.Executions);
    }
}
