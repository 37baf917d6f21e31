using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>The provider error codes the site relies on to tell a duplicate from other failures, on a real SQLite database.</summary>
public sealed class DbErrorsTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task ADuplicateKey_IsAUniqueViolation_AndAMissingReferenceIsNot()
    {
        await site.WithDbAsync(async db =>
        {
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_duplicate", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });

        var duplicate = await Assert.ThrowsAsync<DbUpdateException>(() => site.WithDbAsync(async db =>
        {
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_duplicate", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }));
        var missingParent = await Assert.ThrowsAsync<DbUpdateException>(() => site.WithDbAsync(async db =>
        {
            db.OrderEvents.Add(new OrderEvent { OrderId = 987654, At = DateTimeOffset.UtcNow, Kind = "x", Message = "x", Actor = "x" });
            await db.SaveChangesAsync();
        }));

        Assert.True(DbErrors.IsUniqueViolation(duplicate));
        Assert.False(DbErrors.IsUniqueViolation(missingParent));
    }
}
