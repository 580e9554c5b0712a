namespace StudioSandbox.Studio;

/// <summary>The sandbox's own origin (scheme, host, port), known once the listener is bound: the domain's Studio URL.</summary>
internal sealed class StudioOrigin
{
    private string? _value;

    public string Value => _value ?? throw new InvalidOperationException("The sandbox's listener address is not known yet");

    public void Set(string value) => _value = value.TrimEnd('/');
}
