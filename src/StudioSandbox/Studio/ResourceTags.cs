namespace StudioSandbox.Studio;

/// <summary>
/// The tags of one user profile or space. SageMaker allows 50 tags per resource; adding a key that exists replaces
/// its value. Listed in key order (ordinal): SageMaker documents no order, so callers must not depend on one.
/// </summary>
internal sealed class ResourceTags
{
    public const int MaxTags = 50;
    private readonly SortedDictionary<string, string> _tags = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Adds or replaces the tags; false (and nothing changed) when the resource would then hold more than 50.</summary>
    public bool TryAdd(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        lock (_gate)
        {
            var added = tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count(key => !_tags.ContainsKey(key));
            if (_tags.Count + added > MaxTags)
            {
                return false;
            }

            foreach (var (key, value) in tags)
            {
                _tags[key] = value;
            }

            return true;
        }
    }

    /// <summary>Removes the keys that exist; keys that do not are ignored, as SageMaker's DeleteTags does.</summary>
    public void Remove(IEnumerable<string> keys)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _tags.Remove(key);
            }
        }
    }

    public IReadOnlyList<KeyValuePair<string, string>> List()
    {
        lock (_gate)
        {
            return [.. _tags];
        }
    }
}
