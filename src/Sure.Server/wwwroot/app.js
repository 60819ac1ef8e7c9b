// Sure's live conversation page: opens a session, sends each typed turn to /v1/sessions/{id}/utterances and shows every
// turn's label, confidence, uncertainty (entropy) and per-modality routing; for a model that is not causal, earlier
// turns are re-labelled as context arrives. For a model that reads recordings, a turn can be recorded from the
// microphone (Web Audio: recorder.js captures the samples, this file encodes a 16-bit mono WAV and sends it as base64).
// Above the turns, a chart of each speaker's emotion and confidence over the conversation (inline SVG).
// Plain DOM, no dependencies.
"use strict";

const PALETTE = ["#3056d3", "#d92d20", "#12b76a", "#f79009", "#9e77ed", "#0ba5ec", "#ee46bc", "#667085", "#4e5ba6", "#b54708"];
const $ = id => document.getElementById(id);
const state = { model: null, session: null, turns: [], previous: [], clips: new Map(), key: sessionStorage.getItem("sure-api-key") };
const recorder = { stream: null, context: null, node: null, chunks: [], rate: 0, started: 0, timer: null, busy: false };

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (state.key) headers["X-Api-Key"] = state.key;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) $("keyform").hidden = false;
    throw new ApiError(response.status, (data && (data.detail || data.title)) || `HTTP ${response.status}`);
  }
  return data;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function bar(share, cls) {
  const b = el("div", "bar" + (cls ? " " + cls : ""));
  const fill = el("span");
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  b.append(fill);
  return b;
}

function colour(label) {
  const i = state.model ? state.model.classes.indexOf(label) : -1;
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
}

// "frustrated (fru)" where the readable name differs from the class id, else the id
function displayName(p) {
  const name = p.label_name || p.label;
  return name === p.label ? p.label : `${name} (${p.label})`;
}

function nameOf(label) {
  const i = state.model ? state.model.classes.indexOf(label) : -1;
  const names = state.model && state.model.class_display_names;
  return i >= 0 && names && names[i] && names[i] !== label ? `${names[i]} (${label})` : label;
}

// what the routing colours and the uncertainty bar mean, for the served model
function legend(m) {
  const box = $("legend");
  box.replaceChildren();
  box.append(el("span", "", `Uncertainty: the entropy of the class probabilities in nats, 0 = certain, ${Math.log(m.classes.length).toFixed(2)} = no idea (all ${m.classes.length} classes equally likely); the red bar is its share of that maximum. `));
  box.append(el("span", "", "Routing: the share of each expert of a modality's mixture of experts, coloured "));
  ["#3056d3", "#12b76a", "#f79009", "#9e77ed"].forEach((c, i) => {
    const key = el("span", "key");
    key.style.background = c;
    box.append(key, el("span", "", `expert ${i + 1}${i < 3 ? ", " : " (then repeating)."}`));
  });
  box.hidden = false;
}

function renderTurn(p, changedFrom) {
  const li = el("li", "turn");
  li.dataset.index = p.index;
  const said = el("div", "said");
  said.append(el("span", "who", p.speaker), el("span", "text", p.text ?? ""));
  if (state.clips.has(p.index)) said.append(el("span", "clip", `recorded ${state.clips.get(p.index).toFixed(1)} s`));
  const labelLine = el("div", "said");
  const finite = p.confidence != null;
  const label = el("span", "label", displayName(p));
  label.title = `class ${p.label}`;
  label.style.background = finite ? colour(p.label) : "#98a2b3";
  labelLine.append(label);
  if (!finite) labelLine.append(el("span", "revised", "the model returned no finite probabilities for this turn"));
  if (changedFrom) {
    labelLine.append(el("span", "revised", `revised (was ${nameOf(changedFrom)})`));
    li.classList.add("changed");
  }
  const meta = el("div", "meta");
  const confidence = p.confidence ?? 0;
  meta.append(el("span", "confidence", `confidence ${(confidence * 100).toFixed(0)}%`), bar(confidence));
  const maxEntropy = Math.log(state.model ? state.model.classes.length : 2);
  meta.append(el("span", "entropy", `uncertainty ${(p.entropy ?? 0).toFixed(3)} nats`), bar((p.entropy ?? 0) / maxEntropy, "uncertain"));
  for (const [modality, weights] of Object.entries(p.routing || {})) {
    const row = el("div", "routing");
    row.title = `${modality} routing over ${weights.length} experts: ${weights.map(w => (w ?? 0).toFixed(2)).join(", ")}`;
    const stack = el("div", "stack");
    for (const w of weights) {
      const s = el("span");
      s.style.width = `${(w ?? 0) * 100}%`;
      stack.append(s);
    }
    row.append(el("span", "name", modality), stack);
    meta.append(row);
  }
  li.append(said, labelLine, meta);
  return li;
}

// ---- the conversation at a glance: each speaker's emotion and confidence over the turns ----

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// One lane per speaker (in order of first turn), one column per turn: a bar in the speaker's lane as tall as the
// turn's confidence, in its label's colour (the colours of the turn list), and a line joining that speaker's
// confidences. Hover a bar for the turn, its label and confidence. Drawn from the same predictions as the list.
function renderChart() {
  const box = $("chart");
  const turns = state.turns.filter(t => t);
  box.hidden = turns.length === 0;
  if (box.hidden) return;
  const speakers = [...new Set(turns.map(t => t.speaker))];
  const laneH = 44, gap = 10, left = 92, top = 6, bottom = 20, col = Math.max(6, Math.min(28, Math.floor(660 / Math.max(turns.length, 1))));
  const width = left + col * Math.max(turns.length, 1) + 8, height = top + speakers.length * (laneH + gap) + bottom;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": `emotion and confidence of ${speakers.length} speaker${speakers.length === 1 ? "" : "s"} over ${turns.length} turn${turns.length === 1 ? "" : "s"}` });
  speakers.forEach((speaker, s) => {
    const y0 = top + s * (laneH + gap), base = y0 + laneH;
    const lane = svg("g", { class: "lane", "data-speaker": speaker });
    lane.append(svg("rect", { x: left, y: y0, width: width - left - 8, height: laneH, fill: "#f2f4f7" }));
    lane.append(svg("line", { x1: left, y1: y0 + laneH / 2, x2: width - 8, y2: y0 + laneH / 2, stroke: "#e4e7ec", "stroke-dasharray": "3 3" }));
    lane.append(svg("text", { x: left - 6, y: y0 + laneH / 2 + 4, "text-anchor": "end", class: "who" }, speaker.length > 12 ? speaker.slice(0, 11) + "…" : speaker));
    const points = [];
    for (const t of turns.filter(t => t.speaker === speaker)) {
      const c = t.confidence ?? 0, x = left + t.index * col, h = Math.max(2, c * laneH);
      const bar = svg("rect", { x: x + 1, y: base - h, width: col - 2, height: h, rx: 2, class: "mark",
        fill: t.confidence != null ? colour(t.label) : "#98a2b3", "data-index": t.index, "data-label": t.label, "data-confidence": c.toFixed(4) });
      bar.append(svg("title", {}, `turn ${t.index + 1} · ${speaker} · ${displayName(t)} · confidence ${(c * 100).toFixed(0)}% · uncertainty ${(t.entropy ?? 0).toFixed(3)} nats`));
      lane.append(bar);
      points.push(`${x + col / 2},${base - h}`);
    }
    if (points.length > 1) lane.append(svg("polyline", { points: points.join(" "), fill: "none", stroke: "#1d2330", "stroke-width": 1, "stroke-opacity": 0.5, class: "trend" }));
    chart.append(lane);
  });
  const axis = height - 6;
  chart.append(svg("text", { x: left - 6, y: axis, "text-anchor": "end", class: "axis" }, "turn"));
  const step = Math.ceil(24 / col);
  for (let i = 0; i < turns.length; i += step)
    chart.append(svg("text", { x: left + i * col + col / 2, y: axis, "text-anchor": "middle", class: "axis" }, String(i + 1)));
  $("chartplot").replaceChildren(chart);
  const used = [...new Set(turns.filter(t => t.confidence != null).map(t => t.label))];
  $("chartkey").replaceChildren(...(state.model ? state.model.classes : used).filter(c => used.includes(c)).flatMap(c => {
    const key = el("span", "key");
    key.style.background = colour(c);
    return [key, el("span", "keyname", nameOf(c))];
  }));
}

function render(changed) {
  const list = $("turns");
  list.replaceChildren(...state.turns.map(p => renderTurn(p, changed.get(p.index))));
  renderChart();
  $("empty").hidden = state.turns.length > 0;
  const last = list.lastElementChild;
  if (last) last.scrollIntoView({ block: "nearest" });
}

function status(text) { $("status").textContent = text || ""; }

async function newSession() {
  if (state.session) api("DELETE", `/v1/sessions/${state.session}`).catch(() => {});
  const created = await api("POST", "/v1/sessions");
  state.session = created.id;
  state.turns = [];
  state.clips = new Map();
  render(new Map());
}

function nextSpeaker(current) {
  const seen = [...new Set(state.turns.map(t => t.speaker))];
  if (seen.length >= 2) {
    const previous = seen.filter(s => s !== current).pop();
    return previous ?? current;
  }
  return current === "A" ? "B" : current === "B" ? "A" : current;
}

async function send(event) {
  event.preventDefault();
  const speaker = $("speaker").value.trim();
  const text = $("text").value;
  if (!speaker) { status("Who speaks? Type a speaker name."); return; }
  const turn = { speaker, text };
  if (!$("featuresbox").hidden && $("features").value.trim()) {
    try { turn.features = JSON.parse($("features").value); } catch { status("The features are not valid JSON."); return; }
  }
  $("send").disabled = true;
  try {
    await submit(turn);
  } finally {
    $("send").disabled = false;
  }
}

// Sends one turn to the session (a new session if it expired) and shows every prediction it brings back. Returns the
// new turn's index, or -1 when it was refused (the reason is in the status line).
async function submit(turn, seconds) {
  try {
    if (!state.session) await newSession();
    let r;
    try {
      r = await api("POST", `/v1/sessions/${state.session}/utterances`, turn);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
      await newSession(); // expired: start again
      status("The session had expired; a new conversation was started.");
      r = await api("POST", `/v1/sessions/${state.session}/utterances`, turn);
    }
    const changed = new Map();
    for (const p of r.revised) {
      const before = state.turns[p.index];
      if (before && before.confidence != null && before.label !== p.label) changed.set(p.index, before.label);
      state.turns[p.index] = p;
    }
    state.turns[r.prediction.index] = r.prediction;
    if (seconds !== undefined) state.clips.set(r.prediction.index, seconds);
    render(changed);
    if (!$("status").textContent.startsWith("The session had expired")) status("");
    $("text").value = "";
    $("speaker").value = nextSpeaker(turn.speaker);
    const list = $("speakers");
    if (![...list.options].some(o => o.value === turn.speaker)) list.append(new Option(turn.speaker, turn.speaker));
    $("text").focus();
    return r.prediction.index;
  } catch (e) {
    status(e.message);
    return -1;
  }
}

// ---- recording a turn from the microphone ----

// A 16-bit PCM mono WAV of the recorded blocks (Float32Array, samples in [-1, 1]) at `rate` Hz.
function encodeWav(chunks, rate) {
  const n = chunks.reduce((sum, c) => sum + c.length, 0);
  const view = new DataView(new ArrayBuffer(44 + 2 * n));
  const ascii = (at, s) => { for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); };
  ascii(0, "RIFF"); view.setUint32(4, 36 + 2 * n, true); ascii(8, "WAVE");
  ascii(12, "fmt "); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
  view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true); view.setUint16(32, 2, true); view.setUint16(34, 16, true);
  ascii(36, "data"); view.setUint32(40, 2 * n, true);
  let at = 44;
  for (const c of chunks)
    for (let i = 0; i < c.length; i++, at += 2) {
      const x = Math.max(-1, Math.min(1, c[i]));
      view.setInt16(at, x < 0 ? x * 0x8000 : x * 0x7fff, true);
    }
  return new Uint8Array(view.buffer);
}

function toBase64(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function recordedSeconds() {
  return recorder.rate ? recorder.chunks.reduce((sum, c) => sum + c.length, 0) / recorder.rate : 0;
}

async function startRecording() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.AudioWorkletNode) {
    status("This browser gives the page no microphone (it needs https, or http://localhost).");
    return;
  }
  if (!$("speaker").value.trim()) { status("Who speaks? Type a speaker name."); return; }
  recorder.busy = true;
  $("record").disabled = true;
  try {
    recorder.stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    try { recorder.context = new AudioContext({ sampleRate: 16000 }); } catch { recorder.context = new AudioContext(); } // the server resamples any rate
    await recorder.context.audioWorklet.addModule("recorder.js");
    recorder.chunks = [];
    recorder.rate = recorder.context.sampleRate;
    const source = recorder.context.createMediaStreamSource(recorder.stream);
    recorder.node = new AudioWorkletNode(recorder.context, "sure-recorder");
    recorder.node.port.onmessage = e => recorder.chunks.push(e.data);
    source.connect(recorder.node);
    recorder.node.connect(recorder.context.destination); // silent: the processor writes no output, but a connected node keeps running
    await recorder.context.resume();
    recorder.started = performance.now();
    const limit = state.model.limits.max_audio_seconds;
    recorder.timer = setInterval(() => {
      const seconds = recordedSeconds();
      $("recording").textContent = `● recording ${seconds.toFixed(1)} s — press Stop to send`;
      if (seconds >= limit - 0.5) stopRecording(); // the server refuses longer recordings
    }, 100);
    $("recording").textContent = "● recording…";
    $("recording").hidden = false;
    $("record").textContent = "■ Stop";
    $("record").classList.add("on");
    document.body.dataset.recording = "true";
    status("");
  } catch (e) {
    release();
    status(`The microphone could not be opened: ${e.message || e.name}.`);
  } finally {
    recorder.busy = false;
    $("record").disabled = false;
  }
}

function release() {
  clearInterval(recorder.timer);
  recorder.timer = null;
  if (recorder.node) { recorder.node.port.onmessage = null; recorder.node.disconnect(); }
  if (recorder.stream) for (const track of recorder.stream.getTracks()) track.stop();
  if (recorder.context) recorder.context.close().catch(() => {});
  recorder.node = recorder.stream = recorder.context = null;
  $("recording").hidden = true;
  $("record").textContent = "● Record";
  $("record").classList.remove("on");
  delete document.body.dataset.recording;
}

async function stopRecording() {
  if (!recorder.context || recorder.busy) return;
  recorder.busy = true;
  const chunks = recorder.chunks, rate = recorder.rate, seconds = recordedSeconds();
  release();
  $("record").disabled = true;
  try {
    if (seconds < 0.1) { status("The recording is empty: no sound reached the page from the microphone."); return; }
    const turn = { speaker: $("speaker").value.trim(), audio: { base64: toBase64(encodeWav(chunks, rate)), name: "microphone.wav" } };
    if ($("text").value.trim()) turn.text = $("text").value;
    await submit(turn, seconds);
  } finally {
    recorder.busy = false;
    $("record").disabled = false;
  }
}

function toggleRecording() {
  if (recorder.context) stopRecording(); else startRecording();
}

async function start() {
  $("say").addEventListener("submit", send);
  $("record").addEventListener("click", toggleRecording);
  $("reset").addEventListener("click", () => newSession().then(() => status("")).catch(e => status(e.message)));
  $("keyform").addEventListener("submit", e => {
    e.preventDefault();
    state.key = $("apikey").value.trim();
    sessionStorage.setItem("sure-api-key", state.key);
    $("keyform").hidden = true;
    start2();
  });
  await start2();
}

async function start2() {
  try {
    const m = await api("GET", "/v1/model");
    state.model = m;
    const metric = m.metrics && m.metrics.test && m.metrics.test.weighted_f1 != null ? ` · test weighted F1 ${(m.metrics.test.weighted_f1 * (m.metrics.test.weighted_f1 <= 1 ? 100 : 1)).toFixed(1)}` : "";
    $("model").textContent = `${m.dataset || "model"} · ${m.classes.map(nameOf).join(", ")} · ${m.modalities.join("+")} · ` +
      `${m.causal ? "causal: earlier turns keep their labels" : "reads the whole conversation: earlier turns are revised as it goes on"}` +
      m.modalities.map(x => ` · ${x}: ${x === "text" ? m.text_front_end.kind : (m.front_ends.find(f => f.modality === x) || { kind: "features" }).kind}`).join("") + metric;
    const warnings = m.warnings || [];
    $("warnings").replaceChildren(...warnings.map(w => el("li", "", `Warning: ${w}`)));
    $("warnings").hidden = warnings.length === 0;
    legend(m);
    document.body.dataset.ready = "true";
    // a features box for a model that reads some modality as given vectors (no front end makes them)
    $("featuresbox").hidden = !m.modalities.some(x => x === "text" ? m.text_front_end.kind === "features" : !m.front_ends.some(f => f.modality === x));
    $("record").hidden = !m.reads_recordings; // only a model with an audio front end reads recordings
    await newSession();
  } catch (e) {
    status(e.message);
  }
}

start();
