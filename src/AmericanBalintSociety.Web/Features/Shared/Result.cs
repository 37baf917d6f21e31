namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// The outcome of an operation that can be refused for a reason the person asking should read (a taken address, a
/// refused refund, a record someone else changed first), rather than an exception, which stays for bugs and outages.
/// A controller turns the errors into <c>ModelState</c> errors (<see cref="Infrastructure.ResultModelState"/>) or a message.
/// </summary>
public class Result
{
    protected Result(string? message, IReadOnlyList<ResultError> errors, bool isConflict)
    {
        Message = message;
        Errors = errors;
        IsConflict = isConflict;
    }

    public bool Succeeded => Errors.Count == 0;

    /// <summary>What to tell the person when it worked (e.g. "Refunded $9.99."); may be null.</summary>
    public string? Message { get; }

    /// <summary>Why it was refused; empty when it worked.</summary>
    public IReadOnlyList<ResultError> Errors { get; }

    /// <summary>Refused because someone else changed the same record first: show the form again with the person's input kept.</summary>
    public bool IsConflict { get; }

    /// <summary>The errors in one sentence, for a status message; null when it worked.</summary>
    public string? Error => Succeeded ? null : string.Join(" ", Errors.Select(e => e.Message));

    public static Result Success(string? message = null) => new(message, [], isConflict: false);

    /// <summary>Refused for reasons about the request as a whole (at least one: a refusal without a reason would read as success).</summary>
    public static Result Failure(params string[] messages) => new(null, ResultError.ForForm(messages), isConflict: false);

    /// <summary>Refused for several reasons, each with its field ("" for the whole form); at least one.</summary>
    public static Result Failure(IEnumerable<ResultError> errors) => new(null, ResultError.AtLeastOne([.. errors]), isConflict: false);

    /// <summary>Refused because of one field of a form (its name as the form posts it).</summary>
    public static Result Invalid(string field, string message) => new(null, [new ResultError(field, message)], isConflict: false);

    /// <summary>Refused because someone else changed the record first.</summary>
    public static Result Conflict(string message) => new(null, ResultError.ForForm([message]), isConflict: true);

    public static Result<T> Success<T>(T value, string? message = null) => new(value, message, [], isConflict: false);

    /// <inheritdoc cref="Failure(string[])"/>
    public static Result<T> Failure<T>(params string[] messages) => new(default, null, ResultError.ForForm(messages), isConflict: false);

    /// <summary>Refused with field errors (at least one), e.g. another result's.</summary>
    public static Result<T> Failure<T>(IEnumerable<ResultError> errors) => new(default, null, ResultError.AtLeastOne([.. errors]), isConflict: false);

    /// <inheritdoc cref="Invalid(string, string)"/>
    public static Result<T> Invalid<T>(string field, string message) => new(default, null, [new ResultError(field, message)], isConflict: false);

    /// <inheritdoc cref="Conflict(string)"/>
    public static Result<T> Conflict<T>(string message) => new(default, null, ResultError.ForForm([message]), isConflict: true);

    /// <summary>This refusal, for an operation that returns a value of another type.</summary>
    public Result<T> As<T>() => Succeeded
        ? throw new InvalidOperationException("Only a refusal carries over to another result type.")
        : new(default, null, Errors, IsConflict);
}

/// <summary>A <see cref="Result"/> that carries a value when it worked (an id, an address to go to, a report).</summary>
public sealed class Result<T> : Result
{
    internal Result(T? value, string? message, IReadOnlyList<ResultError> errors, bool isConflict)
        : base(message, errors, isConflict) => Value = value;

    /// <summary>The value; set when <see cref="Result.Succeeded"/>.</summary>
    public T? Value { get; }
}

/// <summary>One reason a <see cref="Result"/> was refused: the message, and the form field it is about ("" for the whole form).</summary>
public sealed record ResultError(string Field, string Message)
{
    internal static ResultError[] ForForm(IEnumerable<string> messages) => AtLeastOne([.. messages.Select(m => new ResultError("", m))]);

    /// <summary>A refusal with no reason would count as success (<see cref="Result.Succeeded"/> is "no errors"): refused outright.</summary>
    internal static ResultError[] AtLeastOne(ResultError[] errors) =>
        errors.Length > 0 ? errors : throw new ArgumentException("A refused result needs at least one reason.", nameof(errors));
}
