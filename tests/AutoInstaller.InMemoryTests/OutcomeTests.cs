using AutoInstaller.InMemoryTests.Fakes;
using AutoInstaller.InMemoryTests.Harness;
using AutoInstaller.Setup;
using AutoInstaller.Tests;

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
        Assert.Equal(4, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Single(run.SageMaker.Urls);
        var host = Assert.Single(run.Studio.Hosts);
        Assert.True(host.AllShellsDisposed, "a shell the run opened was left running");
    }

    [Fact]
    public async Task ASpacesAppIsSetUpAsTheSpacesOwnerOnTheSpacesOwnOrigin()
    {
        await using var run = new PipelineRun();
        run.SageMaker.Space("alice-lab", owner: "alice", url: "https://k3x9abcdefgh.studio.us-east-1.sagemaker.aws/");
        run.SageMaker.App("alice-lab", "InService");

        var result = await run.RunAsync(TestEvents.JupyterLabSpace, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(["profile=alice", "space=alice-lab"], result.Steps[1].OutputTail.Take(2));
        Assert.Contains("app=JupyterLab/default", result.Steps[1].OutputTail.ElementAt(2), StringComparison.Ordinal);
        var request = Assert.Single(run.SageMaker.UrlRequests);
        Assert.Equal(("alice", "alice-lab", "app:JupyterLab:"), (request.UserProfileName, request.SpaceName, request.LandingUri));
        var (_, login) = Assert.Single(run.Studio.SignIns);
        Assert.Equal("https://k3x9abcdefgh.studio.us-east-1.sagemaker.aws", login.Origin.ToString());
        Assert.Equal("/jupyterlab/default/", login.JupyterBase.AbsolutePath);
        Assert.Equal(1, run.Home.Executions);
    }

    [Fact]
    public async Task AFailingStepFailsTheRunAndTheStepsAfterItDoNotRun()
    {
        await using var run = new PipelineRun();
        run.SageMaker.App("alice", "InService");
        var script = Scripts.Prelude + $"""
            # step: first
            {AppHome.CountExecution}
            # step: breaks
            echo "about to fail"
            exit 3
            # step: never
            echo never >> "$HOME/never"
            """ + "\n";

        var result = await run.RunAsync(TestEvents.JupyterServer, script);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal("step 'breaks' exited with 3", result.Reason);
        Assert.Equal("breaks", result.FailedStep);
        Assert.Equal(
            [("first", StepStatus.Succeeded, (int?)0), ("breaks", StepStatus.Failed, 3), ("never", StepStatus.NotRun, null)],
            result.Steps.Select(s => (s.Name, s.Status, s.ExitCode)));
        Assert.Equal(["about to fail"], result.Steps[1].OutputTail);
        Assert.False(File.Exists(Path.Combine(run.Home.Path, "never")));
        Assert.Equal("3", run.Home.Status(TestEvents.RunIdOf(TestEvents.JupyterServer)));
    }

    [Fact]
    public async Task AnEventThatIsNotAcceptedIsSkippedWithoutAskingSageMaker()
    {
        await using var run = new PipelineRun();

        var result = await run.RunAsync(TestEvents.KernelGateway, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Skipped, result.Outcome);
        Assert.Contains("KernelGateway", result.Reason, StringComparison.Ordinal);
        Assert.False(run.SageMakerUsed, "a skipped event asked for SageMaker");
        Assert.Empty(run.Studio.SignIns);
        Assert.Equal(0, run.Home.Executions);
    }

    [Fact]
    public async Task ASharedSpaceIsSkippedUnderTheDefaultPolicy()
    {
        await using var run = new PipelineRun();
        run.SageMaker.Space("alice-lab", owner: "alice", sharingType: "Shared");
        run.SageMaker.App("alice-lab", "InService");

        var result = await run.RunAsync(TestEvents.JupyterLabSpace, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Skipped, result.Outcome);
        Assert.Contains("space alice-lab is shared", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Empty(run.Studio.SignIns);
    }

    [Fact]
    public async Task TheTagNoneOnTheUserProfileSkipsTheApp()
    {
        await using var run = new PipelineRun { RecipeTags = RecipeTags.From(RepoPaths.Combine("setup", "recipes"), _ => null) };
        run.SageMaker.App("alice", "InService");
        run.SageMaker.Tag($"arn:aws:sagemaker:{TestEvents.Region}:{TestEvents.Account}:user-profile/{TestEvents.DomainId}/alice", RecipeTags.Key, "none");

        var result = await run.RunAsync(TestEvents.JupyterServer, Scripts.CountAndDescribe);

        Assert.Equal(SetupOutcome.Skipped, result.Outcome);
        Assert.Contains($"the tag {RecipeTags.Key} on user profile alice is 'none'", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, run.SageMaker.Calls(FakeSageMaker.DescribeApp));
        Assert.Empty(run.Studio.SignIns);
        Assert.Equal(0, run.Home.Executions);
    }
}
