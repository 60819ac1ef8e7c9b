namespace Sure.Data.Formats;

/// <summary>Class names in the index order used by the community files.</summary>
public static class EmotionClasses
{
    public static readonly string[] Iemocap = ["hap", "sad", "neu", "ang", "exc", "fru"];
    public static readonly string[] Meld = ["neutral", "surprise", "fear", "sadness", "joy", "disgust", "anger"];
}
