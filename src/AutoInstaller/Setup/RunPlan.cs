using System.Text;

namespace AutoInstaller.Setup;

/// <summary>
/// Everything one run puts on the server and the shell commands that drive it, for a <see cref="ShellChannel"/>
/// (they answer with its <c>reply</c> function). The run lives in <c>~/.auto-installer/runs/RUN_ID/</c>: the script
/// as delivered, its steps, the settings, the runner, and the runner's <c>runner.pid</c>, <c>run.log</c> and
/// <c>status</c>. Files are staged in a private directory first; the claim starts the runner in a session of its own
/// (<c>setsid</c>), and the runner, once there, renames the staging directory to the run directory in one
/// <c>rename(2)</c>, which succeeds for exactly one of any concurrent deliveries; every other one follows the run
/// already there. The claim answers only after the runner has answered, so a terminal that is deleted while the
/// runner starts takes nothing with it: either no run directory exists (a later delivery starts the run) or a
/// runner out of the terminal's reach owns it. run.log is part of the delivery, so it exists from the moment the
/// run does. Every tool is found with <c>command -p</c> (the system's default PATH), whatever the user's PATH says.
/// </summary>
internal sealed class RunPlan
{
    public const string Runs = "\"$HOME\"/.auto-installer/runs";

    /// <summary>How long the claim waits for the runner to answer from its own session.</summary>
    public const int ClaimWaitSeconds = 30;

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
            files.Add(new DeliveredFile($"steps/{StepIndex(i + 1)}.sh", Steps[i].Script));
            files.Add(new DeliveredFile($"steps/{StepIndex(i + 1)}.name", Encoding.UTF8.GetBytes(Steps[i].Name)));
        }

        Files = files;
    }

    public string RunId { get; }

    public IReadOnlyList<SetupStep> Steps { get; }

    public IReadOnlyList<DeliveredFile> Files { get; }

    public string RunDirectory => $"{Runs}/{RunId}";

    /// <summary>A step's index as its file names and markers carry it: three digits, so that names sort in step order.</summary>
    public static string StepIndex(int index) => index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A staging directory private to one delivery attempt.</summary>
    public static string StagingDirectory(string attempt) => $"{Runs}/.staging-{attempt}";

    /// <summary>
    /// Answers <c>state absent</c>, or, for a run directory, first <c>step NNN NAME</c> for each of the run's own
    /// steps and <c>script SHA256 BYTES</c> for its script, then <c>state running PID</c> (the runner is alive: its pid
    /// and start time match runner.pid), <c>state finished</c> (status exists), <c>state dead PID</c> (the runner is
    /// gone without writing status) or <c>state broken</c> (no runner.pid: the directory was not made by a runner).
    /// First removes staging directories (and their claim answers) older than an hour: a delivery takes seconds, so those are
    /// attempts whose connection was lost before they could claim.
    /// </summary>
    public string StateCommand =>
        $"command -p find {Runs} -maxdepth 1 -name '.staging-*' -mmin +60 -exec rm -rf {{}} + 2>/dev/null; " +
        $"d={RunDirectory}; " +
        "if [ ! -d \"$d\" ]; then reply state absent; else " +
        "for f in \"$d\"/steps/*.name; do [ -f \"$f\" ] || continue; IFS= read -r n < \"$f\"; i=${f##*/}; reply step \"${i%.name}\" \"$n\"; done; " +
        "set -- $(command -p sha256sum -- \"$d/script.sh\" 2>/dev/null) -; reply script \"$1\" \"$(command -p stat -c %s -- \"$d/script.sh\" 2>/dev/null)\"; " +
        "if [ -f \"$d/status\" ]; then reply state finished; " +
        "elif ! read -r p s 2>/dev/null < \"$d/runner.pid\"; then reply state broken; " +
        "elif alive \"$p\" \"$s\"; then reply state running \"$p\"; " +
        "elif [ -f \"$d/status\" ]; then reply state finished; " +
        "else reply state dead \"$p\"; fi; fi";

    /// <summary>
    /// Starts the runner in a session of its own and waits (up to <see cref="ClaimWaitSeconds"/>) for its answer:
    /// <c>claim started</c> (it renamed the staging directory and runs the steps), <c>claim exists</c> (another delivery
    /// was first) or <c>claim failed</c> (the runner ended or did not answer; the staging directory is removed). The
    /// answer is the file <c>STAGING.claim</c>, next to the staging directory (which the runner renames).
    /// </summary>
    public string ClaimCommand(string staging)
    {
        return $"a={staging}.claim; command -p rm -f -- \"$a\"; " +
            $"command -p setsid \"$BASH\" {staging}/runner.sh {staging} {RunDirectory} \"$a\" </dev/null >/dev/null 2>&1 & p=$!; " +
            $"for ((i = 0; i < {ClaimWaitSeconds * 20}; i++)); do [ -f \"$a\" ] && break; kill -0 \"$p\" 2>/dev/null || break; command -p sleep 0.05; done; " +
            "if [ -f \"$a\" ]; then read -r r < \"$a\"; command -p rm -f -- \"$a\"; reply claim \"$r\"; " +
            $"else command -p rm -rf -- {staging}; reply claim failed; fi";
    }

    /// <summary>
    /// Answers <c>follow</c>, streams run.log from the line after <paramref name="linesSeen"/>, and answers
    /// <c>follow-end</c>: with <paramref name="runnerPid"/>, once that process has ended (<c>tail --pid</c>), else at
    /// the end of what the file holds now.
    /// </summary>
    public string FollowCommand(long linesSeen, string? runnerPid) =>
        $"reply follow; command -p tail -n +{linesSeen + 1} {(runnerPid is null ? string.Empty : $"-F --pid={runnerPid} ")}{RunDirectory}/run.log 2>/dev/null; reply follow-end";
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
