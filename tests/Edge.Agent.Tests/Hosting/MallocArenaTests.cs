using Edge.Agent.Internal;

namespace Edge.Agent.Tests.Hosting;

[TestClass]
public sealed class MallocArenaTests
{
    [TestMethod]
    public void LimitMallocArenas_OnGlibcLinux_TheCallIsAccepted()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/lib/x86_64-linux-gnu/libc.so.6") && !File.Exists("/lib/aarch64-linux-gnu/libc.so.6"))
        {
            Assert.IsFalse(Posix.LimitMallocArenas(2), "no glibc: nothing to cap, and it says so");
            return;
        }

        // mallopt answers 1 only for a parameter it knows and a value it took: a wrong entry point, parameter number or
        // return type here is a false (or a throw), not a silent no-op.
        Assert.IsTrue(Posix.LimitMallocArenas(8), "M_ARENA_MAX 8 (the default order of magnitude, harmless for the test host)");
    }
}
