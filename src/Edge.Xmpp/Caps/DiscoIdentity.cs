namespace Edge.Xmpp.Caps;

/// <summary>A disco identity (XEP-0030 §3.1), with the optional xml:lang used by the caps hash.</summary>
public sealed record DiscoIdentity(string Category, string Type, string Name, string Lang = "");
