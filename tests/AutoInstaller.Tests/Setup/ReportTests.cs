using System.Text;
using System.Text.Json;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.Setup;

/// <summary>The result of a run is bounded whatever the steps printed, and says what it left out.</summary>
public sealed class ReportTests
{
    [Fact]
    public void TheMostStepsWithTheLongestAndMostEscapedLinesMakeAResultUnderOneMegabyteThatSaysItWasCut()
    {
        var names = Enumerable.Range(1, SetupScript.MaxSteps).Select(i => $"{i:D3}{new string('\u0001', SetupScript.MaxStepNameLength - 3)}").ToList();
        var report = NewReport();
        var progress = report.ScriptRead(Script(names));
        var line = "|" + new string('\u0002', 3000);
        foreach (var index in Enumerable.Range(1, SetupScript.MaxSteps))
        {
            progress.Apply($"@@auto-installer:step-start {index:D3} 1");
            for (var i = 0; i < 25; i++)
            {
                progress.Apply(line);
            }

            progress.Apply($"@@auto-installer:step-end {index:D3} 0 2");
        }

        progress.Apply("@@auto-installer:run-end 0 3");

        var result = report.Finish(new RunFollowOutcome(Detached: false, StartedHere: true, Reconnects: 0));
        var bytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(result, SetupJsonContext.Default.SetupResult));

        Assert.InRange(bytes, 1, 1_000_000);
        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.StartsWith("outputTail: ", result.Truncated);
        Assert.Contains("run.log on the server has all the output", result.Truncated, StringComparison.Ordinal);
        Assert.Equal(StepProgress.MaxTailLineChars + 1, result.Steps[^1].OutputTail.Last().Length);
        Assert.Equal(25, result.Steps[^1].OutputLines);
    }

    [Fact]
    public void AResultWithShortOutputIsNotMarkedCut()
    {
        var report = NewReport();
        var progress = report.ScriptRead(Script(["one"]));
        progress.Apply("@@auto-installer:step-start 001 1");
        progress.Apply("|hello");
        progress.Apply("@@auto-installer:step-end 001 0 2");
        progress.Apply("@@auto-installer:run-end 0 3");

        var result = report.Finish(new RunFollowOutcome(Detached: false, StartedHere: true, Reconnects: 0));

        Assert.Null(result.Truncated);
        Assert.Equal(["hello"], result.Steps[0].OutputTail);
    }

    private static Report NewReport() =>
        new("11111111-2222-3333-4444-555555555555", null, new ScriptSummary("file", "(test)", null, null, null, null), TimeProvider.System.GetTimestamp(), TimeProvider.System);

    /// <summary>A script with these step names (their bodies do not matter to the report).</summary>
    private static FetchedScript Script(IReadOnlyList<string> names) =>
        new([], [.. names.Select(n => new SetupStep(n, []))], new ScriptSummary("file", "(test)", null, null, null, null));
}
