using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.MailingList;

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
