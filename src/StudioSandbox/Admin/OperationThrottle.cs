namespace StudioSandbox.Admin;

/// <summary>
/// The rate limit of the <c>throttleRatePerSecond</c>, <c>throttleBurst</c> and <c>throttleOperations</c> faults: a
/// token bucket per SageMaker operation (of those listed, or every one), as AWS limits each API per account and
/// region. A bucket holds at most the burst, starts full when the faults are put, and gains the rate's tokens per
/// second; a call takes one token or is throttled. SageMaker does not publish its rates; a run that sets these
/// chooses them. Thread-safe.
/// </summary>
internal sealed class OperationThrottle(Faults faults, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);
    private long _generation = -1;

    /// <summary>True when the call may go on; false when its operation's bucket is empty.</summary>
    public bool TryAcquire(string operation)
    {
        lock (_lock)
        {
            var generation = faults.Generation;
            var settings = faults.Current;
            if (generation != _generation)
            {
                _buckets.Clear();
                _generation = generation;
            }

            if (settings.ThrottleRatePerSecond <= 0 || settings.ThrottleOperations?.Contains(operation, StringComparer.Ordinal) == false)
            {
                return true;
            }

            var now = time.GetTimestamp();
            var tokens = _buckets.TryGetValue(operation, out var bucket)
                ? Math.Min(settings.ThrottleBurst, bucket.Tokens + (time.GetElapsedTime(bucket.At, now).TotalSeconds * settings.ThrottleRatePerSecond))
                : settings.ThrottleBurst;
            var allowed = tokens >= 1;
            _buckets[operation] = (allowed ? tokens - 1 : tokens, now);
            return allowed;
        }
    }
}
