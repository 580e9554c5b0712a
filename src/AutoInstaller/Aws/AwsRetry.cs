using AutoInstaller.Failures;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AutoInstaller.Aws;

/// <summary>
/// The retry policy of every AWS call the function makes: each attempt bounded by its own timeout (an endpoint that
/// accepts the connection and never answers costs one attempt, not the invocation); the service's transient errors,
/// network errors and timed-out attempts retried with jittered exponential backoff from 250 ms up to
/// <see cref="DefaultMaxDelay"/> (or the given maximum) between attempts, until the caller's token (the invocation's
/// deadline) ends the wait. When every attempt is used up by a timeout, the last one's
/// <see cref="TimeoutRejectedException"/> is thrown. What is transient is <see cref="FailureRule"/>'s to say; without
/// <c>retryThrottling</c> a throttled answer is thrown at once (a poll that keeps its own pace).
/// </summary>
internal static class AwsRetry
{
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(5);

    public static ResiliencePipeline Pipeline(
        TimeProvider time, int maxRetries, TimeSpan attemptTimeout, Action<Exception?, int, TimeSpan>? onRetry = null, TimeSpan? maxDelay = null,
        bool retryThrottling = true) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } failure && FailureRule.Classify(failure, args.Context.CancellationToken) == FailureKind.Transient
                    && (retryThrottling || !FailureRule.IsThrottling(failure))),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = maxDelay ?? DefaultMaxDelay,
                MaxRetryAttempts = maxRetries,
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(attemptTimeout)
            .Build();
}
