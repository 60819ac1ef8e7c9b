using Sure.Data.Formats;
using Sure.Data.Pickle;
using Sure.Errors;

namespace Sure.Tests.Data;

/// <summary>
/// Mutates the fixture pickles (byte flips, truncations, insertions, deletions, duplicated spans) with a fixed seed
/// and checks that loading either succeeds or raises one of our typed errors; never anything else.
/// </summary>
public class PickleFuzzTests
{
    private const int CasesPerFixture = 800;

    public static TheoryData<string> Fixtures => new()
    {
        "sdt_iemocap_py2.pkl", "sdt_iemocap_p4.pkl", "sdt_meld_p2.pkl", "sdt_meld_p5.pkl", "mmgcn_iemocap_py2.pkl", "hostile_os_system.pkl",
    };

    [SharedDataTheory]
    [MemberData(nameof(Fixtures))]
    public void Mutated_fixture_loads_or_raises_a_typed_error(string file)
    {
        var original = File.ReadAllBytes(SharedData.PathOf("fixtures/" + file));
        var rng = new Random(20240611 + file.Length);
        int ok = 0, refused = 0;
        for (var c = 0; c < CasesPerFixture; c++)
        {
            var data = Mutate(original, rng);
            try
            {
                var root = PickleReader.Read(data);
                var ds = DatasetLoader.FromPickleObject(root, file);
                DatasetValidator.Validate(ds, new DatasetLoadOptions { AllowMissingModality = c % 2 == 0 }, new DatasetValidationReport());
                ok++;
            }
            catch (SureUserException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {c} of {file}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        Assert.Equal(CasesPerFixture, ok + refused);
    }

    private static byte[] Mutate(byte[] src, Random rng)
    {
        var data = src.ToList();
        var edits = 1 + rng.Next(3);
        for (var e = 0; e < edits && data.Count > 0; e++)
        {
            var pos = rng.Next(data.Count);
            switch (rng.Next(6))
            {
                case 0: data[pos] ^= (byte)(1 << rng.Next(8)); break;
                case 1: data[pos] = (byte)rng.Next(256); break;
                case 2: data.RemoveRange(pos, data.Count - pos); break;
                case 3:
                    var ins = new byte[1 + rng.Next(4)];
                    rng.NextBytes(ins);
                    data.InsertRange(pos, ins);
                    break;
                case 4: data.RemoveRange(pos, Math.Min(data.Count - pos, 1 + rng.Next(8))); break;
                default:
                    var len = Math.Min(data.Count - pos, 1 + rng.Next(16));
                    data.InsertRange(rng.Next(data.Count), data.GetRange(pos, len));
                    break;
            }
        }
        return data.ToArray();
    }
}
