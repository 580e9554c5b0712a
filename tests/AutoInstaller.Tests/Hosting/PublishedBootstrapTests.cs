using System.Text.Json;
using AutoInstaller.Tests.Events;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Hosting;

/// <summary>The published Native AOT executable, run as Lambda runs it, against the fake Runtime API.</summary>
public sealed class PublishedBootstrapTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeRuntimeApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeRuntimeApi.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task AnswersAnInvocationWithJsonLogs()
    {
        output.WriteLine($"bootstrap size: {new FileInfo(BootstrapProcess.PublishedPath).Length / 1024.0 / 1024.0:F1} MiB");
        using var bootstrap = BootstrapProcess.Start(LambdaEnvironment(("AWS_LAMBDA_LOG_FORMAT", "JSON")));

        fake.Enqueue("aot-1", KernelGatewayEvent, traceId: "Root=1-aaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbb");
        var outcome = await fake.NextOutcomeAsync();

        Assert.Equal(("aot-1", "response"), (outcome.RequestId, outcome.Kind));
        using var result = JsonDocument.Parse(outcome.Body);
        Assert.Equal("skipped", result.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("app type 'KernelGateway' is not enabled (enabled: JupyterLab, JupyterServer)", result.RootElement.GetProperty("reason").GetString());
        var logLine = await EventuallyAsync(() => bootstrap.Stdout.Split('\n').FirstOrDefault(l => l.Contains("Event skipped", StringComparison.Ordinal)));
        using var log = JsonDocument.Parse(logLine);
        Assert.Equal("aot-1", log.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("INFO", log.RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public async Task MissingDomainListIsAnInitErrorAndTheProcessExitsNonZero()
    {
        var environment = LambdaEnvironment();
        environment.Remove("AUTO_INSTALLER_DOMAIN_IDS");
        using var bootstrap = BootstrapProcess.Start(environment);

        var outcome = await fake.NextOutcomeAsync();
        var exitCode = await bootstrap.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("init-error", outcome.Kind);
        using var error = JsonDocument.Parse(outcome.Body);
        Assert.Equal("Runtime.InvalidConfiguration", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("AUTO_INSTALLER_DOMAIN_IDS is not set", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.NotEqual(0, exitCode);
        Assert.Equal(0, fake.NextRequests);
    }

    [Fact]
    public async Task UnreachableRuntimeApiExitsNonZero()
    {
        var environment = LambdaEnvironment();
        environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:1";
        using var bootstrap = BootstrapProcess.Start(environment);

        Assert.NotEqual(0, await bootstrap.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("Lambda Runtime API failed", bootstrap.Stdout);
    }

    private static string KernelGatewayEvent => CreateAppEvents.With(e => e.Parameters()["appType"] = "KernelGateway");

    private Dictionary<string, string> LambdaEnvironment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = fake.Address,
            ["AWS_REGION"] = "us-east-1",
            ["AUTO_INSTALLER_DOMAIN_IDS"] = "d-sandbox00001",
            ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static async Task<string> EventuallyAsync(Func<string?> probe)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the expected output did not appear within 60 s");
    }
}
