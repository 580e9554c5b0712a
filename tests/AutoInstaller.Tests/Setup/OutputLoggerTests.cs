using System.Text.Json;
using AutoInstaller.Diagnostics;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.Setup;

public sealed class OutputLoggerTests
{
    [Fact]
    public void CapsLineLengthAndLineCountAndSaysWhereTheRestIs()
    {
        var output = new StringWriter();
        var log = new Log(output, LogLevel.Info, Log.Json, TimeProvider.System);
        var logger = new OutputLogger(log, "run-1", new OutputLogLimits(MaxLineChars: 10, MaxLines: 3));
        var step = new StepProgress("install", index: 1, outputTailLines: 5);

        foreach (var line in new[] { "short", new string('x', 25), "third", "fourth", "fifth" })
        {
            logger.Write(step, line);
        }

        var entries = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, entries.Count);
        Assert.Equal(["short", new string('x', 10) + "…", "third"], entries.Take(3).Select(e => e.GetProperty("line").GetString()));
        Assert.All(entries.Take(3), e => Assert.Equal("install", e.GetProperty("step").GetString()));
        Assert.Equal("WARN", entries[3].GetProperty("level").GetString());
        Assert.Equal("~/.auto-installer/runs/run-1/run.log", entries[3].GetProperty("path").GetString());
    }
}
