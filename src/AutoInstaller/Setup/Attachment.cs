using AutoInstaller.Diagnostics;

namespace AutoInstaller.Setup;

/// <summary>What one call of <see cref="SetupRunner.RunAsync"/> knows of the run across its reconnects.</summary>
internal sealed class Attachment(RunPlan plan, RunProgress progress, OutputLogger output)
{
    public RunPlan Plan { get; } = plan;

    public RunProgress Progress { get; } = progress;

    public OutputLogger Output { get; } = output;

    public bool StartedHere { get; set; }

    /// <summary>Whether the runner was seen alive: only then can the run be left going.</summary>
    public bool SeenRunning { get; set; }

    public string? RunnerPid { get; set; }

    /// <summary>What was being done, for a deadline that comes before the runner was seen alive.</summary>
    public string Phase { get; set; } = "before anything was started";

    public (string Sha256, int Bytes)? RunScript { get; private set; }

    /// <summary>A run on the server was started with its own script: notes its checksum when it is not the plan's.</summary>
    public void NoteScript(string reply, Log log)
    {
        var script = Plan.Files.Single(f => f.RelativePath == "script.sh");
        if (reply.Split(' ') is [var sha, var size] && sha != script.Sha256 && int.TryParse(size, out var bytes))
        {
            if (RunScript is null)
            {
                log.Warn("The run on the server was started with another script; reporting it with that script's steps",
                    ("runId", Plan.RunId), ("sha256", sha), ("bytes", bytes));
            }

            RunScript = (sha, bytes);
        }
    }

    /// <summary>Reads the run with the step names found in its directory (once, before any of its lines).</summary>
    public void NoteSteps(IReadOnlyList<string> names)
    {
        if (Progress.LinesSeen == 0 && !names.SequenceEqual(Progress.Steps.Select(s => s.Name)))
        {
            Progress.UseSteps(names);
        }
    }
}
