using System.Net;

namespace StudioSandbox.Studio;

/// <summary>
/// The origin every space is served from (real Studio gives each space a host of its own): the sandbox's second
/// listener, known once it is bound. Which space a request is for comes from its session.
/// </summary>
internal sealed class SpaceOrigin
{
    private (string Origin, IPEndPoint Endpoint)? _listener;

    public string Value => Listener.Origin;

    public void Set(Uri bound)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(bound.Host.Trim('[', ']')), bound.Port);
        _listener = ($"{bound.Scheme}://{bound.Authority}", endpoint);
    }

    /// <summary>True when the request came in on the space listener (by the address and port it reached).</summary>
    public bool Serves(HttpContext context)
    {
        var endpoint = Listener.Endpoint;
        var local = context.Connection.LocalIpAddress;
        return context.Connection.LocalPort == endpoint.Port
            && local is not null
            && (local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local).Equals(endpoint.Address);
    }

    private (string Origin, IPEndPoint Endpoint) Listener =>
        _listener ?? throw new InvalidOperationException("The space listener's address is not known yet");
}
