using System.Text;
using System.Text.RegularExpressions;

namespace AutoInstaller.Setup;

/// <summary>One named step: the script's prelude followed by the lines under its marker.</summary>
internal sealed record SetupStep(string Name, byte[] Script);

/// <summary>
/// An administrator's setup script, split into steps by marker lines <c># step: NAME</c>. Everything above the
/// first marker (shebang, <c>set -euo pipefail</c>, shared variables and functions) is the prelude, and each step
/// runs as its own bash process with the prelude first. A script without markers is one step named "setup".
/// </summary>
internal static partial class SetupScript
{
    public const int MaxStepNameLength = 80;

    /// <summary>The most steps a script may have: the runner names steps 001 to 999, and the result stays small.</summary>
    public const int MaxSteps = 200;

    public static IReadOnlyList<SetupStep> Split(byte[] script)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(script);
        }
        catch (DecoderFallbackException)
        {
            throw new SetupScriptException("the setup script is not UTF-8 text");
        }

        var lines = text.Split('\n');
        var prelude = new StringBuilder();
        var steps = new List<(string Name, StringBuilder Body)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var suffix = i < lines.Length - 1 ? "\n" : string.Empty;
            var marker = StepMarker().Match(line.TrimEnd('\r'));
            if (marker.Success)
            {
                if (steps.Count == MaxSteps)
                {
                    throw new SetupScriptException($"line {i + 1}: a script has at most {MaxSteps} steps");
                }

                steps.Add((ValidName(marker.Groups["name"].Value.Trim(), i + 1, steps), new StringBuilder()));
                continue;
            }

            (steps.Count == 0 ? prelude : steps[^1].Body).Append(line).Append(suffix);
        }

        if (steps.Count == 0)
        {
            return [new SetupStep("setup", script)];
        }

        return [.. steps.Select(step => new SetupStep(step.Name, Encoding.UTF8.GetBytes($"{prelude}{step.Body}")))];
    }

    /// <summary>Whether the line (without its line break) is a step marker.</summary>
    public static bool IsStepMarker(string line) => StepMarker().IsMatch(line);

    private static string ValidName(string name, int lineNumber, List<(string Name, StringBuilder Body)> earlier)
    {
        if (name.Length is 0 or > MaxStepNameLength || name.Any(char.IsControl))
        {
            throw new SetupScriptException($"line {lineNumber}: a step name must be 1 to {MaxStepNameLength} printable characters");
        }

        return earlier.Any(step => step.Name == name)
            ? throw new SetupScriptException($"line {lineNumber}: step '{name}' appears twice")
            : name;
    }

    [GeneratedRegex(@"^#\s*step:(?<name>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex StepMarker();
}

/// <summary>The setup script cannot be used as written; the message names the line.</summary>
internal sealed class SetupScriptException(string message) : Exception(message);
