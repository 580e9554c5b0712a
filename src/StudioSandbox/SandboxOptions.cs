using System.Text.RegularExpressions;

namespace StudioSandbox;

/// <summary>Command-line and configuration settings of one sandbox instance.</summary>
internal sealed class SandboxOptions
{
    public string Root { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    public string DomainId { get; set; } = "d-sandbox00001";

    public string AccountId { get; set; } = "123456789012";

    public string AccessKeyId { get; set; } = "AKIASANDBOXEXAMPLE01";

    public string SecretAccessKey { get; set; } = "sandbox/secret/key/example/not/a/real/secret";

    public string JupyterServer { get; set; } = "/usr/bin/jupyter-server";

    /// <summary>Seconds a started Jupyter server may take to answer before its app is marked Failed.</summary>
    public int JupyterStartTimeoutSeconds { get; set; } = 60;

    public string UsersDirectory => Path.Combine(Root, "users");

    public string EventsDirectory => Path.Combine(Root, "events");

    public string BinDirectory => Path.Combine(Root, "bin");

    public void Validate()
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

        Root = Path.GetFullPath(Root);
    }
}

/// <summary>A setting that makes the sandbox unable to start; the message says which and why.</summary>
internal sealed class SandboxOptionsException(string message) : Exception(message);
