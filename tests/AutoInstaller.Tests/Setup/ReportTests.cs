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
        var progress = new RunProgress(names);
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
        var report = new Report("11111111-2222-3333-4444-555555555555", null, new ScriptSummary("file", "(test)", null, null, null, null), TimeProvider.System.GetTimestamp(), TimeProvider.System)
        {
            Progress = progress,
        };

        var result = report.Finish(new RunFollowOutcome(Detached: false, StartedHere: true, Reconnects: 0));
        var bytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(result, SetupJsonContext.Default.SetupResult));

        Assert.InRange(bytes, 1, 1_000_000);
        Assert.Equal(SetupResult.Succeeded, result.Outcome);
        Assert.StartsWith("outputTail: ", result.Truncated);
        Assert.Contains("run.log on the server has all the output", result.Truncated, StringComparison.Ordinal);
        Assert.Equal(StepProgress.MaxTailLineChars + 1, result.Steps[^1].OutputTail.Last().Length);
        Assert.Equal(25, result.Steps[^1].OutputLines);
    }

    [Fact]
    public void AResultWithShortOutputIsNotMarkedCut()
    {
        var progress = new RunProgress(["one"]);
        progress.Apply("@@auto-installer:step-start 001 1");
        progress.Apply("|hello");
        progress.Apply("@@auto-installer:step-end 001 0 2");
        progress.Apply("@@auto-installer:run-end 0 3");
        var report = new Report("11111111-2222-3333-4444-555555555555", null, new ScriptSummary("file", "(test)", null, null, null, null), TimeProvider.System.GetTimestamp(), TimeProvider.System)
        {
            Progress = progress,
        };

        var result = report.Finish(new RunFollowOutcome(Detached: false, StartedHere: true, Reconnects: 0));

        Assert.Null(result.Truncated);
        Assert.Equal(["hello"], result.Steps[0].OutputTail);
    }
}
