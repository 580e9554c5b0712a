using Xunit.Abstractions;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// Secret hygiene over the whole test run: no captured log, result, error report, exception message or CLI and
/// bootstrap output carries a presigned URL token, session cookie or XSRF value any sandbox issued, nor an AWS secret
/// key, session token or Jupyter token a test gave the function. It runs after every other test
/// (<see cref="RunsLastFramework"/>). A scan that saw nothing would prove nothing, so it first requires that sandboxes
/// ran, that each reported what it issued, and that there are secrets of each sandbox kind and texts to scan.
/// </summary>
[Collection(RunsLastFramework.CollectionName)]
public sealed class RunWideSecretScanTests(ITestOutputHelper output)
{
    private const int MinimumTexts = 10;

    [Fact]
    public void NoCapturedTextOfTheRunCarriesASecret()
    {
        var secrets = RunEvidence.Secrets;
        var texts = RunEvidence.Texts;
        var kinds = secrets.GroupBy(s => s.Value).ToDictionary(g => g.Key, g => g.Count());
        var sources = texts.GroupBy(t => t.Source).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"sandboxes: {RunEvidence.Sandboxes.Count} started, {RunEvidence.Sandboxes.Count(s => s.Value)} reported their issued secrets");
        output.WriteLine("secrets: " + string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Value} {k.Key}")));
        output.WriteLine("texts: " + string.Join(", ", sources.OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key}")));

        Assert.True(RunEvidence.Sandboxes.Count > 0, "no sandbox ran before this scan: it would prove nothing (run it with the other tests)");
        Assert.True(RunEvidence.Sandboxes.All(s => s.Value), "sandboxes that did not report their issued secrets: " + string.Join(", ", RunEvidence.Sandboxes.Where(s => !s.Value).Select(s => s.Key)));
        Assert.All(new[] { RunEvidence.LoginToken, RunEvidence.SessionCookie, RunEvidence.XsrfValue, RunEvidence.IdentityCookie, RunEvidence.AwsSecretKey },
            kind => Assert.True(kinds.GetValueOrDefault(kind) > 0, $"no {kind} to look for"));
        Assert.True(texts.Count >= MinimumTexts, $"{texts.Count} captured texts, fewer than {MinimumTexts}");

        var scan = SecretScan.FindLeaks(secrets, texts);
        output.WriteLine($"secret scan of the whole run: {scan.Summary}");

        Assert.True(scan.Found.Count == 0, string.Join("\n", scan.Found));
    }
}
