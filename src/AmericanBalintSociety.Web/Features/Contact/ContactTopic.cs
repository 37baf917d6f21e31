using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.Contact;

/// <summary>What a message to the society is about; each topic can go to its own people (<see cref="ContactOptions.Recipients"/>).</summary>
public enum ContactTopic
{
    [Display(Name = "General")]
    General,

    [Display(Name = "Membership")]
    Membership,

    [Display(Name = "Balint groups and training")]
    BalintGroups,

    [Display(Name = "Book orders")]
    BookOrders,

    [Display(Name = "Press")]
    Press,
}
