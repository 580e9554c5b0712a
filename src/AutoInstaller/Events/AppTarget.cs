using AutoInstaller.Diagnostics;

namespace AutoInstaller.Events;

/// <summary>
/// The Studio app an accepted event asks to set up. Every name has passed SageMaker's pattern, so each is safe
/// in a URL path, a file name and a shell word. <see cref="RunId"/> is the CloudTrail event id. <see cref="Account"/>
/// is the account the app is in (the function's, or the event's <c>recipientAccountId</c> where the function's is not
/// known); null when neither is. With <see cref="RunIdFromScript"/> (a rollout), <see cref="RunId"/> is the rollout
/// event's id until the script is known; the run's own id is then derived from the app and the script.
/// </summary>
internal sealed record AppTarget(
    string RunId,
    string Region,
    string DomainId,
    string? UserProfileName,
    string? SpaceName,
    string AppType,
    string AppName,
    string? Account = null,
    bool RunIdFromScript = false)
{
    /// <summary>The owner segment of the app's ARN: the user profile or the space.</summary>
    public string Owner => UserProfileName ?? SpaceName ?? string.Empty;

    public override string ToString() => $"{DomainId}/{Owner}/{AppType}/{AppName}";

    /// <summary>The app's log keys (<see cref="LogKeys"/>: each name its own key), then <paramref name="more"/>.</summary>
    public LogField[] LogFields(params LogField[] more) =>
    [
        (LogKeys.DomainId, DomainId), (LogKeys.UserProfileName, UserProfileName), (LogKeys.SpaceName, SpaceName),
        (LogKeys.AppType, AppType), (LogKeys.AppName, AppName), .. more,
    ];
}
