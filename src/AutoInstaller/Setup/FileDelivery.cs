using System.Security.Cryptography;
using System.Text;

namespace AutoInstaller.Setup;

/// <summary>A file to put on the Jupyter server, at a path relative to the run's staging directory.</summary>
internal sealed record DeliveredFile(string RelativePath, byte[] Content)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

/// <summary>
/// Turns files into shell command lines that recreate them byte for byte through a terminal, and checks what
/// arrived. Each file travels as <c>printf %b '...'</c> commands: printable ASCII as itself, a newline as
/// <c>\n</c>, every other byte (the quote and the backslash too) as <c>\xHH</c>. A line therefore holds only
/// printable ASCII, which a pty's line discipline passes untouched, and each line stays short enough for a pty in
/// canonical mode (which cuts lines near 4095 bytes), whatever the file's size or line lengths. <c>printf</c> is a
/// bash builtin: a file costs no process on the server, where a fork takes milliseconds on a busy machine.
/// </summary>
internal static class FileDelivery
{
    public const int DefaultMaxLineBytes = 3000;
    public const string ChecksumBegin = "sha256-begin";
    public const string ChecksumEnd = "sha256-end";
    private const string HexDigits = "0123456789abcdef";

    /// <param name="directory">The target directory as a shell expression, e.g. <c>"$HOME"/.auto-installer/staging/x</c>.</param>
    public static IReadOnlyList<string> CommandLines(string directory, IReadOnlyList<DeliveredFile> files, int maxLineBytes = DefaultMaxLineBytes)
    {
        var folders = files.Select(f => Path.GetDirectoryName(f.RelativePath)).Where(d => !string.IsNullOrEmpty(d)).Distinct()
            .Select(d => $"{directory}/{ShellWords.Quote(d!)}");
        var commands = new List<string> { $"command -p mkdir -p {directory} {string.Join(' ', folders)}".TrimEnd() };
        foreach (var file in files)
        {
            var target = $"{directory}/{ShellWords.Quote(file.RelativePath)}";
            var redirect = ">";
            foreach (var piece in Escaped(file.Content, maxLineBytes - target.Length - 32))
            {
                commands.Add($"printf %b '{piece}' {redirect} {target}");
                redirect = ">>";
            }
        }

        return Pack(commands, maxLineBytes);
    }

    /// <summary>
    /// A command that prints <c>sha256sum</c>'s line for each file (or its complaint about one it cannot read)
    /// between the channel's replies <c>sha256-begin</c> and <c>sha256-end</c>: one answer however
    /// many files arrived, and one process.
    /// </summary>
    public static string ChecksumCommand(string directory, IReadOnlyList<DeliveredFile> files) =>
        $"reply {ChecksumBegin}; " +
        $"(cd {directory} && command -p sha256sum -- {string.Join(' ', files.Select(f => ShellWords.Quote(f.RelativePath)))}); " +
        $"reply {ChecksumEnd}";

    /// <summary>What is wrong with the delivery according to the checksum lines, or null when every file arrived as sent.</summary>
    public static string? FindMismatch(IReadOnlyList<string> reported, IReadOnlyList<DeliveredFile> files)
    {
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (i >= reported.Count || !reported[i].EndsWith($"  {file.RelativePath}", StringComparison.Ordinal))
            {
                return $"{file.RelativePath} did not arrive";
            }

            if (reported[i] != $"{file.Sha256}  {file.RelativePath}")
            {
                return $"{file.RelativePath} arrived with a different checksum";
            }
        }

        return reported.Count == files.Count ? null : $"the checksum reply has {reported.Count} lines for {files.Count} files";
    }

    /// <summary>The file as <c>printf %b</c> arguments of at most <paramref name="maxChars"/> characters, never splitting an escape.</summary>
    private static IEnumerable<string> Escaped(byte[] content, int maxChars)
    {
        var piece = new StringBuilder();
        foreach (var b in content)
        {
            var plain = b is >= 0x20 and < 0x7f and not (byte)'\'' and not (byte)'\\';
            var width = plain ? 1 : b == '\n' ? 2 : 4;
            if (piece.Length + width > maxChars)
            {
                yield return piece.ToString();
                piece.Clear();
            }

            if (plain)
            {
                piece.Append((char)b);
            }
            else if (b == '\n')
            {
                piece.Append("\\n");
            }
            else
            {
                piece.Append("\\x").Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xf]);
            }
        }

        yield return piece.ToString();
    }

    /// <summary>
    /// What the shell said when writing the files failed: its error lines (e.g. <c>No space left on device</c>),
    /// at most three, each cut at 300 characters.
    /// </summary>
    public static string Describe(IReadOnlyList<string> errors)
    {
        var said = errors.Where(line => line.Trim().Length > 0).TakeLast(3).Select(line => line.Length > 300 ? line[..300] + "…" : line).ToList();
        return said.Count == 0 ? "the shell said nothing" : string.Join(" | ", said);
    }

    /// <summary>Joins commands with <c>&amp;&amp;</c> into as few lines as fit the limit: a line stops at its first failing command.</summary>
    private static List<string> Pack(List<string> commands, int maxLineBytes)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var command in commands)
        {
            if (line.Length > 0 && line.Length + 4 + command.Length > maxLineBytes)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " && " : string.Empty).Append(command);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }
}
