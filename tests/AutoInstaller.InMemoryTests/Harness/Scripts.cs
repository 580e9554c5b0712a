namespace AutoInstaller.InMemoryTests.Harness;

/// <summary>Setup scripts for the tests, in the administrator's format (a prelude, then <c># step: NAME</c> sections).</summary>
internal static class Scripts
{
    public const string Prelude = "#!/bin/bash\nset -euo pipefail\n";

    /// <summary>One step that counts its execution and prints the variables the pipeline sets.</summary>
    public static readonly string CountAndDescribe = Prelude + $"""
        # step: count
        {AppHome.CountExecution}
        # step: describe
        echo "profile=$AUTO_INSTALLER_USER_PROFILE"
        echo "space=$AUTO_INSTALLER_SPACE_NAME"
        echo "app=$AUTO_INSTALLER_APP_TYPE/$AUTO_INSTALLER_APP_NAME in $AUTO_INSTALLER_DOMAIN_ID ($AUTO_INSTALLER_REGION)"
        echo "run=$AUTO_INSTALLER_RUN_ID step=$AUTO_INSTALLER_STEP"
        """ + "\n";

    /// <summary>Counts its execution, then prints the numbered lines 1 to <paramref name="lines"/>.</summary>
    public static string CountThenPrint(int lines) => Prelude + $"""
        # step: count
        {AppHome.CountExecution}
        # step: print
        for i in $(seq 1 {lines}); do echo "line $i"; done
        """ + "\n";
}
