using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

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

/// <summary>Validates a single, plain email address the way <see cref="SubscriberAddress.IsValid"/> does.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MailboxAddressAttribute : ValidationAttribute
{
    public MailboxAddressAttribute()
        : base("Enter a valid email address, like name@example.org.")
    {
    }

    public override bool IsValid(object? value) => value is null or "" || (value is string s && SubscriberAddress.IsValid(s));
}

/// <summary>
/// The two silent bot checks of the signup form: a honeypot field that must stay empty, and a minimum time between the
/// form being shown and posted (its moment travels in the form, protected by Data Protection so it cannot be forged).
/// A submission that fails either gets the same answer as a real one and does nothing.
/// </summary>
public sealed class SignupFormGuard(IDataProtectionProvider protection, TimeProvider clock, IOptions<MailingListOptions> options)
{
    /// <summary>A form older than this is not accepted (whoever left a page open for a day just sends it again).</summary>
    public static readonly TimeSpan MaximumFormAge = TimeSpan.FromDays(1);

    private readonly IDataProtector _protector = protection.CreateProtector("MailingList.SignupForm.Issued.v1");

    /// <summary>The value of the form's hidden "Issued" field: now, protected.</summary>
    public string Issue() => _protector.Protect(clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    public bool LooksHuman(SignupForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!string.IsNullOrEmpty(form.Website) || string.IsNullOrEmpty(form.Issued))
        {
            return false;
        }

        try
        {
            var issued = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(_protector.Unprotect(form.Issued), CultureInfo.InvariantCulture));
            var age = clock.GetUtcNow() - issued;

            // Too quick for a person; or a form time fetched once and replayed by a bot long after.
            return age >= options.Value.MinimumTimeOnForm && age <= MaximumFormAge;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException or OverflowException)
        {
            return false;
        }
    }
}
