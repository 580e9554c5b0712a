using System.Text.RegularExpressions;
using AutoInstaller.Diagnostics;

namespace AutoInstaller.Tests;

/// <summary>
/// The function's folders depend one way, as the README's layout says: a folder may use only folders of lower layers,
/// never a sibling of its own layer or one above. The files at the top (Program, FunctionHandler) may use any.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>The layers, lowest first; the README's layout section lists the same order.</summary>
    private static readonly string[][] Layers =
    [
        ["Failures"],
        ["Diagnostics"],
        ["Aws", "Events", "Hosting", "Jupyter"],
        ["Lambda", "S3", "SageMaker"],
        ["Studio"],
        ["Setup"],
        ["Configuration"],
        ["Composition"],
        ["Cli"],
    ];

    private static readonly string Source = RepoPaths.Combine("src", "AutoInstaller");

    [Fact]
    public void EveryFolderOfTheFunctionHasALayer()
    {
        var folders = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Order().ToList();
        Assert.Equal(Layers.SelectMany(l => l).Order(), folders);
    }

    [Fact]
    public void NoFolderUsesOneOfItsOwnLayerOrAbove()
    {
        var layerOf = Layers.SelectMany((folders, layer) => folders.Select(f => (f, layer))).ToDictionary(p => p.f, p => p.layer);
        var violations = new List<string>();
        foreach (var (folder, layer) in layerOf)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Source, folder), "*.cs"))
            {
                foreach (Match use in Using().Matches(File.ReadAllText(file)))
                {
                    var used = use.Groups["folder"].Value;
                    if (used != folder && layerOf.TryGetValue(used, out var usedLayer) && usedLayer >= layer)
                    {
                        violations.Add($"{folder}/{Path.GetFileName(file)} uses {used}");
                    }
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void TheReadmeDocumentsEveryLogKey()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var documented = LogKeyRow().Matches(readme)
            .SelectMany(row => BackQuoted().Matches(row.Groups["keys"].Value).Select(m => m.Groups["key"].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal([], LogKeys.All.Where(key => !documented.Contains(key)).Order().ToArray());
    }

    [Fact]
    public void EveryKeyTheFunctionLogsIsAStableOne()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            var text = File.ReadAllText(file);
            foreach (Match call in LogCall().Matches(text))
            {
                foreach (Match field in LogFieldKey().Matches(Arguments(text, call.Index + call.Length)))
                {
                    used.Add(field.Groups["key"].Value);
                }
            }
        }

        Assert.NotEmpty(used);
        Assert.Equal([], used.Where(key => !LogKeys.All.Contains(key)).ToArray());
    }

    /// <summary>The text of a call's arguments, from after its opening parenthesis to the matching one.</summary>
    private static string Arguments(string text, int start)
    {
        var depth = 1;
        for (var i = start; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[start..i];
            }
        }

        return text[start..];
    }

    [GeneratedRegex(@"^using AutoInstaller\.(?<folder>\w+)", RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(@"\blog\.(Debug|Info|Warn|Error|Write)\(|\.LogFields\(")]
    private static partial Regex LogCall();

    [GeneratedRegex(@"\(\s*""(?<key>[a-z][A-Za-z0-9]*)""\s*,")]
    private static partial Regex LogFieldKey();

    /// <summary>A row of the README's log key table: its first cell holds one or more keys in back quotes.</summary>
    [GeneratedRegex(@"^\| (?<keys>`[a-zA-Z0-9]+`(, `[a-zA-Z0-9]+`)*) \|", RegexOptions.Multiline)]
    private static partial Regex LogKeyRow();

    [GeneratedRegex("`(?<key>[a-zA-Z0-9]+)`")]
    private static partial Regex BackQuoted();
}
