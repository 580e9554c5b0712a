using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using AutoInstaller.Composition;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;
using AutoInstaller.Studio;
using AutoInstaller.Tests.Reliability;
using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Pipeline;

/// <summary>
/// Runs the real pipeline in this process against a sandbox: the sandbox's own CloudTrail event for an app's
/// CreateApp goes in, a result comes out, and every log line is kept for inspection. An app is named by its owner
/// segment: the user profile of a Classic app, the space of a JupyterLab app (<see cref="StudioAppKind"/>). The log,
/// every result and every exception go to <see cref="RunEvidence"/>, and so do the credentials the pipeline signs with.
/// </summary>
internal sealed class PipelineHarness(SandboxHost sandbox, StudioAppKind kind = StudioAppKind.Classic)
{
    private readonly StringWriter logs = RunEvidence.Log("pipeline log");

    public SandboxHost Sandbox => sandbox;

    public StudioAppKind Kind => kind;

    public string AppType => kind == StudioAppKind.Classic ? "JupyterServer" : "JupyterLab";

    public string Logs { get { lock (logs) { return logs.ToString(); } } }

    public StudioOrigin StudioOrigin { get; init; } = StudioOrigin.Configured("test", sandbox.Origin.GetLeftPart(UriPartial.Authority));

    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What the pipeline signs its SageMaker calls with; session credentials add a token to every request.</summary>
    public AWSCredentials Credentials { get; init; } = new BasicAWSCredentials(SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey);

    /// <summary>More variables for every step, as the function forwards the selected recipes' parameters.</summary>
    public IReadOnlyDictionary<string, string>? StepEnvironment { get; set; }

    public SharedSpacePolicy SharedSpaces { get; init; } = SharedSpacePolicy.Skip;

    /// <summary>The tag that chooses recipes, read as the function reads it (the shipped recipes; no recipe parameters set).</summary>
    public RecipeTags RecipeTags { get; init; } = RecipeTags.From(RepoPaths.Combine("setup", "recipes"), _ => null);

    /// <summary>Puts a tag on the app's user profile (<paramref name="onSpace"/>: on its space) through the sandbox's AddTags.</summary>
    public Task TagAsync(string name, string key, string value, bool onSpace = false)
    {
        var (type, resource) = onSpace ? ("space", name) : ("user-profile", SignedInAs(name));
        var arn = $"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:{type}/{SandboxHost.DomainId}/{resource}";
        return sandbox.SageMaker.InvokeAsync("AddTags", new { ResourceArn = arn, Tags = new[] { new { Key = key, Value = value } } });
    }

    /// <summary>The user profile the function signs in as for the app <paramref name="name"/>.</summary>
    public string SignedInAs(string name) => kind == StudioAppKind.Classic ? name : $"{name}-owner";

    /// <summary>The app as the pipeline names it in reasons: <c>DOMAIN/OWNER/TYPE/default</c>.</summary>
    public string AppLabel(string name) => $"{SandboxHost.DomainId}/{name}/{AppType}/default";

    /// <summary>
    /// Creates the app <paramref name="name"/> (a user profile and its JupyterServer app, or an owner, a space of
    /// the given sharing type and its JupyterLab app); returns the CloudTrail event the sandbox wrote.
    /// </summary>
    public async Task<byte[]> CreateAppAsync(string name, string sharingType = "Private")
    {
        await sandbox.SageMaker.CreateUserProfileAsync(SignedInAs(name));
        if (kind == StudioAppKind.Classic)
        {
            await sandbox.SageMaker.CreateJupyterServerAppAsync(name);
        }
        else
        {
            await sandbox.SageMaker.CreateSpaceAsync(name, SignedInAs(name), sharingType);
            await sandbox.SageMaker.CreateJupyterLabAppAsync(name);
        }

        return await EventForAsync(name);
    }

    /// <summary>The successful CreateApp event the sandbox recorded for this app.</summary>
    public async Task<byte[]> EventForAsync(string name)
    {
        var owner = kind == StudioAppKind.Classic ? "userProfileName" : "spaceName";
        foreach (var recorded in await sandbox.Admin.GetEventsAsync())
        {
            var bytes = await File.ReadAllBytesAsync(recorded.Path);
            using var json = JsonDocument.Parse(bytes);
            var parameters = json.RootElement.GetProperty("detail").GetProperty("requestParameters");
            if (recorded.ErrorCode is null && parameters.TryGetProperty(owner, out var value) && value.GetString() == name)
            {
                return bytes;
            }
        }

        throw new InvalidOperationException($"the sandbox recorded no successful CreateApp for {kind} app {name}");
    }

    public string Home(string name) => kind == StudioAppKind.Classic ? sandbox.UserHome(name) : sandbox.SpaceHome(name);

    /// <summary>How many times a setup ran in the app's home.</summary>
    public Task<int> ExecutionsAsync(string name) => kind == StudioAppKind.Classic
        ? sandbox.Admin.GetExecutionCountAsync(name)
        : sandbox.Admin.GetSpaceExecutionCountAsync(name);

    public Task WaitForInServiceAsync(string name) => kind == StudioAppKind.Classic
        ? sandbox.SageMaker.WaitForJupyterServerStatusAsync(name, "InService", TimeSpan.FromSeconds(60))
        : sandbox.SageMaker.WaitForJupyterLabStatusAsync(name, "InService", TimeSpan.FromSeconds(60));

    /// <summary>Signs in to the app as the function does and lists the Jupyter server's terminals.</summary>
    public async Task<IReadOnlyList<string>> TerminalsAsync(string name)
    {
        var spaceOrigin = StudioOrigin.Configured("test", sandbox.SpaceOrigin.GetLeftPart(UriPartial.Authority));
        var (url, origin, jupyter) = kind == StudioAppKind.Classic
            ? (await sandbox.SageMaker.CreatePresignedDomainUrlAsync(name), StudioOrigin, StudioOrigin.JupyterBase)
            : (await sandbox.SageMaker.CreatePresignedSpaceUrlAsync(SignedInAs(name), name), spaceOrigin, spaceOrigin.JupyterLabBase);
        using var session = new StudioSession(origin, TimeSpan.FromSeconds(30));
        await session.LoginAsync(new PresignedUrl(url), CancellationToken.None);
        return await session.Jupyter(jupyter).ListTerminalsAsync(CancellationToken.None);
    }

    /// <param name="stop">Ends the invocation early, as its deadline does.</param>
    public Task<SetupResult> RunAsync(byte[] eventJson, string script, TimeSpan? timeout = null, CancellationToken stop = default) =>
        RunAsync(eventJson, ScriptSource.Loaded(Encoding.UTF8.GetBytes(script), "file", "(test)"), timeout, stop);

    public async Task<SetupResult> RunAsync(byte[] eventJson, ScriptSource script, TimeSpan? timeout = null, CancellationToken stop = default)
    {
        try
        {
            var result = await Pipeline(script).RunAsync(eventJson, DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(2)), stop);
            RunEvidence.Text("pipeline result", JsonSerializer.Serialize(result, SetupJsonContext.Default.SetupResult));
            return result;
        }
        catch (Exception e)
        {
            RunEvidence.Text("pipeline exception", e.ToString());
            throw;
        }
    }

    /// <summary>The same event as a new CloudTrail record: another eventID, so another run of the same app.</summary>
    public static byte[] WithNewEventId(byte[] eventJson)
    {
        using var json = JsonDocument.Parse(eventJson);
        var eventId = json.RootElement.GetProperty("detail").GetProperty("eventID").GetString()!;
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(eventJson).Replace(eventId, Guid.NewGuid().ToString(), StringComparison.Ordinal));
    }

    public string RunDirectory(string name, string runId) => Path.Combine(Home(name), ".auto-installer", "runs", runId);

    /// <summary>A script line that counts an execution in the sandbox's per-user counter.</summary>
    public const string CountExecution = "echo \"$AUTO_INSTALLER_RUN_ID\" >> \"$SANDBOX_EXECUTION_LOG\"";

    private SetupPipeline Pipeline(ScriptSource script)
    {
        var log = new Log(new SynchronizedWriter(logs), LogLevel.Debug, Log.Json, TimeProvider.System);
        var credentials = Credentials.GetCredentials();
        RunEvidence.Secret(RunEvidence.AwsSecretKey, credentials.SecretKey);
        RunEvidence.Secret(RunEvidence.AwsSessionToken, credentials.Token);
        var region = RegionEndpoint.GetBySystemName(SandboxHost.Region);
        var sageMaker = PipelineComposition.SageMaker(region, sandbox.Origin, Credentials, TimeProvider.System);
        var policy = new AcceptPolicy(new HashSet<string> { SandboxHost.DomainId }, new HashSet<string> { "JupyterServer", "JupyterLab" }, SandboxHost.Region, SandboxHost.AccountId);
        var options = new PipelineOptions(policy, script, DeadlineMargin, StudioOrigin, StepEnvironment, SharedSpaces, RecipeTags);
        var ports = new PipelinePorts(new Lazy<ISageMakerApi>(sageMaker), new StudioSignIn(PipelineComposition.RequestTimeout));
        return PipelineComposition.Pipeline(options, ports, log, TimeProvider.System);
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
