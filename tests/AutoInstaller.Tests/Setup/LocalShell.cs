using System.Diagnostics;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.Setup;

/// <summary>
/// Runs shell command lines with bash in a throw-away home directory, as the command channel's shell would: with its
/// <c>reply</c> and <c>alive</c> functions (<see cref="ShellProtocol.Prelude"/>, nonce <see cref="Nonce"/>).
/// </summary>
internal sealed class LocalShell : IDisposable
{
    public const string Nonce = "0123456789abcdef0123456789abcdef";

    public string Home { get; } = Directory.CreateTempSubdirectory("auto-installer-home-").FullName;

    /// <summary>A reply line as the channel's shell prints it.</summary>
    public static string Reply(string text) => $"{ShellProtocol.ReplyPrefix(Nonce)}{text}\n";

    public async Task<string> RunAsync(params IEnumerable<string> lines)
    {
        using var process = Start("bash", ["--noprofile", "--norc", "-s"]);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        foreach (var line in lines.Prepend(ShellProtocol.Prelude(Nonce)))
        {
            await process.StandardInput.WriteAsync(line + "\n");
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0 && await errors == string.Empty, $"bash exited {process.ExitCode}: {await errors}");
        return await output;
    }

    /// <summary>
    /// Runs the lines in a shell that leads a session of its own, as a terminal's shell does; once a line of output
    /// starts with <paramref name="until"/>, kills the session's whole process group, as the end of a terminal
    /// does, and returns that line.
    /// </summary>
    public async Task<string> RunInSessionUntilKilledAsync(string until, params IEnumerable<string> lines)
    {
        using var process = Start("setsid", ["bash", "--noprofile", "--norc", "-s"]);
        foreach (var line in lines.Prepend(ShellProtocol.Prelude(Nonce)))
        {
            await process.StandardInput.WriteAsync(line + "\n");
        }

        await process.StandardInput.FlushAsync();
        string? answer;
        while ((answer = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))) is { } read && !read.StartsWith(until.TrimEnd('\n'), StringComparison.Ordinal))
        {
        }

        using (var kill = Process.Start("kill", ["-KILL", "--", $"-{process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return answer is null ? string.Empty : answer + "\n";
    }

    private Process Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        start.Environment["HOME"] = Home;
        return Process.Start(start)!;
    }

    public async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 200 && !File.Exists(path); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(path), $"{path} did not appear within 10 s");
    }

    public void Dispose() => Directory.Delete(Home, recursive: true);
}
