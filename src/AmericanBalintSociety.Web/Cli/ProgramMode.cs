namespace AmericanBalintSociety.Web.Cli;

/// <summary>What one run of the program does (<see cref="CommandLineApp.ModeOf"/>).</summary>
public enum ProgramMode
{
    /// <summary>Start the site.</summary>
    Site,

    /// <summary>Run an operator command with the site's configuration and services.</summary>
    Command,

    /// <summary>Print help, the version, or the usage for an unknown command, and exit.</summary>
    Answer,
}
