using System.Text.Json;
using AutoInstaller.Events;
using AutoInstaller.Tests;

namespace AutoInstaller.InMemoryTests.Harness;

/// <summary>The repository's sample CreateApp events (events/) and the policy that accepts them.</summary>
internal static class TestEvents
{
    public const string DomainId = "d-sandbox00001";
    public const string Region = "us-east-1";
    public const string Account = "123456789012";

    /// <summary>alice's Studio Classic JupyterServer app <c>default</c>.</summary>
    public static byte[] JupyterServer => Read("create-app-jupyterserver.json");

    /// <summary>The JupyterLab app <c>default</c> of the space <c>alice-lab</c>.</summary>
    public static byte[] JupyterLabSpace => Read("create-app-jupyterlab-space.json");

    /// <summary>A KernelGateway app, a type the policy does not enable.</summary>
    public static byte[] KernelGateway => Read("create-app-kernelgateway.json");

    public static AcceptPolicy Policy { get; } = new(
        new HashSet<string> { DomainId }, new HashSet<string> { "JupyterServer", "JupyterLab" }, Region, Account);

    /// <summary>The run id the pipeline takes from an event: its CloudTrail event id, in lower case.</summary>
    public static string RunIdOf(byte[] eventJson)
    {
        using var json = JsonDocument.Parse(eventJson);
        return json.RootElement.GetProperty("detail").GetProperty("eventID").GetString()!.ToLowerInvariant();
    }

    private static byte[] Read(string name) => File.ReadAllBytes(RepoPaths.Combine("events", name));
}
