using Edge.Iot.Discovery;
using Edge.Iot.Discovery.Registry;
using Edge.Registry;
using Edge.Xmpp;

namespace Edge.Integration.Tests.Registry;

/// <summary>
/// The SQLite store under the registry's rules, against the in-memory store as the reference: every search operator
/// finds the same things (the store narrows in SQL; the registry decides), and a record reads back as written.
/// </summary>
[TestClass]
public sealed class SqliteThingStoreTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task SearchAsync_EveryOperator_SameThingsAsInMemory()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var folder = Path.Combine(Path.GetTempPath(), "edge-registry-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            using var sqliteStore = SqliteThingStore.Open(Path.Combine(folder, "registry.db"));
            using var sqlite = new ThingRegistry(sqliteStore);
            using var memory = new ThingRegistry(new InMemoryThingStore());
            var owner = Jid.Parse("owner@example.org/x");
            for (var i = 0; i < 40; i++)
            {
                List<MetaTag> tags =
                [
                    MetaTag.String("SN", $"SN-{i:D3}"),
                    MetaTag.String("MAN", i % 2 == 0 ? "a.example" : "b.example"),
                    MetaTag.String("NAME", i % 5 == 0 ? "Zürich ☀ 𝄞" : "meter " + i),
                    MetaTag.Numeric("V", i / 10.0),
                    MetaTag.String("KEY", "k" + i),
                ];
                foreach (var registry in new[] { sqlite, memory })
                {
                    await registry.RegisterAsync(Jid.Parse($"t{i}@example.org/r"), new RegisterRequest(tags, i == 7 ? new ThingNode("n7", "src") : ThingNode.None), ct);
                    if (i % 4 != 3)
                    {
                        await registry.ClaimAsync(owner, new MineRequest(tags, ThingNode.None, Public: i % 8 != 1), ct);
                    }
                }
            }

            SearchOperator[][] searches =
            [
                [SearchOperator.String(SearchOperatorKind.StrEq, "MAN", "a.example")],
                [SearchOperator.String(SearchOperatorKind.StrNEq, "MAN", "a.example")],
                [SearchOperator.String(SearchOperatorKind.StrGt, "SN", "SN-020")],
                [SearchOperator.String(SearchOperatorKind.StrGtEq, "NAME", "meter 3")],
                [SearchOperator.String(SearchOperatorKind.StrLt, "NAME", "Zz")],
                [SearchOperator.String(SearchOperatorKind.StrLtEq, "SN", "SN-005")],
                [SearchOperator.StringRange("SN", "SN-010", false, "SN-030", true)],
                [SearchOperator.StringRange("SN", "SN-010", true, "SN-030", false, outside: true)],
                [SearchOperator.Mask("SN", "SN-01*")],
                [SearchOperator.Mask("NAME", "Zürich*𝄞")],
                [SearchOperator.Mask("NAME", "*ter 1*")],
                [SearchOperator.Mask("SN", "SN-011")],
                [SearchOperator.Numeric(SearchOperatorKind.NumEq, "V", 2)],
                [SearchOperator.Numeric(SearchOperatorKind.NumNEq, "V", 2)],
                [SearchOperator.Numeric(SearchOperatorKind.NumGt, "V", 2.5)],
                [SearchOperator.Numeric(SearchOperatorKind.NumGtEq, "V", 2.5)],
                [SearchOperator.Numeric(SearchOperatorKind.NumLt, "V", 0.5)],
                [SearchOperator.Numeric(SearchOperatorKind.NumLtEq, "V", 0.5)],
                [SearchOperator.NumericRange("V", 1, false, 2, true)],
                [SearchOperator.NumericRange("V", 1, true, 2, false, outside: true)],
                [SearchOperator.String(SearchOperatorKind.StrEq, "MAN", "b.example"), SearchOperator.NumericRange("V", 1, true, 3, true),
                    SearchOperator.Mask("SN", "SN-0*")],
                [SearchOperator.String(SearchOperatorKind.StrEq, "SN", "SN-001"), SearchOperator.Numeric(SearchOperatorKind.NumGt, "MISSING", 0)],
                [SearchOperator.String(SearchOperatorKind.StrEq, "V", "1")],
            ];
            foreach (var search in searches)
            {
                var expected = await memory.SearchAsync(new SearchRequest(search, MaxCount: 100), ct);
                var actual = await sqlite.SearchAsync(new SearchRequest(search, MaxCount: 100), ct);
                var what = string.Join(" AND ", search.Select(o => $"{o.Kind} {o.Name}"));
                CollectionAssert.AreEqual(expected.Things.Select(Describe).ToList(), actual.Things.Select(Describe).ToList(), what);
                Assert.AreEqual(expected.More, actual.More, what);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Describe(FoundThing t) =>
        $"{t.Thing} {t.Node} owner {t.Owner}: " + string.Join(", ", t.Tags.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => g.ToString()));
}
