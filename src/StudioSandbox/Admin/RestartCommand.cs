namespace StudioSandbox.Admin;

/// <summary>
/// Writes <c>ROOT/bin/restart-jupyter-server</c>, the sandbox's stand-in for the command of that name in Studio
/// images: it asks the admin API to restart the Jupyter server of the user or space whose terminal runs it.
/// </summary>
internal static class RestartCommand
{
    public static void Write(SandboxOptions options, string origin)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Studio sandbox drives Linux processes (/proc, setsid, unix sockets)");
        }

        Directory.CreateDirectory(options.BinDirectory);
        var path = Path.Combine(options.BinDirectory, "restart-jupyter-server");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            # Studio sandbox: restarts this user's or space's Jupyter server (and so every terminal), like Studio's command.
            exec /usr/bin/python3 -c '
            import os, urllib.request
            space = os.environ.get("SANDBOX_SPACE_NAME")
            owner = "spaces/" + space if space else "users/" + os.environ["SANDBOX_USER_PROFILE"]
            url = "{{origin}}/_sandbox/" + owner + "/restart-jupyter"
            urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10)
            print("Jupyter server restart requested")
            '

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
