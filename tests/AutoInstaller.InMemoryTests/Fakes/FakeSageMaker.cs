using AutoInstaller.SageMaker;

namespace AutoInstaller.InMemoryTests.Fakes;

/// <summary>
/// SageMaker behind the pipeline's port, scripted per app: the DescribeApp statuses an app goes through (the last one
/// repeats), the DescribeSpace answer of each space, tags by resource ARN, and errors thrown before an operation
/// answers (the next few calls, or every call). Presigned URLs are minted on the origin Studio would use: the domain's
/// Studio host, or the origin of the space's <c>Url</c>. Every call is counted per operation, errors included.
/// Apps are named by their owner segment (the user profile, or the space); an unknown app or space is a
/// ResourceNotFound, as SageMaker answers.
/// </summary>
internal sealed class FakeSageMaker(string region = "us-east-1") : ISageMakerApi
{
    public const string DescribeApp = "DescribeApp";
    public const string DescribeSpace = "DescribeSpace";
    public const string CreatePresignedDomainUrl = "CreatePresignedDomainUrl";
    public const string GetTag = "GetTag";

    private readonly Lock gate = new();
    private readonly Dictionary<string, Queue<DescribeAppResponse>> apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DescribeSpaceResponse> spaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Arn, string Key), string> tags = [];
    private readonly Dictionary<string, Queue<Exception>> nextErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Exception> alwaysErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> calls = new(StringComparer.Ordinal);
    private readonly List<CreatePresignedDomainUrlRequest> urlRequests = [];
    private readonly List<PresignedUrl> urls = [];

    /// <summary>The statuses DescribeApp answers for the app of this owner, one per call; the last one repeats.</summary>
    public void App(string owner, params string[] statuses) => Script(owner, [.. statuses.Select(s => new DescribeAppResponse(s, null))]);

    /// <summary>The app of this owner is Failed, with SageMaker's reason.</summary>
    public void FailedApp(string owner, string failureReason) => Script(owner, [new DescribeAppResponse("Failed", failureReason)]);

    public void Space(string space, string? owner, string sharingType = "Private", string? url = null)
    {
        lock (gate)
        {
            spaces[space] = new DescribeSpaceResponse("InService", new SpaceOwnershipSettings(owner), new SpaceSharingSettings(sharingType),
                url ?? $"https://{space}.studio.{region}.sagemaker.aws/");
        }
    }

    public void Tag(string resourceArn, string key, string value)
    {
        lock (gate)
        {
            tags[(resourceArn, key)] = value;
        }
    }

    /// <summary>The next calls of <paramref name="operation"/> throw these, in order, before it answers again.</summary>
    public void FailNext(string operation, params Exception[] errors)
    {
        lock (gate)
        {
            nextErrors[operation] = new Queue<Exception>(errors);
        }
    }

    /// <summary>Every call of <paramref name="operation"/> throws this.</summary>
    public void FailAlways(string operation, Exception error)
    {
        lock (gate)
        {
            alwaysErrors[operation] = error;
        }
    }

    public int Calls(string operation)
    {
        lock (gate)
        {
            return calls.GetValueOrDefault(operation);
        }
    }

    public IReadOnlyList<CreatePresignedDomainUrlRequest> UrlRequests
    {
        get { lock (gate) { return [.. urlRequests]; } }
    }

    /// <summary>The URLs handed out, in order.</summary>
    public IReadOnlyList<PresignedUrl> Urls
    {
        get { lock (gate) { return [.. urls]; } }
    }

    public Task<DescribeAppResponse> DescribeAppAsync(DescribeAppRequest request, CancellationToken cancellationToken, bool retryThrottling = true) => Answer(DescribeApp, cancellationToken, () =>
    {
        var owner = request.UserProfileName ?? request.SpaceName ?? string.Empty;
        if (!apps.TryGetValue(owner, out var statuses) || statuses.Count == 0)
        {
            throw SageMakerErrors.NotFound(DescribeApp, $"App {request.DomainId}/{owner}/{request.AppType}/{request.AppName}");
        }

        return statuses.Count > 1 ? statuses.Dequeue() : statuses.Peek();
    });

    public Task<DescribeSpaceResponse> DescribeSpaceAsync(DescribeSpaceRequest request, CancellationToken cancellationToken) => Answer(DescribeSpace, cancellationToken, () =>
        spaces.TryGetValue(request.SpaceName, out var space) ? space : throw SageMakerErrors.NotFound(DescribeSpace, $"Space {request.SpaceName}"));

    public Task<PresignedUrl> CreatePresignedDomainUrlAsync(CreatePresignedDomainUrlRequest request, CancellationToken cancellationToken) => Answer(CreatePresignedDomainUrl, cancellationToken, () =>
    {
        var origin = request.SpaceName is { } space
            ? spaces.TryGetValue(space, out var answer) ? new Uri(answer.Url!).GetLeftPart(UriPartial.Authority) : throw SageMakerErrors.NotFound(CreatePresignedDomainUrl, $"Space {space}")
            : $"https://{request.DomainId}.studio.{region}.sagemaker.aws";
        urlRequests.Add(request);
        var url = new PresignedUrl(new Uri($"{origin}/auth?token=fake-presigned-{urls.Count + 1}"));
        urls.Add(url);
        return url;
    });

    public Task<string?> GetTagAsync(string resourceArn, string key, CancellationToken cancellationToken) => Answer(GetTag, cancellationToken, () =>
        tags.GetValueOrDefault((resourceArn, key)));

    private void Script(string owner, IEnumerable<DescribeAppResponse> answers)
    {
        lock (gate)
        {
            apps[owner] = new Queue<DescribeAppResponse>(answers);
        }
    }

    private Task<T> Answer<T>(string operation, CancellationToken cancellationToken, Func<T> answer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            calls[operation] = calls.GetValueOrDefault(operation) + 1;
            if (alwaysErrors.TryGetValue(operation, out var always))
            {
                return Task.FromException<T>(always);
            }

            if (nextErrors.TryGetValue(operation, out var next) && next.TryDequeue(out var error))
            {
                return Task.FromException<T>(error);
            }

            try
            {
                return Task.FromResult(answer());
            }
            catch (SageMakerException e)
            {
                return Task.FromException<T>(e);
            }
        }
    }
}
