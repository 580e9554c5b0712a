namespace StudioSandbox.Studio;

/// <summary>A user profile of the sandbox's domain and where its files live under the root.</summary>
internal sealed class UserProfile(string name, string usersDirectory, DateTimeOffset creationTime)
{
    public string Name { get; } = name;

    public DateTimeOffset CreationTime { get; } = creationTime;

    /// <summary><c>ROOT/users/NAME</c>: socket, logs and the home directory of this user.</summary>
    public string Directory { get; } = Path.Combine(usersDirectory, name);

    public string Home => Path.Combine(Directory, "home");

    public string JupyterSocket => Path.Combine(Directory, "jupyter.sock");

    public string JupyterLog => Path.Combine(Directory, "jupyter.log");

    /// <summary>Setup scripts append one line per run to this file; the line count is the executions counter.</summary>
    public string ExecutionLog => Path.Combine(Directory, "executions.log");
}
