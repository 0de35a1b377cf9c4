namespace Edge.Exi;

/// <summary>
/// A set of XML Schema documents could not be turned into EXI grammars: a document is missing or not well-formed,
/// the schema is invalid (the message names the file, line and position), or it uses something EXI grammars cannot
/// be built from.
/// </summary>
public sealed class ExiSchemaException : Exception
{
    public ExiSchemaException()
        : this("Invalid XML Schema.")
    {
    }

    public ExiSchemaException(string message)
        : base(message)
    {
    }

    public ExiSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
