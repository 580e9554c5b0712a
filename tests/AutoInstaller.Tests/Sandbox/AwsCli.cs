using System.Diagnostics;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>Runs the real AWS CLI (<c>aws</c> on PATH) against a sandbox, isolated from the user's AWS configuration.</summary>
public static class AwsCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> SageMakerAsync(
        Uri endpoint,
        string accessKeyId,
        string secretAccessKey,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken = default) =>
        RunAsync("sagemaker", endpoint, accessKeyId, secretAccessKey, arguments, cancellationToken);

    /// <summary><c>aws s3 ...</c> (e.g. <c>mb</c>, <c>cp</c>) against an S3 endpoint; a path in the endpoint makes it path-style.</summary>
    public static Task<Result> S3Async(Uri endpoint, IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        RunAsync("s3", endpoint, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey, arguments, cancellationToken);

    private static async Task<Result> RunAsync(
        string service,
        Uri endpoint,
        string accessKeyId,
        string secretAccessKey,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(service);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var option in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", SandboxHost.Region, "--output", "json" })
        {
            start.ArgumentList.Add(option);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'aws'");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
