using System.Collections.Concurrent;
using StudioSandbox.Studio;

namespace StudioSandbox.Admin;

/// <summary>
/// When each terminal websocket carried its first stdin frame, per app: with the app's InService time it gives the
/// readiness lag (the app is ready, how long until the first byte reaches a terminal). Thread-safe.
/// </summary>
internal sealed class TerminalInputTimes
{
    private readonly ConcurrentDictionary<AppKey, ConcurrentQueue<DateTimeOffset>> _firstStdin = new();

    public void FirstStdin(AppKey app, DateTimeOffset at) =>
        _firstStdin.GetOrAdd(app, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(at);

    /// <summary>The earliest first stdin frame of the app's terminals at or after <paramref name="since"/>, or null.</summary>
    public DateTimeOffset? FirstStdinSince(AppKey app, DateTimeOffset since) =>
        _firstStdin.TryGetValue(app, out var times) && times.Where(t => t >= since).ToList() is [_, ..] after
            ? after.Min()
            : null;
}
