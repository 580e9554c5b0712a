using System.Diagnostics;
using System.Text;
using AutoInstaller.Tests.Reliability;

namespace AutoInstaller.Tests.Hosting;

/// <summary>
/// The published Native AOT <c>bootstrap</c>, started as a real process with a chosen environment. Its output goes to
/// <see cref="RunEvidence"/>, and so do the credentials and tokens the environment hands it.
/// </summary>
internal sealed class BootstrapProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private BootstrapProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary><c>artifacts/publish/linux-x64/bootstrap</c>, made by <c>make publish</c> (part of <c>make test</c>).</summary>
    public static string PublishedPath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("AUTO_INSTALLER_BOOTSTRAP") ?? RepoPaths.Combine("artifacts", "publish", "linux-x64", "bootstrap");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"No published bootstrap at {path}: run `make publish` first (`make test` does).");
        }
    }

    public int Id => process.Id;

    public string Stdout { get { lock (stdout) { return stdout.ToString(); } } }

    public string Stderr { get { lock (stderr) { return stderr.ToString(); } } }

    public static BootstrapProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(PublishedPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        RunEvidence.Secret(RunEvidence.AwsSecretKey, environment.GetValueOrDefault("AWS_SECRET_ACCESS_KEY"));
        RunEvidence.Secret(RunEvidence.AwsSessionToken, environment.GetValueOrDefault("AWS_SESSION_TOKEN"));
        RunEvidence.Secret(RunEvidence.JupyterToken, environment.GetValueOrDefault("JUPYTER_TOKEN"));
        var bootstrap = new BootstrapProcess(Process.Start(start) ?? throw new InvalidOperationException("bootstrap did not start"));
        RunEvidence.Text("bootstrap stdout", () => bootstrap.Stdout);
        RunEvidence.Text("bootstrap stderr", () => bootstrap.Stderr);
        return bootstrap;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>The highest resident set size so far, in KiB.</summary>
    public long PeakResidentKib() => Status("VmHWM:");

    private long Status(string key) =>
        long.Parse(File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith(key, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
