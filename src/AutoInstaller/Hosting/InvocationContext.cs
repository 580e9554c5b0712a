namespace AutoInstaller.Hosting;

/// <summary>What the Lambda Runtime API tells about one invocation, read from the headers of <c>GET /next</c>.</summary>
internal sealed record InvocationContext(
    string RequestId,
    DateTimeOffset Deadline,
    string FunctionArn,
    string? TraceId)
{
    public TimeSpan RemainingTime(TimeProvider time)
    {
        var remaining = Deadline - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}

/// <summary>One invocation: its context and the raw event bytes.</summary>
internal sealed record Invocation(InvocationContext Context, byte[] Event);
