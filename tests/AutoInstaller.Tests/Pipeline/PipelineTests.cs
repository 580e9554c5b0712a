using System.Text.Json;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;
using AutoInstaller.Studio;
using AutoInstaller.Tests.Sandbox;
using StudioSandbox.Admin;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Pipeline;

/// <summary>
/// The whole pipeline against the sandbox and real Jupyter servers, one app (one server) per test, for each kind of
/// app: a Studio Classic user's JupyterServer and a JupyterLab app in a private space.
/// </summary>
public abstract class PipelineTests(SandboxFixture fixture, ITestOutputHelper output, StudioAppKind kind) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    protected const string ThreeSteps = $$"""
        #!/usr/bin/env bash
        set -euo pipefail
        # step: count
        {{PipelineHarness.CountExecution}}
        # step: greet
        echo "hello from $AUTO_INSTALLER_USER_PROFILE${AUTO_INSTALLER_SPACE_NAME:+ in $AUTO_INSTALLER_SPACE_NAME}"
        # step: write a file
        echo configured > "$HOME/configured.txt"
        """;

    private readonly PipelineHarness harness = new(fixture.Host, kind);

    protected SandboxHost Host => fixture.Host;

    public Task InitializeAsync() => fixture.Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync()
    {
        output.WriteLine(harness.Logs);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task HappyPathRunsThreeStepsAndReportsEach()
    {
        var result = await harness.RunAsync(await harness.CreateAppAsync("happy"), ThreeSteps);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Null(result.Reason);
        Assert.Equal(["count", "greet", "write a file"], result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, s => Assert.Equal((StepStatus.Succeeded, (int?)0), (s.Status, s.ExitCode)));
        Assert.All(result.Steps, s => Assert.NotNull(s.DurationMs));
        Assert.Equal([kind == StudioAppKind.Classic ? "hello from happy" : "hello from happy-owner in happy"], result.Steps[1].OutputTail);
        Assert.Equal("configured\n", await File.ReadAllTextAsync(Path.Combine(harness.Home("happy"), "configured.txt")));
        Assert.Equal(1, await harness.ExecutionsAsync("happy"));
        Assert.Equal(false, result.FollowedExistingRun);
        Assert.Empty(await harness.TerminalsAsync("happy"));
    }

    [Fact]
    public async Task StagingLeftByAnAttemptThatLostItsConnectionIsSweptAfterAnHour()
    {
        var eventJson = await harness.CreateAppAsync("sweep");
        var runs = Path.Combine(harness.Home("sweep"), ".auto-installer", "runs");
        var stale = Directory.CreateDirectory(Path.Combine(runs, ".staging-lost"));
        File.WriteAllText(Path.Combine(stale.FullName, "runner.sh"), "partial");
        Directory.SetLastWriteTimeUtc(stale.FullName, DateTime.UtcNow.AddHours(-2));
        var recent = Directory.CreateDirectory(Path.Combine(runs, ".staging-in-flight"));

        var result = await harness.RunAsync(eventJson, ThreeSteps);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.False(Directory.Exists(stale.FullName), "the hour-old staging directory is still there");
        Assert.True(Directory.Exists(recent.FullName), "a recent staging directory was removed");
    }

    [Fact]
    public async Task FailingMiddleStepFailsTheRunAndLaterStepsDoNotRun()
    {
        var result = await harness.RunAsync(await harness.CreateAppAsync("midfail"), """
            # step: first
            echo one
            # step: second
            echo about to fail
            exit 3
            # step: third
            echo never
            """);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal("step 'second' exited with 3", result.Reason);
        Assert.Equal([(StepStatus.Succeeded, (int?)0), (StepStatus.Failed, 3), (StepStatus.NotRun, null)], result.Steps.Select(s => (s.Status, s.ExitCode)));
        Assert.Equal(["about to fail"], result.Steps[1].OutputTail);
    }

    [Fact]
    public async Task WaitsForAnAppThatIsPendingForTenSeconds()
    {
        await fixture.Host.Admin.SetFaultsAsync(new FaultSettings { PendingSeconds = 10 });
        var eventJson = await harness.CreateAppAsync("slowstart");

        var result = await harness.RunAsync(eventJson, ThreeSteps);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.InRange(result.Timings.WaitMs!.Value, 9_000, 60_000);
        Assert.Contains("\"status\":\"Pending\"", harness.Logs);
    }

    [Fact]
    public async Task ThrottledSageMakerCallsAreRetriedUntilTheySucceed()
    {
        var eventJson = await harness.CreateAppAsync("throttled");
        await fixture.Host.Admin.SetFaultsAsync(new FaultSettings { ThrottleCount = 3 });

        var result = await harness.RunAsync(eventJson, ThreeSteps);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, (await fixture.Host.Admin.GetFaultsAsync()).ThrottleCount);
        Assert.Equal(1, await harness.ExecutionsAsync("throttled"));
    }

    [Fact]
    public async Task AFailedAppIsReportedWithSageMakersReason()
    {
        await fixture.Host.Admin.SetFaultsAsync(new FaultSettings { StartFailure = "The image could not be pulled" });
        var eventJson = await harness.CreateAppAsync("broken");

        var result = await harness.RunAsync(eventJson, ThreeSteps);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal($"stage wait: app {harness.AppLabel("broken")} is Failed: The image could not be pulled", result.Reason);
        Assert.All(result.Steps, s => Assert.Equal(StepStatus.NotRun, s.Status));
    }

    [Fact]
    public async Task ScriptThatRestartsJupyterAsItsLastStepSucceeds()
    {
        var result = await harness.RunAsync(await harness.CreateAppAsync("restarter"), $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: restart jupyter
            restart-jupyter-server
            sleep 2
            echo restarted
            """);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal("restarted", result.Steps[1].OutputTail.Last());
        Assert.InRange(result.Reconnects!.Value, 1, SetupRunner.MaxReconnects);
        Assert.Equal(1, await harness.ExecutionsAsync("restarter"));
    }

    [Fact]
    public async Task TheSameEventTwiceAtOnceRunsTheScriptOnce()
    {
        var eventJson = await harness.CreateAppAsync("twice");
        var script = $"""
            # step: count
            {PipelineHarness.CountExecution}
            sleep 1
            """;

        var results = await Task.WhenAll(harness.RunAsync(eventJson, script), harness.RunAsync(eventJson, script));

        Assert.All(results, r => Assert.Equal(SetupOutcome.Succeeded, r.Outcome));
        Assert.Equal([false, true], results.Select(r => r.FollowedExistingRun!.Value).Order());
        Assert.Equal(1, await harness.ExecutionsAsync("twice"));
    }

    [Fact]
    public async Task WebsocketDroppedMidRunStillSucceeds()
    {
        var eventJson = await harness.CreateAppAsync("dropped");
        await fixture.Host.Admin.SetFaultsAsync(new FaultSettings { WebsocketDropAfterFrames = 6 });

        var result = await harness.RunAsync(eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: talk
            for i in $(seq 1 20); do echo "line $i"; sleep 0.05; done
            """);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.InRange(result.Reconnects!.Value, 1, SetupRunner.MaxReconnects);
        Assert.Equal(20, result.Steps[1].OutputLines);
        Assert.Equal(1, await harness.ExecutionsAsync("dropped"));
    }

    [Fact]
    public async Task DeadlineShorterThanTheScriptDetachesAndTheRunCompletes()
    {
        var eventJson = await harness.CreateAppAsync("detach");
        var runId = JsonDocument.Parse(eventJson).RootElement.GetProperty("detail").GetProperty("eventID").GetString()!;
        await harness.WaitForInServiceAsync("detach");

        // 20 s to the deadline, 2 s of it the margin; the long step lasts until the test releases it after the result,
        // so that it outlasts the deadline however slowly the machine gets there.
        var release = Path.Combine(harness.Home("detach"), "release-long-step");
        var result = await harness.RunAsync(eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: long
            until [ -e "$HOME/release-long-step" ]; do sleep 0.1; done
            echo finished
            """, timeout: TimeSpan.FromSeconds(20));
        await File.WriteAllTextAsync(release, string.Empty);

        Assert.Equal(SetupOutcome.Detached, result.Outcome);
        Assert.Equal([StepStatus.Succeeded, StepStatus.Running], result.Steps.Select(s => s.Status));
        var status = Path.Combine(harness.RunDirectory("detach", runId), "status");
        for (var i = 0; i < 1200 && !File.Exists(status); i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("0\n", await File.ReadAllTextAsync(status));
        Assert.Equal(1, await harness.ExecutionsAsync("detach"));
    }

    [Fact]
    public async Task AnExpiredPresignedUrlIsReplacedByAFreshOne()
    {
        var eventJson = await harness.CreateAppAsync("expired-once");
        await fixture.Host.Admin.SetFaultsAsync(new FaultSettings { ExpiredLoginUrlCount = 1 });

        var result = await harness.RunAsync(eventJson, ThreeSteps);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Contains("login redirected to the AWS sign-in page (https://signin.aws.amazon.com): the presigned URL had expired or was used", harness.Logs, StringComparison.Ordinal);
        Assert.Contains("\"attempt\":2", harness.Logs, StringComparison.Ordinal);
        Assert.Equal(1, await harness.ExecutionsAsync("expired-once"));
    }

    [Fact]
    public async Task PresignedUrlsThatKeepExpiringAreTriedThreeTimesThenLeftToLambdasRetry()
    {
        var eventJson = await harness.CreateAppAsync("expired-always");
        var issuedBefore = (await fixture.Host.Admin.GetIssuedSecretsAsync()).LoginTokens.Length;
        await fixture.Host.Admin.SetFaultsAsync(new FaultSettings { ExpiredLoginUrlCount = 10 });

        var error = await Assert.ThrowsAsync<SetupStageException>(() => harness.RunAsync(eventJson, ThreeSteps));

        Assert.StartsWith($"stage login for app {harness.AppLabel("expired-always")}", error.Message);
        Assert.EndsWith("login redirected to the AWS sign-in page (https://signin.aws.amazon.com): the presigned URL had expired or was used", error.Message);
        Assert.Equal(3, (await fixture.Host.Admin.GetIssuedSecretsAsync()).LoginTokens.Length - issuedBefore);
        Assert.Equal(0, await harness.ExecutionsAsync("expired-always"));
    }

    [Fact]
    public async Task LogsAndResultsCarryNoSecret()
    {
        var result = await harness.RunAsync(await harness.CreateAppAsync("secrets"), ThreeSteps);
        var resultJson = JsonSerializer.Serialize(result, SetupJsonContext.Default.SetupResult);

        var issued = await fixture.Host.Admin.GetIssuedSecretsAsync();
        Assert.NotEmpty(issued.LoginTokens);
        Assert.NotEmpty(issued.SessionCookies);
        Assert.NotEmpty(issued.XsrfTokens);
        foreach (var secret in issued.All.Append(SandboxHost.SecretAccessKey))
        {
            Assert.DoesNotContain(secret, harness.Logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, resultJson, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("token=", harness.Logs, StringComparison.Ordinal);
    }
}

public sealed class ClassicPipelineTests(SandboxFixture fixture, ITestOutputHelper output)
    : PipelineTests(fixture, output, StudioAppKind.Classic)
{
    [Fact]
    public async Task PresignedUrlOffTheDomainsOriginIsRefusedBeforeAnyRequest()
    {
        var harness = new PipelineHarness(Host, StudioAppKind.Classic);
        var eventJson = await harness.CreateAppAsync("foreign");
        var sessionsBefore = (await Host.Admin.GetIssuedSecretsAsync()).SessionCookies.Length;
        var elsewhere = new PipelineHarness(Host) { StudioOrigin = StudioOrigin.Configured("test", "https://d-sandbox00001.studio.us-east-1.sagemaker.aws") };

        var result = await elsewhere.RunAsync(eventJson, ThreeSteps);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal(
            $"stage login: the presigned URL is for {Host.Origin.GetLeftPart(UriPartial.Authority)}, not the app's Studio origin https://d-sandbox00001.studio.us-east-1.sagemaker.aws",
            result.Reason);
        var issued = await Host.Admin.GetIssuedSecretsAsync();
        Assert.Equal(sessionsBefore, issued.SessionCookies.Length);
        Assert.DoesNotContain(issued.LoginTokens, token => elsewhere.Logs.Contains(token, StringComparison.Ordinal));
        Assert.Equal(0, await harness.ExecutionsAsync("foreign"));
    }
}

public sealed class SpacePipelineTests(SandboxFixture fixture, ITestOutputHelper output)
    : PipelineTests(fixture, output, StudioAppKind.Space)
{
    /// <summary>Real Studio answers a space's presigned URL on the space's own host; the function signs in there, not on the domain's.</summary>
    [Fact]
    public async Task ASpaceIsSignedInOnItsOwnOriginNotTheDomains()
    {
        var harness = new PipelineHarness(Host, StudioAppKind.Space);

        var result = await harness.RunAsync(await harness.CreateAppAsync("own-origin"), ThreeSteps);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        var spaceOrigin = Host.SpaceOrigin.GetLeftPart(UriPartial.Authority);
        var loggedIn = Assert.Single(harness.Logs.Split('\n'), line => line.Contains("Logged in to Studio", StringComparison.Ordinal));
        Assert.Contains($"\"origin\":\"{spaceOrigin}\"", loggedIn, StringComparison.Ordinal);
        Assert.NotEqual(Host.Origin.GetLeftPart(UriPartial.Authority), spaceOrigin);
    }

    /// <summary>
    /// A session that landed on the loading page has no <c>_xsrf</c>; JupyterLab's base page is a 302 to <c>lab</c>
    /// without Set-Cookie, so the client follows it to the page that sets one.
    /// </summary>
    [Fact]
    public async Task ASessionWithoutXsrfFollowsJupyterLabsRedirectToThePageThatSetsIt()
    {
        await Host.SageMaker.CreateUserProfileAsync("early-owner");
        await Host.SageMaker.CreateSpaceAsync("early", "early-owner");
        var origin = StudioOrigin.Configured("test", Host.SpaceOrigin.GetLeftPart(UriPartial.Authority));
        using var session = new StudioSession(origin, TimeSpan.FromSeconds(30));
        await session.LoginAsync(new PresignedUrl(await Host.SageMaker.CreatePresignedSpaceUrlAsync("early-owner", "early")), CancellationToken.None);
        await Host.SageMaker.CreateJupyterLabAppAsync("early");
        await Host.SageMaker.WaitForJupyterLabStatusAsync("early", "InService", TimeSpan.FromSeconds(60));
        var jupyter = session.Jupyter(origin.JupyterLabBase);

        var terminal = await jupyter.CreateTerminalAsync(CancellationToken.None);

        Assert.Contains(terminal, await jupyter.ListTerminalsAsync(CancellationToken.None));
        Assert.True(await jupyter.DeleteTerminalAsync(terminal, CancellationToken.None));
    }
}
