using System.Text.Json;
using System.Text.Json.Nodes;
using AutoInstaller.Tests.Hosting;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Pipeline;

/// <summary>
/// The published Native AOT bootstrap as Lambda runs it (fake Runtime API), with the sample events
/// <c>events/create-app-jupyterserver.json</c> and <c>events/create-app-jupyterlab-space.json</c> re-targeted at a
/// sandbox user or space, setting up a real Jupyter server.
/// </summary>
public sealed class PublishedPipelineTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    [Fact]
    public Task SampleEventSetsUpARealJupyterServer() =>
        RunSampleAsync(StudioAppKind.Classic, "create-app-jupyterserver.json", "userProfileName", "lambda-e2e");

    [Fact]
    public Task SpaceSampleEventSetsUpTheSpacesJupyterLab() =>
        RunSampleAsync(StudioAppKind.Space, "create-app-jupyterlab-space.json", "spaceName", "lambda-space");

    /// <summary>
    /// A failed step ends the run <c>failed</c>, and the result line carries every field that the template's dashboard
    /// shows in its table of failed runs (read from the query in template.yaml), with the app and the failed step.
    /// </summary>
    [Fact]
    public async Task FailedRunLogsEveryFieldTheDashboardShows()
    {
        var run = await RunPublishedAsync(StudioAppKind.Classic, "create-app-jupyterserver.json", "userProfileName", "lambda-failed", """
            set -euo pipefail
            # step: fine
            true
            # step: broken
            echo "the mirror is down" >&2
            exit 3
            """);

        Assert.Equal("failed", run.Result.GetProperty("outcome").GetString());
        var line = Assert.Single(run.LogLines, l => l.TryGetProperty("message", out var m) && m.GetString() == "Setup result");
        Assert.Equal("ERROR", line.GetProperty("level").GetString());
        var shown = DashboardFailedRunFields();
        Assert.Contains("failedStep", shown);
        foreach (var field in shown.Where(f => !f.StartsWith('@')))
        {
            Assert.True(line.TryGetProperty(field, out _), $"the result line lacks '{field}', which the dashboard shows");
        }

        Assert.Equal(
            ("failed", "broken", "lambda-failed", "JupyterServer", "default", run.RunId),
            (line.GetProperty("outcome").GetString(), line.GetProperty("failedStep").GetString(), line.GetProperty("userProfileName").GetString(),
             line.GetProperty("appType").GetString(), line.GetProperty("appName").GetString(), line.GetProperty("runId").GetString()));
        Assert.Contains("broken", line.GetProperty("reason").GetString());
        var metrics = Assert.Single(run.LogLines, l => l.TryGetProperty("_aws", out _));
        Assert.Equal(("failed", 1), (metrics.GetProperty("Outcome").GetString(), metrics.GetProperty("Runs").GetInt32()));
    }

    /// <summary>The fields of the dashboard's Logs Insights table of failed runs, as template.yaml writes its query.</summary>
    private static string[] DashboardFailedRunFields()
    {
        var template = File.ReadAllText(RepoPaths.Combine("template.yaml"));
        var query = System.Text.RegularExpressions.Regex.Match(template, @"""query"": ""SOURCE '[^']*' \| fields ([^|]+)\|[^""]*outcome = 'failed'");
        Assert.True(query.Success, "template.yaml has no Logs Insights query of failed runs");
        return [.. query.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
    }

    private async Task RunSampleAsync(StudioAppKind kind, string sampleFile, string ownerField, string name)
    {
        var sandbox = fixture.Host;
        var run = await RunPublishedAsync(kind, sampleFile, ownerField, name, $"""
            set -euo pipefail
            # step: count
            {PipelineHarness.CountExecution}
            # step: configure
            echo "configured by $AUTO_INSTALLER_RUN_ID" > "$HOME/e2e.txt"
            # step: report
            cat "$HOME/e2e.txt"
            """);
        var (runId, harness, root, logLines) = (run.RunId, run.Harness, run.Result, run.LogLines);

        Assert.Equal("succeeded", root.GetProperty("outcome").GetString());
        Assert.Equal(runId, root.GetProperty("runId").GetString());
        Assert.Equal(
            [("count", "succeeded", 0), ("configure", "succeeded", 0), ("report", "succeeded", 0)],
            root.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("status").GetString(), s.GetProperty("exitCode").GetInt32())));
        Assert.Equal($"configured by {runId}", root.GetProperty("steps")[2].GetProperty("outputTail")[0].GetString());
        Assert.Equal(1, await harness.ExecutionsAsync(name));
        Assert.Contains(logLines, l => l.TryGetProperty("message", out var m) && m.GetString() == "Step finished" && l.GetProperty("requestId").GetString() == "e2e-request");
        var metrics = Assert.Single(logLines, l => l.TryGetProperty("_aws", out _));
        Assert.Equal("StudioAutoInstaller", metrics.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal(("succeeded", 1), (metrics.GetProperty("Outcome").GetString(), metrics.GetProperty("Runs").GetInt32()));
        Assert.Equal(root.GetProperty("timings").GetProperty("runMs").GetInt64(), metrics.GetProperty("RunMs").GetInt64());
        foreach (var secret in (await sandbox.Admin.GetIssuedSecretsAsync()).All.Append(SandboxHost.SecretAccessKey))
        {
            Assert.DoesNotContain(secret, run.Stdout + run.Stderr + run.Posted.Body, StringComparison.Ordinal);
        }
    }

    private sealed record PublishedRun(PostedOutcome Posted, string Stdout, string Stderr, string RunId, PipelineHarness Harness, JsonElement Result, List<JsonElement> LogLines);

    /// <summary>Runs <paramref name="scriptText"/> through the published bootstrap for a sample event re-targeted at a new app.</summary>
    private async Task<PublishedRun> RunPublishedAsync(StudioAppKind kind, string sampleFile, string ownerField, string name, string scriptText)
    {
        var sandbox = fixture.Host;
        var harness = new PipelineHarness(sandbox, kind);
        await sandbox.Admin.ResetFaultsAsync();
        await harness.CreateAppAsync(name);
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("events", sampleFile)))!.AsObject();
        var runId = Guid.NewGuid().ToString();
        sample["detail"]!["requestParameters"]![ownerField] = name;
        sample["detail"]!["eventID"] = runId;
        var script = Path.Combine(sandbox.Root, $"e2e-setup-{name}.sh");
        await File.WriteAllTextAsync(script, scriptText);

        await using var runtime = await FakeRuntimeApi.StartAsync();
        using var bootstrap = BootstrapProcess.Start(new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtime.Address,
            ["AWS_REGION"] = SandboxHost.Region,
            ["AWS_ACCESS_KEY_ID"] = SandboxHost.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SandboxHost.SecretAccessKey,
            ["AWS_LAMBDA_LOG_FORMAT"] = "JSON",
            ["AUTO_INSTALLER_DOMAIN_IDS"] = SandboxHost.DomainId,
            ["AUTO_INSTALLER_APP_TYPES"] = "JupyterServer,JupyterLab",
            ["AUTO_INSTALLER_SAGEMAKER_ENDPOINT"] = sandbox.Origin.ToString(),
            ["AUTO_INSTALLER_STUDIO_ORIGIN"] = sandbox.Origin.GetLeftPart(UriPartial.Authority),
            ["AUTO_INSTALLER_SETUP_SCRIPT"] = script,
        });
        runtime.Enqueue("e2e-request", sample.ToJsonString(), timeout: TimeSpan.FromMinutes(3),
            functionArn: $"arn:aws:lambda:{SandboxHost.Region}:{SandboxHost.AccountId}:function:studio-auto-installer");

        var posted = await runtime.NextOutcomeAsync(TimeSpan.FromMinutes(3));
        output.WriteLine($"bootstrap peak RSS during the run (VmHWM): {bootstrap.PeakResidentKib()} KiB");
        output.WriteLine(bootstrap.Stdout);

        Assert.Equal(("e2e-request", "response"), (posted.RequestId, posted.Kind));
        var logLines = bootstrap.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        return new PublishedRun(posted, bootstrap.Stdout, bootstrap.Stderr, runId, harness, JsonDocument.Parse(posted.Body).RootElement, logLines);
    }
}
