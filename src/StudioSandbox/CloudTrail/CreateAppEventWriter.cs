using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StudioSandbox.CloudTrail;

/// <summary>
/// Writes the EventBridge event ("AWS API Call via CloudTrail") that CloudTrail would deliver for a CreateApp call,
/// one file per call, to <c>ROOT/events/&lt;eventID&gt;.json</c>. Files appear atomically (written aside, then renamed).
/// </summary>
internal sealed class CreateAppEventWriter(SandboxOptions options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly ConcurrentQueue<WrittenEvent> _written = new();

    public IReadOnlyCollection<WrittenEvent> Written => _written;

    /// <summary>Records one call; <paramref name="appArn"/> null means it failed with <paramref name="error"/>.</summary>
    public WrittenEvent Write(ApiCaller caller, JsonElement request, string requestId, string? appArn, (string Code, string Message)? error)
    {
        var now = time.GetUtcNow();
        var eventId = Guid.NewGuid().ToString();
        var detail = new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = "IAMUser",
                ["principalId"] = "AIDASANDBOXEXAMPLE001",
                ["arn"] = $"arn:aws:iam::{options.AccountId}:user/sandbox-admin",
                ["accountId"] = options.AccountId,
                ["accessKeyId"] = caller.AccessKeyId,
                ["userName"] = "sandbox-admin",
            },
            ["eventTime"] = Timestamp(now),
            ["eventSource"] = "sagemaker.amazonaws.com",
            ["eventName"] = "CreateApp",
            ["awsRegion"] = options.Region,
            ["sourceIPAddress"] = caller.SourceIp,
            ["userAgent"] = caller.UserAgent,
        };
        if (error is { } failure)
        {
            detail["errorCode"] = failure.Code;
            detail["errorMessage"] = failure.Message;
        }

        detail["requestParameters"] = CamelCase(request);
        detail["responseElements"] = appArn is null ? null : new JsonObject { ["appArn"] = appArn };
        detail["requestID"] = requestId;
        detail["eventID"] = eventId;
        detail["readOnly"] = false;
        detail["eventType"] = "AwsApiCall";
        detail["managementEvent"] = true;
        detail["recipientAccountId"] = options.AccountId;
        detail["eventCategory"] = "Management";

        var envelope = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["source"] = "aws.sagemaker",
            ["account"] = options.AccountId,
            ["time"] = Timestamp(now),
            ["region"] = options.Region,
            ["resources"] = new JsonArray(),
            ["detail"] = detail,
        };

        Directory.CreateDirectory(options.EventsDirectory);
        var path = Path.Combine(options.EventsDirectory, eventId + ".json");
        var aside = Path.Combine(options.EventsDirectory, $".{eventId}.json.tmp");
        File.WriteAllText(aside, envelope.ToJsonString(Indented));
        File.Move(aside, path);
        var written = new WrittenEvent(eventId, path, error?.Code);
        _written.Enqueue(written);
        return written;
    }

    private static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>CloudTrail records API input members with their first letter in lower case, at every depth.</summary>
    private static JsonNode? CamelCase(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new JsonObject(element.EnumerateObject().Select(p =>
            KeyValuePair.Create(p.Name.Length == 0 ? p.Name : char.ToLowerInvariant(p.Name[0]) + p.Name[1..], CamelCase(p.Value)))),
        JsonValueKind.Array => new JsonArray([.. element.EnumerateArray().Select(CamelCase)]),
        _ => JsonValue.Create(element),
    };
}

internal sealed record WrittenEvent(string EventId, string Path, string? ErrorCode);

/// <summary>Who made an API call, as CloudTrail records it.</summary>
internal sealed record ApiCaller(string AccessKeyId, string SourceIp, string UserAgent);
