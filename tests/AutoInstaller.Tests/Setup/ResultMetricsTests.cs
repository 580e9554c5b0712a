using System.Text.Json;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.Setup;

public sealed class ResultMetricsTests
{
    [Fact]
    public void SkippedResultIsOneEmbeddedMetricFormatLineWithTheStagesItReached()
    {
        var result = new SetupResult(SetupOutcome.Skipped, "app type 'KernelGateway' is not enabled", null, null, [], null, null, new StageTimings(null, null, null, 3));

        using var json = JsonDocument.Parse(ResultMetrics.Line(result, DateTimeOffset.FromUnixTimeMilliseconds(1_795_458_438_541), "req-9"));

        var root = json.RootElement;
        Assert.Equal(("2026-11-23T18:27:18.541Z", "INFO", "Metrics", "req-9"),
            (root.GetProperty("timestamp").GetString(), root.GetProperty("level").GetString(), root.GetProperty("message").GetString(), root.GetProperty("requestId").GetString()));
        var directive = root.GetProperty("_aws");
        Assert.Equal(1_795_458_438_541, directive.GetProperty("Timestamp").GetInt64());
        var metricSet = Assert.Single(directive.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("StudioAutoInstaller", metricSet.GetProperty("Namespace").GetString());
        Assert.Equal(["Outcome"], metricSet.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()));
        Assert.Equal([("Runs", "Count"), ("TotalMs", "Milliseconds")],
            metricSet.GetProperty("Metrics").EnumerateArray().Select(m => (m.GetProperty("Name").GetString(), m.GetProperty("Unit").GetString())));
        Assert.Equal(("skipped", 1, 3), (root.GetProperty("Outcome").GetString(), root.GetProperty("Runs").GetInt32(), root.GetProperty("TotalMs").GetInt32()));
        Assert.False(root.TryGetProperty("WaitMs", out _));
    }
}
