// mentorbot playground: the page side. It shows one person's view of the
// fake workspace and turns clicks and form submissions into requests that
// the server replays through the fake Slack, exactly as Slack would send
// them. Everything from the workspace arrives either as server-rendered,
// escaped HTML (the "html" fields) or as plain strings set with
// textContent: no user text is ever put into innerHTML here.
"use strict";

const $ = (sel) => document.querySelector(sel);

const ui = {
  who: $("#who"), clock: $("#clock"), seed: $("#seed"), deactivate: $("#deactivate"), reactivate: $("#reactivate"), travel: $("#travel"), report: $("#report"),
  navHome: $("#nav-home"), convs: $("#convs"), people: $("#people"),
  title: $("#pane-title"), sub: $("#pane-sub"), guide: $("#guide"),
  messages: $("#messages"), home: $("#home"), composer: $("#composer"), command: $("#command"),
  suggest: $("#suggest"), status: $("#status"), progress: $("#travel-progress"),
  modal: $("#modal"), modalForm: $("#modal-form"), modalTitle: $("#modal-title"), modalError: $("#modal-error"),
  modalBody: $("#modal-body"), modalClose: $("#modal-close"), modalSubmit: $("#modal-submit"), modalX: $("#modal-x"),
};

const app = {
  user: "",            // who the visitor is
  state: null,         // last State from the server
  tab: "",             // "home" or a conversation ID
  rev: null,           // revision the last state showed
  poller: null,        // AbortController of the running long poll
  shownModal: "",      // id+hash of the modal on screen
  shownMessages: "",   // key of the messages on screen
  shownHome: "",
  seen: {},            // user -> conversation -> messages seen
  suggestions: [], suggestIndex: 0, suggestSeq: 0,
  travelling: false,   // a time travel is under way
};

// ---------------------------------------------------------------- server

async function api(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  let data = {};
  try { data = await res.json(); } catch (_) { /* empty answer */ }
  if (!res.ok && !data.error) data.error = `HTTP ${res.status}`;
  return data;
}

async function fetchState(since, signal) {
  let url = `/api/state?user=${encodeURIComponent(app.user)}`;
  if (since !== null && since !== undefined) url += `&since=${since}`;
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`state: HTTP ${res.status}`);
  return res.json();
}

// poll keeps the page live: each answer comes once something changed.
async function poll() {
  if (app.poller) app.poller.abort();
  const ctl = new AbortController();
  app.poller = ctl;
  let user = app.user;
  let since = null;
  while (!ctl.signal.aborted) {
    try {
      const st = await fetchState(since, ctl.signal);
      if (ctl.signal.aborted || user !== app.user) return;
      apply(st);
      user = app.user;
      since = st.rev;
      await sleep(120); // let bursts of events settle
    } catch (err) {
      if (ctl.signal.aborted) return;
      showStatus("Lost contact with the playground; retrying…", true);
      await sleep(1500);
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function refresh() {
  const user = app.user;
  try {
    const st = await fetchState(null);
    if (user === app.user) apply(st);
  } catch (_) { /* the poll will catch up */ }
}

// ---------------------------------------------------------------- state

function apply(st) {
  if (st.user !== app.user) { // the server picked someone (fresh page or unknown ?as=)
    app.user = st.user;
    app.tab = "";
  }
  app.state = st;
  app.rev = st.rev;
  ui.clock.textContent = st.now_label;
  ui.travel.hidden = !st.features.time_travel;
  ui.report.hidden = !st.features.report;
  ui.report.href = "/report?as=" + encodeURIComponent(app.user);
  renderTravel(st);
  ui.seed.hidden = !st.features.seed;
  renderWho(st);
  renderAccounts(st);
  renderPeople(st);
  if (!app.tab || (app.tab !== "home" && !st.conversations.some((c) => c.id === app.tab))) {
    app.tab = st.conversations.length ? st.conversations[0].id : "home";
  }
  renderConvs(st);
  renderPane(st);
  renderModal(st);
}

function renderWho(st) {
  if (ui.who.options.length === st.people.length) {
    ui.who.value = app.user;
    return;
  }
  ui.who.replaceChildren();
  for (const p of st.people) {
    const o = document.createElement("option");
    o.value = p.id;
    o.textContent = p.name + (p.admin ? " (admin)" : "");
    ui.who.append(o);
  }
  ui.who.value = app.user;
}

function roleLabel(p) {
  if (p.admin) return "admin";
  return p.role || "";
}

function renderPeople(st) {
  // Rebuilt only when something shown changed: a list rebuilt under the
  // pointer on every poll can move the person being clicked.
  const key = app.user + "|" + st.people.map((p) => [p.id, p.name, p.title, p.tz, roleLabel(p)].join(":")).join(",");
  if (ui.people.dataset.key === key) return;
  ui.people.dataset.key = key;
  ui.people.replaceChildren();
  for (const p of st.people) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "nav-item person" + (p.id === app.user ? " active" : "");
    b.dataset.user = p.id;
    b.title = `${p.title} · ${p.tz}`;
    const name = document.createElement("span");
    name.className = "person-name";
    name.textContent = p.name;
    b.append(name);
    const role = roleLabel(p);
    if (role) {
      const badge = document.createElement("span");
      badge.className = "badge badge-" + role;
      badge.textContent = role;
      b.append(badge);
    }
    const title = document.createElement("span");
    title.className = "person-title";
    title.textContent = p.title;
    b.append(title);
    li.append(b);
    ui.people.append(li);
  }
}

function seenOf(conv) {
  const mine = (app.seen[app.user] ||= {});
  return mine[conv] || 0;
}

function markSeen(conv, n) {
  (app.seen[app.user] ||= {})[conv] = n;
}

function renderConvs(st) {
  ui.navHome.classList.toggle("active", app.tab === "home");
  ui.convs.replaceChildren();
  for (const c of st.conversations) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "nav-item conv" + (c.id === app.tab ? " active" : "");
    b.dataset.conv = c.id;
    b.dataset.kind = c.kind;
    const icon = document.createElement("span");
    icon.className = "conv-icon icon-" + c.kind;
    icon.setAttribute("aria-hidden", "true");
    // A group DM shows the first other person's initial, as Slack shows a face.
    icon.textContent = c.kind === "channel" ? "#" : c.kind === "im" ? "M" : (c.name.split(", ")[1] || "G").charAt(0);
    b.append(icon, c.kind === "channel" ? c.name.replace(/^#/, "") : c.name);
    const unread = c.id === app.tab ? 0 : c.messages.length - seenOf(c.id);
    if (unread > 0) {
      const badge = document.createElement("span");
      badge.className = "unread";
      badge.textContent = String(unread);
      b.append(badge);
    }
    li.append(b);
    ui.convs.append(li);
  }
}

function renderPane(st) {
  const me = st.people.find((p) => p.id === app.user);
  if (app.tab === "home") {
    ui.title.textContent = "mentorbot · Home";
    ui.sub.textContent = me ? `${me.name}'s App Home tab` : "";
    ui.messages.hidden = true;
    ui.composer.hidden = true;
    ui.home.hidden = false;
    const key = st.home ? st.home.id + st.home.hash : "none";
    if (key !== app.shownHome) {
      app.shownHome = key;
      if (st.home) {
        ui.home.innerHTML = st.home.html; // server-rendered, escaped
        ui.home.dataset.viewId = st.home.id;
      } else {
        ui.home.replaceChildren(note("The bot has not published a Home tab for this person yet."));
        delete ui.home.dataset.viewId;
      }
    }
    return;
  }
  ui.home.hidden = true;
  ui.messages.hidden = false;
  ui.composer.hidden = false;
  const conv = st.conversations.find((c) => c.id === app.tab);
  if (!conv) return;
  ui.title.textContent = conv.kind === "channel" ? conv.name : conv.name;
  ui.sub.textContent = conv.kind === "channel" ? "Type /mentor commands here; replies only you can see show up here too."
    : conv.kind === "im" ? "Your direct messages with the bot" : "Group DM";
  markSeen(conv.id, conv.messages.length);
  const key = app.user + "|" + conv.id + "|" + conv.messages.map((m) => m.ts + (m.updated ? "u" : "") + m.html.length).join(",");
  if (key === app.shownMessages) return;
  const atBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 40;
  const switched = !app.shownMessages.startsWith(app.user + "|" + conv.id + "|");
  app.shownMessages = key;
  ui.messages.replaceChildren();
  if (conv.messages.length === 0) {
    ui.messages.append(note(conv.kind === "channel" ? "Nothing here yet. Type /mentor help below." : "No messages yet."));
  }
  for (const m of conv.messages) ui.messages.append(messageEl(conv, m));
  if (atBottom || switched) ui.messages.scrollTop = ui.messages.scrollHeight;
}

function note(text) {
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = text;
  return p;
}

function messageEl(conv, m) {
  const row = document.createElement("article");
  row.className = "msg" + (m.ephemeral ? " ephemeral" : "");
  row.dataset.channel = conv.id;
  row.dataset.ts = m.ts;
  const avatar = document.createElement("div");
  avatar.className = "avatar";
  avatar.textContent = "M";
  const body = document.createElement("div");
  body.className = "msg-body";
  const head = document.createElement("div");
  head.className = "msg-head";
  const who = document.createElement("b");
  who.textContent = "mentorbot";
  const tag = document.createElement("span");
  tag.className = "app-tag";
  tag.textContent = "APP";
  const time = document.createElement("span");
  time.className = "msg-time";
  time.textContent = m.time + (m.updated ? " (edited)" : "");
  head.append(who, tag, time);
  if (m.ephemeral) {
    const eph = document.createElement("span");
    eph.className = "eph-tag";
    eph.textContent = "Only visible to you";
    head.append(eph);
  }
  const content = document.createElement("div");
  content.className = "msg-content";
  content.innerHTML = m.html; // server-rendered Block Kit, escaped
  body.append(head, content);
  row.append(avatar, body);
  return row;
}

// ---------------------------------------------------------------- modal

function renderModal(st) {
  const m = st.modal;
  if (!m) {
    if (ui.modal.open) ui.modal.close();
    app.shownModal = "";
    return;
  }
  const key = m.id + "|" + m.hash;
  if (key === app.shownModal && ui.modal.open) return; // keep what the visitor typed
  app.shownModal = key;
  ui.modalTitle.textContent = m.title;
  ui.modalClose.textContent = m.close || "Cancel";
  ui.modalSubmit.textContent = m.submit || "";
  ui.modalSubmit.hidden = !m.submit;
  ui.modalError.hidden = true;
  ui.modalBody.innerHTML = m.html; // server-rendered Block Kit, escaped
  ui.modalForm.dataset.viewId = m.id;
  ui.modal.dataset.callbackId = m.callback_id;
  if (!ui.modal.open) ui.modal.showModal();
  const first = ui.modalBody.querySelector("input, textarea, select");
  if (first) first.focus({ preventScroll: true });
  ui.modalBody.scrollTop = 0;
}

// inputValue reads one input block's control as view.state shapes it.
function inputValue(box) {
  const type = box.dataset.type;
  const v = { type };
  const control = box.querySelector(".bk-control");
  switch (type) {
    case "plain_text_input": case "email_text_input": case "url_text_input": case "number_input":
      v.value = control ? control.value.trim() === "" ? "" : control.value : "";
      return [v, v.value === ""];
    case "static_select":
      v.selected_option = control.value;
      return [v, v.selected_option === ""];
    case "multi_static_select":
      v.selected_options = [...control.selectedOptions].map((o) => o.value);
      return [v, v.selected_options.length === 0];
    case "users_select":
      v.selected_user = control.value;
      return [v, v.selected_user === ""];
    case "multi_users_select":
      v.selected_users = [...control.selectedOptions].map((o) => o.value);
      return [v, v.selected_users.length === 0];
    case "conversations_select":
      v.selected_conversation = control.value;
      return [v, control.value === ""];
    case "channels_select":
      v.selected_channel = control.value;
      return [v, control.value === ""];
    case "multi_conversations_select":
      v.selected_conversations = [...control.selectedOptions].map((o) => o.value);
      return [v, v.selected_conversations.length === 0];
    case "multi_channels_select":
      v.selected_channels = [...control.selectedOptions].map((o) => o.value);
      return [v, v.selected_channels.length === 0];
    case "radio_buttons": {
      const c = box.querySelector("input[type=radio]:checked");
      v.selected_option = c ? c.value : "";
      return [v, !c];
    }
    case "checkboxes":
      v.selected_options = [...box.querySelectorAll("input[type=checkbox]:checked")].map((c) => c.value);
      return [v, v.selected_options.length === 0];
    case "datepicker":
      v.selected_date = control.value;
      return [v, control.value === ""];
    case "timepicker":
      v.selected_time = control.value;
      return [v, control.value === ""];
  }
  return [null, true];
}

function setFieldError(box, text) {
  const err = box.querySelector(".bk-error");
  if (!err) return;
  err.textContent = text || "";
  err.hidden = !text;
  box.classList.toggle("has-error", !!text);
}

async function submitModal(ev) {
  ev.preventDefault();
  const viewId = ui.modalForm.dataset.viewId;
  const values = {};
  let missing = false;
  ui.modalError.hidden = true;
  for (const box of ui.modalBody.querySelectorAll(".bk-input")) {
    const [v, empty] = inputValue(box);
    setFieldError(box, "");
    if (!v) continue;
    if (empty && box.dataset.optional !== "true") {
      setFieldError(box, "Please complete this required field.");
      missing = true;
      continue;
    }
    (values[box.dataset.blockId] ||= {})[box.dataset.actionId] = v;
  }
  if (missing) return;
  ui.modalSubmit.disabled = true;
  try {
    const res = await api("/api/submit", { user: app.user, view_id: viewId, values });
    if (res.errors) {
      for (const box of ui.modalBody.querySelectorAll(".bk-input")) {
        setFieldError(box, res.errors[box.dataset.blockId] || "");
      }
    } else if (res.error) {
      ui.modalError.textContent = res.error;
      ui.modalError.hidden = false;
    }
  } finally {
    ui.modalSubmit.disabled = false;
  }
  refresh();
}

async function closeModal() {
  const viewId = ui.modalForm.dataset.viewId;
  ui.modal.close();
  app.shownModal = "";
  const res = await api("/api/close", { user: app.user, view_id: viewId });
  if (res.error) showStatus(res.error, true);
  refresh();
}

// ---------------------------------------------------------------- actions

async function clickButton(btn) {
  if (btn.dataset.confirmTitle && !window.confirm(btn.dataset.confirmTitle + "\n\n" + (btn.dataset.confirmText || ""))) return;
  const where = {};
  const view = btn.closest("[data-view-id]");
  const msg = btn.closest("[data-ts]");
  if (view) where.view_id = view.dataset.viewId;
  else if (msg) { where.channel = msg.dataset.channel; where.ts = msg.dataset.ts; }
  if (btn.dataset.url) window.open(btn.dataset.url, "_blank", "noopener");
  btn.disabled = true;
  try {
    const res = await api("/api/click", { user: app.user, action_id: btn.dataset.actionId, value: btn.dataset.value || "", ...where });
    if (res.error) showStatus(res.error, true);
  } finally {
    btn.disabled = false;
  }
  refresh();
}

async function sendCommand(ev) {
  ev.preventDefault();
  hideSuggest();
  const text = ui.command.value.trim();
  if (!text) return;
  const channel = app.tab === "home" ? "" : app.tab;
  ui.command.disabled = true;
  try {
    const res = await api("/api/command", { user: app.user, channel, text });
    if (res.error) { showStatus(res.error, true); return; }
    ui.command.value = "";
    showStatus("");
  } finally {
    ui.command.disabled = false;
    ui.command.focus();
  }
  refresh();
}

// travel moves the clock; while it runs the page asks for the state a few
// times a second, which carries how far it got (st.travel).
async function travel(to, btn) {
  for (const b of ui.travel.querySelectorAll("button")) b.disabled = true;
  app.travelling = true;
  showStatus("Travelling in time…");
  const ticker = setInterval(refresh, 250);
  try {
    const res = await api("/api/travel", { to, user: app.user });
    if (res.error) { showStatus(res.error, true); return; }
    showStatus(res.note, false, 20000);
  } finally {
    clearInterval(ticker);
    app.travelling = false;
    ui.progress.hidden = true;
    for (const b of ui.travel.querySelectorAll("button")) b.disabled = false;
  }
  refresh();
}

// renderTravel shows a time travel under way: a bar and where the clock is.
function renderTravel(st) {
  if (!st.travel || !app.travelling) return;
  ui.progress.hidden = false;
  ui.progress.value = st.travel.percent;
  ui.status.textContent = st.travel.label;
  ui.status.classList.remove("error");
}

async function quickSeed() {
  ui.seed.disabled = true;
  showStatus("Signing people up through the sign-up form…");
  try {
    const res = await api("/api/seed", {});
    if (res.error) { showStatus(res.error, true); return; }
    const n = res.signed_up ? res.signed_up.length : 0;
    showStatus(n ? `Signed up ${n} people. Become Hana Okafor and type /mentor match.` : "Everybody with a profile is already signed up.", false, 20000);
  } finally {
    ui.seed.disabled = false;
  }
  refresh();
}

// renderAccounts offers to reactivate the deactivated accounts, if any.
function renderAccounts(st) {
  const gone = st.deactivated || [];
  ui.reactivate.hidden = gone.length === 0;
  const key = gone.map((p) => p.id).join(",");
  if (ui.reactivate.dataset.key === key) return;
  ui.reactivate.dataset.key = key;
  ui.reactivate.replaceChildren(new Option("Reactivate…", ""), ...gone.map((p) => new Option(p.name || p.handle, p.id)));
}

// setAccount deactivates or reactivates a persona's Slack account; Slack
// (the fake) sends the bot a user_change event.
async function setAccount(id, active) {
  if (!id) return;
  const res = await api("/api/account", { user: id, active });
  if (res.error) { showStatus(res.error, true); return; }
  showStatus(active ? "Account reactivated: the bot brings them back, paused." : "Account deactivated: the bot ends their pairings and tells each partner.");
  if (!active && id === app.user) {
    const other = (app.state.people || []).find((p) => p.id !== id);
    if (other) becomeUser(other.id);
  }
  refresh();
}

function becomeUser(id) {
  if (!id || id === app.user) return;
  app.user = id;
  app.tab = "";
  app.shownMessages = "";
  app.shownHome = "";
  app.shownModal = "";
  if (ui.modal.open) ui.modal.close();
  const u = new URL(location.href);
  u.searchParams.set("as", id);
  history.replaceState(null, "", u);
  poll();
}

async function openHome() {
  app.tab = "home";
  app.shownHome = "";
  if (app.state) { renderConvs(app.state); renderPane(app.state); }
  const res = await api("/api/home", { user: app.user });
  if (res.error) showStatus(res.error, true);
  refresh();
}

let statusTimer = 0;
function showStatus(text, isError, ms) {
  ui.status.textContent = text;
  ui.status.classList.toggle("error", !!isError);
  clearTimeout(statusTimer);
  if (text) statusTimer = setTimeout(() => { ui.status.textContent = ""; }, ms || (isError ? 12000 : 8000));
}

// ---------------------------------------------------------------- mentions

// The visitor types @name; the server turns known handles into Slack's
// <@U…|name> escaping. This list helps pick a handle.
function mentionQuery() {
  const upto = ui.command.value.slice(0, ui.command.selectionStart);
  const m = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(upto);
  return m ? m[2].toLowerCase() : null;
}

// The server picks the people (names folded: @yil finds Yılmaz); an
// answer that a newer keystroke overtook is dropped.
async function updateSuggest() {
  const q = mentionQuery();
  if (q === null || !app.state) return hideSuggest();
  const seq = ++app.suggestSeq;
  let found = [];
  try {
    const res = await fetch(`/api/mentions?q=${encodeURIComponent(q)}`);
    if (res.ok) found = (await res.json()).people || [];
  } catch (_) { /* no list this time */ }
  if (seq !== app.suggestSeq || mentionQuery() !== q) return;
  app.suggestions = found;
  if (!app.suggestions.length) return hideSuggest();
  app.suggestIndex = 0;
  ui.suggest.replaceChildren();
  app.suggestions.forEach((p, i) => {
    const li = document.createElement("li");
    li.role = "option";
    li.dataset.index = String(i);
    const h = document.createElement("b");
    h.textContent = "@" + p.handle;
    const n = document.createElement("span");
    n.textContent = " " + p.name + " · " + p.title;
    li.append(h, n);
    ui.suggest.append(li);
  });
  ui.suggest.hidden = false;
  highlightSuggest();
}

function highlightSuggest() {
  [...ui.suggest.children].forEach((li, i) => li.classList.toggle("active", i === app.suggestIndex));
}

function hideSuggest() {
  ui.suggest.hidden = true;
  app.suggestions = [];
}

function acceptSuggest(i) {
  const p = app.suggestions[i];
  if (!p) return;
  const pos = ui.command.selectionStart;
  const before = ui.command.value.slice(0, pos).replace(/@[\p{L}\p{N}._-]*$/u, "@" + p.handle + " ");
  ui.command.value = before + ui.command.value.slice(pos);
  ui.command.setSelectionRange(before.length, before.length);
  hideSuggest();
  ui.command.focus();
}

// ---------------------------------------------------------------- wiring

function init() {
  ui.who.addEventListener("change", () => becomeUser(ui.who.value));
  ui.people.addEventListener("click", (ev) => {
    const b = ev.target.closest("[data-user]");
    if (b) becomeUser(b.dataset.user);
  });
  ui.convs.addEventListener("click", (ev) => {
    const b = ev.target.closest("[data-conv]");
    if (!b) return;
    app.tab = b.dataset.conv;
    if (app.state) { renderConvs(app.state); renderPane(app.state); }
  });
  ui.navHome.addEventListener("click", openHome);
  document.addEventListener("click", (ev) => {
    const btn = ev.target.closest("button.bk-btn[data-action-id]");
    if (btn) { ev.preventDefault(); clickButton(btn); }
  });
  ui.composer.addEventListener("submit", sendCommand);
  ui.command.addEventListener("input", updateSuggest);
  ui.command.addEventListener("keydown", (ev) => {
    if (ui.suggest.hidden) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      const n = app.suggestions.length;
      app.suggestIndex = (app.suggestIndex + (ev.key === "ArrowDown" ? 1 : n - 1)) % n;
      highlightSuggest();
    } else if (ev.key === "Tab" || ev.key === "Enter") {
      ev.preventDefault();
      acceptSuggest(app.suggestIndex);
    } else if (ev.key === "Escape") {
      hideSuggest();
    }
  });
  ui.suggest.addEventListener("mousedown", (ev) => {
    const li = ev.target.closest("[data-index]");
    if (li) { ev.preventDefault(); acceptSuggest(Number(li.dataset.index)); }
  });
  ui.modalForm.addEventListener("submit", submitModal);
  ui.modalClose.addEventListener("click", closeModal);
  ui.modalX.addEventListener("click", closeModal);
  ui.modal.addEventListener("cancel", (ev) => { ev.preventDefault(); closeModal(); });
  ui.travel.addEventListener("click", (ev) => {
    const b = ev.target.closest("[data-travel]");
    if (b) travel(b.dataset.travel, b);
  });
  ui.seed.addEventListener("click", quickSeed);
  ui.deactivate.addEventListener("click", () => {
    if (confirm("Deactivate this person's Slack account, as when they leave the company?")) setAccount(app.user, false);
  });
  ui.reactivate.addEventListener("change", () => { setAccount(ui.reactivate.value, true); ui.reactivate.value = ""; });
  const guideKey = "mentorbot-playground-guide-hidden";
  ui.guide.hidden = localStorage.getItem(guideKey) === "1";
  $("#guide-hide").addEventListener("click", () => {
    ui.guide.hidden = true;
    localStorage.setItem(guideKey, "1");
  });

  const params = new URLSearchParams(location.search);
  app.user = params.get("as") || "";
  poll();
}

init();
