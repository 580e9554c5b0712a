using System.Text.Json;
using AutoInstaller.Diagnostics;
using AutoInstaller.Failures;
using Microsoft.Extensions.Time.Testing;

namespace AutoInstaller.Tests.Hosting;

public sealed class LogTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 18, 5, 7, 123, TimeSpan.Zero));
    private readonly StringWriter output = new();

    [Fact]
    public void JsonFormatWritesOneObjectPerLineWithStableKeys()
    {
        var log = Log.FromEnvironment(Env(("AWS_LAMBDA_LOG_FORMAT", "JSON")), output, time);
        using (log.BeginInvocation("8476a536-e9f4-11e8-9739-2dfe598c3fcd"))
        {
            log.Info("App is InService", ("app", "d-abc/alice/JupyterServer/default"), ("waitedMs", 1250L), ("retry", false), ("reason", null));
        }

        log.Warn("multi\nline \"quoted\" <tag>");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal(
            ["timestamp", "level", "message", "requestId", "app", "waitedMs", "retry", "reason"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-23T18:05:07.123Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", root.GetProperty("level").GetString());
        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", root.GetProperty("requestId").GetString());
        Assert.Equal(1250, root.GetProperty("waitedMs").GetInt64());
        Assert.Equal(JsonValueKind.False, root.GetProperty("retry").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.False(second.RootElement.TryGetProperty("requestId", out _));
        Assert.Equal("multi\nline \"quoted\" <tag>", second.RootElement.GetProperty("message").GetString());
        Assert.Contains("<tag>", lines[1]);
    }

    [Fact]
    public void TextFormatIsTheDefaultAndReadable()
    {
        var log = Log.FromEnvironment(Env(), output, time);
        using (log.BeginInvocation("req-7"))
        {
            log.Info("Step finished", ("step", "install extension"), ("exitCode", 0));
        }

        Assert.Equal("2026-11-23T18:05:07.123Z\tINFO\treq-7\tStep finished step=\"install extension\" exitCode=0", output.ToString().TrimEnd());
    }

    [Theory]
    [InlineData("WARN", new[] { "WARN", "ERROR", "FATAL" })]
    [InlineData("debug", new[] { "DEBUG", "INFO", "WARN", "ERROR", "FATAL" })]
    [InlineData(null, new[] { "INFO", "WARN", "ERROR", "FATAL" })]
    public void LevelFilterHonoursLambdaLogLevel(string? configured, string[] expected)
    {
        var log = Log.FromEnvironment(Env(("AWS_LAMBDA_LOG_FORMAT", "json"), ("AWS_LAMBDA_LOG_LEVEL", configured)), output, time);
        foreach (var level in Enum.GetValues<LogLevel>())
        {
            log.Write(level, "m");
        }

        var written = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("level").GetString());
        Assert.Equal(expected, written);
    }

    [Theory]
    [InlineData("AWS_LAMBDA_LOG_FORMAT", "XML", "AWS_LAMBDA_LOG_FORMAT is 'XML'; expected JSON or Text")]
    [InlineData("AWS_LAMBDA_LOG_LEVEL", "VERBOSE", "AWS_LAMBDA_LOG_LEVEL is 'VERBOSE'; expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL")]
    public void InvalidSettingsAreRefusedWithTheirName(string name, string value, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => Log.FromEnvironment(Env((name, value)), output, time));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task RequestIdFollowsEachInvocationsAsyncFlow()
    {
        var log = Log.FromEnvironment(Env(("AWS_LAMBDA_LOG_FORMAT", "JSON")), output, time);
        async Task Invocation(string id)
        {
            using var scope = log.BeginInvocation(id);
            await Task.Yield();
            log.Info(id);
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Invocation($"r{i}"))));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(20, lines.Count);
        Assert.All(lines, l => Assert.Equal(l.GetProperty("message").GetString(), l.GetProperty("requestId").GetString()));
    }

    private static Func<string, string?> Env(params (string Name, string? Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
