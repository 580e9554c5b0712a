using System.Text.Json.Nodes;

namespace AutoInstaller.Tests.Events;

/// <summary>Builds CloudTrail <c>CreateApp</c> events in the EventBridge shape of protocols.md §1.</summary>
internal static class CreateAppEvents
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";
    public const string DomainId = "d-sandbox00001";

    public static JsonObject JupyterServer(string userProfileName = "alice", string eventId = "6f1c2f4e-3b5a-4c1d-9e2f-0a1b2c3d4e5f") => new()
    {
        ["version"] = "0",
        ["id"] = "c1f7f1c8-8d3a-4c1e-bf7e-0f1e2d3c4b5a",
        ["detail-type"] = "AWS API Call via CloudTrail",
        ["source"] = "aws.sagemaker",
        ["account"] = Account,
        ["time"] = "2026-11-23T18:00:00Z",
        ["region"] = Region,
        ["resources"] = new JsonArray(),
        ["detail"] = new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject { ["type"] = "AssumedRole", ["accountId"] = Account },
            ["eventTime"] = "2026-11-23T18:00:00Z",
            ["eventSource"] = "sagemaker.amazonaws.com",
            ["eventName"] = "CreateApp",
            ["awsRegion"] = Region,
            ["sourceIPAddress"] = "203.0.113.10",
            ["userAgent"] = "aws-sdk",
            ["requestParameters"] = new JsonObject
            {
                ["domainId"] = DomainId,
                ["userProfileName"] = userProfileName,
                ["appType"] = "JupyterServer",
                ["appName"] = "default",
            },
            ["responseElements"] = new JsonObject
            {
                ["appArn"] = $"arn:aws:sagemaker:{Region}:{Account}:app/{DomainId}/{userProfileName}/jupyterserver/default",
            },
            ["requestID"] = "9a7b1c2d-0000-4000-8000-000000000001",
            ["eventID"] = eventId,
            ["readOnly"] = false,
            ["eventType"] = "AwsApiCall",
            ["managementEvent"] = true,
            ["recipientAccountId"] = Account,
            ["eventCategory"] = "Management",
        },
    };

    /// <summary>Applies a change to a fresh JupyterServer event and returns its JSON text.</summary>
    public static string With(Action<JsonObject> change)
    {
        var json = JupyterServer();
        change(json);
        return json.ToJsonString();
    }

    public static JsonObject Detail(this JsonObject json) => json["detail"]!.AsObject();

    public static JsonObject Parameters(this JsonObject json) => json.Detail()["requestParameters"]!.AsObject();
}
