namespace AutoInstaller.Failures;

/// <summary>What a failure means for the event it happened in.</summary>
internal enum FailureKind
{
    /// <summary>Trying the same again cannot succeed: the run is reported <c>failed</c>, without a retry.</summary>
    Permanent,

    /// <summary>Trying again later may succeed: a call is retried within the deadline, then the invocation fails so that Lambda retries it.</summary>
    Transient,

    /// <summary>The invocation's deadline (minus its margin) came first.</summary>
    Deadline,
}
