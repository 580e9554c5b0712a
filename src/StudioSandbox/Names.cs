using System.Text.RegularExpressions;

namespace StudioSandbox;

/// <summary>SageMaker's name patterns, anchored.</summary>
internal static partial class Names
{
    public const string DomainIdPattern = "d-(-*[a-z0-9]){1,61}";
    public const string ResourceNamePattern = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    public static bool IsDomainId(string value) => value.Length <= 63 && DomainIdRegex().IsMatch(value);

    public static bool IsResourceName(string value) => value.Length <= 63 && ResourceNameRegex().IsMatch(value);

    [GeneratedRegex("^" + DomainIdPattern + "$")]
    private static partial Regex DomainIdRegex();

    [GeneratedRegex("^" + ResourceNamePattern + "$")]
    private static partial Regex ResourceNameRegex();
}
