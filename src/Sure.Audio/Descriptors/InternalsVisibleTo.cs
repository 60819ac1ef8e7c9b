using System.Runtime.CompilerServices;

// The descriptor bench (speed, Praat agreement, profile) reads the internal analysers and the resampler.
[assembly: InternalsVisibleTo("Sure.Audio.Bench")]
