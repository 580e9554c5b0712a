using System.Security.Cryptography;
using System.Text;

namespace AutoInstaller.Setup;

/// <summary>A file to put on the Jupyter server, at a path relative to the run's staging directory.</summary>
internal sealed record DeliveredFile(string RelativePath, byte[] Content)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

/// <summary>
/// Turns files into shell command lines that recreate them byte for byte through a terminal: base64 in chunks,
/// each line short enough for a pty in canonical mode (which cuts lines near 4095 bytes), whatever the file's size
/// or line lengths, and independent of what the Contents API allows.
/// </summary>
internal static class FileDelivery
{
    public const int DefaultMaxLineBytes = 3000;

    /// <param name="directory">The target directory as a shell expression, e.g. <c>"$HOME"/.auto-installer/staging/x</c>.</param>
    public static IReadOnlyList<string> CommandLines(string directory, IReadOnlyList<DeliveredFile> files, int maxLineBytes = DefaultMaxLineBytes)
    {
        var folders = files.Select(f => Path.GetDirectoryName(f.RelativePath)).Where(d => !string.IsNullOrEmpty(d)).Distinct()
            .Select(d => $"{directory}/{ShellWords.Quote(d!)}");
        var commands = new List<string> { $"mkdir -p {directory} {string.Join(' ', folders)}".TrimEnd() };
        foreach (var file in files)
        {
            var target = $"{directory}/{ShellWords.Quote(file.RelativePath)}";
            var encoded = Convert.ToBase64String(file.Content);
            var chunk = maxLineBytes - target.Length - 32;
            var redirect = ">";
            for (var start = 0; start == 0 || start < encoded.Length; start += chunk)
            {
                commands.Add($"printf %s '{encoded.Substring(start, Math.Min(chunk, encoded.Length - start))}' {redirect} {target}.b64");
                redirect = ">>";
            }

            commands.Add($"base64 -d {target}.b64 > {target} && rm {target}.b64");
        }

        return Pack(commands, maxLineBytes);
    }

    /// <summary>A command printing one <c>@@auto-installer:sha256 HASH PATH</c> line per file.</summary>
    public static string ChecksumCommand(string directory, IReadOnlyList<DeliveredFile> files) =>
        $"(cd {directory} && sha256sum -- {string.Join(' ', files.Select(f => ShellWords.Quote(f.RelativePath)))}) | " +
        "while read -r hash path; do printf '@@%s:sha256 %s %s\\n' auto-installer \"$hash\" \"$path\"; done";

    /// <summary>Joins commands with <c>;</c> into as few lines as fit the limit.</summary>
    private static List<string> Pack(List<string> commands, int maxLineBytes)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var command in commands)
        {
            if (line.Length > 0 && line.Length + 2 + command.Length > maxLineBytes)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? "; " : string.Empty).Append(command);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }
}
