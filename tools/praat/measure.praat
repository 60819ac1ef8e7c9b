# Reference measurements for the acoustic descriptors (docs/audio-descriptors.md), Praat's own algorithms with the
# same settings as sure-acoustic-1. Used only to check Sure.Audio.Descriptors, never at run time.
#   praat --run tools/praat/measure.praat /path/to/file.wav
# Prints one tab-separated line:
#   f0_mean_hz  jitter_local  shimmer_local  hnr_mean_db  f1_mean_hz  f2_mean_hz  f3_mean_hz  voiced_fraction
# F0 mean over voiced pitch frames; jitter and shimmer over the whole file from "To PointProcess (cc)";
# HNR ("To Harmonicity (ac)", 4.5 periods) and F1-F3 ("To Formant (burg)", 5 formants up to 5500 Hz, 25 ms, 50 Hz)
# averaged over the voiced pitch frames, each read at the pitch frame's time by linear interpolation (HNR: only
# harmonicity frames that Praat did not mark silent; formants: skipped when undefined).
form Measure
    sentence File
endform
sound = Read from file: file$
pitch = To Pitch (ac): 0.01, 75, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 600
f0 = Get mean: 0, 0, "Hertz"
selectObject: sound, pitch
pulses = To PointProcess (cc)
jitter = Get jitter (local): 0, 0, 0.0001, 0.02, 1.3
selectObject: sound, pulses
shimmer = Get shimmer (local): 0, 0, 0.0001, 0.02, 1.3, 1.6
selectObject: sound
harm = To Harmonicity (ac): 0.01, 75, 0.1, 4.5
nharm = Get number of frames
selectObject: sound
formant = To Formant (burg): 0, 5, 5500, 0.025, 50
selectObject: pitch
n = Get number of frames
nv = 0
sh = 0
nh = 0
s1 = 0
n1 = 0
s2 = 0
n2 = 0
s3 = 0
n3 = 0
for i to n
    selectObject: pitch
    f = Get value in frame: i, "Hertz"
    if f <> undefined
        t = Get time from frame number: i
        nv = nv + 1
        # Praat's harmonicity grid need not coincide with the pitch grid (with 2 s and a 120 ms window it is offset by
        # 5 ms): interpolate linearly between the two neighbouring harmonicity frames, using only frames Praat did not
        # mark silent (-200 dB).
        selectObject: harm
        hx = Get frame number from time: t
        i0 = floor (hx)
        w = hx - i0
        v0 = -200
        v1 = -200
        if i0 >= 1 and i0 <= nharm
            v0 = Get value in frame: i0
        endif
        if i0 + 1 >= 1 and i0 + 1 <= nharm
            v1 = Get value in frame: i0 + 1
        endif
        h = undefined
        if v0 > -100 and v1 > -100
            h = v0 + w * (v1 - v0)
        elsif v0 > -100
            h = v0
        elsif v1 > -100
            h = v1
        endif
        if h <> undefined
            sh = sh + h
            nh = nh + 1
        endif
        selectObject: formant
        v = Get value at time: 1, t, "hertz", "linear"
        if v <> undefined
            s1 = s1 + v
            n1 = n1 + 1
        endif
        v = Get value at time: 2, t, "hertz", "linear"
        if v <> undefined
            s2 = s2 + v
            n2 = n2 + 1
        endif
        v = Get value at time: 3, t, "hertz", "linear"
        if v <> undefined
            s3 = s3 + v
            n3 = n3 + 1
        endif
    endif
endfor
hnr = undefined
if nh > 0
    hnr = sh / nh
endif
f1 = undefined
if n1 > 0
    f1 = s1 / n1
endif
f2 = undefined
if n2 > 0
    f2 = s2 / n2
endif
f3 = undefined
if n3 > 0
    f3 = s3 / n3
endif
vf = 0
if n > 0
    vf = nv / n
endif
writeInfoLine: fixed$ (f0, 4), tab$, fixed$ (jitter, 6), tab$, fixed$ (shimmer, 6), tab$, fixed$ (hnr, 4), tab$, fixed$ (f1, 2), tab$, fixed$ (f2, 2), tab$, fixed$ (f3, 2), tab$, fixed$ (vf, 4)
