namespace Edge.Things.Control;

/// <summary>
/// The outcome of validating a proposed control value: <see cref="IsValid"/>, or the <see cref="Error"/> kind with a
/// message that names the parameter and quotes the refused value (fit to return to the requester).
/// </summary>
public readonly record struct ControlValidationResult(ControlValidationError Error, string? Message)
{
    /// <summary>The accepted result.</summary>
    public static ControlValidationResult Valid { get; } = new(ControlValidationError.None, null);

    public bool IsValid => Error == ControlValidationError.None;

    public static ControlValidationResult Fail(ControlValidationError error, string message)
    {
        if (error == ControlValidationError.None)
        {
            throw new ArgumentException("A failure needs an error kind.", nameof(error));
        }

        ArgumentException.ThrowIfNullOrEmpty(message);
        return new ControlValidationResult(error, message);
    }

    public override string ToString() => IsValid ? "valid" : $"{Error}: {Message}";
}
