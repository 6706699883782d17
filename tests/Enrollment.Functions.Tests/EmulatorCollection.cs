namespace Enrollment.Functions.Tests;

/// <summary>
/// One set of emulators for the whole suite. xunit looks for collection definitions only in the test
/// assembly itself, so each suite declares its own over <see cref="LocalEmulators"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<LocalEmulators>
{
    public const string Name = "Local emulators";
}
