using System.Text.Json;
using AutoInstaller.Composition;
using AutoInstaller.Configuration;
using AutoInstaller.Diagnostics;
using AutoInstaller.Hosting;
using AutoInstaller.Setup;

namespace AutoInstaller;

/// <summary>The Lambda handler: one CloudTrail event in, one setup result out.</summary>
/// <param name="options">The pipeline's options; a policy without an account serves the account of the invoked function's ARN.</param>
internal sealed class FunctionHandler(PipelineOptions options, PipelinePorts ports, Log log, TextWriter metrics, TimeProvider time)
{
    /// <summary>
    /// Builds the handler from validated settings, reading the script now (at init); metrics go to
    /// <paramref name="metrics"/> (stdout in Lambda). The SageMaker client (default credential chain, the region's
    /// endpoint data, HTTP handler, retry pipeline: about 8 ms) is built on the first accepted event rather than
    /// before the first <c>GET /next</c>.
    /// </summary>
    public static FunctionHandler Create(FunctionSettings settings, Func<string, string?> environment, Log log, TextWriter metrics, TimeProvider time) =>
        new(PipelineComposition.FunctionOptions(settings, environment, time),
            PipelineComposition.AwsPorts(settings.Region, settings.SageMakerEndpoint, PipelineComposition.DefaultCredentials, time),
            log, metrics, time);

    public async Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var served = options.Policy.Account is null
            ? options with { Policy = options.Policy with { Account = AccountOf(invocation.Context.FunctionArn) } }
            : options;
        var result = await PipelineComposition.Pipeline(served, ports, log, time)
            .RunAsync(invocation.Event, invocation.Context.Deadline, cancellationToken).ConfigureAwait(false);
        log.Write(result.Outcome == SetupOutcome.Failed ? LogLevel.Error : LogLevel.Info, LogMessages.SetupResult,
            (LogKeys.Outcome, result.Outcome.Name()), (LogKeys.Reason, result.Reason), (LogKeys.RunId, result.RunId),
            (LogKeys.DomainId, result.App?.DomainId), (LogKeys.UserProfileName, result.App?.UserProfileName), (LogKeys.SpaceName, result.App?.SpaceName),
            (LogKeys.AppType, result.App?.AppType), (LogKeys.AppName, result.App?.AppName), ("failedStep", result.FailedStep),
            ("totalMs", result.Timings.TotalMs));
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
