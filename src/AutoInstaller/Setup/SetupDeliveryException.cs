namespace AutoInstaller.Setup;

/// <summary>The files on the server do not match what was sent (checksum), so nothing was started.</summary>
internal sealed class SetupDeliveryException(string message) : Exception(message);
