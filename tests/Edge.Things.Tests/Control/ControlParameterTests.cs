using System.Text.RegularExpressions;
using Edge.Things.Control;

namespace Edge.Things.Tests.Control;

[TestClass]
public sealed class ControlParameterTests
{
    [TestMethod]
    public void Factories_EachType_MapToTheTenXep0325Types()
    {
        ControlParameter[] parameters =
        [
            ControlParameter.Boolean("b", true),
            ControlParameter.Color("c", new ColorRgba(1, 2, 3)),
            ControlParameter.Date("d", new DateOnly(2026, 1, 2)),
            ControlParameter.DateTime("dt", DateTimeOffset.UnixEpoch),
            ControlParameter.Double("x", 1.5),
            ControlParameter.Duration("du", TimeSpan.FromMinutes(5)),
            ControlParameter.Int("i", 3),
            ControlParameter.Long("l", 4L),
            ControlParameter.String("s", "text"),
            ControlParameter.Time("t", new TimeOnly(12, 30)),
        ];

        CollectionAssert.AreEqual(Enum.GetValues<ControlParameterType>(), parameters.Select(p => p.Type).ToArray());
    }

    [TestMethod]
    public void Validate_DoubleInRange_IsValid()
    {
        ControlParameter<double> setpoint = ControlParameter.Double("setpoint", 21, minimum: 5, maximum: 30, unit: "°C");

        Assert.IsTrue(setpoint.Validate(30.0).IsValid);
        Assert.IsTrue(setpoint.Validate(5.0).IsValid);
    }

    [TestMethod]
    public void Validate_DoubleAboveMaximum_NamesParameterValueAndBound()
    {
        ControlParameter<double> setpoint = ControlParameter.Double("setpoint", 21, minimum: 5, maximum: 30);

        ControlValidationResult result = setpoint.Validate(30.5);

        Assert.AreEqual(ControlValidationError.AboveMaximum, result.Error);
        Assert.AreEqual("Parameter 'setpoint': 30.5 is above the maximum 30.", result.Message);
    }

    [TestMethod]
    public void Validate_IntBelowMinimum_IsBelowMinimum()
    {
        ControlParameter<int> p = ControlParameter.Int("level", 2, minimum: 0, maximum: 10);

        Assert.AreEqual(ControlValidationError.BelowMinimum, p.Validate(-1).Error);
    }

    [TestMethod]
    public void Validate_NaN_IsNotFinite()
    {
        Assert.AreEqual(ControlValidationError.NotFinite, ControlParameter.Double("x", 0).Validate(double.NaN).Error);
    }

    [TestMethod]
    public void Validate_WrongClrType_IsWrongTypeWithDescription()
    {
        ControlValidationResult result = ControlParameter.Boolean("relay", false).Validate((object)"on");

        Assert.AreEqual(ControlValidationError.WrongType, result.Error);
        StringAssert.Contains(result.Message, "needs a Boolean value, not on (String)");
    }

    [TestMethod]
    public void Validate_IntForLongAndDouble_IsWidened()
    {
        Assert.IsTrue(ControlParameter.Long("l", 0).Validate((object)5).IsValid);
        Assert.IsTrue(ControlParameter.Double("d", 0).Validate((object)5).IsValid);
        Assert.AreEqual(ControlValidationError.WrongType, ControlParameter.Int("i", 0).Validate((object)long.MaxValue).Error);
    }

    [TestMethod]
    public void Validate_ReadOnly_IsRefused()
    {
        Assert.AreEqual(ControlValidationError.ReadOnly, ControlParameter.Int("i", 0, readOnly: true).Validate(1).Error);
    }

    [TestMethod]
    public void Validate_StringTooLongOrNotMatching_IsRefused()
    {
        ControlParameter<string> name = ControlParameter.String("name", "a", maxLength: 4, pattern: new Regex("[a-z]+"));

        Assert.AreEqual(ControlValidationError.TooLong, name.Validate("abcde").Error);
        Assert.AreEqual(ControlValidationError.PatternMismatch, name.Validate("ab1").Error);
        Assert.IsTrue(name.Validate("abcd").IsValid);
    }

    [TestMethod]
    public void Validate_DurationAndTimeRanges_AreInclusive()
    {
        ControlParameter<TimeSpan> d = ControlParameter.Duration("d", TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        ControlParameter<TimeOnly> t = ControlParameter.Time("t", new TimeOnly(8, 0), new TimeOnly(6, 0),
            new TimeOnly(22, 0));

        Assert.IsTrue(d.Validate(TimeSpan.FromMinutes(1)).IsValid);
        Assert.AreEqual(ControlValidationError.AboveMaximum, d.Validate(TimeSpan.FromSeconds(61)).Error);
        Assert.AreEqual(ControlValidationError.BelowMinimum, t.Validate(new TimeOnly(5, 59)).Error);
    }

    [TestMethod]
    public void TrySetValue_Valid_ChangesCurrentValue()
    {
        ControlParameter<int> p = ControlParameter.Int("i", 1, 0, 10);

        Assert.IsTrue(p.TrySetValue(7).IsValid);

        Assert.AreEqual(7, p.Value);
        Assert.AreEqual(7, p.CurrentValue);
    }

    [TestMethod]
    public void TrySetValue_WidenedObject_StoresTheParameterType()
    {
        ControlParameter<long> l = ControlParameter.Long("l", 0, maximum: 100);
        ControlParameter<int> i = ControlParameter.Int("i", 0);

        Assert.IsTrue(l.TrySetValue((object)42).IsValid);
        Assert.IsTrue(i.TrySetValue((object)7L).IsValid);
        Assert.AreEqual(ControlValidationError.AboveMaximum, l.TrySetValue((object)101).Error);

        Assert.AreEqual(42L, l.Value);
        Assert.IsInstanceOfType<long>(l.CurrentValue);
        Assert.AreEqual(7, i.Value);
        Assert.AreEqual("l (Long) = 42", l.ToString());
    }

    [TestMethod]
    public void TrySetValue_Invalid_KeepsCurrentValue()
    {
        ControlParameter<int> p = ControlParameter.Int("i", 1, 0, 10);

        Assert.IsFalse(p.TrySetValue((object)11).IsValid);

        Assert.AreEqual(1, p.Value);
    }

    [TestMethod]
    public void Report_OutsideRangeOnReadOnly_IsRecorded()
    {
        ControlParameter<bool> state = ControlParameter.Boolean("state", false, readOnly: true);

        state.Report(true);

        Assert.IsTrue(state.Value);
    }

    [TestMethod]
    public void Constructor_MinimumAboveMaximum_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => ControlParameter.Int("i", 0, 10, 1));
    }

    [TestMethod]
    public void Constructor_RangeOnUnorderedType_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(
            () => new ControlParameter<bool>("b", false, new ControlBound<bool>(false)));
    }

    [TestMethod]
    public void Constructor_UnsupportedClrType_Throws()
    {
        Assert.ThrowsExactly<NotSupportedException>(() => new ControlParameter<decimal>("m", 1m));
    }

    [TestMethod]
    public void ToFieldValue_Double_CarriesUnitAndDecimals()
    {
        var value = (NumericValue)ControlParameter.Double("x", 21.25, unit: "°C").ToFieldValue();

        Assert.AreEqual(21.25, value.Value);
        Assert.AreEqual("°C", value.Unit);
        Assert.AreEqual(2, value.Decimals);
    }
}
