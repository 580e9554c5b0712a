using AutoInstaller.SageMaker;
using AutoInstaller.Setup;
using AutoInstaller.Studio;

namespace AutoInstaller.InMemoryTests.Fakes;

/// <summary>
/// The Studio login for one app, whose server's home is <paramref name="home"/>. It refuses the first
/// <see cref="RefusedLogins"/> sign-ins (transient, as an expired or used URL is, unless
/// <see cref="RefusalsTransient"/> is false), refuses a URL that is not on the login's origin as
/// <see cref="StudioSession"/> does, and otherwise gives a fresh <see cref="LocalShellHost"/> on the same home with
/// the faults of <see cref="Faults"/> at that moment.
/// </summary>
internal sealed class FakeStudio(string home) : IStudioSignIn
{
    private readonly Lock gate = new();
    private readonly List<(PresignedUrl Url, StudioLogin Login)> signIns = [];
    private readonly List<LocalShellHost> hosts = [];

    public int RefusedLogins { get; init; }

    public bool RefusalsTransient { get; init; } = true;

    public ShellFaults Faults { get; set; } = new();

    /// <summary>Every sign-in attempt, refused ones included, in order.</summary>
    public IReadOnlyList<(PresignedUrl Url, StudioLogin Login)> SignIns { get { lock (gate) { return [.. signIns]; } } }

    public IReadOnlyList<LocalShellHost> Hosts { get { lock (gate) { return [.. hosts]; } } }

    public Task<IShellHost> SignInAsync(PresignedUrl url, StudioLogin login, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            signIns.Add((url, login));
            if (signIns.Count <= RefusedLogins)
            {
                return Task.FromException<IShellHost>(new StudioLoginException(
                    $"login redirected to the AWS sign-in page (attempt {signIns.Count}): the presigned URL had expired or was used", RefusalsTransient));
            }

            if (!login.Origin.Contains(url.Value))
            {
                return Task.FromException<IShellHost>(new StudioLoginException(
                    $"the presigned URL is for {url.Value.Scheme}://{url.Value.Authority}, not the app's Studio origin {login.Origin}", transient: false));
            }

            var host = new LocalShellHost(home, Faults);
            hosts.Add(host);
            return Task.FromResult<IShellHost>(host);
        }
    }
}
