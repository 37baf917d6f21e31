using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.MailingList;

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
        return LooksHuman(form.Website, form.Issued);
    }

    /// <summary>The same checks for any public form that carries the honeypot and the issued moment (the contact form).</summary>
    public bool LooksHuman(string? honeypot, string? issuedField)
    {
        if (!string.IsNullOrEmpty(honeypot) || string.IsNullOrEmpty(issuedField))
        {
            return false;
        }

        try
        {
            var issued = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(_protector.Unprotect(issuedField), CultureInfo.InvariantCulture));
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
