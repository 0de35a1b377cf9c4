namespace Edge.Iot.Discovery;

/// <summary>The search operators of XEP-0347 §Search (table "Search operators"); there is no numeric mask.</summary>
public enum SearchOperatorKind
{
    StrEq,
    StrNEq,
    StrGt,
    StrGtEq,
    StrLt,
    StrLtEq,
    StrRange,
    StrNRange,
    StrMask,
    NumEq,
    NumNEq,
    NumGt,
    NumGtEq,
    NumLt,
    NumLtEq,
    NumRange,
    NumNRange,
}
