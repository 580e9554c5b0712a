using System.Runtime.Versioning;

// The sandbox drives Linux processes: /proc, setsid, signals, unix sockets.
[assembly: SupportedOSPlatform("linux")]
