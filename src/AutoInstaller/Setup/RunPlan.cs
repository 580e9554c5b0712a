using System.Text;

namespace AutoInstaller.Setup;

/// <summary>
/// Everything one run puts on the server and the shell commands that drive it. The run lives in
/// <c>~/.auto-installer/runs/RUN_ID/</c>: the script as delivered, its steps, the settings, the runner, and the
/// runner's <c>run.log</c> and <c>status</c>. Files are staged in a private directory first and then renamed to the
/// run directory in one <c>rename(2)</c>, which succeeds for exactly one of any concurrent deliveries: that one
/// starts the runner, detached with <c>setsid nohup</c>, and every other follows the run already there.
/// run.log is part of the delivery, so it exists from the moment the run does and a follower never waits for it.
/// </summary>
internal sealed class RunPlan
{
    public const string Runs = "\"$HOME\"/.auto-installer/runs";

    /// <param name="steps">The script's steps, as <see cref="SetupScript.Split"/> gives them.</param>
    public RunPlan(string runId, byte[] script, IReadOnlyList<SetupStep> steps, IReadOnlyDictionary<string, string> environment)
    {
        RunId = runId;
        Steps = steps;
        var files = new List<DeliveredFile>
        {
            new("runner.sh", RunnerScript.Value),
            new("script.sh", script),
            new("run.env", Encoding.UTF8.GetBytes(string.Concat(
                environment.Select(pair => $"export {pair.Key}={ShellWords.Quote(pair.Value)}\n")))),
            new("run.log", []),
        };
        for (var i = 0; i < Steps.Count; i++)
        {
            files.Add(new DeliveredFile($"steps/{i + 1:D2}.sh", Steps[i].Script));
            files.Add(new DeliveredFile($"steps/{i + 1:D2}.name", Encoding.UTF8.GetBytes(Steps[i].Name)));
        }

        Files = files;
    }

    public string RunId { get; }

    public IReadOnlyList<SetupStep> Steps { get; }

    public IReadOnlyList<DeliveredFile> Files { get; }

    public string RunDirectory => $"{Runs}/{RunId}";

    /// <summary>A staging directory private to one delivery attempt.</summary>
    public static string StagingDirectory(string attempt) => $"{Runs}/.staging-{attempt}";

    /// <summary>
    /// Prints <c>@@auto-installer:state present</c> or <c>... absent</c>. First removes staging directories older than
    /// an hour: a delivery takes seconds, so those are attempts whose connection was lost before they could claim.
    /// </summary>
    public string StateCommand =>
        $"find {Runs} -maxdepth 1 -name '.staging-*' -mmin +60 -exec rm -rf {{}} + 2>/dev/null; " +
        $"if [ -d {RunDirectory} ]; then printf '@@%s:state %s\\n' auto-installer present; else printf '@@%s:state %s\\n' auto-installer absent; fi";

    /// <summary>Renames the staging directory to the run directory and starts the runner, or gives way.
    /// Prints <c>@@auto-installer:claim started</c> or <c>... exists</c>.</summary>
    public string ClaimCommand(string staging) =>
        $"if mv -T {staging} {RunDirectory} 2>/dev/null; then " +
        $"setsid nohup bash {RunDirectory}/runner.sh {RunDirectory} >/dev/null 2>&1 </dev/null & printf '@@%s:claim %s\\n' auto-installer started; " +
        $"else rm -rf {staging}; printf '@@%s:claim %s\\n' auto-installer exists; fi";

    /// <summary>Streams run.log from the line after <paramref name="linesSeen"/>, waiting for it to appear.</summary>
    public string FollowCommand(long linesSeen) => $"tail -n +{linesSeen + 1} -F {RunDirectory}/run.log 2>/dev/null";
}

/// <summary>The runner script shipped inside the executable.</summary>
internal static class RunnerScript
{
    public static readonly byte[] Value = Load();

    private static byte[] Load()
    {
        using var stream = typeof(RunnerScript).Assembly.GetManifestResourceStream("runner.sh")
            ?? throw new InvalidOperationException("runner.sh is not embedded in the executable");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
