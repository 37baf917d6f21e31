using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>The site's own password hashing cost (PBKDF2, 600,000 iterations), which every other test site lowers.</summary>
public sealed class ProductionHashSite : TestSite
{
    public ProductionHashSite() => PasswordHashIterations = PasswordRules.HashIterations;
}

/// <summary>Passwords are stored as the site stores them in production, and older hashes are upgraded.</summary>
public sealed class PasswordHashingTests(ProductionHashSite site) : IClassFixture<ProductionHashSite>
{
    [Fact]
    public async Task Register_AcceptsLongPassphrasesWithSpaces_AndStoresAPbkdf2HashWith600000Iterations()
    {
        var passphrase = string.Join(' ', Enumerable.Repeat("balint group reflection", 5)); // 119 characters
        await site.RegisterAndConfirmAsync("long@example.org", passphrase);

        var hash = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "long@example.org").Select(u => u.PasswordHash).SingleAsync());
        Assert.Equal(600_000, IterationsOf(hash!));
        using var signIn = await site.CreateBrowserClient().SignInAsync("long@example.org", passphrase);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task AnOlderHashWithFewerIterations_IsUpgradedAtTheNextSignIn()
    {
        await site.AddMemberAsync("old-hash@example.org");
        await site.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "old-hash@example.org");
            var oldHasher = new Microsoft.AspNetCore.Identity.PasswordHasher<ApplicationUser>(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.AspNetCore.Identity.PasswordHasherOptions { IterationCount = 100_000 }));
            user.PasswordHash = oldHasher.HashPassword(user, Accounts.StrongPassword);
            await db.SaveChangesAsync();
        });
        Assert.Equal(100_000, IterationsOf((await site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "old-hash@example.org"))).PasswordHash!));

        using var signIn = await site.CreateBrowserClient().SignInAsync("old-hash@example.org", Accounts.StrongPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var hash = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "old-hash@example.org").Select(u => u.PasswordHash).SingleAsync());
        Assert.Equal(600_000, IterationsOf(hash!));
    }

    /// <summary>Identity's v3 hash format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, key.</summary>
    private static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
    }
}
