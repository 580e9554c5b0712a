using System.Text.RegularExpressions;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.Hosting;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// Ten thousand and more seeded mutations of a valid event through the accept stage, and a sample of them through the
/// function handler with SageMaker on a closed port: no exception escapes, and every answer is one of the outcomes.
/// </summary>
public sealed partial class GeneratedInputTests(ITestOutputHelper output)
{
    private const int Seed = 20261123;
    private const int MutatedEvents = 12_000;
    private const int ThroughTheHandler = 400;
    private static readonly string[] Outcomes = [.. Enum.GetValues<SetupOutcome>().Select(o => o.Name())];

    [Fact]
    public void MutatedEventsAreEachAcceptedWithSafeNamesOrSkippedWithAReason()
    {
        var policy = new AcceptPolicy(new HashSet<string> { SandboxHost.DomainId }, new HashSet<string> { "JupyterServer" }, SandboxHost.Region, SandboxHost.AccountId);
        var mutator = new EventMutator(Seed);
        var histogram = new Dictionary<string, int>();
        for (var i = 0; i < MutatedEvents; i++)
        {
            var decision = EventAcceptor.Decide(mutator.Next(), policy);

            Assert.True(decision.Target is null != (decision.SkipReason is null), $"event {i}: neither or both of target and reason");
            if (decision.Target is { } app)
            {
                Assert.Matches(ShellSafeWord(), app.DomainId);
                Assert.Matches(ShellSafeWord(), app.Owner);
                Assert.Matches(ShellSafeWord(), app.AppName);
                Assert.Matches(ShellSafeWord(), app.RunId);
            }

            var label = decision.Target is null ? "skipped: " + ReasonKind(decision.SkipReason!) : "accepted";
            histogram[label] = histogram.GetValueOrDefault(label) + 1;
        }

        output.WriteLine($"generated input: {MutatedEvents:N0} mutated events (seed {Seed}) through EventAcceptor.Decide, 0 exceptions");
        foreach (var (label, count) in histogram.OrderByDescending(h => h.Value))
        {
            output.WriteLine($"  {count,6}  {label}");
        }
    }

    [Fact]
    public async Task MutatedEventsThroughTheHandlerEndInOneOfTheFourOutcomes()
    {
        var function = new OfflineFunction();
        var logs = RunEvidence.Log("function log");
        var handler = function.CreateHandler(new Log(logs, LogLevel.Info, Log.Json, TimeProvider.System));
        var mutator = new EventMutator(Seed + 1);
        var histogram = new Dictionary<string, int>();
        for (var i = 0; i < ThroughTheHandler; i++)
        {
            // The deadline leaves 100 ms after the margin: an accepted event ends in the wait stage.
            var context = new InvocationContext($"fuzz-{i}", DateTimeOffset.UtcNow + OfflineFunction.DeadlineMargin + TimeSpan.FromMilliseconds(100),
                "arn:aws:lambda:us-east-1:123456789012:function:auto-installer", null);
            string label;
            try
            {
                var result = System.Text.Json.JsonSerializer.Deserialize(await handler(new Invocation(context, mutator.Next()), CancellationToken.None), SetupJsonContext.Default.SetupResult)!;
                Assert.Contains(result.Outcome.Name(), Outcomes);
                label = result.Outcome.Name();
            }
            catch (SetupStageException e) when (e.Message.StartsWith("stage wait for app ", StringComparison.Ordinal))
            {
                // Accepted, and SageMaker (a closed port) refused faster than the deadline: the documented retryable error.
                label = "SetupStageException (retryable, stage wait)";
            }

            histogram[label] = histogram.GetValueOrDefault(label) + 1;
        }

        output.WriteLine($"generated input through FunctionHandler: {ThroughTheHandler} mutated events (seed {Seed + 1}), SageMaker on a closed port");
        foreach (var (label, count) in histogram.OrderByDescending(h => h.Value))
        {
            output.WriteLine($"  {count,6}  {label}");
        }

        output.WriteLine($"  network requests: {function.NetworkRequests}");
    }

    /// <summary>The reason up to its first quote or parenthesis: the kind of check that skipped the event.</summary>
    private static string ReasonKind(string reason)
    {
        if (reason.EndsWith("is not in the allowed list", StringComparison.Ordinal))
        {
            return "domain not in the allowed list";
        }

        var end = reason.IndexOfAny(['\'', '(', ':']);
        return (end > 0 ? reason[..end] : reason).Trim();
    }

    [GeneratedRegex("^[a-zA-Z0-9-]+\\z")]
    private static partial Regex ShellSafeWord();
}
