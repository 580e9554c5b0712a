using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AutoInstaller.SageMaker;

/// <summary>
/// The retry policy of every AWS call the function makes: each attempt bounded by its own timeout (an endpoint that
/// accepts the connection and never answers costs one attempt, not the invocation); the service's transient errors,
/// network errors and timed-out attempts retried with jittered exponential backoff from 250 ms up to
/// <see cref="DefaultMaxDelay"/> (or the given maximum) between attempts, until the caller's token (the invocation's
/// deadline) ends the wait. When every attempt is used up by a timeout, the last one's
/// <see cref="TimeoutRejectedException"/> is thrown.
/// </summary>
internal static class AwsRetry
{
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(5);

    public static ResiliencePipeline Pipeline<TServiceException>(
        TimeProvider time, Func<TServiceException, bool> isTransient, int maxRetries, TimeSpan attemptTimeout,
        Action<Exception?, int, TimeSpan>? onRetry = null, TimeSpan? maxDelay = null)
        where TServiceException : Exception =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle(isTransient)
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException),
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
