using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using AutoInstaller.Events;
using AutoInstaller.Hosting;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;
using AutoInstaller.Studio;
using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Pipeline;

/// <summary>
/// Runs the real pipeline in this process against a sandbox: the sandbox's own CloudTrail event for a user's
/// CreateApp goes in, a result comes out, and every log line is kept for inspection.
/// </summary>
internal sealed class PipelineHarness(SandboxHost sandbox)
{
    private readonly StringWriter logs = new();

    public SandboxHost Sandbox => sandbox;

    public string Logs { get { lock (logs) { return logs.ToString(); } } }

    public StudioOrigin StudioOrigin { get; init; } = StudioOrigin.Configured("test", sandbox.Origin.GetLeftPart(UriPartial.Authority));

    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What the pipeline signs its SageMaker calls with; session credentials add a token to every request.</summary>
    public AWSCredentials Credentials { get; init; } = new BasicAWSCredentials(SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey);

    /// <summary>More variables for every step, as the function forwards the selected recipes' parameters.</summary>
    public IReadOnlyDictionary<string, string>? StepEnvironment { get; set; }

    /// <summary>Creates a user profile and its JupyterServer app; returns the CloudTrail event the sandbox wrote.</summary>
    public async Task<byte[]> CreateAppAsync(string user)
    {
        await sandbox.SageMaker.CreateUserProfileAsync(user);
        await sandbox.SageMaker.CreateJupyterServerAppAsync(user);
        return await EventForAsync(user);
    }

    /// <summary>The successful CreateApp event the sandbox recorded for this user.</summary>
    public async Task<byte[]> EventForAsync(string user)
    {
        foreach (var recorded in await sandbox.Admin.GetEventsAsync())
        {
            var bytes = await File.ReadAllBytesAsync(recorded.Path);
            using var json = JsonDocument.Parse(bytes);
            var detail = json.RootElement.GetProperty("detail");
            if (recorded.ErrorCode is null && detail.GetProperty("requestParameters").GetProperty("userProfileName").GetString() == user)
            {
                return bytes;
            }
        }

        throw new InvalidOperationException($"the sandbox recorded no successful CreateApp for {user}");
    }

    public Task<SetupResult> RunAsync(byte[] eventJson, string script, TimeSpan? timeout = null) =>
        RunAsync(eventJson, ScriptSource.Loaded(Encoding.UTF8.GetBytes(script), "file", "(test)"), timeout);

    public Task<SetupResult> RunAsync(byte[] eventJson, ScriptSource script, TimeSpan? timeout = null) =>
        Pipeline(script).RunAsync(eventJson, DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(2)), CancellationToken.None);

    /// <summary>The same event as a new CloudTrail record: another eventID, so another run of the same app.</summary>
    public static byte[] WithNewEventId(byte[] eventJson)
    {
        using var json = JsonDocument.Parse(eventJson);
        var eventId = json.RootElement.GetProperty("detail").GetProperty("eventID").GetString()!;
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(eventJson).Replace(eventId, Guid.NewGuid().ToString(), StringComparison.Ordinal));
    }

    public string RunDirectory(string user, string runId) => Path.Combine(sandbox.UserHome(user), ".auto-installer", "runs", runId);

    /// <summary>A script line that counts an execution in the sandbox's per-user counter.</summary>
    public const string CountExecution = "echo \"$AUTO_INSTALLER_RUN_ID\" >> \"$SANDBOX_EXECUTION_LOG\"";

    private SetupPipeline Pipeline(ScriptSource script)
    {
        var log = new Log(new SynchronizedWriter(logs), LogLevel.Debug, Log.Json, TimeProvider.System);
        var region = RegionEndpoint.GetBySystemName(SandboxHost.Region);
        var signer = new RequestSigner(Credentials, region, "sagemaker");
        var sageMaker = new SageMakerClient(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, sandbox.Origin, signer, TimeProvider.System);
        var policy = new AcceptPolicy(new HashSet<string> { SandboxHost.DomainId }, new HashSet<string> { "JupyterServer" }, SandboxHost.Region, SandboxHost.AccountId);
        var options = new PipelineOptions(policy, script, DeadlineMargin, StudioOrigin, TimeSpan.FromSeconds(30), StepEnvironment);
        return new SetupPipeline(options, new Lazy<SageMakerClient>(sageMaker), log, TimeProvider.System);
    }

    /// <summary>Serialises writes from concurrent pipelines into one buffer.</summary>
    private sealed class SynchronizedWriter(StringWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void WriteLine(string? value)
        {
            lock (inner)
            {
                inner.WriteLine(value);
            }
        }

        public override void Write(char value)
        {
            lock (inner)
            {
                inner.Write(value);
            }
        }
    }
}
