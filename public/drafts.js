// Drafts kept on the phone (issue 8). When the apply form cannot reach Mlango, its answers (not
// its files) are kept in this browser, and sent as a draft once it can: on the `online` event,
// or when the apply form or "My applications" opens again. Each is sent with its form's
// client_id, so sending it twice (a lost answer, two tabs) still makes one draft. Drafts are kept
// per account (data-owner): another person signed in on the same phone never sends them. Without
// JavaScript the form simply posts. The words come from the page (#draft-status data-*,
// app/src/offline.rs), in its language.
(() => {
  const box = document.getElementById("draft-status");
  if (!box) return;
  const t = box.dataset;
  const KEY = "mlango-drafts";
  const MAX_AGE = 30 * 864e5;
  const read = () => {
    try {
      const all = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(all) ? all.filter((d) => Date.now() - d.at < MAX_AGE) : [];
    } catch (e) {
      return [];
    }
  };
  const write = (all) => {
    try {
      if (all.length) localStorage.setItem(KEY, JSON.stringify(all));
      else localStorage.removeItem(KEY);
      return true;
    } catch (e) {
      return false;
    }
  };
  const say = (text, href, link) => {
    const p = document.createElement("p");
    p.textContent = text;
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = link;
      p.append(" ", a);
    }
    box.append(p);
  };
  const newId = () =>
    crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

  const form = document.querySelector('form[action="/applications/save"]');
  if (form) {
    const id = form.elements.namedItem("client_id");
    if (id && !id.value) id.value = newId();
    let busy = false;
    let native = false;
    form.addEventListener("submit", async (ev) => {
      if (native) return;
      ev.preventDefault();
      if (busy) return;
      const data = new FormData(form);
      if (ev.submitter && ev.submitter.name) data.append(ev.submitter.name, ev.submitter.value);
      if (navigator.onLine) {
        busy = true;
        form.setAttribute("aria-busy", "true");
        try {
          const res = await fetch(form.action, { method: "POST", body: data, headers: { Accept: "text/html" } });
          // A saved form is redirected to its draft, or back to the form with what to fix.
          if (res.redirected) return location.assign(res.url);
          if (res.status < 500) {
            // Anything else: the plain post shows it (the client_id makes the second save the same draft).
            native = true;
            return form.requestSubmit(ev.submitter);
          }
        } catch (e) {
          // No connection after all: kept below.
        } finally {
          busy = false;
          form.removeAttribute("aria-busy");
        }
      }
      keep(data);
    });
  }

  function keep(data) {
    const fields = [];
    for (const [k, v] of data) if (typeof v === "string" && k !== "submit") fields.push([k, v]);
    const draft = { owner: t.owner, id: data.get("client_id") || newId(), at: Date.now(), fields };
    if (!fields.some(([k]) => k === "client_id")) fields.push(["client_id", draft.id]);
    const all = read().filter((d) => d.id !== draft.id);
    all.push(draft);
    box.replaceChildren();
    say(write(all) ? t.kept : t.notKept);
  }

  let syncing = false;
  async function sync() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    try {
      for (const d of read().filter((d) => d.owner === t.owner)) {
        const body = new FormData();
        for (const [k, v] of d.fields) body.append(k, v);
        const res = await fetch("/applications/save", { method: "POST", body, headers: { Accept: "application/json" } });
        // Signed out meanwhile, too busy, or the server failing: kept for the next try.
        if (res.status === 401 || res.status === 429 || res.status >= 500) break;
        write(read().filter((x) => x.id !== d.id));
        if (box.textContent === t.kept) box.replaceChildren();
        if (res.ok) say(t.sent, await res.json(), t.open);
        else say(t.failed, "/applications", t.mine);
      }
    } catch (e) {
      // Offline again: kept for the next try.
    } finally {
      syncing = false;
    }
  }
  addEventListener("online", sync);
  sync();
})();
