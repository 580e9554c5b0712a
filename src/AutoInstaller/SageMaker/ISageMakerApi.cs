namespace AutoInstaller.SageMaker;

/// <summary>The port of the SageMaker calls the pipeline makes; <see cref="SageMakerClient"/> makes them over signed JSON.</summary>
internal interface ISageMakerApi
{
    /// <param name="retryThrottling">False for a poll: a throttled answer is thrown at once rather than retried.</param>
    Task<DescribeAppResponse> DescribeAppAsync(DescribeAppRequest request, CancellationToken cancellationToken, bool retryThrottling = true);

    Task<DescribeSpaceResponse> DescribeSpaceAsync(DescribeSpaceRequest request, CancellationToken cancellationToken);

    Task<PresignedUrl> CreatePresignedDomainUrlAsync(CreatePresignedDomainUrlRequest request, CancellationToken cancellationToken);

    /// <summary>The value of one tag of a resource, or null when it has none.</summary>
    Task<string?> GetTagAsync(string resourceArn, string key, CancellationToken cancellationToken);
}
