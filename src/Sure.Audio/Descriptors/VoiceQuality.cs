namespace Sure.Audio.Descriptors;

/// <summary>Jitter and shimmer of one clip, Praat's definitions (NaN-free: 0 where undefined).</summary>
internal readonly record struct Perturbation(double JitterLocal, double JitterRap, double ShimmerLocal, double ShimmerLocalDb, int PulseCount);

/// <summary>
/// Glottal pulses and period/amplitude perturbation, following Praat: pulses from "Sound &amp; Pitch: To PointProcess
/// (cc)" (waveform cross-correlation stepping one period at a time from the middle of each voiced stretch), jitter
/// (local, rap) from "PointProcess: Get jitter" and shimmer (local, local dB) from "Sound &amp; PointProcess: Get
/// shimmer" with Praat's defaults (periods 0.1–20 ms, period factor 1.3, amplitude factor 1.6; pulse amplitude = RMS in a
/// Hann window of 0.2 periods on each side).
/// </summary>
internal static class VoiceQuality
{
    private const double MinPeriod = 0.0001, MaxPeriod = 0.02, MaxPeriodFactor = 1.3, MaxAmplitudeFactor = 1.6;

    /// <summary>Pulse times (s) from the waveform and the F0 track (Hz, 0 = unvoiced) on the frame grid.</summary>
    public static double[] Pulses(double[] x, double fs, double[] times, double[] f0)
    {
        var points = new List<double>();
        int nFrames = times.Length;
        if (nFrames == 0 || x.Length == 0) return [];
        double dt = nFrames > 1 ? times[1] - times[0] : 0.01;
        double xmax = x.Length / fs;
        double globalPeak = 0;
        foreach (double v in x) globalPeak = Math.Max(globalPeak, Math.Abs(v));
        double addedRight = double.NegativeInfinity;
        int frame = 0;
        while (frame < nFrames)
        {
            while (frame < nFrames && f0[frame] <= 0) frame++;
            if (frame >= nFrames) break;
            int first = frame;
            while (frame < nFrames && f0[frame] > 0) frame++;
            int last = frame - 1;
            double tleft = Math.Max(0, times[first] - 0.5 * dt), tright = Math.Min(xmax, times[last] + 0.5 * dt);
            double tmiddle = 0.5 * (tleft + tright);
            double f0middle = PitchAt(times, f0, tmiddle);
            if (f0middle <= 0) continue;
            double tmax = FindExtremum(x, fs, tmiddle - 0.5 / f0middle, tmiddle + 0.5 / f0middle);
            points.Add(tmax);
            double tsave = tmax;
            while (true)
            {
                double f = PitchAt(times, f0, tmax);
                if (f <= 0) break;
                double corr = MaximumCorrelation(x, fs, tmax, 1.0 / f, tmax - 1.25 / f, tmax - 0.8 / f, out tmax, out double peak);
                if (corr == -1) tmax -= 1.0 / f;
                if (tmax < tleft)
                {
                    if (corr > 0.7 && peak > 0.023333 * globalPeak && tmax - addedRight > 0.8 / f) points.Add(tmax);
                    break;
                }
                if (corr > 0.3 && (peak == 0 || peak > 0.01 * globalPeak) && tmax - addedRight > 0.8 / f) points.Add(tmax);
            }
            tmax = tsave;
            while (true)
            {
                double f = PitchAt(times, f0, tmax);
                if (f <= 0) break;
                double corr = MaximumCorrelation(x, fs, tmax, 1.0 / f, tmax + 0.8 / f, tmax + 1.25 / f, out tmax, out double peak);
                if (corr == -1) tmax += 1.0 / f;
                if (tmax > tright)
                {
                    if (corr > 0.7 && peak > 0.023333 * globalPeak)
                    {
                        points.Add(tmax);
                        addedRight = tmax;
                    }
                    break;
                }
                if (corr > 0.3 && (peak == 0 || peak > 0.01 * globalPeak))
                {
                    points.Add(tmax);
                    addedRight = tmax;
                }
            }
        }
        points.Sort();
        // A point process holds each time once.
        var unique = new List<double>(points.Count);
        foreach (double p in points)
            if (unique.Count == 0 || p != unique[^1]) unique.Add(p);
        return [.. unique];
    }

    /// <summary>F0 at time t by linear interpolation between frames (Praat's Pitch_getValueAtTime); 0 if undefined.</summary>
    internal static double PitchAt(double[] times, double[] f0, double t)
    {
        int n = times.Length;
        if (n == 0) return 0;
        double dt = n > 1 ? times[1] - times[0] : 0.01;
        double index = (t - times[0]) / dt;
        int ileft = (int)Math.Floor(index);
        double phase = index - ileft;
        int near, far;
        if (phase < 0.5) { near = ileft; far = ileft + 1; }
        else { far = ileft; near = ileft + 1; phase = 1.0 - phase; }
        if (near < 0 || near >= n) return 0;
        double fnear = f0[near];
        if (fnear <= 0) return 0;
        if (far < 0 || far >= n) return fnear;
        double ffar = f0[far];
        if (ffar <= 0) return fnear;
        return fnear + phase * (ffar - fnear);
    }

    private static double FindExtremum(double[] x, double fs, double tmin, double tmax)
    {
        int imin = Math.Max(0, (int)Math.Floor(tmin * fs - 0.5)), imax = Math.Min(x.Length - 1, (int)Math.Ceiling(tmax * fs - 0.5));
        if (imax < imin) return 0.5 * (tmin + tmax);
        int best = imin;
        for (int i = imin + 1; i <= imax; i++)
            if (Math.Abs(x[i]) > Math.Abs(x[best])) best = i;
        double pos = best;
        if (best > 0 && best < x.Length - 1)
        {
            double a = Math.Abs(x[best - 1]), b = Math.Abs(x[best]), c = Math.Abs(x[best + 1]);
            double d2 = 2 * b - a - c;
            if (d2 > 0) pos += Math.Clamp(0.5 * (c - a) / d2, -0.5, 0.5);
        }
        return (pos + 0.5) / fs;
    }

    /// <summary>Praat's Sound_findMaximumCorrelation: the best match of the window around t1 among windows around [tmin2, tmax2].</summary>
    private static double MaximumCorrelation(double[] x, double fs, double t1, double windowLength, double tmin2, double tmax2, out double tout, out double peak)
    {
        int n = x.Length;
        double half = 0.5 * windowLength;
        int ileft1 = (int)Math.Round(t1 * fs - 0.5 - half * fs, MidpointRounding.AwayFromZero);
        int iright1 = (int)Math.Round((t1 + half) * fs - 0.5, MidpointRounding.AwayFromZero);
        int ileft2min = (int)Math.Floor((tmin2 - half) * fs - 0.5);
        int ileft2max = (int)Math.Ceiling((tmax2 - half) * fs - 0.5);
        double best = -1, r1 = 0, r2 = 0, r3 = 0, r1Best = 0, r3Best = 0, ir = 0;
        peak = 0;
        tout = t1;
        int len = iright1 - ileft1 + 1;
        bool firstInside = len > 0 && ileft1 >= 0 && iright1 < n;
        double norm1Inside = firstInside ? Dsp.Dot(x.AsSpan(ileft1, len), x.AsSpan(ileft1, len)) : 0;
        for (int ileft2 = ileft2min; ileft2 <= ileft2max; ileft2++)
        {
            double norm1 = 0, norm2 = 0, product = 0, localPeak = 0;
            if (firstInside && ileft2 >= 0 && ileft2 + len <= n)
            {
                var s1 = x.AsSpan(ileft1, len);
                var s2 = x.AsSpan(ileft2, len);
                norm1 = norm1Inside;
                norm2 = Dsp.Dot(s2, s2);
                product = Dsp.Dot(s1, s2);
                localPeak = Dsp.MaxAbs(s2);
            }
            else for (int i1 = ileft1, i2 = ileft2; i1 <= iright1; i1++, i2++)
            {
                if ((uint)i1 >= (uint)n || (uint)i2 >= (uint)n) continue;
                double a1 = x[i1], a2 = x[i2];
                norm1 += a1 * a1;
                norm2 += a2 * a2;
                product += a1 * a2;
                double abs2 = Math.Abs(a2);
                if (abs2 > localPeak) localPeak = abs2;
            }
            r1 = r2;
            r2 = r3;
            r3 = product != 0 ? product / Math.Sqrt(norm1 * norm2) : 0;
            if (r2 > best && r2 >= r1 && r2 >= r3)
            {
                r1Best = r1;
                best = r2;
                r3Best = r3;
                ir = ileft2 - 1;
                peak = localPeak;
            }
        }
        if (best > -1)
        {
            double d2r = 2 * best - r1Best - r3Best;
            if (d2r != 0)
            {
                double dr = 0.5 * (r3Best - r1Best);
                best += 0.5 * dr * dr / d2r;
                ir += dr / d2r;
            }
            tout = t1 + (ir - ileft1) / fs;
        }
        return best;
    }

    /// <summary>Jitter and shimmer from the pulses, Praat's definitions over the whole clip.</summary>
    public static Perturbation Measure(double[] x, double fs, double[] t)
    {
        int n = t.Length;
        double meanPeriod = MeanPeriod(t);
        double jitterLocal = 0, jitterRap = 0;
        if (meanPeriod > 0 && n >= 3)
        {
            int count = n - 1;
            double sum = 0;
            for (int i = 1; i < n - 1; i++)
            {
                double p1 = t[i] - t[i - 1], p2 = t[i + 1] - t[i];
                if (Ok(p1) && Ok(p2) && Factor(p1, p2) <= MaxPeriodFactor) sum += Math.Abs(p1 - p2);
                else count--;
            }
            if (count >= 2) jitterLocal = sum / (count - 1) / meanPeriod;
            count = n - 1;
            sum = 0;
            for (int i = 2; i < n - 1; i++)
            {
                double p1 = t[i - 1] - t[i - 2], p2 = t[i] - t[i - 1], p3 = t[i + 1] - t[i];
                if (Ok(p1) && Ok(p2) && Ok(p3) && Factor(p1, p2) <= MaxPeriodFactor && Factor(p2, p3) <= MaxPeriodFactor)
                    sum += Math.Abs(p2 - (p1 + p2 + p3) / 3.0);
                else count--;
            }
            if (count >= 3) jitterRap = sum / (count - 2) / meanPeriod;
        }
        // Amplitude tier: Hann-windowed RMS around each pulse with valid periods on both sides.
        var at = new List<double>();
        var av = new List<double>();
        for (int i = 1; i < n - 1; i++)
        {
            double p1 = t[i] - t[i - 1], p2 = t[i + 1] - t[i];
            if (!(Ok(p1) && Ok(p2) && Factor(p1, p2) <= MaxPeriodFactor)) continue;
            double a = HannRms(x, fs, t[i], 0.2 * p1, 0.2 * p2);
            if (a > 0)
            {
                at.Add(t[i]);
                av.Add(a);
            }
        }
        double shimmer = 0, shimmerDb = 0;
        if (av.Count >= 2)
        {
            double num = 0, numDb = 0;
            int pairs = 0;
            for (int i = 1; i < av.Count; i++)
            {
                double p = at[i] - at[i - 1];
                if (!Ok(p)) continue;
                double a1 = av[i - 1], a2 = av[i];
                if (Factor(a1, a2) > MaxAmplitudeFactor) continue;
                num += Math.Abs(a1 - a2);
                numDb += Math.Abs(20 * Math.Log10(a2 / a1));
                pairs++;
            }
            double den = 0;
            foreach (double a in av) den += a;
            den /= av.Count;
            if (pairs >= 1 && den > 0)
            {
                shimmer = num / pairs / den;
                shimmerDb = numDb / pairs;
            }
        }
        return new Perturbation(jitterLocal, jitterRap, shimmer, shimmerDb, n);
    }

    private static bool Ok(double p) => p >= MinPeriod && p <= MaxPeriod;

    private static double Factor(double a, double b) => a > b ? a / b : b / a;

    /// <summary>Praat's PointProcess_getMeanPeriod: mean of the intervals that count as periods.</summary>
    private static double MeanPeriod(double[] t)
    {
        int n = t.Length;
        double sum = 0;
        int count = 0;
        for (int i = 0; i + 1 < n; i++)
        {
            double interval = t[i + 1] - t[i];
            if (interval <= 0 || !Ok(interval)) continue;
            double prevFactor = i >= 1 && t[i] - t[i - 1] > 0 ? Factor(interval, t[i] - t[i - 1]) : double.NaN;
            double nextFactor = i + 2 < n && t[i + 2] - t[i + 1] > 0 ? Factor(interval, t[i + 2] - t[i + 1]) : double.NaN;
            if (!double.IsNaN(prevFactor) && prevFactor > MaxPeriodFactor && !double.IsNaN(nextFactor) && nextFactor > MaxPeriodFactor) continue;
            sum += interval;
            count++;
        }
        return count > 0 ? sum / count : 0;
    }

    private static double HannRms(double[] x, double fs, double tmid, double widthLeft, double widthRight)
    {
        int imin = Math.Max(0, (int)Math.Ceiling((tmid - widthLeft) * fs - 0.5));
        int imax = Math.Min(x.Length - 1, (int)Math.Floor((tmid + widthRight) * fs - 0.5));
        if (imax - imin + 1 < 3) return 0;
        double sum = 0, wsum = 0;
        for (int i = imin; i <= imax; i++)
        {
            double ti = (i + 0.5) / fs;
            double width = ti < tmid ? widthLeft : widthRight;
            double w = 0.5 + 0.5 * Math.Cos(Math.PI * (ti - tmid) / width);
            double v = x[i] * w;
            sum += v * v;
            wsum += w * w;
        }
        return Math.Sqrt(sum / wsum);
    }
}
