using System.Collections.Concurrent;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// Everything the reliability tests captured that the function produced: logs, results, error reports and exception
/// messages. The secret scan checks it all.
/// </summary>
internal static class ReliabilityEvidence
{
    private static readonly ConcurrentQueue<string> Texts = new();

    public static void Add(string text) => Texts.Enqueue(text);

    public static IReadOnlyList<string> All => [.. Texts];
}
