namespace AutoInstaller.Tests.Reliability;

/// <summary>One fault of the matrix: what was expected, what happened, and how often the setup ran.</summary>
internal sealed record FaultRow(string Fault, string ExpectedOutcome, string Outcome, int ExpectedExecutions, int Executions, string? Problem)
{
    public bool Holds => Problem is null && Outcome == ExpectedOutcome && Executions == ExpectedExecutions;

    public static string Table(IEnumerable<FaultRow> rows)
    {
        var all = rows.ToList();
        var width = all.Max(r => r.Fault.Length);
        var outcomeWidth = all.Max(r => r.Outcome.Length);
        var lines = new List<string>
        {
            $"{"fault".PadRight(width)}  {"outcome".PadRight(outcomeWidth)}  executions  holds",
        };
        lines.AddRange(all.Select(r =>
            $"{r.Fault.PadRight(width)}  {r.Outcome.PadRight(outcomeWidth)}  {r.Executions,10}  {(r.Holds ? "yes" : $"NO: expected {r.ExpectedOutcome}/{r.ExpectedExecutions} {r.Problem}")}"));
        return string.Join("\n", lines);
    }
}
