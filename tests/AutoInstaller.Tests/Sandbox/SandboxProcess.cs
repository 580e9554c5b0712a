using System.Diagnostics;
using System.Text.RegularExpressions;
using AutoInstaller.Tests.Reliability;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// The sandbox as its own process (<c>dotnet StudioSandbox.dll --urls ... --root ...</c>), as the demo runs it.
/// Before it is stopped (SIGTERM or SIGKILL) it reports the secrets it issued to <see cref="RunEvidence"/>.
/// </summary>
public sealed partial class SandboxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _restOfStdout;
    private readonly Task<string> _stderr;
    private bool _reported;

    private SandboxProcess(Process process, Uri origin, Uri spaceOrigin, string root, Task<string> restOfStdout, Task<string> stderr)
    {
        _process = process;
        Origin = origin;
        SpaceOrigin = spaceOrigin;
        Root = root;
        _restOfStdout = restOfStdout;
        _stderr = stderr;
    }

    public Uri Origin { get; }

    public Uri SpaceOrigin { get; }

    public string Root { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the program on a free port and waits for its one "Studio sandbox ready" line.</summary>
    public static async Task<SandboxProcess> StartAsync(string root, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "StudioSandbox.dll"), "--urls", "http://127.0.0.1:0", "--root", root })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sandbox");
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                var ready = ReadyLine().Match(line);
                if (ready.Success)
                {
                    var rest = process.StandardOutput.ReadToEndAsync();
                    var origin = new Uri(ready.Groups["origin"].Value);
                    RunEvidence.SandboxStarted(origin);
                    return new SandboxProcess(process, origin, new Uri(ready.Groups["spaces"].Value), root, rest, stderr);
                }
            }

            throw new InvalidOperationException($"The sandbox exited ({process.ExitCode}) without announcing readiness");
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGTERM (what Ctrl-C and service managers do) and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await ReportIssuedSecretsAsync();
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>Everything the program wrote after its ready line, stdout then stderr; complete once it exited.</summary>
    public async Task<string> OutputAsync() => await _restOfStdout + await _stderr;

    /// <summary>SIGKILL: the sandbox gets no chance to clean up.</summary>
    public async Task KillHardAsync()
    {
        await ReportIssuedSecretsAsync();
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await TerminateAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private async Task ReportIssuedSecretsAsync()
    {
        if (_reported || _process.HasExited)
        {
            return;
        }

        using var admin = new SandboxAdminClient(Origin);
        RunEvidence.SandboxIssued(Origin, await admin.GetIssuedSecretsAsync());
        _reported = true;
    }

    [GeneratedRegex(@"Studio sandbox ready: (?<origin>http://\S+) \(.*, spaces (?<spaces>http://[^\s,]+), ")]
    private static partial Regex ReadyLine();
}
