using System.Net.Http.Json;
using System.Text.Json;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// The sandbox's pool mode (<c>--jupyter-pool-size</c>): apps are served by shared Jupyter servers, which start with
/// the first app assigned to them and outlive the apps.
/// </summary>
public sealed class SandboxJupyterPoolTests : IAsyncLifetime
{
    private SandboxHost? _host;

    private SandboxHost Host => _host!;

    public async Task InitializeAsync() => _host = await SandboxHost.StartAsync(["--jupyter-pool-size", "1"]);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoAppsShareThePoolsOneServerWhichOutlivesTheirDeletion()
    {
        await Host.SageMaker.CreateReadyUserAsync("pooled-a");
        await Host.SageMaker.CreateReadyUserAsync("pooled-b");

        var first = await Host.Admin.GetJupyterProcessIdAsync("pooled-a");
        var second = await Host.Admin.GetJupyterProcessIdAsync("pooled-b");
        using var http = new HttpClient { BaseAddress = Host.Origin };
        var members = await http.GetFromJsonAsync<JsonElement>("/_sandbox/jupyter-pool");

        Assert.NotNull(first);
        Assert.Equal(first, second);
        var member = Assert.Single(members.EnumerateArray());
        Assert.Equal("JupyterServer", member.GetProperty("appType").GetString());
        Assert.Equal("jupyterserver-00", member.GetProperty("name").GetString());
        Assert.Equal(first, member.GetProperty("processId").GetInt32());
        Assert.Empty(SandboxProcesses.Of(Host.Root, "pooled-a"));

        await Host.SageMaker.InvokeAsync("DeleteApp", SageMakerTestClient.JupyterServerApp("pooled-a"));
        await Host.SageMaker.WaitForJupyterServerStatusAsync("pooled-a", "Deleted", TimeSpan.FromSeconds(60));

        Assert.Equal("InService", await Host.SageMaker.GetJupyterServerStatusAsync("pooled-b"));
        Assert.Equal(first, await Host.Admin.GetJupyterProcessIdAsync("pooled-b"));
    }
}
