using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AutoInstaller.Events;

/// <summary>
/// The accept stage: decides from the raw event whether it is a successful <c>CreateApp</c> of an enabled app type,
/// in the function's account and region, for an allowed domain, with valid names. Anything else is skipped with a
/// reason that quotes the offending value (shortened and with control characters escaped).
/// </summary>
internal static partial class EventAcceptor
{
    public const string DetailType = "AWS API Call via CloudTrail";

    public static AcceptDecision Decide(ReadOnlySpan<byte> json, AcceptPolicy policy)
    {
        EventBridgeEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(json, EventsJsonContext.Default.EventBridgeEnvelope);
        }
        catch (JsonException exception)
        {
            return AcceptDecision.Skip($"malformed event: {MalformedReason(exception)}");
        }

        return envelope is null ? AcceptDecision.Skip("malformed event: null") : Decide(envelope, policy);
    }

    private static AcceptDecision Decide(EventBridgeEnvelope envelope, AcceptPolicy policy)
    {
        if (envelope.Source != "aws.sagemaker" || envelope.DetailType != DetailType)
        {
            return AcceptDecision.Skip($"not a SageMaker API call recorded by CloudTrail (source {Quote(envelope.Source)}, detail-type {Quote(envelope.DetailType)})");
        }

        var detail = envelope.Detail;
        if (detail is null)
        {
            return AcceptDecision.Skip("malformed event: no detail");
        }

        if (detail.EventSource != "sagemaker.amazonaws.com" || detail.EventName != "CreateApp")
        {
            return AcceptDecision.Skip($"not a SageMaker CreateApp call (eventSource {Quote(detail.EventSource)}, eventName {Quote(detail.EventName)})");
        }

        if (detail.ErrorCode is not null)
        {
            return AcceptDecision.Skip($"the CreateApp call failed ({Quote(detail.ErrorCode)}): no app was started");
        }

        if (envelope.Region != policy.Region || detail.AwsRegion != policy.Region)
        {
            return AcceptDecision.Skip($"event from region {Quote(envelope.Region)}/{Quote(detail.AwsRegion)}, the function serves {policy.Region}");
        }

        if (policy.Account is not null && (envelope.Account != policy.Account || detail.RecipientAccountId != policy.Account))
        {
            return AcceptDecision.Skip($"event from account {Quote(envelope.Account)}/{Quote(detail.RecipientAccountId)}, the function serves {policy.Account}");
        }

        if (detail.EventId is null || !EventId().IsMatch(detail.EventId))
        {
            return AcceptDecision.Skip($"eventID {Quote(detail.EventId)} is not a CloudTrail event id");
        }

        return detail.RequestParameters is { } parameters
            ? DecideApp(detail.EventId, parameters, policy)
            : AcceptDecision.Skip("malformed event: no requestParameters");
    }

    private static AcceptDecision DecideApp(string eventId, CreateAppParameters parameters, AcceptPolicy policy)
    {
        if (parameters.AppType == "CodeEditor")
        {
            return AcceptDecision.Skip("app type 'CodeEditor' is never set up: a CodeEditor app runs Code-OSS, not a Jupyter server, so it has no Jupyter terminal to run the setup in");
        }

        if (parameters.AppType is null || !policy.AppTypes.Contains(parameters.AppType))
        {
            return AcceptDecision.Skip($"app type {Quote(parameters.AppType)} is not enabled (enabled: {string.Join(", ", policy.AppTypes.Order())})");
        }

        if (!SageMakerNames.IsDomainId(parameters.DomainId))
        {
            return AcceptDecision.Skip($"domainId {Quote(parameters.DomainId)} is not a valid domain id");
        }

        if (!policy.DomainIds.Contains(parameters.DomainId!))
        {
            return AcceptDecision.Skip($"domain {parameters.DomainId} is not in the allowed list");
        }

        if (!SageMakerNames.IsResourceName(parameters.AppName))
        {
            return AcceptDecision.Skip($"appName {Quote(parameters.AppName)} is not a valid app name");
        }

        var (ownerField, owner, other) = parameters.AppType == "JupyterLab"
            ? ("spaceName", parameters.SpaceName, parameters.UserProfileName)
            : ("userProfileName", parameters.UserProfileName, parameters.SpaceName);
        if (!SageMakerNames.IsResourceName(owner))
        {
            return AcceptDecision.Skip($"{ownerField} {Quote(owner)} is not a valid name");
        }

        if (other is not null)
        {
            return AcceptDecision.Skip($"a {parameters.AppType} app names both a user profile and a space");
        }

        return AcceptDecision.Accept(new AppTarget(
            eventId,
            policy.Region,
            parameters.DomainId!,
            parameters.AppType == "JupyterLab" ? null : owner,
            parameters.AppType == "JupyterLab" ? owner : null,
            parameters.AppType,
            parameters.AppName!));
    }

    /// <summary>The parser's complaint without any of the event's content: where, not what.</summary>
    private static string MalformedReason(JsonException exception) => $"invalid JSON or wrong type at {exception.Path ?? "$"}";

    /// <summary>A value from the event, fit for a reason: at most 64 characters, control characters escaped.</summary>
    internal static string Quote(string? value)
    {
        if (value is null)
        {
            return "(absent)";
        }

        var quoted = new StringBuilder("'");
        foreach (var c in value.Length > 64 ? value[..64] : value)
        {
            quoted.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return quoted.Append(value.Length > 64 ? "'…" : "'").ToString();
    }

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventId();
}
