using System.Text.RegularExpressions;

namespace AutoInstaller.Events;

/// <summary>SageMaker's name patterns, from its API model.</summary>
internal static partial class SageMakerNames
{
    public static bool IsDomainId(string? value) => value is not null && DomainId().IsMatch(value);

    /// <summary>User profile, space and app names.</summary>
    public static bool IsResourceName(string? value) => value is not null && ResourceName().IsMatch(value);

    [GeneratedRegex("^d-(-*[a-z0-9]){1,61}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DomainId();

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();
}
