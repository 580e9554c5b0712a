namespace StudioSandbox.Studio;

/// <summary>What an app belongs to: a user profile (Studio Classic) or a space (new Studio).</summary>
internal enum AppOwnerKind
{
    UserProfile,
    Space,
}

/// <summary>A user profile or a space of the sandbox's domain, and where its files live under the root.</summary>
internal abstract class AppOwner(string name, string directory, DateTimeOffset creationTime)
{
    public string Name { get; } = name;

    public DateTimeOffset CreationTime { get; } = creationTime;

    public abstract AppOwnerKind Kind { get; }

    /// <summary><c>ROOT/users/NAME</c> or <c>ROOT/spaces/NAME</c>: socket, logs and the home directory.</summary>
    public string Directory { get; } = directory;

    public string Home => Path.Combine(Directory, "home");

    public string JupyterSocket => Path.Combine(Directory, "jupyter.sock");

    public string JupyterLog => Path.Combine(Directory, "jupyter.log");

    /// <summary>Setup scripts append one line per run to this file; the line count is the executions counter.</summary>
    public string ExecutionLog => Path.Combine(Directory, "executions.log");

    /// <summary>The resource's tags (SageMaker's AddTags, ListTags, DeleteTags, and Tags on creation), by key.</summary>
    public ResourceTags Tags { get; } = new();

    /// <summary>For messages: <c>user 'alice'</c>, <c>space 'team'</c>.</summary>
    public override string ToString() => $"{(Kind == AppOwnerKind.Space ? "space" : "user")} '{Name}'";
}
