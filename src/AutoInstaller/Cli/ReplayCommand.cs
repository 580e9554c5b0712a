using System.CommandLine;
using System.Text.Json;
using Amazon.Runtime;
using AutoInstaller.Composition;
using AutoInstaller.Configuration;
using AutoInstaller.Events;
using AutoInstaller.Failures;
using AutoInstaller.Setup;
using AutoInstaller.Studio;

namespace AutoInstaller.Cli;

/// <summary>
/// <c>bootstrap replay EVENT.json</c>: the Lambda pipeline, once, on a saved event, with the default AWS credential
/// chain, against a real account or a sandbox (<c>--endpoint-url</c>). The domain allow-list defaults to the event's
/// own domain, and the account is not checked (the CLI cannot know which account the function would serve).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CommonOptions common, string defaultScript)
    {
        var eventFile = new Argument<FileInfo>("EVENT") { Description = "The EventBridge event (JSON) to replay" };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "SageMaker API endpoint, e.g. a local Studio sandbox (default: the region's)" };
        var region = new Option<string?>("--region") { Description = "AWS region (default: AWS_REGION, then the profile's)" };
        var studioOrigin = new Option<string?>("--studio-origin") { Description = "Studio origin to accept in the presigned URL (default: the endpoint's origin when it is a loopback sandbox, else the domain's Studio host)" };
        var command = new Command("replay", "Run the Lambda pipeline once on a saved CreateApp event") { eventFile, endpoint, region, studioOrigin };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = common.CreateOutput(parse);
            try
            {
                var file = parse.GetValue(eventFile)!;
                var eventJson = file.Exists
                    ? await File.ReadAllBytesAsync(file.FullName, cancellationToken)
                    : throw new ConfigurationException($"event file '{file.FullName}' does not exist");
                var regionName = parse.GetValue(region) ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? FallbackRegion()
                    ?? throw new ConfigurationException("no AWS region: pass --region or set AWS_REGION");
                var endpointUri = parse.GetValue(endpoint) is { } given ? CliArguments.HttpUrl("--endpoint-url", given) : null;
                var origin = parse.GetValue(studioOrigin) is { } configured
                    ? StudioOrigin.Configured("--studio-origin", configured)
                    : endpointUri is { IsLoopback: true } ? StudioOrigin.Configured("--endpoint-url", endpointUri.GetLeftPart(UriPartial.Authority)) : null;
                var environment = (Func<string, string?>)Environment.GetEnvironmentVariable;
                var domains = string.IsNullOrEmpty(environment("AUTO_INSTALLER_DOMAIN_IDS"))
                    ? EventDomain(eventJson) is { } eventDomain ? new HashSet<string> { eventDomain } : []
                    : FunctionSettings.ParseDomainIds(environment, defaultValue: null);
                var policy = new AcceptPolicy(
                    domains,
                    FunctionSettings.ParseAppTypes(environment),
                    regionName,
                    Account: null);
                var (script, stepEnvironment) = common.ReadSetup(parse, defaultScript, () => regionName);
                var options = new PipelineOptions(policy, script, TimeSpan.FromSeconds(5), origin, stepEnvironment,
                    FunctionSettings.ParseSharedSpaces(environment), RecipeTags.From(FunctionSettings.RecipesNextTo(defaultScript), environment));
                var log = output.CreateLog();
                var ports = PipelineComposition.AwsPorts(regionName, endpointUri, PipelineComposition.DefaultCredentials, TimeProvider.System);
                var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(parse.GetValue(common.Timeout));
                var result = await PipelineComposition.Pipeline(options, ports, log, TimeProvider.System).RunAsync(eventJson, deadline, cancellationToken);
                return output.Report(result);
            }
            catch (Exception e) when (e is ConfigurationException or IOException)
            {
                return output.UsageError(e.Message);
            }
            catch (SetupStageException e)
            {
                output.Errors.WriteLine($"error: {e.Message}");
                return ResultSummary.Failed;
            }
        });
        return command;
    }

    /// <summary>The domain the event names, if it names a valid one: the allow-list when none is configured.</summary>
    private static string? EventDomain(byte[] eventJson)
    {
        try
        {
            using var json = JsonDocument.Parse(eventJson);
            return json.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object
                && detail.TryGetProperty("requestParameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("domainId", out var domain) && domain.ValueKind == JsonValueKind.String
                && SageMakerNames.IsDomainId(domain.GetString())
                ? domain.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? FallbackRegion()
    {
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }
}
