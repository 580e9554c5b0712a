using System.Net;
using System.Text.RegularExpressions;

namespace StudioSandbox;

/// <summary>Command-line and configuration settings of one sandbox instance.</summary>
internal sealed class SandboxOptions
{
    private const int MaxJupyterPoolSize = 64;

    public string Root { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    public string DomainId { get; set; } = "d-sandbox00001";

    public string AccountId { get; set; } = "123456789012";

    public string AccessKeyId { get; set; } = "AKIASANDBOXEXAMPLE01";

    public string SecretAccessKey { get; set; } = "sandbox/secret/key/example/not/a/real/secret";

    public string JupyterServer { get; set; } = "/usr/bin/jupyter-server";

    /// <summary>The listener every space is served on: an IP address the domain's listener does not use, and a port (0: any free one).</summary>
    public string SpaceUrl { get; set; } = "http://127.0.0.2:0";

    /// <summary>
    /// The Debian 13 root (<c>.ci/build-jupyterlab-root</c>) whose JupyterLab 4 on jupyter_server 2.x serves every
    /// space's JupyterLab app; it must hold the builder's <c>.complete</c> stamp.
    /// </summary>
    public string JupyterLabRoot { get; set; } = "/var/cache/studio-auto-installer/trixie";

    /// <summary>The domain's <c>DefaultUserSettings.DefaultLandingUri</c>: <c>studio::</c> (new Studio's UI, as new domains have) or <c>app:JupyterServer:</c>.</summary>
    public string DefaultLandingUri { get; set; } = "studio::";

    /// <summary>Seconds a started Jupyter server may take to answer before its app is marked Failed.</summary>
    public int JupyterStartTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// 0 (the default): every JupyterServer and JupyterLab app runs a Jupyter server of its own. N &gt; 0: apps of each
    /// kind share N servers (<see cref="Jupyter.JupyterPool"/>), a simulation mode for load runs.
    /// </summary>
    public int JupyterPoolSize { get; set; }

    public string UsersDirectory => Path.Combine(Root, "users");

    public string SpacesDirectory => Path.Combine(Root, "spaces");

    public string EventsDirectory => Path.Combine(Root, "events");

    public string BinDirectory => Path.Combine(Root, "bin");

    public string PoolDirectory => Path.Combine(Root, "pool");

    /// <summary>Checks the settings; <paramref name="domainUrls"/> are the domain's listeners (<c>--urls</c>).</summary>
    public void Validate(IEnumerable<string> domainUrls)
    {
        if (string.IsNullOrWhiteSpace(Root))
        {
            throw new SandboxOptionsException("--root DIR is required: the directory for user homes, sockets and events");
        }

        if (!Names.IsDomainId(DomainId))
        {
            throw new SandboxOptionsException($"--domain-id '{DomainId}' does not match {Names.DomainIdPattern}");
        }

        if (!Regex.IsMatch(Region, "^[a-z]{2}(-[a-z]+)+-[0-9]$"))
        {
            throw new SandboxOptionsException($"--region '{Region}' is not a region name such as us-east-1");
        }

        if (!Regex.IsMatch(AccountId, "^[0-9]{12}$"))
        {
            throw new SandboxOptionsException($"--account-id '{AccountId}' must be 12 digits");
        }

        if (!File.Exists(JupyterServer))
        {
            throw new SandboxOptionsException($"Jupyter server executable '{JupyterServer}' not found (install Debian's jupyter-server and python3-terminado)");
        }

        if (!File.Exists(Path.Combine(JupyterLabRoot, ".complete")))
        {
            throw new SandboxOptionsException($"--jupyterlab-root '{JupyterLabRoot}' is not a complete JupyterLab root (no .complete stamp): run .ci/build-jupyterlab-root (make deps does)");
        }

        if (!SageMaker.LandingUri.DomainDefaults.Contains(DefaultLandingUri))
        {
            throw new SandboxOptionsException($"--default-landing-uri '{DefaultLandingUri}' must be one of {string.Join(", ", SageMaker.LandingUri.DomainDefaults)}");
        }

        if (JupyterPoolSize is < 0 or > MaxJupyterPoolSize)
        {
            throw new SandboxOptionsException($"--jupyter-pool-size {JupyterPoolSize} must be from 0 (a server per app) to {MaxJupyterPoolSize}");
        }

        ValidateSpaceUrl(domainUrls);
        Root = Path.GetFullPath(Root);
        JupyterLabRoot = Path.GetFullPath(JupyterLabRoot);
    }

    private void ValidateSpaceUrl(IEnumerable<string> domainUrls)
    {
        if (!Uri.TryCreate(SpaceUrl, UriKind.Absolute, out var space)
            || space.Scheme != Uri.UriSchemeHttp
            || space.AbsolutePath != "/"
            || !IPAddress.TryParse(space.Host.Trim('[', ']'), out var address)
            || address.Equals(IPAddress.Any)
            || address.Equals(IPAddress.IPv6Any))
        {
            throw new SandboxOptionsException($"--space-url '{SpaceUrl}' must be http://ADDRESS:PORT with one IP address, e.g. http://127.0.0.2:0");
        }

        foreach (var url in domainUrls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var domain) && string.Equals(domain.Host, space.Host, StringComparison.OrdinalIgnoreCase))
            {
                throw new SandboxOptionsException($"--space-url '{SpaceUrl}' must use another address than the domain's listener '{url}'");
            }
        }
    }
}

/// <summary>A setting that makes the sandbox unable to start; the message says which and why.</summary>
internal sealed class SandboxOptionsException(string message) : Exception(message);
