namespace StudioSandbox.Jupyter;

/// <summary>
/// Runs a command inside the Debian 13 root of JupyterLab 4 (<see cref="SandboxOptions.JupyterLabRoot"/>), in a
/// mount namespace of its own (<c>unshare --mount --propagation private</c>): <c>/proc</c> mounted, <c>/dev</c>
/// (with <c>/dev/pts</c>) bound, a private tmpfs on <c>/tmp</c>, and one directory of the host (the sandbox's root;
/// a test server's directory) bound at the same path, so homes, sockets and <c>ROOT/bin</c> keep their paths; then
/// <c>chroot</c>. The sandbox and the tests' own Jupyter servers both start the root's servers this way. The mounts exist only in that namespace,
/// which ends with the last process in it: a stopped or killed server leaves no mount behind. Every <c>exec</c> keeps
/// the process id, so the process started is the server itself.
/// </summary>
internal static class JupyterLabRoot
{
    /// <summary>PATH inside the root (Debian's default for root).</summary>
    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private const string EnterRoot = """
        set -e
        root=$1 sandbox=$2
        shift 2
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
        mkdir -p "$root$sandbox"
        mount --bind "$sandbox" "$root$sandbox"
        exec /usr/sbin/chroot "$root" "$@"
        """;

    /// <summary>The command line that runs <paramref name="command"/> inside <paramref name="root"/>, with <paramref name="boundDirectory"/> at its own path.</summary>
    public static IEnumerable<string> Command(string root, string boundDirectory, IEnumerable<string> command) =>
        ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", EnterRoot, "sh", root, boundDirectory, .. command];
}
