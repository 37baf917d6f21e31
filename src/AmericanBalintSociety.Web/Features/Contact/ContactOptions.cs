using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.MailingList;

namespace AmericanBalintSociety.Web.Features.Contact;

/// <summary>
/// Who receives the contact form's messages, and how long they are kept. <c>Contact:Recipients</c> maps a topic
/// (<see cref="ContactTopic"/> name) or <c>Default</c> to a list of addresses, e.g.
/// <c>Contact__Recipients__Default__0=office@example.org</c>, <c>Contact__Recipients__Membership__0=…</c>.
/// With none set, a message is still stored and staff read it under Admin → Messages.
/// </summary>
public sealed class ContactOptions : IValidatableObject
{
    public const string SectionName = "Contact";
    public const string DefaultKey = "Default";

    public Dictionary<string, List<string>> Recipients { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Messages older than this are deleted by the housekeeping (with the mail that carried them).</summary>
    [Range(1, 120, ErrorMessage = "Contact:RetentionMonths must be between 1 and 120.")]
    public int RetentionMonths { get; set; } = 12;

    /// <summary>The addresses for a topic: its own list, else the default one; empty when neither is set.</summary>
    public IReadOnlyList<string> RecipientsFor(ContactTopic topic) =>
        Recipients.TryGetValue(topic.ToString(), out var own) && own.Count > 0 ? own
        : Recipients.TryGetValue(DefaultKey, out var fallback) ? fallback
        : [];

    public bool HasRecipients => Recipients.Values.Any(list => list.Count > 0);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, addresses) in Recipients)
        {
            if (!string.Equals(key, DefaultKey, StringComparison.OrdinalIgnoreCase) && !Enum.TryParse<ContactTopic>(key, ignoreCase: true, out _))
            {
                yield return new ValidationResult(
                    $"Contact:Recipients:{key} is not a topic. Use Default or one of: {string.Join(", ", Enum.GetNames<ContactTopic>())}.");
            }

            foreach (var address in addresses.Where(a => !SubscriberAddress.IsValid(a)))
            {
                yield return new ValidationResult($"Contact:Recipients:{key} holds '{address}', which is not an e-mail address.");
            }
        }
    }
}
