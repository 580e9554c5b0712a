using System.Text;
using System.Text.Json;
using AutoInstaller.Failures;
using AutoInstaller.Hosting;

namespace AutoInstaller.Tests.Hosting;

/// <summary>Tests that drive the real invocation loop in this process share the process's trace-id variable.</summary>
[CollectionDefinition(Name)]
public sealed class InProcessRuntimeCollection
{
    public const string Name = "In-process Lambda runtime";
}

[Collection(InProcessRuntimeCollection.Name)]
public sealed class RuntimeLoopTests : IAsyncLifetime
{
    private readonly StringWriter logs = new();
    private readonly CancellationTokenSource stopping = new();
    private FakeRuntimeApi fake = null!;
    private Task<int>? running;

    public async Task InitializeAsync() => fake = await FakeRuntimeApi.StartAsync();

    public async Task DisposeAsync()
    {
        await stopping.CancelAsync();
        if (running is not null)
        {
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }

        await fake.DisposeAsync();
        stopping.Dispose();
    }

    [Fact]
    public async Task PostsTheHandlersResultWithTheInvocationContext()
    {
        InvocationContext? seen = null;
        _ = Start((invocation, _) =>
        {
            seen = invocation.Context;
            return Task.FromResult(Encoding.UTF8.GetBytes($"{{\"echo\":{Encoding.UTF8.GetString(invocation.Event)}}}"));
        });

        fake.Enqueue("req-1", "{\"n\":1}", timeout: TimeSpan.FromMinutes(5),
            functionArn: "arn:aws:lambda:eu-west-1:111122223333:function:f");
        var outcome = await fake.NextOutcomeAsync();

        Assert.Equal(("req-1", "response", "{\"echo\":{\"n\":1}}"), (outcome.RequestId, outcome.Kind, outcome.Body));
        Assert.NotNull(seen);
        Assert.Equal("req-1", seen.RequestId);
        Assert.Equal("arn:aws:lambda:eu-west-1:111122223333:function:f", seen.FunctionArn);
        Assert.InRange(seen.RemainingTime(TimeProvider.System), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.False(running!.IsCompleted);
    }

    [Fact]
    public async Task HandlerExceptionIsReportedAsDocumentedAndTheLoopContinues()
    {
        var calls = 0;
        _ = Start((_, _) => ++calls == 1
            ? throw new InvalidOperationException("stage wait failed for app d-x/alice/JupyterServer/default")
            : Task.FromResult("{\"ok\":true}"u8.ToArray()));

        fake.Enqueue("req-fail", "{}");
        fake.Enqueue("req-next", "{}");
        var error = await fake.NextOutcomeAsync();
        var next = await fake.NextOutcomeAsync();

        Assert.Equal(("req-fail", "error"), (error.RequestId, error.Kind));
        Assert.Equal("application/vnd.aws.lambda.error+json", error.ContentType);
        Assert.Equal("Function.InvalidOperationException", error.ErrorTypeHeader);
        using var json = JsonDocument.Parse(error.Body);
        var root = json.RootElement;
        Assert.Equal(["errorMessage", "errorType", "stackTrace"], root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("InvalidOperationException", root.GetProperty("errorType").GetString());
        Assert.Equal("stage wait failed for app d-x/alice/JupyterServer/default", root.GetProperty("errorMessage").GetString());
        var frames = root.GetProperty("stackTrace").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.NotEmpty(frames);
        Assert.All(frames, frame => Assert.StartsWith("at ", frame));
        Assert.Equal(("req-next", "response", "{\"ok\":true}"), (next.RequestId, next.Kind, next.Body));
        Assert.Contains("Invocation failed", logs.ToString());
    }

    [Fact]
    public async Task OversizedResultIsReportedAsAnErrorAndTheLoopContinues()
    {
        _ = Start((invocation, _) => Task.FromResult(invocation.Event.Length > 2
            ? Encoding.UTF8.GetBytes($"\"{new string('x', FakeRuntimeApi.MaxResponseBytes)}\"")
            : "{}"u8.ToArray()));

        fake.Enqueue("req-big", "\"big\"");
        fake.Enqueue("req-small", "{}");
        var big = await fake.NextOutcomeAsync();
        var small = await fake.NextOutcomeAsync();

        Assert.Equal(("req-big", "error"), (big.RequestId, big.Kind));
        using var json = JsonDocument.Parse(big.Body);
        Assert.Equal("Runtime.ResponseTooLarge", json.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("6291558 bytes", json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(("req-small", "response"), (small.RequestId, small.Kind));
    }

    [Fact]
    public async Task NextAnsweringServerErrorEndsTheRuntimeWithFailure()
    {
        fake.AnswerNextWith(500);
        var exitCode = await Start((_, _) => Task.FromResult("{}"u8.ToArray())).WaitAsync(TimeSpan.FromSeconds(30));
        running = null;

        Assert.Equal(LambdaHost.ExitFailure, exitCode);
        Assert.Contains("GET /runtime/invocation/next answered 500", logs.ToString());
    }

    [Fact]
    public async Task UnreachableRuntimeApiEndsTheRuntimeWithFailure()
    {
        var closedPort = fake.Address;
        await fake.DisposeAsync();
        fake = await FakeRuntimeApi.StartAsync();

        var exitCode = await LambdaHost.RunAsync(closedPort, _ => null, _ => (_, _) => Task.FromResult(Array.Empty<byte>()),
            logs, TimeProvider.System, stopping.Token).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaHost.ExitFailure, exitCode);
        Assert.Contains("Lambda Runtime API failed", logs.ToString());
    }

    [Fact]
    public async Task TraceIdIsSetForEachInvocation()
    {
        var traces = new List<string?>();
        _ = Start((_, _) =>
        {
            traces.Add(Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"));
            return Task.FromResult("{}"u8.ToArray());
        });

        fake.Enqueue("a", "{}", traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        fake.Enqueue("b", "{}", traceId: "Root=1-67891233-abcdef012345678912345678;Sampled=0");
        fake.Enqueue("c", "{}");
        for (var i = 0; i < 3; i++)
        {
            await fake.NextOutcomeAsync();
        }

        Assert.Equal(
            ["Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "Root=1-67891233-abcdef012345678912345678;Sampled=0", null],
            traces);
    }

    [Fact]
    public async Task HandlerIsCancelledAtTheInvocationDeadline()
    {
        _ = Start(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        });

        fake.Enqueue("short", "{}", timeout: TimeSpan.FromMilliseconds(300));
        var outcome = await fake.NextOutcomeAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(("short", "error"), (outcome.RequestId, outcome.Kind));
        Assert.Contains("TaskCanceledException", outcome.Body);
    }

    [Fact]
    public async Task InvalidConfigurationIsReportedAsInitErrorAndEndsTheRuntime()
    {
        var exitCode = await LambdaHost.RunAsync(fake.Address, _ => null,
            _ => throw new ConfigurationException("AUTO_INSTALLER_DOMAIN_IDS is not set"),
            logs, TimeProvider.System, stopping.Token).WaitAsync(TimeSpan.FromSeconds(30));
        var outcome = await fake.NextOutcomeAsync();

        Assert.Equal(LambdaHost.ExitFailure, exitCode);
        Assert.Equal("init-error", outcome.Kind);
        Assert.Equal("application/vnd.aws.lambda.error+json", outcome.ContentType);
        using var json = JsonDocument.Parse(outcome.Body);
        Assert.Equal("Runtime.InvalidConfiguration", json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("AUTO_INSTALLER_DOMAIN_IDS is not set", json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(0, fake.NextRequests);
    }

    [Fact]
    public async Task WithJsonLogsTheInitErrorIsAJsonLineAndItsTypeSurvivesThePlatform()
    {
        var exitCode = await LambdaHost.RunAsync(fake.Address, name => name == "AWS_LAMBDA_LOG_FORMAT" ? "JSON" : null,
            _ => throw new ConfigurationException("AUTO_INSTALLER_DOMAIN_IDS is not set"),
            logs, TimeProvider.System, stopping.Token).WaitAsync(TimeSpan.FromSeconds(30));
        var outcome = await fake.NextOutcomeAsync();

        Assert.Equal(LambdaHost.ExitFailure, exitCode);
        Assert.Equal("Runtime.InvalidConfiguration", outcome.ErrorTypeHeader);
        var line = Assert.Single(logs.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(
            ("FATAL", "Invalid configuration", "Runtime.InvalidConfiguration", "AUTO_INSTALLER_DOMAIN_IDS is not set"),
            (json.RootElement.GetProperty("level").GetString(), json.RootElement.GetProperty("message").GetString(),
                json.RootElement.GetProperty("errorType").GetString(), json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task InvalidLogLevelIsAnInitError()
    {
        var exitCode = await LambdaHost.RunAsync(fake.Address, name => name == "AWS_LAMBDA_LOG_LEVEL" ? "LOUD" : null,
            _ => (_, _) => Task.FromResult(Array.Empty<byte>()), logs, TimeProvider.System, stopping.Token);
        var outcome = await fake.NextOutcomeAsync();

        Assert.Equal(LambdaHost.ExitFailure, exitCode);
        using var json = JsonDocument.Parse(outcome.Body);
        Assert.StartsWith("AWS_LAMBDA_LOG_LEVEL is 'LOUD'", json.RootElement.GetProperty("errorMessage").GetString());
    }

    /// <summary>Runs the loop in the background; the test's end stops it and checks it ended cleanly.</summary>
    private Task<int> Start(InvocationHandler handler) =>
        running = Task.Run(() => LambdaHost.RunAsync(fake.Address, _ => null, _ => handler, logs, TimeProvider.System, stopping.Token));
}
