using System.Text;
using System.Text.RegularExpressions;
using AutoInstaller.Failures;

namespace AutoInstaller.Setup;

/// <summary>One recipe file: its name (the file name without <c>.sh</c>), its text, what it declares.</summary>
/// <param name="Parameters">The variables named on its <c># parameters:</c> line, forwarded to the step when set.</param>
/// <param name="FilesDirectory">The folder next to the recipes named on its <c># files:</c> line, or null.</param>
internal sealed record Recipe(string Name, string Text, IReadOnlyList<string> Parameters, string? FilesDirectory);

/// <summary>A setup script composed from recipes, with the recipes' parameter variables that were set.</summary>
internal sealed record ComposedScript(byte[] Script, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// The recipes shipped in <c>setup/recipes/NAME.sh</c>. A recipe is a step body: composing a list of them gives a
/// script with the prelude <c>set -euo pipefail</c> and one <c># step: NAME</c> per recipe, in the order given.
/// A recipe declares its parameters on a line <c># parameters: VAR ...</c>, and may declare <c># files: FOLDER</c>:
/// the regular files of <c>setup/FOLDER/</c> are embedded in its step as <c>AUTO_INSTALLER_RECIPE_FILES</c>,
/// one line <c>NAME BASE64</c> per file.
/// </summary>
internal sealed partial class RecipeCatalog
{
    public const string Setting = "AUTO_INSTALLER_SETUP_RECIPES";

    private readonly string _setupDirectory;
    private readonly SortedDictionary<string, Recipe> _recipes;

    private RecipeCatalog(string setupDirectory, SortedDictionary<string, Recipe> recipes)
    {
        _setupDirectory = setupDirectory;
        _recipes = recipes;
    }

    public IReadOnlyCollection<string> Names => _recipes.Keys;

    /// <summary>Reads every <c>*.sh</c> of <paramref name="recipesDirectory"/>; the files folders are its siblings.</summary>
    public static RecipeCatalog Load(string recipesDirectory)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(recipesDirectory, "*.sh");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{Setting}: cannot read the recipes in {recipesDirectory}: {e.Message}");
        }

        var recipes = new SortedDictionary<string, Recipe>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file, new UTF8Encoding(false, throwOnInvalidBytes: true));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                throw new ConfigurationException($"recipe file {file}: cannot read it as UTF-8 text: {e.Message}");
            }

            var recipe = Parse(Path.GetFileNameWithoutExtension(file), text);
            recipes.Add(recipe.Name, recipe);
        }

        return new RecipeCatalog(Path.GetDirectoryName(Path.GetFullPath(recipesDirectory))!, recipes);
    }

    /// <summary>Checks a recipe's name and text and reads its declarations.</summary>
    internal static Recipe Parse(string name, string text)
    {
        if (!RecipeName().IsMatch(name))
        {
            throw new ConfigurationException($"recipe file {name}.sh: a recipe name is lower-case letters, digits and '-'");
        }

        var parameters = new List<string>();
        string? files = null;
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (SetupScript.IsStepMarker(line))
            {
                throw new ConfigurationException($"recipe {name}: a recipe is one step and must not contain '# step:' lines");
            }

            if (Declaration().Match(line) is { Success: true } declaration)
            {
                var values = declaration.Groups["values"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (declaration.Groups["kind"].Value == "files")
                {
                    files = values is [var folder] && RecipeName().IsMatch(folder)
                        ? folder
                        : throw new ConfigurationException($"recipe {name}: '# files:' names one folder next to the recipes");
                    continue;
                }

                foreach (var parameter in values)
                {
                    parameters.Add(ParameterName().IsMatch(parameter) && !RunVariables.Reserved.Contains(parameter)
                        ? parameter
                        : throw new ConfigurationException($"recipe {name}: parameter '{parameter}' must be AUTO_INSTALLER_NAME in capitals and not one the function sets"));
                }
            }
        }

        return new Recipe(name, text, parameters, files);
    }

    /// <summary>
    /// The script for <paramref name="list"/> (the value of <c>AUTO_INSTALLER_SETUP_RECIPES</c>) and the values of
    /// the selected recipes' parameters that <paramref name="environment"/> has.
    /// </summary>
    public ComposedScript Compose(string list, Func<string, string?> environment)
    {
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Length > 0
            ? Compose(names, Setting, environment)
            : throw new ConfigurationException($"{Setting} is '{list}'; it must list at least one recipe, comma-separated");
    }

    /// <summary>
    /// The script for the recipes <paramref name="names"/>, in that order; <paramref name="origin"/> says where the
    /// list comes from in an error (an unknown recipe, one named twice).
    /// </summary>
    public ComposedScript Compose(IReadOnlyList<string> names, string origin, Func<string, string?> environment)
    {
        var script = new StringBuilder($"#!/usr/bin/env bash\n# Composed from the recipes {string.Join(", ", names)}.\nset -euo pipefail\n");
        var forwarded = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!_recipes.TryGetValue(name, out var recipe))
            {
                throw new ConfigurationException($"{origin} names the recipe '{name}', which does not exist; known recipes: {string.Join(", ", Names)}");
            }

            if (!seen.Add(name))
            {
                throw new ConfigurationException($"{origin} names the recipe '{name}' twice");
            }

            script.Append($"\n# step: {name}\n");
            if (recipe.FilesDirectory is { } folder)
            {
                script.Append($"{RunVariables.RecipeFiles}={ShellWords.Quote(EmbedFiles(recipe.Name, Path.Combine(_setupDirectory, folder)))}\n");
            }

            script.Append(recipe.Text.EndsWith('\n') ? recipe.Text : recipe.Text + "\n");
            foreach (var parameter in recipe.Parameters)
            {
                if (environment(parameter) is { } value)
                {
                    forwarded[parameter] = value;
                }
            }
        }

        return new ComposedScript(Encoding.UTF8.GetBytes(script.ToString()), forwarded);
    }

    private static string EmbedFiles(string recipe, string folder)
    {
        var lines = new StringBuilder();
        try
        {
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (!FileName().IsMatch(name))
                {
                    throw new ConfigurationException($"recipe {recipe}: file name '{name}' in {folder}: use letters, digits, '.', '_' and '-'");
                }

                lines.Append(name).Append(' ').Append(Convert.ToBase64String(File.ReadAllBytes(file))).Append('\n');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"recipe {recipe}: cannot read its files in {folder}: {e.Message}");
        }

        return lines.ToString();
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RecipeName();

    [GeneratedRegex(@"^#\s*(?<kind>parameters|files):(?<values>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();

    [GeneratedRegex("^AUTO_INSTALLER_[A-Z0-9_]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
