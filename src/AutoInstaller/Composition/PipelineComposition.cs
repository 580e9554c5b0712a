using Amazon;
using Amazon.Runtime;
using AutoInstaller.Aws;
using AutoInstaller.Configuration;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.Jupyter;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;

namespace AutoInstaller.Composition;

/// <summary>
/// The one place where the function is put together: the Lambda handler, <c>bootstrap replay</c>, <c>bootstrap run</c>,
/// <c>bootstrap rollout</c> and the tests build their pipeline, runner and SageMaker client here. The ports of the
/// pipeline (<see cref="PipelinePorts"/>) are the real ones here; the tests' in-memory suite gives its own.
/// </summary>
internal static class PipelineComposition
{
    /// <summary>How long one Studio or Jupyter request may wait for its answer.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The SageMaker calls over signed JSON, to <paramref name="endpoint"/> or the region's endpoint.</summary>
    public static SageMakerClient SageMaker(RegionEndpoint region, Uri? endpoint, AWSCredentials credentials, TimeProvider time)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        return new SageMakerClient(http, endpoint ?? SageMakerClient.RegionalEndpoint(region), new RequestSigner(credentials, region, "sagemaker"), time);
    }

    /// <summary>
    /// The real ports: SageMaker in <paramref name="region"/> with <paramref name="credentials"/>, built on the first
    /// accepted event (a skipped event needs no credentials and no connection, and init does not pay for the region's
    /// endpoint data: a few milliseconds) and the Studio login over HTTPS.
    /// </summary>
    public static PipelinePorts AwsPorts(string region, Uri? endpoint, Func<AWSCredentials> credentials, TimeProvider time) =>
        new(new Lazy<ISageMakerApi>(() => SageMaker(RegionEndpoint.GetBySystemName(region), endpoint, credentials(), time), LazyThreadSafetyMode.PublicationOnly),
            new StudioSignIn(RequestTimeout));

    /// <summary>AWSSDK.Core's default credential chain.</summary>
    public static AWSCredentials DefaultCredentials() => CredentialChain.Resolve();

    public static SetupPipeline Pipeline(PipelineOptions options, PipelinePorts ports, Log log, TimeProvider time) => new(options, ports, log, time);

    /// <summary>
    /// The function's pipeline options from its settings, read now (at start-up): the script file or composed recipes,
    /// or the S3 source that reads the object per run. The policy's account is the configured one, or null: then the
    /// account of the function's ARN, known per invocation.
    /// </summary>
    public static PipelineOptions FunctionOptions(FunctionSettings settings, Func<string, string?> environment, TimeProvider time)
    {
        var (script, stepEnvironment) = ScriptLoading.Load(settings.Script, () => settings.Region, environment, time);
        return new PipelineOptions(
            new AcceptPolicy(settings.DomainIds, settings.AppTypes, settings.Region, settings.AccountId),
            script, settings.DeadlineMargin, settings.StudioOrigin, stepEnvironment, settings.SharedSpaces,
            RecipeTags.From(settings.RecipesDirectory, environment));
    }

    /// <summary>The run stage alone, on any Jupyter server (<c>bootstrap run</c>): its terminals are the shells.</summary>
    public static SetupRunner Runner(JupyterClient jupyter, Log log, TimeProvider time) =>
        new(new JupyterShellHost(jupyter), log, time, new OutputLogLimits());

    /// <summary>A run's plan on a plain Jupyter server: the run id is set and the app's variables are empty.</summary>
    public static RunPlan PlanWithoutApp(string runId, FetchedScript script, IReadOnlyDictionary<string, string> stepEnvironment) =>
        new(runId, script.Bytes, script.Steps, RunVariables.For(runId, app: null, login: null, stepEnvironment));
}
