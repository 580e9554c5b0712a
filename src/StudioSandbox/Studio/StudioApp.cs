namespace StudioSandbox.Studio;

/// <summary>One app's control-plane record, as DescribeApp reports it. Thread-safe.</summary>
internal sealed class StudioApp(AppKey key, string arn, DateTimeOffset creationTime)
{
    private readonly Lock _lock = new();
    private AppStatus _status = AppStatus.Pending;
    private string? _failureReason;
    private DateTimeOffset? _lastHealthCheck;
    private DateTimeOffset? _inServiceSince;

    public AppKey Key { get; } = key;

    public string Arn { get; } = arn;

    public DateTimeOffset CreationTime { get; } = creationTime;

    public AppStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>When the app last became InService; null while it is not InService.</summary>
    public DateTimeOffset? InServiceSince
    {
        get
        {
            lock (_lock)
            {
                return _inServiceSince;
            }
        }
    }

    public (AppStatus Status, string? FailureReason, DateTimeOffset? LastHealthCheck) Snapshot()
    {
        lock (_lock)
        {
            return (_status, _failureReason, _lastHealthCheck);
        }
    }

    public void MarkPending() => Set(AppStatus.Pending, null);

    public void MarkInService(DateTimeOffset now)
    {
        lock (_lock)
        {
            _status = AppStatus.InService;
            _failureReason = null;
            _lastHealthCheck = now;
            _inServiceSince = now;
        }
    }

    public void MarkFailed(string reason) => Set(AppStatus.Failed, reason);

    public void MarkDeleting() => Set(AppStatus.Deleting, null);

    public void MarkDeleted() => Set(AppStatus.Deleted, null);

    private void Set(AppStatus status, string? failureReason)
    {
        lock (_lock)
        {
            _status = status;
            _failureReason = failureReason;
            _inServiceSince = null;
        }
    }
}
