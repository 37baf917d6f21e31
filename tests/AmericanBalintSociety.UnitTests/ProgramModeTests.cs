using AmericanBalintSociety.Web.Cli;

namespace AmericanBalintSociety.UnitTests;

public sealed class ProgramModeTests
{
    [Theory]
    [InlineData(ProgramMode.Site)]
    [InlineData(ProgramMode.Site, "--urls", "http://127.0.0.1:5000")]
    [InlineData(ProgramMode.Site, "urls=http://127.0.0.1:5000")]
    [InlineData(ProgramMode.Site, "/environment", "Staging")]
    [InlineData(ProgramMode.Command, "staff", "add")]
    [InlineData(ProgramMode.Command, "db", "migrate")]
    [InlineData(ProgramMode.Answer, "--version")]
    [InlineData(ProgramMode.Answer, "--help")]
    [InlineData(ProgramMode.Answer, "help", "staff")]
    [InlineData(ProgramMode.Answer, "backup")]
    [InlineData(ProgramMode.Answer, "staf", "add")]
    public void TheFirstArgument_SaysWhetherToStartTheSite_RunACommand_OrAnswer(ProgramMode expected, params string[] args) =>
        Assert.Equal(expected, CommandLineApp.ModeOf(args));
}
