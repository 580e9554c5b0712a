using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AutoInstaller.Aws;
using Polly;
using Polly.Timeout;

namespace AutoInstaller.SageMaker;

/// <summary>
/// The few SageMaker control-plane calls the function makes, as signed JSON 1.1 requests. Each attempt has
/// <see cref="DefaultAttemptTimeout"/> (or the given timeout) to be answered. Throttling, 5xx, network errors and
/// attempts without an answer are retried with jittered exponential backoff from 250 ms up to <see cref="MaxDelay"/>,
/// <see cref="DefaultMaxRetries"/> times, unless the caller's token (the invocation's deadline) ends the wait first:
/// SageMaker's rates are per account, and at a storm of app starts (300 events within 10 s, <c>make bench</c>) calls
/// that come together need that long to pass; when the attempts run out on timeouts, a <see cref="TimeoutException"/>
/// naming the operation (transient) is thrown; every other error is a <see cref="SageMakerException"/> at once.
/// </summary>
internal sealed class SageMakerClient : ISageMakerApi
{
    public const int DefaultMaxRetries = 10;

    /// <summary>The longest pause between two attempts of one call; with 10 retries, a call keeps trying for about a minute and a half.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

    private const string ContentType = "application/x-amz-json-1.1";
    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly RequestSigner signer;
    private readonly ResiliencePipeline retry;
    private readonly ResiliencePipeline retryButThrottling;
    private readonly TimeSpan attemptTimeout;

    public SageMakerClient(HttpClient http, Uri endpoint, RequestSigner signer, TimeProvider time, int maxRetries = DefaultMaxRetries, TimeSpan? attemptTimeout = null)
    {
        this.http = http;
        this.endpoint = endpoint;
        this.signer = signer;
        this.attemptTimeout = attemptTimeout ?? DefaultAttemptTimeout;
        retry = AwsRetry.Pipeline(time, maxRetries, this.attemptTimeout, maxDelay: MaxDelay);
        retryButThrottling = AwsRetry.Pipeline(time, maxRetries, this.attemptTimeout, maxDelay: MaxDelay, retryThrottling: false);
    }

    /// <summary>How long one attempt of a call may wait for its answer: SageMaker answers these calls in well under a second.</summary>
    public static TimeSpan DefaultAttemptTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The public endpoint of a region, e.g. <c>https://api.sagemaker.us-east-1.amazonaws.com/</c>.</summary>
    public static Uri RegionalEndpoint(Amazon.RegionEndpoint region) =>
        new($"https://api.sagemaker.{region.SystemName}.{region.PartitionDnsSuffix}/");

    /// <param name="retryThrottling">False for a poll: a throttled answer is thrown at once (<see cref="SageMakerException.IsThrottling"/>),
    /// for the poller to ask again later rather than now.</param>
    public Task<DescribeAppResponse> DescribeAppAsync(DescribeAppRequest request, CancellationToken cancellationToken, bool retryThrottling = true) =>
        CallAsync("DescribeApp", request, SageMakerJsonContext.Default.DescribeAppRequest,
            SageMakerJsonContext.Default.DescribeAppResponse, cancellationToken, retryThrottling ? retry : retryButThrottling);

    public Task<DescribeSpaceResponse> DescribeSpaceAsync(DescribeSpaceRequest request, CancellationToken cancellationToken) =>
        CallAsync("DescribeSpace", request, SageMakerJsonContext.Default.DescribeSpaceRequest,
            SageMakerJsonContext.Default.DescribeSpaceResponse, cancellationToken);

    public async Task<PresignedUrl> CreatePresignedDomainUrlAsync(CreatePresignedDomainUrlRequest request, CancellationToken cancellationToken)
    {
        var response = await CallAsync("CreatePresignedDomainUrl", request, SageMakerJsonContext.Default.CreatePresignedDomainUrlRequest,
            SageMakerJsonContext.Default.CreatePresignedDomainUrlResponse, cancellationToken).ConfigureAwait(false);
        return Uri.TryCreate(response.AuthorizedUrl, UriKind.Absolute, out var url)
            ? new PresignedUrl(url)
            : throw new SageMakerException("CreatePresignedDomainUrl", HttpStatusCode.OK, "InvalidResponse", "the answer has no absolute AuthorizedUrl");
    }

    /// <summary>Every app of a domain, whatever its status, following <c>ListApps</c>' pages.</summary>
    public async Task<IReadOnlyList<AppDetails>> ListAppsAsync(string domainId, CancellationToken cancellationToken)
    {
        var apps = new List<AppDetails>();
        string? next = null;
        do
        {
            var page = await CallAsync("ListApps", new ListAppsRequest(domainId, next), SageMakerJsonContext.Default.ListAppsRequest,
                SageMakerJsonContext.Default.ListAppsResponse, cancellationToken).ConfigureAwait(false);
            apps.AddRange(page.Apps ?? []);
            next = page.NextToken;
        }
        while (next is not null);

        return apps;
    }

    /// <summary>
    /// The value of one tag of a resource, or null when it has none: <c>ListTags</c>, following its pages (a resource
    /// holds at most 50 tags and a page at least 50, so there is one page; more than five is an invalid answer).
    /// </summary>
    public async Task<string?> GetTagAsync(string resourceArn, string key, CancellationToken cancellationToken)
    {
        string? next = null;
        for (var page = 0; page < 5; page++)
        {
            var response = await CallAsync("ListTags", new ListTagsRequest(resourceArn, next), SageMakerJsonContext.Default.ListTagsRequest,
                SageMakerJsonContext.Default.ListTagsResponse, cancellationToken).ConfigureAwait(false);
            if (response.Tags?.FirstOrDefault(t => t.Key == key) is { } tag)
            {
                return tag.Value ?? string.Empty;
            }

            if ((next = response.NextToken) is null)
            {
                return null;
            }
        }

        throw new SageMakerException("ListTags", HttpStatusCode.OK, "InvalidResponse", "the answer has more than 5 pages of tags");
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken, ResiliencePipeline? pipeline = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        try
        {
            return await (pipeline ?? retry).ExecuteAsync(
                async token => await SendOnceAsync(operation, body, responseType, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException($"SageMaker {operation} did not answer: its last attempt got no answer within {attemptTimeout.TotalSeconds:0.###} s", e);
        }
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(string operation, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string> { ["X-Amz-Target"] = $"SageMaker.{operation}" };
        using var request = await signer.CreateSignedPostAsync(endpoint, headers, ContentType, body, cancellationToken).ConfigureAwait(false);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(operation, response, content);
        }

        try
        {
            return JsonSerializer.Deserialize(content, responseType)
                ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new SageMakerException(operation, response.StatusCode, "InvalidResponse", "the answer is not the expected JSON");
        }
    }

    private static SageMakerException ToException(string operation, HttpResponseMessage response, byte[] content)
    {
        SageMakerErrorBody? error = null;
        try
        {
            error = content.Length > 0 ? JsonSerializer.Deserialize(content, SageMakerJsonContext.Default.SageMakerErrorBody) : null;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy or load balancer answered): the status code alone describes it.
        }

        var type = error?.Type
            ?? (response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null);
        var code = type is null ? "Unknown" : type[(type.LastIndexOf('#') + 1)..].Split(':')[0];
        var message = error?.Message ?? error?.LowerCaseMessage ?? response.ReasonPhrase ?? "no message";
        return new SageMakerException(operation, response.StatusCode, code, message);
    }
}
