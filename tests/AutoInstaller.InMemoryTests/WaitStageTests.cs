using AutoInstaller.InMemoryTests.Fakes;
using AutoInstaller.InMemoryTests.Harness;
using AutoInstaller.Setup;

namespace AutoInstaller.InMemoryTests;

/// <summary>The wait stage: what DescribeApp's statuses and errors make of the run.</summary>
public sealed class WaitStageTests
{
    [Fact]
    public async Task AFailedAppFailsAtStageWaitWithSageMakersReason()
    {
        await using var run = new PipelineRun();
        run.SageMaker.FailedApp("alice", "ResourceLimitExceeded: no ml.t3.medium capacity");

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal($"stage wait: app {TestEvents.DomainId}/alice/JupyterServer/default is Failed: ResourceLimitExceeded: no ml.t3.medium capacity", result.Reason);
        Assert.Empty(run.Studio.SignIns);
    }

    [Fact]
    public async Task AThrottledDescribeAppIsRetriedAndTheRunSucceeds()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService");
        run.SageMaker.FailNext(FakeSageMaker.DescribeApp, SageMakerErrors.Throttling(FakeSageMaker.DescribeApp));

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Equal(1, run.Home.Executions);
    }

    [Fact]
    public async Task ADescribeAppThatAlwaysAnswers500FailsTheInvocationAtStageWait()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService");
        run.SageMaker.FailAlways(FakeSageMaker.DescribeApp, SageMakerErrors.ServerError(FakeSageMaker.DescribeApp));

        var failure = await Assert.ThrowsAsync<SetupStageException>(() => run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe));

        Assert.Equal(PipelineStage.Wait, failure.Stage);
        Assert.StartsWith($"stage wait for app {TestEvents.DomainId}/alice/JupyterServer/default", failure.Message, StringComparison.Ordinal);
        Assert.Contains("500 InternalFailure", failure.Message, StringComparison.Ordinal);
        Assert.Equal(PipelineRun.SageMakerRetries + 1, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Empty(run.Studio.SignIns);
    }

    [Fact]
    public async Task ARefusedDescribeAppFailsAtStageWaitWithoutARetry()
    {
        await using var run = new PipelineRun();
        run.SageMaker.FailAlways(FakeSageMaker.DescribeApp, SageMakerErrors.Validation(FakeSageMaker.DescribeApp, "not authorized to describe the app"));

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal("stage wait: SageMaker DescribeApp failed: 400 ValidationException: not authorized to describe the app", result.Reason);
        Assert.Equal(1, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Empty(run.Studio.SignIns);
    }

    [Fact]
    public async Task TheDeadlineDuringTheWaitFailsTheRunBeforeAnythingStarted()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "Pending");

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe, deadlineIn: run.DeadlineMargin + TimeSpan.FromSeconds(1));

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal("the deadline came during stage wait, before the setup started", result.Reason);
        Assert.True(run.SageMaker.Calls(FakeSageMaker.DescribeApp) >= 1);
        Assert.Empty(run.Studio.SignIns);
        Assert.Equal(0, run.Home.Executions);
    }
}
