namespace Edge.Exi.Internal;

internal static class ExiConstants
{
    public const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    public const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    public const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    public const string ExiNamespace = "http://www.w3.org/2009/exi";
}
