namespace StudioSandbox.S3;

/// <summary>The S3 faults in force, with the error counter consumed as errors are answered. Thread-safe.</summary>
internal sealed class S3Faults
{
    private readonly Lock _lock = new();
    private S3FaultSettings _settings = new();

    public S3FaultSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public void Set(S3FaultSettings settings)
    {
        settings.Validate();
        lock (_lock)
        {
            _settings = settings;
        }
    }

    /// <summary>The error to answer instead of the next read, if one is due.</summary>
    public S3Error? TakeError()
    {
        lock (_lock)
        {
            if (_settings.ErrorCount == 0)
            {
                return null;
            }

            _settings = _settings with { ErrorCount = _settings.ErrorCount - 1 };
            return new S3Error((System.Net.HttpStatusCode)_settings.ErrorStatus, _settings.ErrorCode, _settings.ErrorMessage);
        }
    }
}
