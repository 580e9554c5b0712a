namespace AutoInstaller.Tests.Sandbox;

/// <summary>One sandbox shared by the tests of a class (<c>IClassFixture&lt;SandboxFixture&gt;</c>).</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxHost? _host;

    public SandboxHost Host => _host ?? throw new InvalidOperationException("The sandbox has not started");

    public async Task InitializeAsync() => _host = await SandboxHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
