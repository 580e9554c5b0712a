using System.Globalization;
using System.Net;
using System.Text.Json;
using StudioSandbox.Aws;

namespace StudioSandbox.SageMaker;

/// <summary>
/// Reads members of a JSON 1.1 request (or of a structure inside it) and collects validation errors worded like
/// SageMaker's, naming a nested member by its path, e.g. <c>'ownershipSettings.ownerUserProfileName'</c>.
/// </summary>
internal sealed class ApiRequest
{
    private readonly List<string> _errors;
    private readonly string _path;

    private ApiRequest(JsonElement body, List<string> errors, string path)
    {
        Body = body;
        _errors = errors;
        _path = path;
    }

    public JsonElement Body { get; }

    public static ApiRequest Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Serialization("The request body must be a JSON object");
            }

            return new ApiRequest(document.RootElement.Clone(), [], "");
        }
        catch (JsonException e)
        {
            throw Serialization($"The request body is not valid JSON: {e.Message}");
        }
    }

    public string? Name(string member, Func<string, bool> isValid, string pattern, bool required)
    {
        var value = String(member, required);
        if (value is not null && !isValid(value))
        {
            Fail(member, $"'{value}'", $"Member must satisfy regular expression pattern: {pattern}");
        }

        return value;
    }

    public string? OneOf(string member, IReadOnlyCollection<string> allowed, bool required)
    {
        var value = String(member, required);
        if (value is not null && !allowed.Contains(value))
        {
            Fail(member, $"'{value}'", $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return value;
    }

    public string? String(string member, bool required)
    {
        if (!Body.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Fail(member, "null", "Member must not be null");
            }

            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Serialization($"'{member}' must be a string");
    }

    public string? Bounded(string member, int maxLength)
    {
        var value = String(member, required: false);
        if (value is not null && value.Length > maxLength)
        {
            Fail(member, $"'{value}'", $"Member must have length less than or equal to {maxLength}");
        }

        return value;
    }

    /// <summary>A structure member, read through the returned request (which shares this one's errors); null when absent.</summary>
    public ApiRequest? Structure(string member)
    {
        if (!Body.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? new ApiRequest(value, _errors, $"{_path}{Camel(member)}.")
            : throw Serialization($"'{member}' must be a structure (a JSON object)");
    }

    public int? Integer(string member, int min, int max)
    {
        if (!Body.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw Serialization($"'{member}' must be an integer");
        }

        if (number < min)
        {
            Fail(member, $"'{number}'", $"Member must have value greater than or equal to {min}");
        }
        else if (number > max)
        {
            Fail(member, $"'{number}'", $"Member must have value less than or equal to {max}");
        }

        return number;
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            var count = _errors.Count == 1 ? "1 validation error" : $"{_errors.Count.ToString(CultureInfo.InvariantCulture)} validation errors";
            throw AwsApiException.Validation($"{count} detected: {string.Join("; ", _errors)}");
        }
    }

    private void Fail(string member, string shownValue, string constraint) =>
        _errors.Add($"Value {shownValue} at '{_path}{Camel(member)}' failed to satisfy constraint: {constraint}");

    private static string Camel(string member) => char.ToLowerInvariant(member[0]) + member[1..];

    private static AwsApiException Serialization(string message) =>
        AwsApiException.FrontEnd(HttpStatusCode.BadRequest, "SerializationException", message);
}
