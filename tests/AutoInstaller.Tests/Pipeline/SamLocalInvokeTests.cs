using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoInstaller.Tests.Hosting;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Pipeline;

/// <summary>
/// The README's local replay, <c>sam local invoke AutoInstallerFunction -e events/create-app-jupyterserver.json
/// --env-vars events/env.json</c>, as far as it can run here: the published bootstrap gets the environment SAM CLI
/// gives it and speaks to a Runtime API that behaves as Lambda's Runtime Interface Emulator (its fixed ARN with account
/// 012345678912, no trace id, a client context, no 6 MB limit), with the sandbox standing in for SageMaker and Studio
/// in the events' account 123456789012 and domain d-sandbox00001.
/// </summary>
public sealed partial class SamLocalInvokeTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    private const string FunctionName = "AutoInstallerFunction";
    private const string EmulatorArn = $"arn:aws:lambda:us-east-1:012345678912:function:{FunctionName}";
    private const string ClientContext = """{"client":{"app_title":"sam-local"},"custom":{},"env":{}}""";
    private static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(900);

    [Fact]
    public async Task TheSampleEventWithEnvJsonSetsUpAlicesApp()
    {
        var harness = new PipelineHarness(fixture.Host);
        await fixture.Host.Admin.ResetFaultsAsync();
        await harness.CreateAppAsync("alice");
        var sample = await File.ReadAllTextAsync(RepoPaths.Combine("events", "create-app-jupyterserver.json"));

        var (result, bootstrap) = await InvokeAsync("sam-local-alice", sample);

        using (bootstrap)
        {
            Assert.Equal("succeeded", result.GetProperty("outcome").GetString());
            Assert.Equal(JsonNode.Parse(sample)!["detail"]!["eventID"]!.GetValue<string>(), result.GetProperty("runId").GetString());
            var steps = result.GetProperty("steps").EnumerateArray().ToList();
            Assert.Equal(ShippedSteps(), steps.Select(s => s.GetProperty("name").GetString()));
            Assert.All(steps, s => Assert.Equal(("succeeded", 0), (s.GetProperty("status").GetString(), s.GetProperty("exitCode").GetInt32())));
            Assert.Contains("Setting up alice in d-sandbox00001", steps[0].GetProperty("outputTail").EnumerateArray().Select(l => l.GetString()).First());
            Assert.Contains("defaultBranch = main", await File.ReadAllTextAsync(Path.Combine(fixture.Host.UserHome("alice"), ".gitconfig")));
        }
    }

    [Fact]
    public async Task AnEventOverSixMegabytesIsTakenAsTheEmulatorDelivers()
    {
        var harness = new PipelineHarness(fixture.Host);
        var event7MB = JsonNode.Parse(await harness.CreateAppAsync("bigevent"))!;
        event7MB["detail"]!["requestParameters"]!["tags"] = new JsonArray(
            [.. Enumerable.Range(0, 7 * 1024).Select(i => (JsonNode)new JsonObject { ["Key"] = $"k{i}", ["Value"] = new string('v', 1010) })]);
        var body = event7MB.ToJsonString();
        Assert.True(Encoding.UTF8.GetByteCount(body) > 7_000_000);

        var (result, bootstrap) = await InvokeAsync("sam-local-big", body);

        using (bootstrap)
        {
            Assert.Equal("succeeded", result.GetProperty("outcome").GetString());
            Assert.Contains("defaultBranch = main", await File.ReadAllTextAsync(Path.Combine(fixture.Host.UserHome("bigevent"), ".gitconfig")));
        }
    }

    /// <summary>Runs one invocation to its answer; the caller disposes the process.</summary>
    private async Task<(JsonElement Result, BootstrapProcess Bootstrap)> InvokeAsync(string requestId, string eventBody)
    {
        await using var emulator = await FakeRuntimeApi.StartAsync(asEmulator: true);
        var bootstrap = BootstrapProcess.Start(SamLocalEnvironment(emulator.Address));
        emulator.Enqueue(requestId, eventBody, FunctionTimeout, traceId: null, EmulatorArn, ClientContext);
        var posted = await emulator.NextOutcomeAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(bootstrap.Stdout);
        Assert.True(posted.Kind == "response", $"{posted.Kind} {posted.ErrorTypeHeader}: {posted.Body}");
        return (JsonDocument.Parse(posted.Body).RootElement.Clone(), bootstrap);
    }

    /// <summary>
    /// What SAM CLI passes (samcli/local/lambdafn/env_vars.py): its AWS_* variables, then every variable the template
    /// declares, with events/env.json's value where it has one and otherwise an empty string (the value of an intrinsic
    /// SAM CLI does not resolve: the worst case). A key of env.json the template does not declare is not passed. The
    /// sandbox's origin stands where SageMaker's and Studio's endpoints would be.
    /// </summary>
    private Dictionary<string, string> SamLocalEnvironment(string runtimeApi)
    {
        var declared = DeclaredVariable().Matches(File.ReadAllText(RepoPaths.Combine("template.yaml"))).Select(m => m.Groups[1].Value).ToHashSet();
        var overrides = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("events", "env.json")))![FunctionName]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        Assert.Subset(declared, overrides.Keys.ToHashSet());

        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
            ["AWS_SAM_LOCAL"] = "true",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
            ["AWS_LAMBDA_FUNCTION_TIMEOUT"] = ((int)FunctionTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_FUNCTION_HANDLER"] = "bootstrap",
            ["AWS_LAMBDA_FUNCTION_NAME"] = FunctionName,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = $"aws/lambda/{FunctionName}",
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = "$LATEST",
            ["AWS_REGION"] = SandboxHost.Region,
            ["AWS_DEFAULT_REGION"] = SandboxHost.Region,
            ["AWS_ACCESS_KEY_ID"] = SandboxHost.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SandboxHost.SecretAccessKey,
            ["AWS_ACCOUNT_ID"] = "123456789012",
        };
        foreach (var name in declared)
        {
            environment[name] = overrides.GetValueOrDefault(name, string.Empty);
        }

        environment["AUTO_INSTALLER_SAGEMAKER_ENDPOINT"] = fixture.Host.Origin.ToString();
        environment["AUTO_INSTALLER_STUDIO_ORIGIN"] = fixture.Host.Origin.GetLeftPart(UriPartial.Authority);
        return environment;
    }

    private static List<string> ShippedSteps() =>
        [.. File.ReadLines(RepoPaths.Combine("setup", "setup.sh")).Where(l => l.StartsWith("# step: ", StringComparison.Ordinal)).Select(l => l["# step: ".Length..])];

    /// <summary>A variable of the function's <c>Environment.Variables</c> in template.yaml.</summary>
    [GeneratedRegex(@"^ {10}(AUTO_INSTALLER_[A-Z0-9_]+):", RegexOptions.Multiline)]
    private static partial Regex DeclaredVariable();
}
