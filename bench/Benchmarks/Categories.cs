namespace DiceOffload.Bench;

/// <summary>Benchmark categories, one per experiment (filter with <c>--anyCategories</c>).</summary>
public static class Categories
{
    public const string Throughput = "Throughput";
    public const string BreakEven = "BreakEven";
    public const string Dispatch = "Dispatch";
    public const string Scaling = "Scaling";
    public const string Transfer = "Transfer";
    public const string Priority = "Priority";
    public const string Pgo = "Pgo";
}
