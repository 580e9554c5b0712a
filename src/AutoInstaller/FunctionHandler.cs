using System.Text.Json;
using Amazon;
using AutoInstaller.Aws;
using AutoInstaller.Configuration;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.Hosting;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;

namespace AutoInstaller;

/// <summary>The Lambda handler: one CloudTrail event in, one setup result out.</summary>
internal sealed class FunctionHandler(FunctionSettings settings, Lazy<SageMakerClient> sageMaker, Log log, TextWriter metrics, TimeProvider time)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Builds the handler from validated settings; metrics go to <paramref name="metrics"/> (stdout in Lambda).
    /// The SageMaker client (default credential chain, the region's endpoint data, HTTP handler, retry pipeline:
    /// about 8 ms) is built on the first accepted event rather than before the first <c>GET /next</c>.
    /// </summary>
    public static FunctionHandler Create(FunctionSettings settings, Log log, TextWriter metrics, TimeProvider time) =>
        new(settings, new Lazy<SageMakerClient>(() => CreateSageMakerClient(settings, time), LazyThreadSafetyMode.PublicationOnly), log, metrics, time);

    public async Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var policy = new AcceptPolicy(settings.DomainIds, settings.AppTypes, settings.Region, settings.AccountId ?? AccountOf(invocation.Context.FunctionArn));
        var options = new PipelineOptions(policy, settings.SetupScript, settings.DeadlineMargin, settings.StudioOrigin, RequestTimeout, settings.StepEnvironment, settings.SharedSpaces, settings.RecipeTags);
        var result = await new SetupPipeline(options, sageMaker, log, time)
            .RunAsync(invocation.Event, invocation.Context.Deadline, cancellationToken).ConfigureAwait(false);
        log.Write(result.Outcome == SetupResult.Failed ? LogLevel.Error : LogLevel.Info, "Setup result",
            ("outcome", result.Outcome), ("reason", result.Reason), ("runId", result.RunId),
            ("domainId", result.App?.DomainId), ("userProfileName", result.App?.UserProfileName), ("spaceName", result.App?.SpaceName),
            ("appType", result.App?.AppType), ("appName", result.App?.AppName), ("failedStep", FailedStep(result)),
            ("totalMs", result.Timings.TotalMs));
        await metrics.WriteLineAsync(ResultMetrics.Line(result, time.GetUtcNow(), invocation.Context.RequestId)).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(result, SetupJsonContext.Default.SetupResult);
    }

    /// <summary>The name of the step that failed the run, if a step did (the dashboard's table of failed runs shows it).</summary>
    private static string? FailedStep(SetupResult result) => result.Steps.FirstOrDefault(s => s.Status == "failed")?.Name;

    private static SageMakerClient CreateSageMakerClient(FunctionSettings settings, TimeProvider time)
    {
        var region = RegionEndpoint.GetBySystemName(settings.Region);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        return new SageMakerClient(
            http, settings.SageMakerEndpoint ?? SageMakerClient.RegionalEndpoint(region), new RequestSigner(CredentialChain.Resolve(), region, "sagemaker"), time);
    }

    /// <summary>The account of <c>arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME</c>.</summary>
    internal static string AccountOf(string functionArn)
    {
        var parts = functionArn.Split(':');
        return parts.Length >= 7 && parts[2] == "lambda" && parts[4].Length == 12 && parts[4].All(char.IsAsciiDigit)
            ? parts[4]
            : throw new InvalidOperationException($"the invoked function ARN '{functionArn}' has no account");
    }
}
