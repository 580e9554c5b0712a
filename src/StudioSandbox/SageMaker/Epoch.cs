namespace StudioSandbox.SageMaker;

/// <summary>JSON 1.1 timestamps: epoch seconds as a number, with fractions.</summary>
internal static class Epoch
{
    public static double Seconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000.0;
}
