using System.Globalization;
using AutoInstaller.Events;
using AutoInstaller.Setup;
using AutoInstaller.Studio;

namespace AutoInstaller.Configuration;

/// <summary>The function's settings, read once from the environment and validated at start-up.</summary>
internal sealed record FunctionSettings(
    IReadOnlySet<string> DomainIds,
    IReadOnlySet<string> AppTypes,
    string Region,
    string SetupScriptPath,
    byte[] SetupScript,
    TimeSpan DeadlineMargin,
    Uri? SageMakerEndpoint,
    StudioOrigin? StudioOrigin,
    IReadOnlyDictionary<string, string> StepEnvironment,
    SharedSpacePolicy SharedSpaces = SharedSpacePolicy.Skip)
{
    public static readonly IReadOnlySet<string> SupportedAppTypes = new HashSet<string>(StringComparer.Ordinal) { "JupyterServer", "JupyterLab" };

    /// <param name="environment">Reads one variable.</param>
    /// <param name="defaultScript">The shipped script, used when AUTO_INSTALLER_SETUP_SCRIPT is not set; the shipped
    /// recipes are in the folder <c>recipes</c> next to it.</param>
    public static FunctionSettings FromEnvironment(Func<string, string?> environment, string defaultScript)
    {
        var domainIds = ParseDomainIds(environment, defaultValue: null);
        var appTypes = ParseAppTypes(environment);
        var region = environment("AWS_REGION") is { Length: > 0 } r
            ? r
            : throw new ConfigurationException("AWS_REGION is not set");
        var (scriptPath, script, stepEnvironment) = ReadSetup(environment, defaultScript);
        var endpoint = environment("AUTO_INSTALLER_SAGEMAKER_ENDPOINT") is { Length: > 0 } e
            ? ParseEndpoint(e)
            : null;
        var origin = environment("AUTO_INSTALLER_STUDIO_ORIGIN") is { Length: > 0 } o
            ? StudioOrigin.Configured("AUTO_INSTALLER_STUDIO_ORIGIN", o)
            : null;
        return new FunctionSettings(domainIds, appTypes, region, scriptPath, script, ParseMargin(environment), endpoint, origin, stepEnvironment, ParseSharedSpaces(environment));
    }

    /// <summary>
    /// The script from <c>AUTO_INSTALLER_SETUP_RECIPES</c> (composed from the shipped recipes, with their parameters
    /// that are set) or from <c>AUTO_INSTALLER_SETUP_SCRIPT</c> (or the shipped script); both set is an error.
    /// </summary>
    internal static (string Source, byte[] Script, IReadOnlyDictionary<string, string> StepEnvironment) ReadSetup(
        Func<string, string?> environment, string defaultScript)
    {
        var configuredScript = environment("AUTO_INSTALLER_SETUP_SCRIPT");
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

    /// <summary><c>AUTO_INSTALLER_APP_TYPES</c>, each one this build supports; <c>JupyterServer</c> when unset.</summary>
    internal static IReadOnlySet<string> ParseAppTypes(Func<string, string?> environment)
    {
        var appTypes = ParseList(environment, "AUTO_INSTALLER_APP_TYPES", defaultValue: "JupyterServer");
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
        const string name = "AUTO_INSTALLER_DEADLINE_MARGIN_SECONDS";
        var raw = environment(name);
        if (string.IsNullOrEmpty(raw))
        {
            return TimeSpan.FromSeconds(20);
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 5 and <= 300
            ? TimeSpan.FromSeconds(seconds)
            : throw new ConfigurationException($"{name} is '{raw}'; expected whole seconds from 5 to 300");
    }

    private static Uri ParseEndpoint(string value)
    {
        var uri = Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null;
        return uri ?? throw new ConfigurationException($"AUTO_INSTALLER_SAGEMAKER_ENDPOINT is '{value}'; expected an http(s) URL");
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
