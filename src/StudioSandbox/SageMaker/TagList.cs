using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using StudioSandbox.Aws;

namespace StudioSandbox.SageMaker;

/// <summary>
/// The <c>Tag</c> and <c>TagKeyList</c> shapes of SageMaker's API model: a key of 1 to 128 and a value of 0 to 256
/// characters, both of letters, separators (spaces), digits and <c>_ . : / = + - @</c> (so no comma), at most 50 in
/// a list; keys that start with <c>aws:</c> are AWS's own.
/// </summary>
internal static partial class TagList
{
    public const string Pattern = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";
    private const int MaxKeyLength = 128;
    private const int MaxValueLength = 256;
    private const int MaxItems = 50;

    /// <summary>The <c>Tags</c> member (a list of <c>{Key, Value}</c>); empty when absent and not required.</summary>
    public static List<KeyValuePair<string, string>> Read(ApiRequest request, string member, bool required)
    {
        if (!request.Body.TryGetProperty(member, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return required ? throw AwsApiException.Validation($"Value null at '{Camel(member)}' failed to satisfy constraint: Member must not be null") : [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Serialization($"'{member}' must be a list");
        }

        var errors = new List<string>();
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Serialization($"each of '{member}' must be a structure with Key and Value");
            }

            var key = StringMember(item, "Key");
            var value = StringMember(item, "Value");
            if (key is null)
            {
                errors.Add($"Value null at '{Camel(member)}.member.key' failed to satisfy constraint: Member must not be null");
                continue;
            }

            Check(errors, $"{Camel(member)}.member.key", key, minLength: 1, MaxKeyLength);
            if (value is null)
            {
                errors.Add($"Value null at '{Camel(member)}.member.value' failed to satisfy constraint: Member must not be null");
                continue;
            }

            Check(errors, $"{Camel(member)}.member.value", value, minLength: 0, MaxValueLength);
            tags.Add(new(key, value));
        }

        CheckCount(errors, member, tags.Count, required ? 0 : -1);
        ThrowIfAny(errors);
        if (tags.FirstOrDefault(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { Key: { } reserved })
        {
            throw AwsApiException.Validation($"Tag keys starting with 'aws:' are reserved for AWS use: '{reserved}'");
        }

        return tags;
    }

    /// <summary>The <c>TagKeys</c> member of DeleteTags: 1 to 50 keys.</summary>
    public static List<string> ReadKeys(ApiRequest request, string member)
    {
        if (!request.Body.TryGetProperty(member, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            throw AwsApiException.Validation($"Value null at '{Camel(member)}' failed to satisfy constraint: Member must not be null");
        }

        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String))
        {
            throw Serialization($"'{member}' must be a list of strings");
        }

        var errors = new List<string>();
        var keys = list.EnumerateArray().Select(k => k.GetString()!).ToList();
        foreach (var key in keys)
        {
            Check(errors, $"{Camel(member)}.member", key, minLength: 1, MaxKeyLength);
        }

        CheckCount(errors, member, keys.Count, minimum: 1);
        ThrowIfAny(errors);
        return keys;
    }

    private static void Check(List<string> errors, string path, string text, int minLength, int maxLength)
    {
        if (text.Length < minLength)
        {
            errors.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {minLength}");
        }
        else if (text.Length > maxLength)
        {
            errors.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {maxLength}");
        }
        else if (!Allowed().IsMatch(text))
        {
            errors.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {Pattern}");
        }
    }

    private static void CheckCount(List<string> errors, string member, int count, int minimum)
    {
        if (count > MaxItems)
        {
            errors.Add($"Value at '{Camel(member)}' failed to satisfy constraint: Member must have length less than or equal to {MaxItems}");
        }
        else if (minimum > 0 && count < minimum)
        {
            errors.Add($"Value '[]' at '{Camel(member)}' failed to satisfy constraint: Member must have length greater than or equal to {minimum}");
        }
    }

    private static void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0)
        {
            var count = errors.Count == 1 ? "1 validation error" : $"{errors.Count} validation errors";
            throw AwsApiException.Validation($"{count} detected: {string.Join("; ", errors)}");
        }
    }

    private static string? StringMember(JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Serialization($"'{name}' must be a string");

    private static string Camel(string member) => char.ToLowerInvariant(member[0]) + member[1..];

    private static AwsApiException Serialization(string message) =>
        AwsApiException.FrontEnd(HttpStatusCode.BadRequest, "SerializationException", message);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
