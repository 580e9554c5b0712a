using System.Text;
using System.Text.Json;

namespace AutoInstaller.InMemoryTests.Harness;

/// <summary>
/// Keeps the pipeline's JSON log lines, and lets a test wait for the first entry with a given message (the moment
/// the pipeline reached a point, rather than a guess at how long it takes).
/// </summary>
internal sealed class LogCapture : TextWriter
{
    private readonly Lock gate = new();
    private readonly List<string> lines = [];
    private readonly List<(string Message, TaskCompletionSource<JsonElement> Seen)> waiters = [];
    private readonly StringBuilder partial = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines { get { lock (gate) { return [.. lines]; } } }

    /// <summary>Every entry, parsed.</summary>
    public IReadOnlyList<JsonElement> Entries => [.. Lines.Select(line => JsonDocument.Parse(line).RootElement)];

    public IReadOnlyList<JsonElement> WithMessage(string message) =>
        [.. Entries.Where(e => e.GetProperty("message").GetString() == message)];

    public Task<JsonElement> WaitForAsync(string message)
    {
        lock (gate)
        {
            if (lines.Select(line => JsonDocument.Parse(line).RootElement).FirstOrDefault(e => e.GetProperty("message").GetString() == message) is { ValueKind: JsonValueKind.Object } seen)
            {
                return Task.FromResult(seen);
            }

            var waiter = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((message, waiter));
            return waiter.Task;
        }
    }

    public override void Write(char value)
    {
        lock (gate)
        {
            if (value != '\n')
            {
                partial.Append(value);
                return;
            }

            Add(partial.ToString());
            partial.Clear();
        }
    }

    public override void WriteLine(string? value)
    {
        lock (gate)
        {
            Add(partial.Append(value).ToString());
            partial.Clear();
        }
    }

    private void Add(string line)
    {
        lines.Add(line);
        var entry = JsonDocument.Parse(line).RootElement;
        var message = entry.GetProperty("message").GetString();
        foreach (var waiter in waiters.Where(w => w.Message == message).ToList())
        {
            waiters.Remove(waiter);
            waiter.Seen.TrySetResult(entry);
        }
    }
}
