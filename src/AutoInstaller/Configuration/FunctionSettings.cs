using AutoInstaller.Events;

namespace AutoInstaller.Configuration;

/// <summary>The function's settings, read once from the environment and validated at start-up.</summary>
internal sealed record FunctionSettings(
    IReadOnlySet<string> DomainIds,
    IReadOnlySet<string> AppTypes)
{
    public static readonly IReadOnlySet<string> SupportedAppTypes = new HashSet<string>(StringComparer.Ordinal) { "JupyterServer", "JupyterLab" };

    public static FunctionSettings FromEnvironment(Func<string, string?> environment)
    {
        var domainIds = ParseList(environment, "AUTO_INSTALLER_DOMAIN_IDS", defaultValue: null);
        foreach (var id in domainIds.Where(id => !SageMakerNames.IsDomainId(id)))
        {
            throw new ConfigurationException($"AUTO_INSTALLER_DOMAIN_IDS contains '{id}', which is not a SageMaker domain id (d-...)");
        }

        var appTypes = ParseList(environment, "AUTO_INSTALLER_APP_TYPES", defaultValue: "JupyterServer");
        foreach (var type in appTypes.Where(type => !SupportedAppTypes.Contains(type)))
        {
            throw new ConfigurationException(
                $"AUTO_INSTALLER_APP_TYPES contains '{type}'; supported: {string.Join(", ", SupportedAppTypes)}");
        }

        return new FunctionSettings(domainIds, appTypes);
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
