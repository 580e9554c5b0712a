using System.Globalization;
using System.Net;
using System.Text.Json;
using StudioSandbox.Aws;

namespace StudioSandbox.SageMaker;

/// <summary>Reads members of a JSON 1.1 request and collects validation errors worded like SageMaker's.</summary>
internal sealed class ApiRequest(JsonElement body)
{
    private readonly List<string> _errors = [];

    public JsonElement Body { get; } = body;

    public static ApiRequest Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Serialization("The request body must be a JSON object");
            }

            return new ApiRequest(document.RootElement.Clone());
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
        _errors.Add($"Value {shownValue} at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: {constraint}");

    private static AwsApiException Serialization(string message) =>
        AwsApiException.FrontEnd(HttpStatusCode.BadRequest, "SerializationException", message);
}
