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

        if (envelope is { Source: RolloutEvent.Source })
        {
            return DecideRollout(json, policy);
        }

        return envelope is null ? AcceptDecision.Skip("malformed event: null") : Decide(envelope, policy);
    }

    /// <summary>A rollout event: the same region, account, domain and app checks as a CreateApp event.</summary>
    private static AcceptDecision DecideRollout(ReadOnlySpan<byte> json, AcceptPolicy policy)
    {
        RolloutEnvelope rollout;
        try
        {
            rollout = RolloutEvent.Parse(json)!;
        }
        catch (JsonException exception)
        {
            return AcceptDecision.Skip($"malformed rollout event: {MalformedReason(exception)}");
        }

        if (rollout.DetailType != RolloutEvent.DetailType)
        {
            return AcceptDecision.Skip($"not a rollout event (detail-type {Quote(rollout.DetailType)})");
        }

        if (rollout.Region != policy.Region)
        {
            return AcceptDecision.Skip($"rollout event for region {Quote(rollout.Region)}, the function serves {policy.Region}");
        }

        if (policy.Account is not null ? rollout.Account != policy.Account : !AccountId().IsMatch(rollout.Account ?? string.Empty))
        {
            return AcceptDecision.Skip($"rollout event for account {Quote(rollout.Account)}, the function serves {policy.Account ?? "one account (12 digits)"}");
        }

        if (rollout.Id is null || !EventId().IsMatch(rollout.Id))
        {
            return AcceptDecision.Skip($"rollout event id {Quote(rollout.Id)} is not a GUID");
        }

        return rollout.Detail?.App is { } app
            ? DecideApp(rollout.Id, rollout.Account, app, policy, runIdFromScript: true)
            : AcceptDecision.Skip("malformed rollout event: no detail.app");
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

        var account = policy.Account ?? (AccountId().IsMatch(detail.RecipientAccountId ?? string.Empty) ? detail.RecipientAccountId : null);
        return detail.RequestParameters is { } parameters
            ? DecideApp(detail.EventId, account, parameters, policy)
            : AcceptDecision.Skip("malformed event: no requestParameters");
    }

    private static AcceptDecision DecideApp(string eventId, string? account, CreateAppParameters parameters, AcceptPolicy policy, bool runIdFromScript = false)
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
            CanonicalRunId(eventId),
            policy.Region,
            parameters.DomainId!,
            parameters.AppType == "JupyterLab" ? null : owner,
            parameters.AppType == "JupyterLab" ? owner : null,
            parameters.AppType,
            parameters.AppName!,
            account,
            runIdFromScript));
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

    [GeneratedRegex("^[0-9]{12}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccountId();

    /// <summary>
    /// The run id of an event id: the GUID in lower case. CloudTrail writes event ids in lower case, but a copy of an
    /// event edited by hand (or by a replay tool) may not; one event must name one run directory whatever its case.
    /// </summary>
    private static string CanonicalRunId(string eventId) => eventId.ToLowerInvariant();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventId();
}
