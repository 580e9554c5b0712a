using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using StudioSandbox.Admin;
using StudioSandbox.Aws;
using StudioSandbox.CloudTrail;

namespace StudioSandbox.SageMaker;

/// <summary>
/// <c>POST /</c>: the SageMaker JSON 1.1 API. Verifies SigV4, applies the delay and the throttling faults (a count,
/// a rate per operation), counts the calls, dispatches on <c>X-Amz-Target</c>, and records every CreateApp call as
/// a CloudTrail event.
/// </summary>
internal sealed class SageMakerEndpoint(
    SigV4Verifier verifier,
    Faults faults,
    OperationThrottle throttle,
    ApiCallCounts callCounts,
    CreateAppEventWriter events,
    AppOperations appOperations,
    UserProfileOperations profileOperations,
    SpaceOperations spaceOperations,
    DomainOperations domainOperations,
    TagOperations tagOperations,
    ILogger<SageMakerEndpoint> logger)
{
    private const string TargetPrefix = "SageMaker.";
    private const int MaxBodyBytes = 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var delay = faults.Current.ResponseDelayMs;
        if (delay > 0)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var operation = "";
        try
        {
            var accessKeyId = verifier.Verify(context.Request, body);
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw AwsApiException.FrontEnd(HttpStatusCode.BadRequest, "UnknownOperationException", $"Unknown target '{target}'");
            }

            operation = target[TargetPrefix.Length..];
            var caller = new ApiCaller(
                accessKeyId,
                context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
                context.Request.Headers.UserAgent.ToString());
            var result = Invoke(operation, body, caller, requestId);
            await WriteAsync(context.Response, HttpStatusCode.OK, result);
        }
        catch (AwsApiException e)
        {
            logger.LogInformation("SageMaker {Operation} answered {Code}: {Message}", operation, e.Code, e.Message);
            await WriteAsync(context.Response, e.Status, e.ToJson());
        }
    }

    private JsonObject Invoke(string operation, byte[] body, ApiCaller caller, string requestId)
    {
        if (operation != "CreateApp")
        {
            return Dispatch(operation, body);
        }

        try
        {
            var result = Dispatch(operation, body);
            events.Write(caller, RequestParameters(body), requestId, result["AppArn"]!.GetValue<string>(), error: null);
            return result;
        }
        catch (AwsApiException e)
        {
            events.Write(caller, RequestParameters(body), requestId, appArn: null, (e.Code, e.Message));
            throw;
        }
    }

    private JsonObject Dispatch(string operation, byte[] body)
    {
        var throttled = faults.TryConsumeThrottle() || !throttle.TryAcquire(operation);
        callCounts.Record(operation, body, throttled);
        if (throttled)
        {
            throw AwsApiException.Throttling();
        }

        var request = ApiRequest.Parse(body);
        return operation switch
        {
            "CreateApp" => appOperations.CreateApp(request),
            "DescribeApp" => appOperations.DescribeApp(request),
            "DeleteApp" => appOperations.DeleteApp(request),
            "ListApps" => appOperations.ListApps(request),
            "CreateUserProfile" => profileOperations.CreateUserProfile(request),
            "DescribeUserProfile" => profileOperations.DescribeUserProfile(request),
            "CreateSpace" => spaceOperations.CreateSpace(request),
            "DescribeSpace" => spaceOperations.DescribeSpace(request),
            "DeleteSpace" => spaceOperations.DeleteSpace(request),
            "ListSpaces" => spaceOperations.ListSpaces(request),
            "DescribeDomain" => domainOperations.DescribeDomain(request),
            "CreatePresignedDomainUrl" => domainOperations.CreatePresignedDomainUrl(request),
            "AddTags" => tagOperations.AddTags(request),
            "ListTags" => tagOperations.ListTags(request),
            "DeleteTags" => tagOperations.DeleteTags(request),
            _ => throw AwsApiException.FrontEnd(HttpStatusCode.BadRequest, "UnknownOperationException", $"Operation '{operation}' is not served by the Studio sandbox"),
        };
    }

    /// <summary>The call's input as CloudTrail echoes it; a body that is not a JSON object is recorded as null.</summary>
    private static JsonElement RequestParameters(byte[] body)
    {
        try
        {
            return ApiRequest.Parse(body).Body;
        }
        catch (AwsApiException)
        {
            return JsonDocument.Parse("null").RootElement.Clone();
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBodyBytes)
        {
            throw new BadHttpRequestException($"Request body over {MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpResponse response, HttpStatusCode status, JsonObject body)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/x-amz-json-1.1";
        await response.WriteAsync(body.ToJsonString(), response.HttpContext.RequestAborted);
    }
}
