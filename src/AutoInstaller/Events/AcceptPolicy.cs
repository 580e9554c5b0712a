namespace AutoInstaller.Events;

/// <summary>
/// What an event must satisfy to be acted on. <see cref="Account"/> is the function's own account (from its ARN);
/// null only where it cannot be known (local replay), and then the event's account is not checked.
/// </summary>
internal sealed record AcceptPolicy(
    IReadOnlySet<string> DomainIds,
    IReadOnlySet<string> AppTypes,
    string Region,
    string? Account);
