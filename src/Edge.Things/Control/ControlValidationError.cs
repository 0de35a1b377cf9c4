namespace Edge.Things.Control;

/// <summary>Why a proposed control value was refused.</summary>
public enum ControlValidationError
{
    /// <summary>The value is acceptable.</summary>
    None,

    /// <summary>The value is not of the parameter's type.</summary>
    WrongType,

    /// <summary>The value is below the parameter's minimum.</summary>
    BelowMinimum,

    /// <summary>The value is above the parameter's maximum.</summary>
    AboveMaximum,

    /// <summary>A double that is NaN or infinite.</summary>
    NotFinite,

    /// <summary>A string longer than the parameter's maximum length.</summary>
    TooLong,

    /// <summary>A string that does not match the parameter's pattern.</summary>
    PatternMismatch,

    /// <summary>The parameter cannot be written.</summary>
    ReadOnly,
}
