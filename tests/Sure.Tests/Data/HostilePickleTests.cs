using Sure.Data.Formats;
using Sure.Data.Pickle;

namespace Sure.Tests.Data;

public class HostilePickleTests
{
    [SharedDataFact]
    public void Os_system_pickle_is_refused_and_nothing_runs()
    {
        var marker = Path.Combine(Path.GetTempPath(), "pwned");
        var existedBefore = File.Exists(marker);
        var ex = Assert.Throws<PickleForbiddenGlobalException>(() => DatasetLoader.Load(SharedData.PathOf("fixtures/hostile_os_system.pkl")));
        Assert.Equal("os", ex.Module);
        Assert.Equal("system", ex.Name);
        Assert.Contains("os.system", ex.Message);
        Assert.Contains("Nothing was executed", ex.Message);
        Assert.Equal(existedBefore, File.Exists(marker));
    }
}
