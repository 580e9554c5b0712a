using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoInstaller.Hosting;
using AutoInstaller.Tests.Events;
using AutoInstaller.Tests.Hosting;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// Every event of <c>corpus/</c> (plus generated 1 MB events) goes through the real runtime loop and the real
/// function handler, one after the other: each gets its declared outcome, a skipped one makes no network request,
/// and the loop answers the next event after each.
/// </summary>
[Collection(InProcessRuntimeCollection.Name)]
public sealed class BadInputCorpusTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MinimumCommittedEvents = 40;
    private readonly StringWriter logs = RunEvidence.Log("function log");
    private readonly CancellationTokenSource stopping = new();
    private FakeRuntimeApi fake = null!;

    public static string CorpusDirectory { get; } = RepoPaths.Combine("tests", "AutoInstaller.Tests", "Reliability", "corpus");

    public async Task InitializeAsync() => fake = await FakeRuntimeApi.StartAsync();

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        stopping.Dispose();
    }

    [Fact]
    public async Task EveryCorpusEventHasItsDeclaredOutcomeAndTheLoopKeepsServing()
    {
        var corpus = LoadCorpus();
        Assert.True(corpus.Count >= MinimumCommittedEvents, $"the corpus has {corpus.Count} events, fewer than {MinimumCommittedEvents}");
        var events = corpus.Concat(GeneratedMegabyteEvents()).ToList();
        var function = new OfflineFunction();
        var running = Task.Run(() => LambdaHost.RunAsync(fake.Address, _ => null, function.CreateHandler, logs, TimeProvider.System, stopping.Token));

        var mismatches = new List<string>();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < events.Count; i++)
        {
            var (name, body, expected) = events[i];
            var requestsBefore = function.NetworkRequests;
            fake.Enqueue($"corpus-{i}", body);
            var posted = await NextOutcomeAsync(name);
            var (outcome, problem) = Check(posted, expected, function.NetworkRequests - requestsBefore);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (posted.RequestId != $"corpus-{i}" || problem is not null)
            {
                mismatches.Add($"{name}: {problem ?? "answered for another request"}");
            }
        }

        Assert.False(running.IsCompleted, "the runtime loop stopped");
        await stopping.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(10)));
        output.WriteLine($"bad-input corpus: {events.Count} events ({corpus.Count} committed, {events.Count - corpus.Count} generated of 1 MB), one runtime loop");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key))
        {
            output.WriteLine($"  {outcome,-28} {count,4}");
        }

        output.WriteLine($"  network requests made: {function.NetworkRequests} (only for accepted events, to a closed port)");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private async Task<PostedOutcome> NextOutcomeAsync(string name)
    {
        try
        {
            return await fake.NextOutcomeAsync();
        }
        catch (OperationCanceledException)
        {
            output.WriteLine(logs.ToString());
            throw new TimeoutException($"no outcome posted for {name}");
        }
    }

    /// <summary>The outcome label and, if it differs from the declared one, what is wrong.</summary>
    private static (string Outcome, string? Problem) Check(PostedOutcome posted, CorpusExpectation expected, int requests)
    {
        if (posted.Kind == "error")
        {
            var accepted = posted.ErrorTypeHeader == "Function.SetupStageException" && posted.Body.Contains("stage wait for app ", StringComparison.Ordinal);
            var outcome = accepted ? "accepted (stopped at wait)" : $"error {posted.ErrorTypeHeader}";
            return (outcome, expected.Outcome == "accepted" && accepted && requests > 0 ? null : $"expected {expected.Outcome}, got {outcome}: {posted.Body}");
        }

        using var result = JsonDocument.Parse(posted.Body);
        var actual = result.RootElement.GetProperty("outcome").GetString()!;
        var reason = result.RootElement.GetProperty("reason").GetString() ?? string.Empty;
        if (actual != expected.Outcome)
        {
            return (actual, $"expected {expected.Outcome}, got {actual} ({reason})");
        }

        if (!reason.Contains(expected.Reason ?? string.Empty, StringComparison.Ordinal))
        {
            return (actual, $"reason '{reason}' does not contain '{expected.Reason}'");
        }

        return (actual, requests == 0 ? null : $"a skipped event made {requests} network request(s)");
    }

    private static List<(string Name, string Body, CorpusExpectation Expected)> LoadCorpus()
    {
        var manifest = JsonSerializer.Deserialize<Dictionary<string, CorpusExpectation>>(
            File.ReadAllText(Path.Combine(CorpusDirectory, "expected.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var files = Directory.GetFiles(CorpusDirectory, "*.json").Select(Path.GetFileName).Where(f => f != "expected.json").Order().ToList();
        Assert.Equal(files, manifest.Keys.Order());
        return [.. files.Select(f => (f!, File.ReadAllText(Path.Combine(CorpusDirectory, f!), Encoding.UTF8), manifest[f!]))];
    }

    /// <summary>Payloads of about 1 MB, written here rather than committed.</summary>
    private static IEnumerable<(string Name, string Body, CorpusExpectation Expected)> GeneratedMegabyteEvents()
    {
        var megabyte = new string('a', 1024 * 1024);
        yield return ("generated-1mb-user-profile-name", CreateAppEvents.With(e => e.Parameters()["userProfileName"] = megabyte),
            new CorpusExpectation("skipped", $"userProfileName '{megabyte[..64]}'… is not a valid name"));
        yield return ("generated-1mb-unknown-field", CreateAppEvents.With(e => e.Detail()["additionalEventData"] = new JsonObject { ["padding"] = megabyte }),
            new CorpusExpectation("accepted", null));
        yield return ("generated-1mb-whitespace-then-garbage", new string(' ', 1024 * 1024) + "{\"source\":",
            new CorpusExpectation("skipped", "malformed event: invalid JSON or wrong type"));
        yield return ("generated-1mb-unicode-app-name", CreateAppEvents.With(e => e.Parameters()["appName"] = string.Concat(Enumerable.Repeat("défaut‮", 150_000))),
            new CorpusExpectation("skipped", "is not a valid app name"));
    }

    private sealed record CorpusExpectation(string Outcome, string? Reason);
}
