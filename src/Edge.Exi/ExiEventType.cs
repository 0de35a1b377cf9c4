namespace Edge.Exi;

/// <summary>The kinds of EXI events (EXI 1.0 §4, table 4-1).</summary>
public enum ExiEventType
{
    /// <summary>SD: start of the document or fragment.</summary>
    StartDocument,

    /// <summary>ED: end of the document or fragment.</summary>
    EndDocument,

    /// <summary>SE: start of an element.</summary>
    StartElement,

    /// <summary>EE: end of an element.</summary>
    EndElement,

    /// <summary>AT: an attribute.</summary>
    Attribute,

    /// <summary>CH: character content.</summary>
    Characters,

    /// <summary>NS: a namespace declaration (only when prefixes are preserved).</summary>
    NamespaceDeclaration,

    /// <summary>CM: a comment.</summary>
    Comment,

    /// <summary>PI: a processing instruction.</summary>
    ProcessingInstruction,

    /// <summary>DT: a document type declaration.</summary>
    DocType,

    /// <summary>ER: an entity reference.</summary>
    EntityReference,

    /// <summary>SC: a self-contained element follows.</summary>
    SelfContained,
}
