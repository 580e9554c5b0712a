using System.Globalization;
using System.Text.Json.Nodes;
using StudioSandbox.Aws;

namespace StudioSandbox.SageMaker;

/// <summary>The List operations' pages: <c>NextToken</c> is the offset of the next page.</summary>
internal static class Paging
{
    /// <summary>Puts one page of <paramref name="sorted"/> under <paramref name="member"/>, and NextToken when more follow.</summary>
    public static JsonObject Page<T>(IReadOnlyList<T> sorted, string member, int maxResults, string? nextToken, Func<T, JsonNode> describe)
    {
        var start = 0;
        if (nextToken is not null && !int.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw AwsApiException.Validation($"Invalid NextToken '{nextToken}'");
        }

        var result = new JsonObject { [member] = new JsonArray([.. sorted.Skip(start).Take(maxResults).Select(describe)]) };
        if (start + maxResults < sorted.Count)
        {
            result["NextToken"] = (start + maxResults).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }
}
