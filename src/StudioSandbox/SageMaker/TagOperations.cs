using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>
/// AddTags, ListTags, DeleteTags on the ARNs of the domain's user profiles and spaces
/// (<c>arn:aws:sagemaker:REGION:ACCOUNT:user-profile/DOMAIN/NAME</c>, <c>...:space/DOMAIN/NAME</c>). ListTags answers
/// one page: <c>MaxResults</c> is at least 50 and a resource holds at most 50 tags.
/// </summary>
internal sealed partial class TagOperations(SandboxOptions options, UserProfiles profiles, Spaces spaces)
{
    private const string ArnPattern = "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:.+";

    public JsonObject AddTags(ApiRequest request)
    {
        var resource = Resolve(request);
        var tags = TagList.Read(request, "Tags", required: true);
        if (!resource.Tags.TryAdd(tags))
        {
            throw AwsApiException.Validation($"The resource would have more than {ResourceTags.MaxTags} tags");
        }

        return new JsonObject { ["Tags"] = Describe(tags) };
    }

    public JsonObject ListTags(ApiRequest request)
    {
        request.Integer("MaxResults", min: 50, max: 100);
        request.Bounded("NextToken", 8192);
        var resource = Resolve(request);
        return new JsonObject { ["Tags"] = Describe(resource.Tags.List()) };
    }

    public JsonObject DeleteTags(ApiRequest request)
    {
        var resource = Resolve(request);
        resource.Tags.Remove(TagList.ReadKeys(request, "TagKeys"));
        return [];
    }

    private AppOwner Resolve(ApiRequest request)
    {
        var arn = request.Name("ResourceArn", value => value.Length <= 256 && ResourceArn().IsMatch(value), ArnPattern, required: true);
        request.ThrowIfInvalid();
        var prefix = $"arn:aws:sagemaker:{options.Region}:{options.AccountId}:";
        AppOwner? owner = null;
        if (arn!.StartsWith(prefix, StringComparison.Ordinal) && arn[prefix.Length..].Split('/') is [var type, var domain, var name] && domain == options.DomainId)
        {
            owner = type switch
            {
                "user-profile" when profiles.TryGet(name, out var profile) => profile,
                "space" when spaces.TryGet(name, out var space) => space,
                _ => null,
            };
        }

        return owner ?? throw AwsApiException.NotFound($"Resource '{arn}' does not exist or is not a user profile or space of domain {options.DomainId}");
    }

    private static JsonArray Describe(IEnumerable<KeyValuePair<string, string>> tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];

    [GeneratedRegex("^" + ArnPattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceArn();
}
