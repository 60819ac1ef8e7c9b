// Sure's live conversation page: opens a session, sends each typed turn to /v1/sessions/{id}/utterances and shows every
// turn's label, confidence, uncertainty (entropy) and per-modality routing; for a model that is not causal, earlier
// turns are re-labelled as context arrives. Plain DOM, no dependencies.
"use strict";

const PALETTE = ["#3056d3", "#d92d20", "#12b76a", "#f79009", "#9e77ed", "#0ba5ec", "#ee46bc", "#667085", "#4e5ba6", "#b54708"];
const $ = id => document.getElementById(id);
const state = { model: null, session: null, turns: [], previous: [], key: sessionStorage.getItem("sure-api-key") };

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

function renderTurn(p, changedFrom) {
  const li = el("li", "turn");
  li.dataset.index = p.index;
  const said = el("div", "said");
  said.append(el("span", "who", p.speaker), el("span", "text", p.text ?? ""));
  const labelLine = el("div", "said");
  const finite = p.confidence != null;
  const label = el("span", "label", p.label);
  label.style.background = finite ? colour(p.label) : "#98a2b3";
  labelLine.append(label);
  if (!finite) labelLine.append(el("span", "revised", "the model returned no finite probabilities for this turn"));
  if (changedFrom) {
    labelLine.append(el("span", "revised", `revised (was ${changedFrom})`));
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

function render(changed) {
  const list = $("turns");
  list.replaceChildren(...state.turns.map(p => renderTurn(p, changed.get(p.index))));
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
    render(changed);
    if (!$("status").textContent.startsWith("The session had expired")) status("");
    $("text").value = "";
    $("speaker").value = nextSpeaker(speaker);
    const list = $("speakers");
    if (![...list.options].some(o => o.value === speaker)) list.append(new Option(speaker, speaker));
    $("text").focus();
  } catch (e) {
    status(e.message);
  } finally {
    $("send").disabled = false;
  }
}

async function start() {
  $("say").addEventListener("submit", send);
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
    $("model").textContent = `${m.dataset || "model"} · ${m.classes.join(", ")} · ${m.modalities.join("+")} · ` +
      `${m.causal ? "causal: earlier turns keep their labels" : "reads the whole conversation: earlier turns are revised as it goes on"}` +
      ` · text: ${m.text_front_end.kind}${metric}`;
    document.body.dataset.ready = "true";
    $("featuresbox").hidden = m.text_front_end.kind !== "features";
    await newSession();
  } catch (e) {
    status(e.message);
  }
}

start();
