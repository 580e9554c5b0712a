using AutoInstaller.Diagnostics;
using AutoInstaller.InMemoryTests.Fakes;
using AutoInstaller.InMemoryTests.Harness;
using AutoInstaller.Setup;

namespace AutoInstaller.InMemoryTests;

/// <summary>
/// A setup runs once per event however the event arrives and whatever happens to the shells: a second delivery
/// follows the run, a dropped shell is attached again and the run read on from where it was, a server that went
/// away is waited for unless SageMaker says the app is gone.
/// </summary>
public sealed class ExactlyOnceTests
{
    private const int PrintedLines = 30;

    [Fact]
    public async Task ASecondDeliveryOfTheSameEventFollowsTheRunInsteadOfStartingIt()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService");

        var first = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);
        var second = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal((SetupOutcome.Succeeded, false), (first.Outcome, first.FollowedExistingRun));
        Assert.Equal((SetupOutcome.Succeeded, true), (second.Outcome, second.FollowedExistingRun));
        Assert.Equal(first.Steps.Select(s => (s.Name, s.Status, s.ExitCode)), second.Steps.Select(s => (s.Name, s.Status, s.ExitCode)));
        Assert.Equal(first.Steps[1].OutputTail, second.Steps[1].OutputTail);
        Assert.Equal(1, run.Home.Executions);
        Assert.Single(run.Log.WithMessage(LogMessages.RunStarted));
        Assert.Single(run.Log.WithMessage(LogMessages.FollowingRun));
    }

    /// <summary>The shell ends at each point of the run in turn: while looking for it, while delivering, claiming, following.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(20)]
    [InlineData(40)]
    public async Task AShellDroppedDuringTheRunIsAttachedAgainAndTheRunGoesOnOnce(int dropAfterLines)
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService");
        run.Studio.Faults = new ShellFaults { DropAfterLines = [dropAfterLines] };

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountThenPrint(PrintedLines));

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, result.Reconnects);
        Assert.Equal(1, run.Home.Executions);
        AssertEveryLineReadOnce(run, result);
        Assert.True(run.Studio.Hosts.Single().AllShellsDisposed, "a shell the run opened was left running");
    }

    [Fact]
    public async Task ShellsDroppedOneAfterAnotherEachCountAsAReconnect()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService");
        run.Studio.Faults = new ShellFaults { DropAfterLines = [2, 5, 9] };

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountThenPrint(PrintedLines));

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(3, result.Reconnects);
        Assert.Equal(4, run.Studio.Hosts.Single().Opens);
        Assert.Equal(1, run.Home.Executions);
        AssertEveryLineReadOnce(run, result);
    }

    [Fact]
    public async Task TerminalsRefusedWithA502AreOpenedAgainOnceTheServerAnswers()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService");
        run.Studio.Faults = new ShellFaults { RefusedOpens = 2 };

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, result.Reconnects);
        var host = run.Studio.Hosts.Single();
        Assert.Equal((3, 2), (host.Opens, host.Checks));
        Assert.Equal(1, run.Home.Executions);
    }

    [Fact]
    public async Task AServerAwayForAWhileIsWaitedForWhileSageMakerSaysTheAppRuns()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService");
        run.Studio.Faults = new ShellFaults { DropAfterLines = [12], AwayChecks = 2 };

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountThenPrint(PrintedLines));

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, result.Reconnects);
        Assert.Equal(3, run.Studio.Hosts.Single().Checks);
        Assert.Equal(2, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Equal(1, run.Home.Executions);
        AssertEveryLineReadOnce(run, result);
    }

    [Fact]
    public async Task AServerAwayWhileTheAppIsDeletedFailsTheRunNamingDeleted()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService", "Deleted");
        run.Studio.Faults = new ShellFaults { DropAfterLines = [12], AwayChecks = int.MaxValue };

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountThenPrint(PrintedLines));

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal($"stage run: app {TestEvents.DomainId}/alice/JupyterServer/default is Deleted", result.Reason);
        Assert.Equal(2, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Equal(1, run.Studio.Hosts.Single().Checks);
        Assert.True(run.Home.Executions <= 1, $"{run.Home.Executions} executions");
    }

    /// <summary>The printing step's output reached the log once per line, in order, and the result counts all of it.</summary>
    private static void AssertEveryLineReadOnce(PipelineRun run, SetupResult result)
    {
        var printed = run.Log.WithMessage(LogMessages.SetupOutput)
            .Where(e => e.GetProperty("step").GetString() == "print")
            .Select(e => e.GetProperty("line").GetString());
        Assert.Equal(Enumerable.Range(1, PrintedLines).Select(i => $"line {i}"), printed);
        var step = result.Steps.Single(s => s.Name == "print");
        Assert.Equal(PrintedLines, step.OutputLines);
        Assert.Equal(Enumerable.Range(PrintedLines - 19, 20).Select(i => $"line {i}"), step.OutputTail);
    }
}
