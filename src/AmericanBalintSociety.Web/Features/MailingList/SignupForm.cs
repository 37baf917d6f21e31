using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>What the "Add Me To Your Mailing List" form posts (the signup page and the home page's compact form).</summary>
public sealed class SignupForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [StringLength(SubscriberAddress.MaximumLength, ErrorMessage = "An email address can be at most {1} characters long.")]
    [MailboxAddress]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    [StringLength(SubscriberAddress.MaximumNameLength, ErrorMessage = "Your name can be at most {1} characters long.")]
    [Display(Name = "Your name (optional)")]
    public string? Name { get; set; }

    /// <summary>The honeypot: a field people never see (hidden by CSS and from assistive technology). Bots fill it in.</summary>
    public string? Website { get; set; }

    /// <summary>When the form was shown, protected so it cannot be forged (<see cref="SignupFormGuard"/>).</summary>
    public string? Issued { get; set; }

    /// <summary>"home" when posted from the home page's compact form.</summary>
    public string? Origin { get; set; }

    public SubscriptionSource Source => string.Equals(Origin, "home", StringComparison.Ordinal) ? SubscriptionSource.HomePage : SubscriptionSource.SignupPage;
}
