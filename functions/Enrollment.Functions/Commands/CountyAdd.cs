using Enrollment.Azure.Storage;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Commands;

/// <summary>
/// "county-add id name division-code stages year officer [officer display name]": sets up a county that does not exist
/// yet and its first bureau officer, as the platform's operator does through the API (<see cref="Onboarding"/>).
/// </summary>
internal static class CountyAdd
{
    public static async Task<int> RunAsync(string[] arguments)
    {
        var words = CommandLine.Words(arguments);
        var stages = new List<Stage>();
        foreach (var word in words[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<Stage>(word, ignoreCase: true, out var stage) || !Enum.IsDefined(stage))
            {
                Console.Error.WriteLine($"No stage {word}: one or more of {string.Join(", ", Enum.GetNames<Stage>())}, separated by commas.");
                return 2;
            }

            stages.Add(stage);
        }

        if (!int.TryParse(words[4], out var year))
        {
            Console.Error.WriteLine($"The enrollment year is a number, such as {DateTime.UtcNow.Year + 1}.");
            return 2;
        }

        await using var host = StorageHost.Build(arguments);
        var services = host.Services;
        var onboarding = ActivatorUtilities.CreateInstance<Onboarding>(services);
        await services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        var request = new NewCountyRequest(words[0], words[1], words[2], stages, year, words[5], words.Length > 6 ? words[6] : words[5]);
        switch (await onboarding.CreateAsync(null, request, CancellationToken.None))
        {
            case OnboardingOutcome.Created created:
                Console.WriteLine($"Created county {created.County.Id} ({created.County.Name}, {created.County.DivisionCode}) for {created.County.EnrollmentYear}.");
                Console.WriteLine($"Its first bureau officer {created.Officer.Id}. One-time password, hand it over in person: {created.Password}");
                StaffAdd.PrintAuthenticator(new StaffEnrollment(created.Officer, created.TotpSecret));
                Console.WriteLine($"Next, the officer signs in at /staff/ and imports the schools, catchments and plans (docs/onboarding.md).");
                return 0;
            case OnboardingOutcome.Invalid invalid:
                foreach (var (field, messages) in invalid.Errors)
                {
                    Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
                }

                return 2;
            case OnboardingOutcome.Exists exists:
                Console.Error.WriteLine($"{exists.Path}: {exists.Message}");
                return 1;
            default:
                return 1;
        }
    }
}
