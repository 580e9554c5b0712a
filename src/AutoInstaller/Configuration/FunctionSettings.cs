using System.Globalization;
using AutoInstaller.Events;
using AutoInstaller.Failures;
using AutoInstaller.S3;
using AutoInstaller.Setup;
using AutoInstaller.Studio;

namespace AutoInstaller.Configuration;

/// <summary>
/// The function's settings, read once from the environment and validated at start-up. Parsing only: nothing is read
/// from files or the network here (<see cref="Composition.PipelineComposition"/> does that, at start-up too).
/// </summary>
/// <param name="RecipesDirectory">The shipped recipes, which a user's tag may choose from.</param>
internal sealed record FunctionSettings(
    IReadOnlySet<string> DomainIds,
    IReadOnlySet<string> AppTypes,
    string Region,
    ScriptSetting Script,
    TimeSpan DeadlineMargin,
    Uri? SageMakerEndpoint,
    StudioOrigin? StudioOrigin,
    string RecipesDirectory,
    SharedSpacePolicy SharedSpaces = SharedSpacePolicy.Skip,
    string? AccountId = null)
{
    public const string AccountIdSetting = "AUTO_INSTALLER_ACCOUNT_ID";
    public const string DeadlineMarginSetting = "AUTO_INSTALLER_DEADLINE_MARGIN_SECONDS";
    public const string SageMakerEndpointSetting = "AUTO_INSTALLER_SAGEMAKER_ENDPOINT";

    public const string ScriptS3UriSetting = "AUTO_INSTALLER_SETUP_SCRIPT_S3_URI";
    public const string S3EndpointSetting = "AUTO_INSTALLER_S3_ENDPOINT";
    public const string ScriptSetting = "AUTO_INSTALLER_SETUP_SCRIPT";

    public static readonly IReadOnlySet<string> SupportedAppTypes = new HashSet<string>(StringComparer.Ordinal) { "JupyterServer", "JupyterLab" };

    /// <param name="environment">Reads one variable.</param>
    /// <param name="defaultScript">The shipped script, used when no other script is configured; the shipped
    /// recipes are in the folder <c>recipes</c> next to it.</param>
    public static FunctionSettings FromEnvironment(Func<string, string?> environment, string defaultScript)
    {
        var domainIds = ParseDomainIds(environment, defaultValue: null);
        var appTypes = ParseAppTypes(environment);
        var region = environment("AWS_REGION") is { Length: > 0 } r
            ? r
            : throw new ConfigurationException("AWS_REGION is not set");
        var script = ParseScript(environment, defaultScript);
        var endpoint = environment(SageMakerEndpointSetting) is { Length: > 0 } e
            ? ParseEndpoint(e)
            : null;
        var origin = environment("AUTO_INSTALLER_STUDIO_ORIGIN") is { Length: > 0 } o
            ? StudioOrigin.Configured("AUTO_INSTALLER_STUDIO_ORIGIN", o)
            : null;
        return new FunctionSettings(
            domainIds, appTypes, region, script, ParseMargin(environment), endpoint, origin, RecipesNextTo(defaultScript), ParseSharedSpaces(environment),
            ParseAccountId(environment));
    }

    /// <summary>The shipped recipes: the folder <c>recipes</c> next to the shipped script.</summary>
    public static string RecipesNextTo(string shippedScript) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(shippedScript))!, "recipes");

    /// <summary>
    /// <c>AUTO_INSTALLER_ACCOUNT_ID</c>: the account whose events the function acts on, twelve digits; null when unset,
    /// and then the account of the function's own ARN is used. A local emulator's ARN has an account of its own
    /// (<c>sam local invoke</c>: 012345678912), so a local replay names the events' account here.
    /// </summary>
    internal static string? ParseAccountId(Func<string, string?> environment)
    {
        var raw = environment(AccountIdSetting);
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return raw.Length == 12 && raw.All(char.IsAsciiDigit)
            ? raw
            : throw new ConfigurationException($"{AccountIdSetting} is '{raw}'; expected an AWS account id of 12 digits");
    }

    /// <summary>
    /// Where the script comes from: the S3 object of <c>AUTO_INSTALLER_SETUP_SCRIPT_S3_URI</c> (with
    /// <c>AUTO_INSTALLER_S3_ENDPOINT</c>), else the recipes of <c>AUTO_INSTALLER_SETUP_RECIPES</c>, else the file of
    /// <c>AUTO_INSTALLER_SETUP_SCRIPT</c>, else <paramref name="defaultScript"/>. Two of them set is an error.
    /// </summary>
    internal static ScriptSetting ParseScript(Func<string, string?> environment, string defaultScript)
    {
        var endpoint = environment(S3EndpointSetting) is { Length: > 0 } e ? ParseS3Endpoint(e) : null;
        var configuredScript = environment(ScriptSetting);
        var recipes = environment(RecipeCatalog.Setting);
        if (environment(ScriptS3UriSetting) is { Length: > 0 } s3Uri)
        {
            foreach (var other in new[] { ScriptSetting, RecipeCatalog.Setting }.Where(name => !string.IsNullOrWhiteSpace(environment(name))))
            {
                throw new ConfigurationException(
                    $"{ScriptS3UriSetting} and {other} are both set; set one of them: an S3 object, a script file or recipes");
            }

            return new S3ScriptSetting(S3ObjectUri.Parse(ScriptS3UriSetting, s3Uri), endpoint);
        }

        if (string.IsNullOrWhiteSpace(recipes))
        {
            return new ScriptFileSetting(configuredScript is { Length: > 0 } ? configuredScript : defaultScript);
        }

        return string.IsNullOrEmpty(configuredScript)
            ? new RecipesSetting(recipes.Trim(), RecipesNextTo(defaultScript))
            : throw new ConfigurationException(
                $"{RecipeCatalog.Setting} and {ScriptSetting} are both set; set one of them: recipes or a script file");
    }

    /// <summary><c>AUTO_INSTALLER_DOMAIN_IDS</c>, each a valid domain id; <paramref name="defaultValue"/> when unset.</summary>
    internal static IReadOnlySet<string> ParseDomainIds(Func<string, string?> environment, string? defaultValue)
    {
        var domainIds = ParseList(environment, "AUTO_INSTALLER_DOMAIN_IDS", defaultValue);
        foreach (var id in domainIds.Where(id => !SageMakerNames.IsDomainId(id)))
        {
            throw new ConfigurationException($"AUTO_INSTALLER_DOMAIN_IDS contains '{id}', which is not a SageMaker domain id (d-...)");
        }

        return domainIds;
    }

    /// <summary><c>AUTO_INSTALLER_APP_TYPES</c>, each one this build supports; <c>JupyterLab,JupyterServer</c> when unset.</summary>
    internal static IReadOnlySet<string> ParseAppTypes(Func<string, string?> environment)
    {
        var appTypes = ParseList(environment, "AUTO_INSTALLER_APP_TYPES", defaultValue: "JupyterLab,JupyterServer");
        foreach (var type in appTypes.Where(type => !SupportedAppTypes.Contains(type)))
        {
            throw new ConfigurationException(
                $"AUTO_INSTALLER_APP_TYPES contains '{type}'; supported: {string.Join(", ", SupportedAppTypes)}");
        }

        return appTypes;
    }

    /// <summary><c>AUTO_INSTALLER_SHARED_SPACES</c>: <c>skip</c> (the default when unset) or <c>owner</c>.</summary>
    internal static SharedSpacePolicy ParseSharedSpaces(Func<string, string?> environment)
    {
        const string name = "AUTO_INSTALLER_SHARED_SPACES";
        return environment(name) switch
        {
            null or "" or "skip" => SharedSpacePolicy.Skip,
            "owner" => SharedSpacePolicy.Owner,
            var other => throw new ConfigurationException($"{name} is '{other}'; expected skip or owner"),
        };
    }

    private static TimeSpan ParseMargin(Func<string, string?> environment)
    {
        const string name = DeadlineMarginSetting;
        var raw = environment(name);
        if (string.IsNullOrEmpty(raw))
        {
            return TimeSpan.FromSeconds(20);
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 5 and <= 300
            ? TimeSpan.FromSeconds(seconds)
            : throw new ConfigurationException($"{name} is '{raw}'; expected whole seconds from 5 to 300");
    }

    /// <summary>
    /// A SageMaker endpoint: https, or plain http on a loopback address (a local stand-in). Signed requests carry the
    /// session token, so they never go over plain http to another host.
    /// </summary>
    private static Uri ParseEndpoint(string value)
    {
        var uri = Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null;
        if (uri is null)
        {
            throw new ConfigurationException($"{SageMakerEndpointSetting} is '{value}'; expected an http(s) URL");
        }

        return uri.Scheme == "https" || StudioOrigin.IsLoopback(uri)
            ? uri
            : throw new ConfigurationException($"{SageMakerEndpointSetting} is '{value}'; plain http is allowed only on a loopback address");
    }

    /// <summary>An S3 endpoint: https, or plain http on a loopback address (a local stand-in); it may have a path.</summary>
    private static Uri ParseS3Endpoint(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"{S3EndpointSetting} is '{value}'; expected an http(s) URL without query, such as http://127.0.0.1:PORT/s3");
        }

        return uri.Scheme == "https" || StudioOrigin.IsLoopback(uri)
            ? uri
            : throw new ConfigurationException($"{S3EndpointSetting} is '{value}'; plain http is allowed only on a loopback address");
    }

    private static HashSet<string> ParseList(Func<string, string?> environment, string name, string? defaultValue)
    {
        var raw = environment(name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            raw = defaultValue ?? throw new ConfigurationException($"{name} is not set; it must list at least one value, comma-separated");
        }

        var values = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0)
        {
            throw new ConfigurationException($"{name} is '{raw}'; it must list at least one value, comma-separated");
        }

        return new HashSet<string>(values, StringComparer.Ordinal);
    }
}
