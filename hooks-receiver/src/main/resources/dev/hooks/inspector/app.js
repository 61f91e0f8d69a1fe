// The hooks inspector: a live list of the deliveries in the history and the detail of one.
// Every piece of received data goes into the page through textContent or attribute setters, never as HTML.
"use strict";

(function () {
  const API = "/_hooks/api";
  const PAGE = 100;

  const state = {
    rows: new Map(),        // id -> summary
    selected: null,         // id of the delivery shown
    detail: null,           // its detail document
    nextBefore: null,       // seq to page back from, or null when everything is loaded
    info: { forward_to: null, replay: false },
    statsDirty: false,      // a delivery arrived since the stats line was read
    bodyMode: "pretty",
    replayMode: null,       // "to" or "edit" while the replay form is open
    providers: new Set(),
    eventTypes: new Set(),
  };

  const $ = (id) => document.getElementById(id);

  // el("td", {class: "x"}, "text", childNode, ...): builds an element; strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function toast(text) {
    const t = $("toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 2600);
  }

  async function getJson(url) {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || res.status + " " + res.statusText);
    return body;
  }

  // ---- filters ----------------------------------------------------------------------------------

  function filters() {
    return {
      provider: $("f-provider").value.trim(),
      event_type: $("f-event").value.trim(),
      verified: $("f-verified").value,
      kind: $("f-kind").value,
    };
  }

  function filterQuery(extra) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters(), ...(extra || {}) })) {
      if (v !== "" && v !== null && v !== undefined) p.set(k, v);
    }
    const s = p.toString();
    return s ? "?" + s : "";
  }

  function matches(d) {
    const f = filters();
    if (f.provider && d.provider !== f.provider) return false;
    if (f.event_type && d.event_type !== f.event_type) return false;
    if (f.verified && d.result !== f.verified) return false;
    if (f.kind && d.kind !== f.kind) return false;
    return true;
  }

  function onFiltersChanged() {
    $("export").href = API + "/export" + filterQuery();
    loadList();
  }

  // ---- the list ---------------------------------------------------------------------------------

  async function loadList() {
    try {
      const page = await getJson(API + "/deliveries" + filterQuery({ limit: PAGE }));
      state.rows.clear();
      page.deliveries.forEach(remember);
      state.nextBefore = page.next_before_seq;
      renderRows();
    } catch (e) {
      toast("Could not load deliveries: " + e.message);
    }
  }

  async function loadOlder() {
    if (state.nextBefore === null) return;
    const page = await getJson(API + "/deliveries" + filterQuery({ limit: PAGE, before_seq: state.nextBefore }));
    page.deliveries.forEach(remember);
    state.nextBefore = page.next_before_seq;
    renderRows();
  }

  function remember(d) {
    state.rows.set(d.id, d);
    if (d.provider && !state.providers.has(d.provider)) {
      state.providers.add(d.provider);
      $("providers").appendChild(el("option", { value: d.provider }));
    }
    if (d.event_type && !state.eventTypes.has(d.event_type)) {
      state.eventTypes.add(d.event_type);
      $("event-types").appendChild(el("option", { value: d.event_type }));
    }
  }

  function sorted() {
    return [...state.rows.values()].sort((a, b) => b.seq - a.seq);
  }

  function renderRows(fresh) {
    const body = clear($("rows"));
    for (const d of sorted()) body.appendChild(row(d, fresh && fresh.has(d.id)));
    $("empty").hidden = state.rows.size > 0;
    $("more").hidden = state.nextBefore === null;
  }

  function row(d, fresh) {
    const when = new Date(d.received_at);
    const statusClass = "status s" + String(d.status || 0).charAt(0);
    const tr = el("tr", { class: (d.id === state.selected ? "selected " : "") + (fresh ? "fresh" : ""), dataset: { id: d.id }, tabindex: 0 },
      el("td", { class: "c-time", title: when.toString() },
        el("span", { class: "main" }, clock(when)), el("span", { class: "sub" }, day(when))),
      el("td", { class: "c-provider" },
        el("span", { class: "main" }, d.provider || "unknown"), el("span", { class: "sub" }, d.method + " " + d.path)),
      el("td", { class: "c-event" },
        el("span", { class: "main" }, d.event_type || "(no event type)"),
        el("span", { class: "sub", title: d.event_id || "" }, (d.kind !== "delivery" ? d.kind + " · " : "") + (d.event_id || d.id))),
      el("td", { class: "c-result" }, el("span", { class: "badge " + d.result, title: d.reason || "" }, d.result)),
      el("td", { class: "c-status" }, el("span", { class: statusClass }, d.status ? String(d.status) : "–")));
    tr.addEventListener("click", () => select(d.id));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") select(d.id); });
    return tr;
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  }

  function day(date) {
    const today = new Date();
    if (date.toDateString() === today.toDateString()) return "today";
    return date.toLocaleDateString([], { month: "short", day: "numeric", year: date.getFullYear() === today.getFullYear() ? undefined : "numeric" });
  }

  // ---- live updates -----------------------------------------------------------------------------

  function connect() {
    const live = $("live");
    const source = new EventSource(API + "/stream");
    source.onopen = () => { live.dataset.state = "live"; $("live-text").textContent = "live"; };
    source.onerror = () => { live.dataset.state = "down"; $("live-text").textContent = "reconnecting"; };
    source.addEventListener("delivery", (e) => {
      state.statsDirty = true;
      const d = JSON.parse(e.data);
      const known = state.rows.has(d.id);
      if (!matches(d)) return;
      remember(d);
      renderRows(known ? null : new Set([d.id]));
      if (d.id === state.selected) select(d.id, true);
    });
    source.addEventListener("resync", loadList);
  }

  // ---- the detail -------------------------------------------------------------------------------

  async function select(id, quiet) {
    state.selected = id;
    for (const tr of $("rows").children) tr.classList.toggle("selected", tr.dataset.id === id);
    if (location.hash !== "#" + id) history.replaceState(null, "", "#" + id);
    try {
      const d = await getJson(API + "/deliveries/" + encodeURIComponent(id));
      if (state.selected !== id) return;
      state.detail = d;
      renderDetail(d, quiet);
    } catch (e) {
      toast("Could not load " + id + ": " + e.message);
    }
  }

  function renderDetail(d, quiet) {
    $("placeholder").hidden = true;
    $("view").hidden = false;
    if (!quiet) {
      $("d-notice").hidden = true;
      closePanels();
    }
    $("d-title").textContent = d.event_type || "(no event type)";
    const meta = clear($("d-meta"));
    meta.append(...[
      el("span", { class: "badge " + d.result }, d.result),
      d.kind !== "delivery" ? el("span", { class: "badge kind" }, d.kind) : null,
      d.duplicate ? el("span", { class: "badge kind" }, "duplicate") : null,
      el("span", {}, "provider ", el("span", { class: "mono" }, d.provider || "unknown")),
      d.event_id ? el("span", {}, "event ", el("span", { class: "mono" }, d.event_id)) : null,
      el("span", {}, "id ", el("span", { class: "mono" }, d.id)),
      el("span", {}, new Date(d.received_at).toLocaleString()),
      d.listener ? el("span", {}, "listener ", el("span", { class: "mono" }, d.listener)) : null,
      d.replay_of ? el("span", {}, "replay of ", link(d.replay_of)) : null,
    ].filter(Boolean)); // append() would print null as text

    $("a-replay").disabled = !state.info.replay || !state.info.forward_to;
    $("a-replay").title = state.info.forward_to ? "Send it again to " + state.info.forward_to : "The listener has no --forward-to target; use Replay to URL";
    $("a-replay-to").disabled = !state.info.replay;
    $("a-edit").disabled = !state.info.replay;
    $("a-download").href = API + "/export?after_seq=" + (d.seq - 1) + "&before_seq=" + (d.seq + 1);
    $("a-download").setAttribute("download", d.id + ".jsonl");

    renderVerification(d);
    renderSchema(d);

    $("d-request-line").textContent = d.method + " " + d.path + (d.query ? "?" + d.query : "");
    const sigHeaders = new Set([d.verification.header, d.verification.timestamp_header, d.verification.id_header]
      .filter(Boolean).map((h) => h.toLowerCase()));
    headersTable($("d-headers"), d.headers, sigHeaders);
    $("d-body-size").textContent = size(d.body.bytes) + (d.body.content_type ? " · " + d.body.content_type : "");
    renderBody();

    $("s-decrypted").hidden = !d.decrypted_body;
    if (d.decrypted_body) $("d-decrypted").textContent = d.decrypted_body.json || d.decrypted_body.text || base64Note(d.decrypted_body);

    $("d-answer-status").textContent = d.answer.status ? d.answer.status + (d.latency_ms ? " · " + d.latency_ms + " ms" : "") : "no answer";
    headersTable($("d-answer-headers"), d.answer.headers, new Set());
    $("d-answer-body").textContent = d.answer.body.json || d.answer.body.text || (d.answer.body.bytes ? base64Note(d.answer.body) : "");

    $("s-forward").hidden = !d.forward;
    if (d.forward) {
      const f = clear($("d-forward"));
      f.append(steps([
        ["Forwarded to", d.forward.to],
        ["Answer", d.forward.status !== null ? String(d.forward.status) : "none"],
        d.forward.error ? ["Error", d.forward.error] : null,
      ]));
    }
  }

  function link(id) {
    const a = el("a", { href: "#" + id, class: "mono" }, id);
    a.addEventListener("click", (e) => { e.preventDefault(); select(id); });
    return a;
  }

  function renderBody() {
    const d = state.detail;
    if (!d) return;
    for (const b of $("body-tabs").children) b.setAttribute("aria-selected", String(b.dataset.mode === state.bodyMode));
    let text;
    if (d.body.text === null) text = base64Note(d.body);
    else if (state.bodyMode === "pretty" && d.body.json) text = d.body.json;
    else text = d.body.text;
    $("d-body").textContent = text;
  }

  function base64Note(b) {
    return "(" + size(b.bytes) + ", not UTF-8 text; base64 below)\n\n" + b.base64;
  }

  function size(n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + " KB";
    return (n / 1024 / 1024).toFixed(1) + " MB";
  }

  function headersTable(table, headers, highlight) {
    clear(table);
    if (!headers.length) {
      table.appendChild(el("tr", {}, el("td", { colspan: 2 }, "(none)")));
      return;
    }
    for (const h of headers) {
      table.appendChild(el("tr", { class: highlight.has(h.name.toLowerCase()) ? "signature" : null },
        el("td", {}, h.name), el("td", {}, h.value)));
    }
  }

  function steps(pairs) {
    const dl = el("dl", { class: "steps" });
    for (const p of pairs) {
      if (!p) continue;
      const [label, value, plain] = p;
      dl.append(el("dt", {}, label), el("dd", { class: plain ? "plain" : null }, value));
    }
    return dl;
  }

  function renderVerification(d) {
    const v = d.verification;
    const box = clear($("verification"));
    const verdict = el("div", { class: "verdict" }, el("span", { class: "badge " + v.result }, v.result));
    if (v.result === "valid") verdict.append(el("span", {}, "The signature matches the body as received."));
    else if (v.result === "unsigned") verdict.append(el("span", {}, v.reason || "This provider's deliveries carry no signature."));
    else verdict.append(el("span", {}, v.reason || "The signature did not match."));
    box.append(verdict);
    if (v.result === "unsigned" && !v.header) return;

    const received = v.received && v.received.length ? v.received : null;
    let comparison = null;
    if (v.expected && received) {
      const same = received.includes(v.expected);
      comparison = el("span", { class: same ? "match" : "mismatch" }, same ? "expected = received" : "expected ≠ received");
    } else if (v.result === "valid") {
      comparison = el("span", { class: "match" }, "a received signature matched the computed one");
    }
    box.append(steps([
      v.header ? ["Signature header", v.header + (v.header_value !== null && v.header_value !== undefined ? ": " + v.header_value : " (missing)")] : null,
      v.value_template ? ["Header format", v.value_template] : null,
      v.algorithm ? ["Algorithm", v.algorithm] : null,
      v.key_form ? ["Secret form", v.key_form + " (the secret itself is never shown)", true] : null,
      v.signed_template ? ["Signed content", v.signed_template] : null,
      v.signed_content !== null && v.signed_content !== undefined ? ["What was signed", el("pre", {}, v.signed_content)] : null,
      v.encoding ? ["Encoding", v.encoding] : null,
      v.expected ? ["Expected", v.expected] : null,
      received ? ["Received", received.join("\n")] : null,
      comparison ? ["Comparison", comparison] : null,
      v.timestamp ? ["Timestamp", v.timestamp + timestampNote(v.timestamp) + (v.timestamp_header ? "  (" + v.timestamp_header + ")" : "")] : null,
      v.tolerance_seconds ? ["Tolerance", "±" + v.tolerance_seconds + " s", true] : null,
      v.id ? ["Delivery id", v.id + (v.id_header ? "  (" + v.id_header + ")" : "")] : null,
    ]));
  }

  function renderSchema(d) {
    const box = $("schema");
    if (!box) return;
    clear(box);
    if (!d.schema || d.schema === "none") {
      box.append(el("span", { class: "dim" }, "No schema for this event."));
      return;
    }
    box.append(el("div", { class: "verdict" }, el("span", { class: "badge " + d.schema }, d.schema),
      el("span", {}, d.schema === "valid" ? "The body matches its event's schema." : "The body breaks its event's schema:")));
    if (d.schema_errors && d.schema_errors.length) {
      box.append(steps(d.schema_errors.map(e => [e.pointer || "/", e.message])));
    }
  }

  function timestampNote(ts) {
    if (!/^\d{9,13}$/.test(ts)) return "";
    const ms = ts.length > 11 ? Number(ts) : Number(ts) * 1000;
    return " = " + new Date(ms).toISOString();
  }

  // ---- actions ----------------------------------------------------------------------------------

  function closePanels() {
    $("replay-form").hidden = true;
    $("curl-panel").hidden = true;
    state.replayMode = null;
  }

  function notice(text, kind) {
    const n = $("d-notice");
    n.className = "notice " + (kind || "");
    clear(n).append(...text.filter(Boolean));
    n.hidden = false;
  }

  async function replay(to, body, resign) {
    const d = state.detail;
    const res = await fetch(API + "/deliveries/" + encodeURIComponent(d.id) + "/replay", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ to: to || null, body: body === undefined ? null : body, resign: !!resign }),
    });
    const r = await res.json().catch(() => ({ error: res.status + " " + res.statusText }));
    if (!res.ok) {
      notice(["Replay refused: " + (r.error || res.status)], "bad");
      return;
    }
    const what = r.status !== null ? "answered " + r.status : "failed: " + r.error;
    notice(["Replayed to " + r.to + (r.resigned ? " (re-signed)" : "") + ": " + what + " in " + r.latency_ms + " ms",
      r.replay_id ? el("span", {}, " · recorded as ", link(r.replay_id)) : ""], r.ok ? "ok" : "bad");
  }

  function openReplayForm(mode) {
    const d = state.detail;
    closePanels();
    state.replayMode = mode;
    $("replay-title").textContent = mode === "edit" ? "Edit the body and replay" : "Replay to a URL";
    $("r-to").value = state.info.forward_to || "";
    $("r-to").required = !state.info.forward_to;
    $("r-body-label").hidden = mode !== "edit";
    // An encrypted delivery is edited as its plaintext; the listener encrypts it again with its key.
    const editable = d.decrypted_body && d.decrypted_body.text !== null ? d.decrypted_body : d.body;
    $("r-body").value = editable.text !== null ? (editable.json || editable.text) : "";
    $("r-body").disabled = editable.text === null;
    $("r-resign").checked = mode === "edit" && d.can_resign;
    $("r-resign").disabled = !d.can_resign;
    $("r-resign-label").title = d.can_resign ? "" : "The listener has no secret for this provider";
    $("replay-form").hidden = false;
    (mode === "edit" ? $("r-body") : $("r-to")).focus();
  }

  async function showCurl() {
    const d = state.detail;
    closePanels();
    const res = await fetch(API + "/deliveries/" + encodeURIComponent(d.id) + "/curl");
    const text = await res.text();
    $("curl-text").textContent = text.trimEnd();
    $("curl-panel").hidden = false;
    copy(text.trimEnd(), true);
  }

  async function copy(text, quiet) {
    try {
      await navigator.clipboard.writeText(text);
      toast("Copied to the clipboard");
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents($("curl-text"));
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      if (!quiet) toast("Selected: press Ctrl+C to copy");
    }
  }

  // ---- the stats line: what the history holds, as 'hooks events stats' says it --------------------------

  function size(bytes) {
    if (bytes < 1000) return bytes + " B";
    const units = ["kB", "MB", "GB", "TB"];
    let v = bytes, u = -1;
    while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
    return (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + " " + units[u];
  }

  function statsLine(s) {
    const parts = [s.deliveries + " recorded"];
    if (s.oldest) parts.push("oldest " + s.oldest, "newest " + s.newest);
    const counts = (m) => Object.entries(m).map(([k, n]) => k + " " + n).join(", ");
    if (s.deliveries > 0) parts.push(counts(s.by_provider), counts(s.by_verdict));
    // a database's tables tell their size but not their free space
    parts.push(size(s.bytes) + " on disk" + (s.free_bytes === undefined ? "" : " (" + size(s.free_bytes) + " free)"));
    return parts.join("  ·  ");
  }

  async function loadStats() {
    state.statsDirty = false;
    try {
      $("stats").textContent = statsLine(await getJson(API + "/stats"));
    } catch (e) {
      $("stats").textContent = "";
    }
  }

  async function loadInfo() {
    try {
      state.info = await getJson(API + "/info");
    } catch (e) {
      state.info = { forward_to: null, replay: false };
    }
    const parts = ["listening on " + location.host];
    if (state.info.public_url) parts.push("public URL " + state.info.public_url);
    if (state.info.forward_to) parts.push("forwarding to " + state.info.forward_to);
    if (state.info.store) parts.push("history " + state.info.store);
    $("where").textContent = parts.join("  ·  ");
    $("where").title = $("where").textContent;
  }

  function wire() {
    const form = $("filters");
    form.addEventListener("submit", (e) => { e.preventDefault(); onFiltersChanged(); });
    for (const id of ["f-verified", "f-kind", "f-provider", "f-event"]) $(id).addEventListener("change", onFiltersChanged);
    $("f-clear").addEventListener("click", () => { form.reset(); onFiltersChanged(); });
    $("more").addEventListener("click", loadOlder);
    $("a-replay").addEventListener("click", () => replay(null));
    $("a-replay-to").addEventListener("click", () => openReplayForm("to"));
    $("a-edit").addEventListener("click", () => openReplayForm("edit"));
    $("a-curl").addEventListener("click", showCurl);
    $("curl-copy").addEventListener("click", () => copy($("curl-text").textContent));
    $("curl-close").addEventListener("click", closePanels);
    $("r-cancel").addEventListener("click", closePanels);
    $("replay-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const edit = state.replayMode === "edit";
      const button = $("r-send");
      button.disabled = true;
      try {
        await replay($("r-to").value.trim(), edit ? $("r-body").value : undefined, $("r-resign").checked);
        closePanels();
      } finally {
        button.disabled = false;
      }
    });
    for (const b of $("body-tabs").children) {
      b.addEventListener("click", () => { state.bodyMode = b.dataset.mode; renderBody(); });
    }
    document.addEventListener("keydown", (e) => {
      if (e.target.closest("input, textarea, select")) return;
      if (e.key !== "j" && e.key !== "k") return;
      const list = sorted();
      const at = list.findIndex((d) => d.id === state.selected);
      const next = list[e.key === "j" ? Math.min(list.length - 1, at + 1) : Math.max(0, at - 1)];
      if (next) select(next.id);
    });
  }

  // The printed URL brings the token in ?token=; the answer to it set the cookie that carries it from now on. Take it
  // out of the address bar and this page's history entry, so it is not shown, bookmarked or shared with the URL.
  function dropTokenFromAddress() {
    const url = new URL(location.href);
    if (!url.searchParams.has("token")) return;
    url.searchParams.delete("token");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  }

  async function start() {
    dropTokenFromAddress();
    wire();
    $("export").href = API + "/export";
    connect(); // before the first page, so nothing stored in between is missed
    await loadInfo();
    await loadList();
    await loadStats();
    // Counting reads the whole history, so the line is brought up to date at most every 10 s, and only after a delivery.
    setInterval(() => { if (state.statsDirty) loadStats(); }, 10000);
    const wanted = decodeURIComponent(location.hash.slice(1));
    if (wanted) select(wanted);
  }

  start();
})();
