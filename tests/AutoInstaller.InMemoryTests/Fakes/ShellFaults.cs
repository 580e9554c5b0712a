namespace AutoInstaller.InMemoryTests.Fakes;

/// <summary>
/// How a <see cref="LocalShellHost"/> misbehaves, as a Jupyter server does at its worst: it refuses the first
/// <see cref="RefusedOpens"/> terminals with a 502, does not answer the first <see cref="AwayChecks"/> status checks,
/// and its n-th shell ends after <see cref="DropAfterLines"/>[n] output lines (shells past the list never end).
/// </summary>
internal sealed record ShellFaults
{
    public int RefusedOpens { get; init; }

    public int AwayChecks { get; init; }

    public IReadOnlyList<int> DropAfterLines { get; init; } = [];
}
