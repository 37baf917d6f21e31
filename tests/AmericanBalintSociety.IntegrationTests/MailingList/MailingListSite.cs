using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.MailingList;

/// <summary>A site whose clock the test moves (links expire, the hourly mail cap passes).</summary>
public sealed class MailingListSite : ClockedTestSite
{
    public MailingListSite()
    {
        // The list's background work would wake whenever the test moves the clock; its housekeeping is tested on its own.
        Settings["MailingList:Sending:Enabled"] = "false";
    }
}
