using AutoInstaller.InMemoryTests.Fakes;
using AutoInstaller.InMemoryTests.Harness;
using AutoInstaller.Setup;

namespace AutoInstaller.InMemoryTests;

/// <summary>The login stage: a refused sign-in is tried again with a fresh presigned URL, three times in all.</summary>
public sealed class LoginStageTests
{
    [Fact]
    public async Task TwoTransientRefusalsThenASignInSucceedWithThreeUrls()
    {
        await using var run = new PipelineRun();
        run.Studio = new FakeStudio(run.Home.Path) { RefusedLogins = 2 };
        run.SageMaker.App("alice", "InService");

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(3, run.SageMaker.Calls(FakeSageMaker.CreatePresignedDomainUrl));
        Assert.Equal(run.SageMaker.Urls.Select(u => u.Value), run.Studio.SignIns.Select(s => s.Url.Value));
        Assert.Equal(3, run.SageMaker.Urls.Select(u => u.Value).Distinct().Count());
        Assert.Equal(1, run.Home.Executions);
    }

    [Fact]
    public async Task SignInsThatAreAlwaysRefusedFailTheInvocationAtStageLoginAfterThreeUrls()
    {
        await using var run = new PipelineRun();
        run.Studio = new FakeStudio(run.Home.Path) { RefusedLogins = int.MaxValue };
        run.SageMaker.App("alice", "InService");

        var failure = await Assert.ThrowsAsync<SetupStageException>(() => run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe));

        Assert.Equal(PipelineStage.Login, failure.Stage);
        Assert.Contains("the presigned URL had expired or was used", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, run.SageMaker.Calls(FakeSageMaker.CreatePresignedDomainUrl));
        Assert.Equal(3, run.Studio.SignIns.Count);
        Assert.Equal(0, run.Home.Executions);
    }

    [Fact]
    public async Task APermanentRefusalFailsTheRunAtOnce()
    {
        await using var run = new PipelineRun();
        run.Studio = new FakeStudio(run.Home.Path) { RefusedLogins = 1, RefusalsTransient = false };
        run.SageMaker.App("alice", "InService");

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.StartsWith("stage login: ", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, run.SageMaker.Calls(FakeSageMaker.CreatePresignedDomainUrl));
        Assert.Equal(0, run.Home.Executions);
    }
}
