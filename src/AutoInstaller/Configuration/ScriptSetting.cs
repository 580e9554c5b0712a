using AutoInstaller.S3;

namespace AutoInstaller.Configuration;

/// <summary>Where the setup script comes from, as the environment says it. Nothing is read here: <see cref="Composition.ScriptLoading"/> reads it.</summary>
internal abstract record ScriptSetting;

/// <summary><c>AUTO_INSTALLER_SETUP_SCRIPT</c>, or the shipped script when nothing else is set.</summary>
internal sealed record ScriptFileSetting(string Path) : ScriptSetting;

/// <summary><c>AUTO_INSTALLER_SETUP_RECIPES</c>: the list of recipes to compose, from the shipped recipes folder.</summary>
internal sealed record RecipesSetting(string List, string RecipesDirectory) : ScriptSetting;

/// <summary><c>AUTO_INSTALLER_SETUP_SCRIPT_S3_URI</c>: read for each run, from <paramref name="Endpoint"/> (<c>AUTO_INSTALLER_S3_ENDPOINT</c>) or the region's S3.</summary>
internal sealed record S3ScriptSetting(S3ObjectUri Uri, Uri? Endpoint) : ScriptSetting;
