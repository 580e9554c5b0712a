using System.CommandLine;
using Amazon;
using AutoInstaller.Aws;
using AutoInstaller.Composition;
using AutoInstaller.Configuration;
using AutoInstaller.Events;
using AutoInstaller.Failures;
using AutoInstaller.Lambda;
using AutoInstaller.SageMaker;

namespace AutoInstaller.Cli;

/// <summary>
/// <c>bootstrap rollout --domain-id D --function-name F</c>: applies the function's current script to apps that are
/// already running. Lists the domain's InService apps of the enabled types (<c>ListApps</c>, with the caller's
/// credentials), shows the plan, and queues one rollout event per app for the deployed function (asynchronous
/// <c>lambda:Invoke</c>), a few at a time; an app whose event cannot be queued does not stop the others. The function
/// runs a script version once per app: a second rollout of the same version runs nothing new.
/// </summary>
internal static class RolloutCommand
{
    public static Command Create()
    {
        var domain = new Option<string>("--domain-id") { Description = "The domain whose running apps get the script", Required = true };
        var function = new Option<string?>("--function-name") { Description = "The deployed function: its name or ARN (stack output FunctionArn); required unless --dry-run" };
        var account = new Option<string?>("--account-id") { Description = "The account the function serves (default: the account of --function-name when it is an ARN)" };
        var appTypes = new Option<string?>("--app-types") { Description = "App types to roll out to, comma-separated (default: AUTO_INSTALLER_APP_TYPES, else the function's default)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan and send nothing" };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "Lambda endpoint, e.g. a local Runtime Interface Emulator (default: the region's)" };
        var sageMakerEndpoint = new Option<string?>("--sagemaker-endpoint-url") { Description = "SageMaker API endpoint, e.g. a local Studio sandbox (default: the region's)" };
        var region = new Option<string?>("--region") { Description = "AWS region (default: AWS_REGION, then the profile's)" };
        var concurrency = new Option<int>("--concurrency") { Description = "Events queued at the same time (1-32)", DefaultValueFactory = _ => 8 };
        var command = new Command("rollout", "Apply the function's script to the running apps of a domain")
        {
            domain, function, account, appTypes, dryRun, endpoint, sageMakerEndpoint, region, concurrency,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = Console.Error;
            try
            {
                var regionName = parse.GetValue(region) ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? ReplayCommand.FallbackRegion()
                    ?? throw new ConfigurationException("no AWS region: pass --region or set AWS_REGION");
                var domainId = parse.GetValue(domain)!;
                if (!SageMakerNames.IsDomainId(domainId))
                {
                    throw new ConfigurationException($"--domain-id '{domainId}' is not a SageMaker domain id (d-...)");
                }

                var types = parse.GetValue(appTypes) is { } given
                    ? FunctionSettings.ParseAppTypes(name => name == "AUTO_INSTALLER_APP_TYPES" ? given : null)
                    : FunctionSettings.ParseAppTypes(Environment.GetEnvironmentVariable);
                var parallel = parse.GetValue(concurrency);
                if (parallel is < 1 or > 32)
                {
                    throw new ConfigurationException($"--concurrency {parallel}: expected 1 to 32");
                }

                var functionName = parse.GetValue(function);
                var isDryRun = parse.GetValue(dryRun);
                var accountId = isDryRun ? null : AccountOf(parse.GetValue(account), functionName);
                var regionEndpoint = RegionEndpoint.GetBySystemName(regionName);
                var credentials = CredentialChain.Resolve();
                var sageMaker = PipelineComposition.SageMaker(regionEndpoint,
                    parse.GetValue(sageMakerEndpoint) is { } sm ? CliArguments.HttpUrl("--sagemaker-endpoint-url", sm) : null, credentials, TimeProvider.System);

                var apps = (await sageMaker.ListAppsAsync(domainId, cancellationToken))
                    .Where(a => a.Status == "InService" && a.AppType is { } type && types.Contains(type) && a.AppName is not null
                        && (a.UserProfileName ?? a.SpaceName) is not null)
                    .OrderBy(a => a.UserProfileName ?? a.SpaceName, StringComparer.Ordinal).ThenBy(a => a.AppType, StringComparer.Ordinal)
                    .ToList();
                errors.WriteLine($"rollout: {apps.Count} InService app(s) of {string.Join(", ", types.Order())} in {domainId}");
                if (isDryRun)
                {
                    foreach (var app in apps)
                    {
                        Console.Out.WriteLine($"would send: {Describe(app)}");
                    }

                    errors.WriteLine($"rollout: dry run, nothing sent");
                    return ResultSummary.Succeeded;
                }

                using var http = new HttpClient { Timeout = PipelineComposition.RequestTimeout };
                var invoker = new LambdaInvoker(http,
                    parse.GetValue(endpoint) is { } lambda ? CliArguments.HttpUrl("--endpoint-url", lambda) : LambdaInvoker.RegionalEndpoint(regionEndpoint),
                    new RequestSigner(credentials, regionEndpoint, "lambda"));
                var failures = await SendAsync(apps, invoker, functionName ?? throw new ConfigurationException("--function-name is required unless --dry-run"),
                    accountId!, regionName, parallel, cancellationToken);
                errors.WriteLine($"rollout: {apps.Count - failures} of {apps.Count} queued for {functionName}, {failures} failed; " +
                    "results are in the function's log and dashboard (message 'Setup result')");
                return failures == 0 ? ResultSummary.Succeeded : ResultSummary.Failed;
            }
            catch (Exception e) when (e is ConfigurationException or ArgumentException)
            {
                errors.WriteLine($"error: {e.Message}");
                return ResultSummary.Usage;
            }
            catch (Exception e) when (e is SageMakerException or HttpRequestException or TaskCanceledException)
            {
                errors.WriteLine($"error: listing the apps of the domain: {e.Message}");
                return ResultSummary.Failed;
            }
        });
        return command;
    }

    /// <summary>Queues one event per app, <paramref name="parallel"/> at a time, a line each as they go; returns how many failed.</summary>
    private static async Task<int> SendAsync(
        List<AppDetails> apps, LambdaInvoker invoker, string functionName, string account, string region, int parallel, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(parallel);
        var done = 0;
        var failures = 0;
        var output = TextWriter.Synchronized(Console.Out);
        await Task.WhenAll(apps.Select(async app =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var payload = RolloutEvent.Create(Guid.NewGuid().ToString(), account, region, DateTimeOffset.UtcNow,
                    new CreateAppParameters(app.DomainId, app.UserProfileName, app.SpaceName, app.AppType, app.AppName));
                string line;
                try
                {
                    var status = await invoker.InvokeAsync(functionName, payload, cancellationToken).ConfigureAwait(false);
                    line = $"queued ({(int)status})";
                }
                catch (Exception e) when (e is LambdaInvokeException or HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
                {
                    Interlocked.Increment(ref failures);
                    line = $"FAILED: {e.Message}";
                }

                output.WriteLine($"[{Interlocked.Increment(ref done),4}/{apps.Count}] {Describe(app)}: {line}");
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return failures;
    }

    private static string Describe(AppDetails app) =>
        $"{app.DomainId}/{app.UserProfileName ?? app.SpaceName}/{app.AppType}/{app.AppName}" + (app.SpaceName is not null ? " (space)" : string.Empty);

    /// <summary>The account: <c>--account-id</c>, else the one in the function's ARN.</summary>
    private static string AccountOf(string? given, string? functionName)
    {
        if (given is not null)
        {
            return given.Length == 12 && given.All(char.IsAsciiDigit) ? given : throw new ConfigurationException($"--account-id '{given}' is not 12 digits");
        }

        return functionName?.Split(':') is [_, _, "lambda", _, var arnAccount, "function", ..] && arnAccount.Length == 12 && arnAccount.All(char.IsAsciiDigit)
            ? arnAccount
            : throw new ConfigurationException("pass --account-id, or the function's ARN as --function-name (the account goes into each event, which the function checks)");
    }
}
