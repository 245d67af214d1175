namespace DiceOffload.Bench;

/// <summary>The seed of every job in the study, so every experiment throws the same dice.</summary>
public static class StudySeed
{
    public const ulong Value = 42;
}
