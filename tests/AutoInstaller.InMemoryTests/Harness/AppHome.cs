using System.Diagnostics;

namespace AutoInstaller.InMemoryTests.Harness;

/// <summary>
/// The home directory of one app's server, a temporary directory: the runs live in <c>.auto-installer/runs/</c>, and
/// the test scripts count their executions in <see cref="ExecutionLog"/>. Disposing waits for any runner still going
/// (a detached one) and removes the directory.
/// </summary>
internal sealed class AppHome : IAsyncDisposable
{
    /// <summary>A script line that counts one execution of the step it is in.</summary>
    public const string CountExecution = "echo \"$AUTO_INSTALLER_RUN_ID\" >> \"$HOME/executions\"";

    public string Path { get; } = Directory.CreateTempSubdirectory("auto-installer-mem-").FullName;

    public string ExecutionLog => System.IO.Path.Combine(Path, "executions");

    public int Executions => File.Exists(ExecutionLog) ? File.ReadAllLines(ExecutionLog).Length : 0;

    public string RunDirectory(string runId) => System.IO.Path.Combine(Path, ".auto-installer", "runs", runId);

    /// <summary>The run's status file (written last by its runner), or null while there is none.</summary>
    public string? Status(string runId) =>
        File.Exists(System.IO.Path.Combine(RunDirectory(runId), "status")) ? File.ReadAllText(System.IO.Path.Combine(RunDirectory(runId), "status")).Trim() : null;

    public async ValueTask DisposeAsync()
    {
        var runs = System.IO.Path.Combine(Path, ".auto-installer", "runs");
        var pidFiles = Directory.Exists(runs) ? Directory.GetFiles(runs, "runner.pid", SearchOption.AllDirectories) : [];
        foreach (var pidFile in pidFiles)
        {
            if (int.TryParse(File.ReadAllText(pidFile).Split(' ')[0], out var pid) && Running(pid) is { } runner)
            {
                using (runner)
                {
                    await runner.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                }
            }
        }

        Directory.Delete(Path, recursive: true);
    }

    private static Process? Running(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
