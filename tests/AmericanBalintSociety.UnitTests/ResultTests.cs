using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AmericanBalintSociety.UnitTests;

public sealed class ResultTests
{
    [Fact]
    public void AFailure_JoinsItsMessages_AndCarriesOverToAnotherValueType()
    {
        var refused = Result.Failure("The cart is empty.", "Try again.");

        Assert.False(refused.Succeeded);
        Assert.Equal("The cart is empty. Try again.", refused.Error);
        var carried = refused.As<Uri>();
        Assert.False(carried.Succeeded);
        Assert.Null(carried.Value);
        Assert.Equal(refused.Errors, carried.Errors);
        Assert.Throws<InvalidOperationException>(() => Result.Success("Saved.").As<Uri>());
    }

    [Fact]
    public void ASuccess_HasNoErrors_AndItsValueOrMessage()
    {
        var saved = Result.Success(42, "Saved.");
        Assert.True(saved.Succeeded);
        Assert.Equal(42, saved.Value);
        Assert.Equal("Saved.", saved.Message);
        Assert.Null(saved.Error);
        Assert.Equal("stored-name", Result.Success<string>("stored-name").Value);
    }

    [Fact]
    public void Errors_GoBesideTheirFields_WithTheFormsPrefix_AndAConflictIsMarked()
    {
        var modelState = new ModelStateDictionary();
        modelState.AddErrors(Result.Invalid("Slug", "Already used."), prefix: "Form");
        modelState.AddErrors(Result.Conflict<int>("Someone else changed it."), prefix: "Form");

        Assert.Equal("Already used.", modelState["Form.Slug"]!.Errors.Single().ErrorMessage);
        Assert.Equal("Someone else changed it.", modelState[""]!.Errors.Single().ErrorMessage);
        Assert.True(Result.Conflict<int>("x").IsConflict);
        Assert.False(Result.Invalid("Slug", "x").IsConflict);
    }

    [Fact]
    public void ARefusalWithoutAReason_IsRefusedOutright_SoItCannotReadAsSuccess()
    {
        Assert.Throws<ArgumentException>(() => Result.Failure());
        Assert.Throws<ArgumentException>(() => Result.Failure(Array.Empty<ResultError>()));
        Assert.Throws<ArgumentException>(() => Result.Failure<int>());
    }
}
