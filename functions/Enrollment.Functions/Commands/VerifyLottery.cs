using Enrollment.Core.Lottery;

namespace Enrollment.Functions.Commands;

/// <summary>"verify-lottery": anyone recomputes a published lottery from its transcript alone; no settings, no storage.</summary>
internal static class VerifyLottery
{
    public static int Run(string transcript)
    {
        // A relative path is the caller's, from the directory the command runs in; a missing file is named in full.
        var path = Path.GetFullPath(transcript);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"找不到文件 no such file: {path}");
            return 2;
        }

        var verification = LotteryVerifier.Verify(File.ReadAllBytes(path));
        Console.WriteLine(verification);
        return verification.Identical ? 0 : 1;
    }
}
