using System.Globalization;
using Amazon;
using AutoInstaller.Events;
using AutoInstaller.Failures;
using AutoInstaller.S3;
using AutoInstaller.Setup;
using AutoInstaller.Studio;

namespace AutoInstaller.Configuration;

/// <summary>The function's settings, read once from the environment and validated at start-up.</summary>
internal sealed record FunctionSettings(
    IReadOnlySet<string> DomainIds,
    IReadOnlySet<string> AppTypes,
    string Region,
    ScriptSource SetupScript,
    TimeSpan DeadlineMargin,
    Uri? SageMakerEndpoint,
    StudioOrigin? StudioOrigin,
    IReadOnlyDictionary<string, string> StepEnvironment,
    SharedSpacePolicy SharedSpaces = SharedSpacePolicy.Skip,
    string? AccountId = null,
    RecipeTags? RecipeTags = null)
{
    public const string AccountIdSetting = "AUTO_INSTALLER_ACCOUNT_ID";
    public const string DeadlineMarginSetting = "AUTO_INSTALLER_DEADLINE_MARGIN_SECONDS";
    public const string SageMakerEndpointSetting = "AUTO_INSTALLER_SAGEMAKER_ENDPOINT";

    public const string ScriptS3UriSetting = "AUTO_INSTALLER_SETUP_SCRIPT_S3_URI";
    public const string S3EndpointSetting = "AUTO_INSTALLER_S3_ENDPOINT";
    private const string ScriptSetting = "AUTO_INSTALLER_SETUP_SCRIPT";

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
        var (script, stepEnvironment) = ReadScriptSource(environment, defaultScript, () => region, TimeProvider.System);
        var endpoint = environment(SageMakerEndpointSetting) is { Length: > 0 } e
            ? ParseEndpoint(e)
            : null;
        var origin = environment("AUTO_INSTALLER_STUDIO_ORIGIN") is { Length: > 0 } o
            ? StudioOrigin.Configured("AUTO_INSTALLER_STUDIO_ORIGIN", o)
            : null;
        return new FunctionSettings(
            domainIds, appTypes, region, script, ParseMargin(environment), endpoint, origin, stepEnvironment, ParseSharedSpaces(environment),
            ParseAccountId(environment), RecipeTags.Shipped(defaultScript, environment));
    }

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
    /// Where the script comes from: the S3 object of <c>AUTO_INSTALLER_SETUP_SCRIPT_S3_URI</c> (read for each run, from
    /// <c>AUTO_INSTALLER_S3_ENDPOINT</c> or the region's S3), else what <see cref="ReadSetup"/> reads at once. The S3 URI
    /// together with a script file or recipes is an error. <paramref name="region"/> is asked only for S3.
    /// </summary>
    internal static (ScriptSource Script, IReadOnlyDictionary<string, string> StepEnvironment) ReadScriptSource(
        Func<string, string?> environment, string defaultScript, Func<string?> region, TimeProvider time)
    {
        var endpoint = environment(S3EndpointSetting) is { Length: > 0 } e ? ParseS3Endpoint(e) : null;
        if (environment(ScriptS3UriSetting) is not { Length: > 0 } s3Uri)
        {
            var recipes = environment(RecipeCatalog.Setting);
            var (location, script, stepEnvironment) = ReadSetup(environment, defaultScript);
            return string.IsNullOrWhiteSpace(recipes)
                ? (ScriptSource.Loaded(script, "file", location), stepEnvironment)
                : (ScriptSource.Loaded(script, "recipes", recipes.Trim()), stepEnvironment);
        }

        foreach (var other in new[] { ScriptSetting, RecipeCatalog.Setting }.Where(name => !string.IsNullOrWhiteSpace(environment(name))))
        {
            throw new ConfigurationException(
                $"{ScriptS3UriSetting} and {other} are both set; set one of them: an S3 object, a script file or recipes");
        }

        var uri = S3ObjectUri.Parse(ScriptS3UriSetting, s3Uri);
        var regionEndpoint = region() is { Length: > 0 } name
            ? RegionEndpoint.GetBySystemName(name)
            : throw new ConfigurationException($"{ScriptS3UriSetting} is set, but no AWS region is: set AWS_REGION");
        return (S3ScriptSource.Create(uri, regionEndpoint, endpoint, time), new Dictionary<string, string>());
    }

    /// <summary>
    /// The script from <c>AUTO_INSTALLER_SETUP_RECIPES</c> (composed from the shipped recipes, with their parameters
    /// that are set) or from <c>AUTO_INSTALLER_SETUP_SCRIPT</c> (or the shipped script); both set is an error.
    /// </summary>
    internal static (string Source, byte[] Script, IReadOnlyDictionary<string, string> StepEnvironment) ReadSetup(
        Func<string, string?> environment, string defaultScript)
    {
        var configuredScript = environment(ScriptSetting);
        var recipes = environment(RecipeCatalog.Setting);
        if (string.IsNullOrWhiteSpace(recipes))
        {
            var path = configuredScript is { Length: > 0 } ? configuredScript : defaultScript;
            return (path, ReadScript(path), new Dictionary<string, string>());
        }

        if (!string.IsNullOrEmpty(configuredScript))
        {
            throw new ConfigurationException(
                $"{RecipeCatalog.Setting} and AUTO_INSTALLER_SETUP_SCRIPT are both set; set one of them: recipes or a script file");
        }

        var recipesDirectory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(defaultScript))!, "recipes");
        var composed = RecipeCatalog.Load(recipesDirectory).Compose(recipes, environment);
        return ($"recipes {recipes}", composed.Script, composed.Environment);
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

    /// <summary>Reads a setup script and checks its step markers.</summary>
    internal static byte[] ReadScript(string path)
    {
        byte[] script;
        try
        {
            script = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"setup script {path}: cannot read it: {e.Message}");
        }

        try
        {
            _ = Setup.SetupScript.Split(script);
        }
        catch (SetupScriptException e)
        {
            throw new ConfigurationException($"setup script {path}: {e.Message}");
        }

        return script;
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
