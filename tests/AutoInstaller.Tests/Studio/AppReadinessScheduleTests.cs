using AutoInstaller.Studio;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Studio;

/// <summary>
/// The DescribeApp schedule of the wait stage, checked over two minutes of waiting: how late the check after the app
/// became InService comes (the part of the readiness lag the schedule decides), and how many calls a wait costs.
/// </summary>
public sealed class AppReadinessScheduleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    [Fact]
    public void TheCheckAfterAnAppBecomesReadyComesWithinAQuarterOfTheWaitPlus250Ms()
    {
        var checks = CheckTimes(Wait);

        for (var ready = TimeSpan.Zero; ready < Wait - TimeSpan.FromSeconds(5); ready += TimeSpan.FromMilliseconds(10))
        {
            var seen = checks.First(t => t >= ready);
            var bound = TimeSpan.FromMilliseconds(250) + ready / 4;
            Assert.True(seen - ready <= bound, $"ready at {ready.TotalSeconds:F2} s, seen at {seen.TotalSeconds:F2} s");
        }

        Assert.Equal(TimeSpan.Zero, checks[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(250), checks[1]);
    }

    [Fact]
    public void ALongWaitSettlesAtOneCallPerFiveSeconds()
    {
        var checks = CheckTimes(Wait);
        var late = checks.Where(t => t > TimeSpan.FromSeconds(30)).ToList();

        Assert.All(late.Zip(late.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(5), pair.Second - pair.First));
        Assert.InRange(checks.Count, 30, 40);
        output.WriteLine($"DescribeApp calls: {checks.Count(t => t <= TimeSpan.FromSeconds(2))} in the first 2 s, "
            + $"{checks.Count(t => t <= TimeSpan.FromSeconds(10))} in 10 s, {checks.Count} in {Wait.TotalSeconds:F0} s");
    }

    private static List<TimeSpan> CheckTimes(TimeSpan until)
    {
        var times = new List<TimeSpan> { TimeSpan.Zero };
        TimeSpan? interval = null;
        while (times[^1] < until)
        {
            interval = AppReadiness.NextInterval(interval);
            times.Add(times[^1] + interval.Value);
        }

        return times;
    }
}
