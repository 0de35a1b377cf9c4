using Edge.Things;
using Edge.Things.Control;

namespace Edge.Iot;

/// <summary>
/// One validated control write: a node, one of its parameters, and the new value as the parameter's CLR type
/// (<c>bool</c>, <see cref="ColorRgba"/>, <see cref="DateOnly"/>, …). The codec has checked it with
/// <see cref="ControlParameter.Validate"/> before it reaches <see cref="IThingProvider.SetAsync"/>.
/// </summary>
public sealed record ControlWrite(ThingNode Node, ControlParameter Parameter, object Value);
