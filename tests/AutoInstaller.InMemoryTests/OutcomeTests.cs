using AutoInstaller.InMemoryTests.Harness;
using AutoInstaller.Setup;

namespace AutoInstaller.InMemoryTests;

/// <summary>The outcomes of the whole pipeline, on in-memory ports and a local shell.</summary>
public sealed class OutcomeTests
{
    [Fact]
    public async Task AClassicAppThatBecomesInServiceIsSetUpWithTheAppsVariables()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "Pending", "Pending", "Pending", "InService");

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Null(result.Reason);
        Assert.Equal(["count", "describe"], result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, s => Assert.Equal((StepStatus.Succeeded, 0), (s.Status, s.ExitCode)));
        var runId = TestEvents.RunIdOf(TestEvents.JupyterServer);
        Assert.Equal(
            ["profile=alice", "space=", $"app=JupyterServer/default in {TestEvents.DomainId} ({TestEvents.Region})", $"run={runId} step=describe"],
            result.Steps[1].OutputTail);
        Assert.Equal((false, 0), (result.FollowedExistingRun, result.Reconnects));
        Assert.Equal(1, run.Home.Executions);
        Assert.Equal("0", run.Home.Status(runId));
        Assert.Equal(4, run.SageMaker.Calls(Fakes.FakeSageMaker.DescribeApp));
        Assert.Single(run.SageMaker.Urls);
        var host = Assert.Single(run.Studio.Hosts);
        Assert.True(host.AllShellsDisposed, "a shell the run opened was left running");
    }
}
