namespace AutoInstaller.Setup;

/// <summary>The stages of the pipeline after the accept decision, in their order; reasons and logs name them in lower case.</summary>
internal enum PipelineStage
{
    /// <summary>A space's app: <c>DescribeSpace</c> names its owner and its origin.</summary>
    Space,

    /// <summary>The tag that may choose recipes for this user.</summary>
    Recipes,

    /// <summary>The script (an S3 object is read now).</summary>
    Fetch,

    /// <summary><c>DescribeApp</c> until InService.</summary>
    Wait,

    /// <summary>A presigned URL, and the Studio session it opens.</summary>
    Login,

    /// <summary>Delivery, claim, and following the run.</summary>
    Run,
}

internal static class PipelineStageNames
{
    public static string Name(this PipelineStage stage) => stage switch
    {
        PipelineStage.Space => "space",
        PipelineStage.Recipes => "recipes",
        PipelineStage.Fetch => "fetch",
        PipelineStage.Wait => "wait",
        PipelineStage.Login => "login",
        _ => "run",
    };
}
