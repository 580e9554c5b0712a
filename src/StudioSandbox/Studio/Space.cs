using System.Text.Json.Nodes;

namespace StudioSandbox.Studio;

/// <summary>A space of the sandbox's domain (new Studio); its files are under <c>ROOT/spaces/NAME</c>.</summary>
internal sealed class Space(string name, string spacesDirectory, DateTimeOffset creationTime, SpaceDefinition definition)
    : AppOwner(name, Path.Combine(spacesDirectory, name), creationTime)
{
    public const string Private = "Private";
    public const string Shared = "Shared";

    public override AppOwnerKind Kind => AppOwnerKind.Space;

    public SpaceDefinition Definition { get; } = definition;

    /// <summary>A private space opens only for its owner; a shared one (or one without sharing settings) for every user profile.</summary>
    public bool MayBeOpenedBy(string userProfileName) =>
        Definition.SharingType != Private || Definition.OwnerUserProfileName == userProfileName;
}

/// <summary>What CreateSpace was given, as DescribeSpace returns it.</summary>
/// <param name="Settings">SpaceSettings as given (its AppType checked), or null.</param>
internal sealed record SpaceDefinition(
    string? OwnerUserProfileName,
    string? SharingType,
    string? AppType,
    string? DisplayName,
    JsonObject? Settings);
