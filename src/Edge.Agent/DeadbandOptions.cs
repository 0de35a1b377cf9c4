namespace Edge.Agent;

/// <summary>
/// How far a numeric value may move before it is reported again: more than the larger of <see cref="Absolute"/> (in
/// the field's unit) and <see cref="Relative"/> times the last reported value (0.01 = 1 %). Both 0: any change.
/// </summary>
public sealed class DeadbandOptions
{
    public double Absolute { get; set; }

    public double Relative { get; set; }
}
