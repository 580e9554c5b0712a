using System.Diagnostics;

namespace AutoInstaller.Tests.Setup;

/// <summary>Runs shell command lines with bash in a throw-away home directory, as a terminal's shell would.</summary>
internal sealed class LocalShell : IDisposable
{
    public string Home { get; } = Directory.CreateTempSubdirectory("auto-installer-home-").FullName;

    public async Task<string> RunAsync(params IEnumerable<string> lines)
    {
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-s"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        start.Environment["HOME"] = Home;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        foreach (var line in lines)
        {
            await process.StandardInput.WriteAsync(line + "\n");
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0 && await errors == string.Empty, $"bash exited {process.ExitCode}: {await errors}");
        return await output;
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
