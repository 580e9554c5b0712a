using System.Collections.Concurrent;

namespace StudioSandbox.Studio;

/// <summary>The spaces of the sandbox's one domain.</summary>
internal sealed class Spaces(SandboxOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Space> _spaces = new(StringComparer.Ordinal);

    public bool TryGet(string name, out Space space) => _spaces.TryGetValue(name, out space!);

    public IReadOnlyList<Space> All() => [.. _spaces.Values];

    /// <summary>Creates the space and its home directory; false when it already exists.</summary>
    public bool TryCreate(string name, SpaceDefinition definition, out Space space)
    {
        space = new Space(name, options.SpacesDirectory, time.GetUtcNow(), definition);
        if (!_spaces.TryAdd(name, space))
        {
            return false;
        }

        HomeDirectory.Prepare(space.Home, options);
        return true;
    }

    /// <summary>Forgets the space; its directory stays on disk.</summary>
    public bool TryRemove(string name) => _spaces.TryRemove(name, out _);
}
