namespace StudioSandbox.Admin;

/// <summary>The fault settings in force, with the one-shot counters consumed as faults fire. Thread-safe.</summary>
internal sealed class Faults
{
    private readonly Lock _lock = new();
    private FaultSettings _settings = new();
    private long _generation;

    public FaultSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    /// <summary>How many times the settings were put: what was derived from earlier ones (the throttle's buckets) starts anew.</summary>
    public long Generation
    {
        get
        {
            lock (_lock)
            {
                return _generation;
            }
        }
    }

    public void Set(FaultSettings settings)
    {
        settings.Validate();
        lock (_lock)
        {
            _settings = settings;
            _generation++;
        }
    }

    public bool TryConsumeThrottle()
    {
        lock (_lock)
        {
            if (_settings.ThrottleCount == 0)
            {
                return false;
            }

            _settings = _settings with { ThrottleCount = _settings.ThrottleCount - 1 };
            return true;
        }
    }

    public bool TryConsumeExpiredLoginUrl()
    {
        lock (_lock)
        {
            if (_settings.ExpiredLoginUrlCount == 0)
            {
                return false;
            }

            _settings = _settings with { ExpiredLoginUrlCount = _settings.ExpiredLoginUrlCount - 1 };
            return true;
        }
    }

    /// <summary><paramref name="relativePath"/> is the request path below <c>/jupyter/default/</c>.</summary>
    public bool TryConsumeJupyterError(string relativePath)
    {
        lock (_lock)
        {
            var prefix = _settings.JupyterErrorPathPrefix ?? "api/";
            if (_settings.JupyterErrorCount == 0 || !relativePath.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }

            _settings = _settings with { JupyterErrorCount = _settings.JupyterErrorCount - 1 };
            return true;
        }
    }

    /// <summary>The frame limit for the next terminal websocket, if one is set; it applies once.</summary>
    public int? TakeWebsocketDrop()
    {
        lock (_lock)
        {
            var frames = _settings.WebsocketDropAfterFrames;
            _settings = _settings with { WebsocketDropAfterFrames = null };
            return frames;
        }
    }
}
