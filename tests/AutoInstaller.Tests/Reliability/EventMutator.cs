using System.Text;
using System.Text.Json.Nodes;
using AutoInstaller.Tests.Events;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// Seeded mutations of a valid CreateApp event: structural ones (a field set to a hostile value or another type,
/// removed, duplicated, renamed) and byte-level ones (flips, cuts, insertions, repeats, truncation), one to three each.
/// </summary>
internal sealed class EventMutator(int seed)
{
    private static readonly string[][] Fields =
    [
        ["source"], ["detail-type"], ["account"], ["region"], ["detail"],
        ["detail", "eventSource"], ["detail", "eventName"], ["detail", "awsRegion"], ["detail", "eventID"],
        ["detail", "recipientAccountId"], ["detail", "errorCode"], ["detail", "requestParameters"],
        ["detail", "requestParameters", "domainId"], ["detail", "requestParameters", "userProfileName"],
        ["detail", "requestParameters", "spaceName"], ["detail", "requestParameters", "appType"],
        ["detail", "requestParameters", "appName"],
    ];

    private static readonly string[] HostileStrings =
    [
        "", " ", "a$(touch /tmp/pwn)", "`id`", "x;rm -rf ~", "a|sh", "a&&b", "'", "\"", "\\", "\n", "alice\n", "a\u0000b",
        "../../etc/passwd", "%2e%2e%2f", "ålice", "\u0430lice", "ali\u200bce", "a\u202eb", "🚀", "d-sandbox00001", "alice",
        "JupyterServer", "JupyterLab", "KernelGateway", "CreateApp", "aws.sagemaker", "aws.amplify", "sagemaker.amazonaws.com",
        "us-east-1", "eu-west-1", "123456789012", "210987654321", "6f1c2f4e-3b5a-4c1d-9e2f-0a1b2c3d4e5f", "default",
        "ThrottlingException", new string('a', 64), new string('a', 63), new string('x', 5000), "d-other0001", "${IFS}",
    ];

    private readonly Random random = new(seed);

    public byte[] Next()
    {
        var json = CreateAppEvents.JupyterServer();
        var structural = random.Next(3) != 0;
        var count = random.Next(1, 4);
        if (structural)
        {
            for (var i = 0; i < count; i++)
            {
                MutateField(json);
            }
        }

        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        if (!structural || random.Next(4) == 0)
        {
            for (var i = 0; i < count; i++)
            {
                bytes = MutateBytes(bytes);
            }
        }

        return bytes;
    }

    private void MutateField(JsonObject root)
    {
        var path = Fields[random.Next(Fields.Length)];
        var parent = root;
        foreach (var segment in path[..^1])
        {
            if (parent[segment] is not JsonObject child)
            {
                return;
            }

            parent = child;
        }

        var name = path[^1];
        switch (random.Next(6))
        {
            case 0:
                parent.Remove(name);
                break;
            case 1:
                parent[name] = OtherType();
                break;
            case 2:
                var value = parent[name];
                parent.Remove(name);
                parent[random.Next(2) == 0 ? name.ToUpperInvariant() : name + " "] = value;
                break;
            default:
                parent[name] = HostileStrings[random.Next(HostileStrings.Length)];
                break;
        }
    }

    private JsonNode? OtherType() => random.Next(6) switch
    {
        0 => null,
        1 => random.Next(),
        2 => random.Next(2) == 0,
        3 => new JsonArray("alice", 1),
        4 => new JsonObject { ["value"] = "alice" },
        _ => -1.5e300,
    };

    private byte[] MutateBytes(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return [(byte)random.Next(256)];
        }

        var at = random.Next(bytes.Length);
        var length = Math.Min(random.Next(1, 16), bytes.Length - at);
        return random.Next(6) switch
        {
            0 => [.. bytes[..at], (byte)(bytes[at] ^ (1 << random.Next(8))), .. bytes[(at + 1)..]],
            1 => [.. bytes[..at], .. bytes[(at + length)..]],
            2 => [.. bytes[..at], .. RandomBytes(length), .. bytes[at..]],
            3 => [.. bytes[..(at + length)], .. bytes[at..]],
            4 => bytes[..at],
            _ => [.. bytes[..at], .. "\"userProfileName\":\"x\","u8, .. bytes[at..]],
        };
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
