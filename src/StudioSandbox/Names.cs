using System.Text.RegularExpressions;

namespace StudioSandbox;

/// <summary>SageMaker's name patterns, anchored at both ends (<c>\z</c>: a trailing newline does not pass).</summary>
internal static partial class Names
{
    public const string DomainIdPattern = "d-(-*[a-z0-9]){1,61}";
    public const string ResourceNamePattern = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";
    public const string DisplayNamePattern = "(?!\\s*$).+";

    public static bool IsDomainId(string value) => value.Length <= 63 && DomainIdRegex().IsMatch(value);

    public static bool IsResourceName(string value) => value.Length <= 63 && ResourceNameRegex().IsMatch(value);

    /// <summary>SpaceDisplayName: up to 64 characters, not only white space, no line break.</summary>
    public static bool IsDisplayName(string value) => value.Length <= 64 && DisplayNameRegex().IsMatch(value);

    [GeneratedRegex("^" + DomainIdPattern + "\\z")]
    private static partial Regex DomainIdRegex();

    [GeneratedRegex("^" + ResourceNamePattern + "\\z")]
    private static partial Regex ResourceNameRegex();

    [GeneratedRegex("^(?!\\s*\\z)[^\\n\\r]+\\z")]
    private static partial Regex DisplayNameRegex();
}
