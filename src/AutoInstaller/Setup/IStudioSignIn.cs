using AutoInstaller.SageMaker;
using AutoInstaller.Studio;

namespace AutoInstaller.Setup;

/// <summary>
/// The port of the login stage: signs in to Studio with a presigned URL, for one app, and gives the shells of that
/// app's Jupyter server. A failure is a <see cref="StudioLoginException"/> (transient when a fresh URL may work).
/// </summary>
internal interface IStudioSignIn
{
    Task<IShellHost> SignInAsync(PresignedUrl url, StudioLogin login, CancellationToken cancellationToken);
}

/// <summary>Signs in with a <see cref="StudioSession"/> on the app's origin; its shells are the terminals of the app's Jupyter server.</summary>
internal sealed class StudioSignIn(TimeSpan requestTimeout) : IStudioSignIn
{
    public async Task<IShellHost> SignInAsync(PresignedUrl url, StudioLogin login, CancellationToken cancellationToken)
    {
        var session = new StudioSession(login.Origin, requestTimeout);
        try
        {
            await session.LoginAsync(url, cancellationToken).ConfigureAwait(false);
            return new JupyterShellHost(session.Jupyter(login.JupyterBase), session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
