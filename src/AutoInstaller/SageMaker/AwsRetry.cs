using Polly;
using Polly.Retry;

namespace AutoInstaller.SageMaker;

/// <summary>
/// The retry policy of every AWS call the function makes: the service's transient errors, network errors and
/// request timeouts, with jittered exponential backoff from 250 ms up to 5 s between attempts, until the caller's
/// token (the invocation's deadline) ends the wait.
/// </summary>
internal static class AwsRetry
{
    public static ResiliencePipeline Pipeline<TServiceException>(
        TimeProvider time, Func<TServiceException, bool> isTransient, int maxRetries, Action<Exception?, int, TimeSpan>? onRetry = null)
        where TServiceException : Exception =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle(isTransient)
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(5),
                MaxRetryAttempts = maxRetries,
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
