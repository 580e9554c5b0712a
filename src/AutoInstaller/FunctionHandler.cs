using System.Text.Json;
using Amazon;
using AutoInstaller.Configuration;
using AutoInstaller.Events;
using AutoInstaller.Hosting;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;

namespace AutoInstaller;

/// <summary>The Lambda handler: one CloudTrail event in, one setup result out.</summary>
internal sealed class FunctionHandler(FunctionSettings settings, SageMakerClient sageMaker, Log log, TextWriter metrics, TimeProvider time)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Builds the handler from validated settings and the default AWS credential chain; metrics go to <paramref name="metrics"/> (stdout in Lambda).</summary>
    public static FunctionHandler Create(FunctionSettings settings, Log log, TextWriter metrics, TimeProvider time)
    {
        var credentials = CredentialChain.Resolve();
        var region = RegionEndpoint.GetBySystemName(settings.Region);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = RequestTimeout };
        var sageMaker = new SageMakerClient(
            http, settings.SageMakerEndpoint ?? SageMakerClient.RegionalEndpoint(region), new RequestSigner(credentials, region, "sagemaker"), time);
        return new FunctionHandler(settings, sageMaker, log, metrics, time);
    }

    public async Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var policy = new AcceptPolicy(settings.DomainIds, settings.AppTypes, settings.Region, AccountOf(invocation.Context.FunctionArn));
        var options = new PipelineOptions(policy, settings.SetupScript, settings.DeadlineMargin, settings.StudioOrigin, RequestTimeout, settings.StepEnvironment);
        var result = await new SetupPipeline(options, sageMaker, log, time)
            .RunAsync(invocation.Event, invocation.Context.Deadline, cancellationToken).ConfigureAwait(false);
        log.Write(result.Outcome == SetupResult.Failed ? LogLevel.Error : LogLevel.Info, "Setup result",
            ("outcome", result.Outcome), ("reason", result.Reason), ("runId", result.RunId), ("totalMs", result.Timings.TotalMs));
        await metrics.WriteLineAsync(ResultMetrics.Line(result, time.GetUtcNow(), invocation.Context.RequestId)).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(result, SetupJsonContext.Default.SetupResult);
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
