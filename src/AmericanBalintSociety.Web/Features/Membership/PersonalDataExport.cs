using System.Text.Json;
using System.Text.Json.Serialization;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>"Download my data": every <see cref="IPersonalDataSource"/>'s section in one JSON document.</summary>
public sealed class PersonalDataExport(IEnumerable<IPersonalDataSource> sources, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public async Task<byte[]> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var document = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["exportedAt"] = clock.GetUtcNow(),
        };
        foreach (var source in sources)
        {
            document[source.Section] = await source.ExportAsync(user, cancellationToken);
        }

        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }
}
