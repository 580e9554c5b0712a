using System.Collections.Concurrent;
using System.Text.Json;

namespace StudioSandbox.Admin;

/// <summary>One operation's calls about one resource, and how many of them were throttled.</summary>
/// <param name="Resource"><c>space/NAME</c>, <c>user-profile/NAME</c>, or <c>-</c> for a call that names neither.</param>
internal sealed record ApiCallCount(string Operation, string Resource, long Calls, long Throttled);

/// <summary>
/// Every authenticated SageMaker call by operation and by the resource it is about (its <c>SpaceName</c>, else its
/// <c>UserProfileName</c>, else the space or user profile of its <c>ResourceArn</c>), throttled or not: what a load
/// run reads to count the calls each event cost. Thread-safe.
/// </summary>
internal sealed class ApiCallCounts
{
    private readonly ConcurrentDictionary<(string Operation, string Resource), Counter> _counts = new();

    public void Record(string operation, byte[] body, bool throttled)
    {
        var counter = _counts.GetOrAdd((operation, ResourceOf(body)), _ => new Counter());
        Interlocked.Increment(ref counter.Calls);
        if (throttled)
        {
            Interlocked.Increment(ref counter.Throttled);
        }
    }

    public IReadOnlyList<ApiCallCount> Snapshot() =>
        [.. _counts.Select(c => new ApiCallCount(c.Key.Operation, c.Key.Resource, Volatile.Read(ref c.Value.Calls), Volatile.Read(ref c.Value.Throttled)))
            .OrderBy(c => c.Operation, StringComparer.Ordinal).ThenBy(c => c.Resource, StringComparer.Ordinal)];

    public void Clear() => _counts.Clear();

    private static string ResourceOf(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "-";
            }

            if (Text(root, "SpaceName") is { } space)
            {
                return $"space/{space}";
            }

            if (Text(root, "UserProfileName") is { } profile)
            {
                return $"user-profile/{profile}";
            }

            // arn:aws:sagemaker:REGION:ACCOUNT:space/DOMAIN/NAME or ...:user-profile/DOMAIN/NAME
            var parts = Text(root, "ResourceArn")?.Split(':', 6) is [.., var resource] ? resource.Split('/') : [];
            return parts is [var type, _, var name] ? $"{type}/{name}" : "-";
        }
        catch (JsonException)
        {
            return "-";
        }
    }

    private static string? Text(JsonElement json, string member) =>
        json.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class Counter
    {
        public long Calls;
        public long Throttled;
    }
}
