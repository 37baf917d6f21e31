namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>How a membership came about: dues paid, or granted by staff.</summary>
public enum MembershipKind
{
    /// <summary>Annual dues, through Stripe or recorded by staff (a cheque).</summary>
    Paid,

    /// <summary>Granted by staff in honour; ends on its end date, or never.</summary>
    Honorary,

    /// <summary>Granted by staff without dues (e.g. a speaker, a partner society); ends on its end date, or never.</summary>
    Complimentary,
}
