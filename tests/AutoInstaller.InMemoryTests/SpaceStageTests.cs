using AutoInstaller.InMemoryTests.Fakes;
using AutoInstaller.InMemoryTests.Harness;
using AutoInstaller.Setup;

namespace AutoInstaller.InMemoryTests;

/// <summary>The space stage's failures: what DescribeSpace answers decides, before anything waits or signs in.</summary>
public sealed class SpaceStageTests
{
    [Fact]
    public async Task ASpaceWithoutAnOwnerFailsAtStageSpace()
    {
        await using var run = new PipelineRun();
        run.SageMaker.Space("alice-lab", owner: null);
        run.SageMaker.App("alice-lab", "InService");

        var result = await run.RunAsync(TestEvents.JupyterLabSpace, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.StartsWith("stage space: space alice-lab has no valid owner", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Empty(run.Studio.SignIns);
    }

    [Fact]
    public async Task ARefusedDescribeSpaceFailsAtStageSpaceWithoutARetry()
    {
        await using var run = new PipelineRun();
        run.SageMaker.FailAlways(FakeSageMaker.DescribeSpace, SageMakerErrors.Validation(FakeSageMaker.DescribeSpace, "not authorized to describe the space"));

        var result = await run.RunAsync(TestEvents.JupyterLabSpace, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal("stage space: SageMaker DescribeSpace failed: 400 ValidationException: not authorized to describe the space", result.Reason);
        Assert.Equal(1, run.SageMaker.Calls(FakeSageMaker.DescribeSpace));
    }
}
