using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.MailingList;

namespace AmericanBalintSociety.Web.Features.Contact;

/// <summary>What the contact form posts. Name and address are single lines: they travel in mail headers.</summary>
public sealed class ContactForm
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(ContactMessage.NameMaxLength, ErrorMessage = "Your name can be at most {1} characters long.")]
    [RegularExpression(@"^[^\r\n]*$", ErrorMessage = "Write your name on one line.")]
    [Display(Name = "Your name")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Enter your email address, so the society can reply.")]
    [StringLength(ContactMessage.EmailMaxLength, ErrorMessage = "An email address can be at most {1} characters long.")]
    [MailboxAddress]
    [Display(Name = "Your email address")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose what your message is about.")]
    [Display(Name = "Topic")]
    public ContactTopic? Topic { get; set; }

    [Required(ErrorMessage = "Write your message.")]
    [StringLength(ContactMessage.MessageMaxLength, ErrorMessage = "Your message can be at most {1} characters long.")]
    [Display(Name = "Your message")]
    public string Message { get; set; } = "";

    /// <summary>The honeypot (hidden from people); bots fill it in.</summary>
    public string? Website { get; set; }

    /// <summary>When the form was shown, protected (<see cref="SignupFormGuard"/>).</summary>
    public string? Issued { get; set; }
}
