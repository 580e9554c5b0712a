using System.Text;
using System.Text.Json;
using AutoInstaller.Diagnostics;
using AutoInstaller.Hosting;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Events;
using AutoInstaller.Tests.Pipeline;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// Shell injection through event fields: each hostile event is skipped before any SageMaker call (counted at the
/// client, against the live sandbox) and nothing runs; the same script for a valid event does run, so the test
/// would see an execution if one happened.
/// </summary>
public sealed class InjectionTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly string markers = Directory.CreateTempSubdirectory("ai-injection-").FullName;

    public void Dispose() => Directory.Delete(markers, recursive: true);

    [Fact]
    public async Task HostileFieldsAreRejectedBeforeAnyCallAndNothingIsExecuted()
    {
        var harness = new PipelineHarness(fixture.Host);
        var function = new OfflineFunction(fixture.Host.Origin);
        var logs = RunEvidence.Log("function log");
        var handler = function.CreateHandler(new Log(logs, LogLevel.Debug, Log.Json, TimeProvider.System));
        var script = $"""
            # step: count
            {PipelineHarness.CountExecution}
            touch "{markers}/control"
            """;
        var hostile = new Dictionary<string, string>
        {
            ["userProfileName"] = CreateAppEvents.With(e => e.Parameters()["userProfileName"] = $"a$(touch {markers}/pwn)"),
            ["appName"] = CreateAppEvents.With(e => e.Parameters()["appName"] = $"default;touch {markers}/pwn-app"),
            ["domainId"] = CreateAppEvents.With(e => e.Parameters()["domainId"] = $"d-sandbox00001`touch {markers}/pwn-domain`"),
            ["eventID"] = CreateAppEvents.With(e => e.Detail()["eventID"] = $"6f1c2f4e-3b5a-4c1d-9e2f-0a1b2c3d4e5f$(touch {markers}/pwn-run)"),
            ["appType"] = CreateAppEvents.With(e => e.Parameters()["appType"] = $"JupyterServer|touch {markers}/pwn-type"),
        };

        foreach (var (field, eventJson) in hostile)
        {
            var result = await InvokeAsync(handler, eventJson);
            var viaSandbox = await harness.RunAsync(Encoding.UTF8.GetBytes(eventJson), script);

            Assert.Equal((SetupOutcome.Skipped, SetupOutcome.Skipped), (result.Outcome, viaSandbox.Outcome));
            Assert.Contains(field == "appType" ? "app type" : field, result.Reason);
            Assert.Equal(0, function.NetworkRequests);
            output.WriteLine($"{field,-16} skipped before any call: {result.Reason}");
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(markers));

        // The control: a valid event with the same script runs it once, and the client counts its calls.
        var valid = await harness.CreateAppAsync("injection-control");
        Assert.Equal(SetupOutcome.Succeeded, (await harness.RunAsync(valid, script)).Outcome);
        Assert.Equal(["control"], Directory.EnumerateFileSystemEntries(markers).Select(Path.GetFileName));
        Assert.Equal(1, await fixture.Host.Admin.GetExecutionCountAsync("injection-control"));
        var notAProfile = await InvokeAsync(handler, CreateAppEvents.With(e => e.Parameters()["userProfileName"] = "no-such-profile"));
        Assert.Equal(SetupOutcome.Failed, notAProfile.Outcome);
        Assert.True(function.NetworkRequests > 0);
        output.WriteLine($"control: a valid event ran the script once; an accepted event for an unknown profile made {function.NetworkRequests} SageMaker request(s) and {notAProfile.Outcome.Name()}: {notAProfile.Reason}");
    }

    private static async Task<SetupResult> InvokeAsync(InvocationHandler handler, string eventJson)
    {
        var context = new InvocationContext("injection", DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1), "arn:aws:lambda:us-east-1:123456789012:function:auto-installer", null);
        var answer = await handler(new Invocation(context, Encoding.UTF8.GetBytes(eventJson)), CancellationToken.None);
        return JsonSerializer.Deserialize(answer, SetupJsonContext.Default.SetupResult)!;
    }
}
