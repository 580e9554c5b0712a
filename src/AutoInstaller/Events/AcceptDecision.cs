namespace AutoInstaller.Events;

/// <summary>Either the app to set up, or the precise reason the event is skipped.</summary>
internal sealed record AcceptDecision(AppTarget? Target, string? SkipReason)
{
    public static AcceptDecision Accept(AppTarget target) => new(target, null);

    public static AcceptDecision Skip(string reason) => new(null, reason);
}
