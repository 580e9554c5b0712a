using AutoInstaller.Aws;
using AutoInstaller.SageMaker;
using Polly;

namespace AutoInstaller.InMemoryTests.Fakes;

/// <summary>
/// The retries the real client makes inside the port (<see cref="SageMakerClient"/> runs every call through
/// <see cref="AwsRetry"/>), around a fake: so the pipeline sees a throttled call as it would, retried until it
/// answers or the retries run out (a poll's throttled check is thrown at once, as the client does). Fewer retries than the client's keep a suite with a failing SageMaker fast.
/// </summary>
internal sealed class RetryingSageMaker(ISageMakerApi inner, TimeProvider time, int maxRetries) : ISageMakerApi
{
    private readonly ResiliencePipeline retry = AwsRetry.Pipeline(time, maxRetries, SageMakerClient.DefaultAttemptTimeout);
    private readonly ResiliencePipeline retryButThrottling = AwsRetry.Pipeline(time, maxRetries, SageMakerClient.DefaultAttemptTimeout, retryThrottling: false);

    public Task<DescribeAppResponse> DescribeAppAsync(DescribeAppRequest request, CancellationToken cancellationToken, bool retryThrottling = true) =>
        (retryThrottling ? retry : retryButThrottling)
            .ExecuteAsync(async token => await inner.DescribeAppAsync(request, token).ConfigureAwait(false), cancellationToken).AsTask();

    public Task<DescribeSpaceResponse> DescribeSpaceAsync(DescribeSpaceRequest request, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token => await inner.DescribeSpaceAsync(request, token).ConfigureAwait(false), cancellationToken).AsTask();

    public Task<PresignedUrl> CreatePresignedDomainUrlAsync(CreatePresignedDomainUrlRequest request, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token => await inner.CreatePresignedDomainUrlAsync(request, token).ConfigureAwait(false), cancellationToken).AsTask();

    public Task<string?> GetTagAsync(string resourceArn, string key, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token => await inner.GetTagAsync(resourceArn, key, token).ConfigureAwait(false), cancellationToken).AsTask();
}
