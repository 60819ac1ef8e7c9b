namespace Sure.Data;

/// <summary>Which split a dialogue belongs to.</summary>
public enum Split
{
    Train = 0,
    Valid = 1,
    Test = 2,
}
