using AutoInstaller.Studio;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Studio;

/// <summary>
/// The DescribeApp schedule of the wait stage, checked over two minutes of waiting: how late the check after the app
/// became InService comes (the part of the readiness lag the schedule decides), how many calls a wait costs, how the
/// jitter spreads the checks, and how throttled checks space out. The jitter's draws are given, not random.
/// </summary>
public sealed class AppReadinessScheduleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    [Fact]
    public void WithoutJitterTheCheckAfterAnAppBecomesReadyComesWithinAQuarterOfTheWaitPlus250Ms()
    {
        var checks = CheckTimes(Wait, () => 0);

        AssertSeenWithin(checks, ready => TimeSpan.FromMilliseconds(250) + (ready / 4));
        Assert.Equal(TimeSpan.Zero, checks[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(250), checks[1]);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void WithJitterTheCheckAfterAnAppBecomesReadyComesWithinAThirdOfTheWaitPlus250Ms(int seed)
    {
        var random = new Random(seed);

        AssertSeenWithin(CheckTimes(Wait, random.NextDouble), ready => TimeSpan.FromMilliseconds(250) + (ready / 3));
    }

    [Fact]
    public void EachPauseIsItsIntervalLessUpToAQuarter()
    {
        var interval = TimeSpan.FromSeconds(4);

        Assert.Equal(interval, AppReadiness.Pause(interval, 0));
        Assert.Equal(TimeSpan.FromSeconds(3.5), AppReadiness.Pause(interval, 0.5));
        Assert.InRange(AppReadiness.Pause(interval, 0.999999), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.001));
    }

    [Fact]
    public void InstancesStartedTogetherWithDifferentDrawsDoNotCheckTogether()
    {
        var first = CheckTimes(Wait, new Random(1).NextDouble);
        var second = CheckTimes(Wait, new Random(2).NextDouble);

        var late = first.Where(t => t > TimeSpan.FromSeconds(20)).ToList();
        var together = late.Count(t => second.Any(s => (s - t).Duration() < TimeSpan.FromMilliseconds(50)));
        Assert.True(together <= late.Count / 4, $"{together} of {late.Count} checks after 20 s within 50 ms of the other instance's");
    }

    [Fact]
    public void ALongWaitSettlesAtOneCallPerFiveSecondsLessTheJitter()
    {
        var plain = CheckTimes(Wait, () => 0);
        var jittered = CheckTimes(Wait, new Random(7).NextDouble);

        var late = plain.Where(t => t > TimeSpan.FromSeconds(30)).ToList();
        Assert.All(late.Zip(late.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(5), pair.Second - pair.First));
        var lateJittered = jittered.Where(t => t > TimeSpan.FromSeconds(30)).ToList();
        Assert.All(lateJittered.Zip(lateJittered.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, TimeSpan.FromSeconds(3.75), TimeSpan.FromSeconds(5)));
        Assert.InRange(plain.Count, 30, 40);
        Assert.InRange(jittered.Count, 30, 48);
        output.WriteLine($"DescribeApp calls without jitter: {plain.Count(t => t <= TimeSpan.FromSeconds(2))} in the first 2 s, "
            + $"{plain.Count(t => t <= TimeSpan.FromSeconds(10))} in 10 s, {plain.Count} in {Wait.TotalSeconds:F0} s; with jitter {jittered.Count}");
    }

    [Fact]
    public void ThrottledChecksDoubleTheIntervalBetween5And15SecondsAndAnsweredChecksKeepItAt5()
    {
        var intervals = new List<TimeSpan>();
        TimeSpan? interval = null;
        for (var i = 0; i < 9; i++)
        {
            interval = AppReadiness.NextInterval(interval, throttled: true);
            intervals.Add(interval.Value);
        }

        Assert.Equal([5, 10, 15, 15, 15, 15, 15, 15, 15], intervals.Select(i => i.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(5), AppReadiness.NextInterval(interval));
        Assert.Equal(TimeSpan.FromSeconds(5), AppReadiness.NextInterval(TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(5), AppReadiness.NextInterval(TimeSpan.FromSeconds(0.5), throttled: true));

        // Two minutes of every check throttled cost about 10 calls, against 30 to 40 for two minutes of Pending.
        var elapsed = TimeSpan.Zero;
        var calls = 1;
        for (interval = null; elapsed < Wait; calls++)
        {
            interval = AppReadiness.NextInterval(interval, throttled: true);
            elapsed += interval.Value;
        }

        Assert.InRange(calls, 8, 12);
    }

    private static void AssertSeenWithin(List<TimeSpan> checks, Func<TimeSpan, TimeSpan> bound)
    {
        for (var ready = TimeSpan.Zero; ready < Wait - TimeSpan.FromSeconds(5); ready += TimeSpan.FromMilliseconds(10))
        {
            var seen = checks.First(t => t >= ready);
            Assert.True(seen - ready <= bound(ready), $"ready at {ready.TotalSeconds:F2} s, seen at {seen.TotalSeconds:F2} s");
        }
    }

    /// <summary>When the checks of an app that stays Pending come, with the jitter's draws from <paramref name="draw"/>.</summary>
    private static List<TimeSpan> CheckTimes(TimeSpan until, Func<double> draw)
    {
        var times = new List<TimeSpan> { TimeSpan.Zero };
        TimeSpan? interval = null;
        while (times[^1] < until)
        {
            interval = AppReadiness.NextInterval(interval);
            times.Add(times[^1] + AppReadiness.Pause(interval.Value, draw()));
        }

        return times;
    }
}
