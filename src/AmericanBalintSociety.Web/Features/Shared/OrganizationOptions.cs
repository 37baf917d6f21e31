using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>Settings under <c>Organization</c>: what a US charitable-gift receipt must name (issue 17), checked at start.</summary>
public sealed class OrganizationOptions
{
    public const string SectionName = "Organization";

    /// <summary>The society's Employer Identification Number; until set, receipts say it is available on request and the dashboard asks for it.</summary>
    [RegularExpression(@"^\d{2}-\d{7}$", ErrorMessage = "Organization:Ein must look like 12-3456789.")]
    public string? Ein { get; set; }

    /// <summary>The society's legal name on receipts; empty: the name it goes by.</summary>
    [StringLength(200)]
    public string? LegalName { get; set; }
}

[OptionsValidator]
public sealed partial class OrganizationOptionsValidator : IValidateOptions<OrganizationOptions>;
