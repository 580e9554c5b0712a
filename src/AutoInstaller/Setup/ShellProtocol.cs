namespace AutoInstaller.Setup;

/// <summary>
/// The marker lines by which the function reads a shell and a run. A shell's reply is
/// <c>@@auto-installer:NONCE:VERB ...</c>, printed by its <c>reply</c> function with a nonce of that shell; a command
/// line never holds a whole marker (its parts are printf arguments), so step output, the user's shell or an older
/// shell cannot print one. The runner's own markers in run.log are <c>@@auto-installer:run-start|step-start|step-end|run-end ...</c>
/// (<see cref="RunProgress"/> reads them; <c>runner.sh</c> writes them).
/// </summary>
internal static class ShellProtocol
{
    public const string MarkerPrefix = "@@auto-installer:";

    /// <summary>Characters kept of an output line; the rest of a longer line is dropped as it arrives.</summary>
    public const int MaxLineChars = 8192;

    /// <summary>
    /// The shell definitions every shell of a run has: <c>reply VERB ...</c> prints a reply, and <c>alive PID START</c> is
    /// true while that process runs with that start time.
    /// </summary>
    public static string Prelude(string nonce) =>
        $"reply() {{ builtin printf '@@%s:%s:%s\\n' auto-installer {nonce} \"$*\"; }}; " +
        "alive() { local s w=$2; IFS= read -r s 2>/dev/null < \"/proc/$1/stat\" || return 1; s=${s##*) }; set -f; set -- $s; set +f; [ \"$1\" != Z ] && [ \"${20-}\" = \"$w\" ]; }";

    /// <summary>What a reply of the shell with this nonce starts with.</summary>
    public static string ReplyPrefix(string nonce) => $"{MarkerPrefix}{nonce}:";

    /// <summary>The rest of a reply with this verb, or null when the line is no such reply (a reply may end a line).</summary>
    public static string? AfterReply(string line, string nonce, string verb)
    {
        var prefix = $"{ReplyPrefix(nonce)}{verb}";
        var at = line.IndexOf(prefix, StringComparison.Ordinal);
        var end = at + prefix.Length;
        return at >= 0 && (end == line.Length || line[end] == ' ') ? line[end..].Trim() : null;
    }
}
