// matchpress live reload: the dev server (`matchpress serve`) injects this script into every
// HTML page it serves. It listens to the server's event stream, reloads the page or restyles
// it when the site is rebuilt, and shows an overlay while the last rebuild failed.
// Plain ES2020, no dependencies; see src/serve/http.rs for the server side of the protocol.
(() => {
  "use strict";

  if (window.__matchpressLive) return; // loaded twice (e.g. a page that includes itself)
  window.__matchpressLive = true;

  const EVENTS = "/__matchpress/events";
  const script = document.currentScript || document.querySelector('script[src$="/__matchpress/live.js"]');
  const data = (script && script.dataset) || {};
  const instance = data.instance || "";
  let version = Number(data.version) || 0; // the site version this page reflects
  let source = null; // the current EventSource
  let retryTimer = 0;
  let retryDelay = 1000;
  let reloading = false;

  const log = (text) => console.info(`[matchpress] ${text}`);

  // Site paths arrive decoded ("/guides/a b/index.html"); decode ours the same way.
  const decode = (path) => { try { return decodeURIComponent(path); } catch { return path; } };
  const sitePath = (pathname) => {
    const path = decode(pathname);
    return path.endsWith("/") ? `${path}index.html` : path;
  };

  // A 404 page or the "not built yet" page (503) is not a file of the site at this path:
  // any successful rebuild may replace it, so such pages reload on every change. The server
  // says which status it answered with.
  const errorPage = Number(data.status) >= 400;

  function reload(reason) {
    if (reloading) return;
    reloading = true;
    log(`reloading: ${reason}`);
    if (source) source.close();
    location.reload();
  }

  // ---- Stylesheets ------------------------------------------------------------------------

  // Links being replaced: their clone is loading, so they must not be swapped again.
  const retiring = new WeakSet();

  // Swaps every stylesheet link that resolves to `path` for a cache-busted clone; the old link
  // goes once the clone has loaded (or failed), so the page never shows unstyled. Returns
  // whether any link matched.
  function restyle(path) {
    let found = false;
    for (const link of document.querySelectorAll('link[rel~="stylesheet" i][href]')) {
      if (retiring.has(link)) continue;
      const url = new URL(link.href, location.href);
      if (decode(url.pathname) !== path) continue;
      found = true;
      retiring.add(link);
      url.searchParams.set("live", String(Date.now()));
      const clone = link.cloneNode(false);
      const done = () => link.remove();
      clone.addEventListener("load", done, { once: true });
      clone.addEventListener("error", done, { once: true });
      clone.href = url.href;
      link.after(clone);
    }
    return found;
  }

  // ---- Overlay ----------------------------------------------------------------------------

  let host = null; // <matchpress-overlay>, built on first use
  let errorText = null; // its <pre>
  let dismissed = null; // the error text the reader dismissed

  const STYLE = `
    :host { all: initial; }
    .panel { position: fixed; top: 0; left: 0; right: 0; z-index: 2147483647;
      box-sizing: border-box; max-height: 60vh; overflow: auto; margin: 0;
      background: #1b1b1b; color: #f2f2f2; border-bottom: 3px solid #8b0000;
      font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
      box-shadow: 0 4px 16px rgba(0, 0, 0, 0.45); }
    .head { display: flex; align-items: center; gap: 12px; padding: 8px 16px;
      background: #8b0000; color: #fff; font-weight: 700; }
    .head span { flex: 1; }
    button { font: inherit; font-weight: 600; color: #fff; background: transparent; cursor: pointer;
      border: 1px solid #fff; border-radius: 4px; padding: 4px 12px; }
    button:hover { background: rgba(255, 255, 255, 0.15); }
    button:focus-visible { outline: 3px solid #ffd54a; outline-offset: 2px; }
    p { margin: 10px 16px 0; color: #e0e0e0; }
    pre { margin: 10px 16px 14px; padding: 10px 12px; background: #0d0d0d; color: #f2f2f2;
      border-radius: 4px; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      white-space: pre-wrap; overflow-wrap: anywhere; }`;

  function buildOverlay() {
    host = document.createElement("matchpress-overlay");
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    const panel = document.createElement("div");
    panel.className = "panel";
    panel.setAttribute("role", "alert");
    const head = document.createElement("div");
    head.className = "head";
    const title = document.createElement("span");
    title.textContent = "matchpress could not rebuild the site";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.setAttribute("aria-label", "Dismiss build error");
    close.addEventListener("click", () => {
      dismissed = errorText.textContent;
      hideOverlay();
    });
    head.append(title, close);
    const note = document.createElement("p");
    note.textContent = "The page shows the last version that built. Fix the problem and save: this message goes away by itself.";
    errorText = document.createElement("pre");
    panel.append(head, note, errorText);
    root.append(style, panel);
  }

  function showOverlay(error) {
    if (!host) buildOverlay();
    errorText.textContent = error; // text only: the error quotes the user's files
    if (!host.isConnected) document.documentElement.appendChild(host);
  }

  const hideOverlay = () => host && host.remove();

  // ---- Events -----------------------------------------------------------------------------

  const parse = (event) => { try { return JSON.parse(event.data); } catch { return null; } };

  function onHello(event) {
    const msg = parse(event);
    if (!msg) return;
    retryDelay = 1000; // connected: the next outage starts with a short wait again
    if (msg.instance !== instance) return reload("the server restarted");
    if (msg.version > version) return reload(`missed changes (version ${version} → ${msg.version})`);
    if (typeof msg.error === "string") {
      // A reconnect repeats the current problem: keep it hidden if it was dismissed.
      if (msg.error !== dismissed) showOverlay(msg.error);
      log("connected; the last rebuild failed");
    } else {
      dismissed = null;
      hideOverlay();
      log(`connected (version ${version})`);
    }
  }

  function onChange(event) {
    const msg = parse(event);
    if (!msg) return;
    dismissed = null;
    hideOverlay();
    const changed = msg.changed || [];
    const here = sitePath(location.pathname);
    if (changed.includes(here) || (msg.removed || []).includes(here)) return reload(`${here} changed`);
    if (errorPage) return reload("the site was rebuilt");
    const restyled = changed.filter((path) => path.endsWith(".css") && restyle(path));
    version = msg.version;
    log(restyled.length ? `restyled ${restyled.join(", ")}` : `version ${version}: nothing on this page changed`);
  }

  function onProblem(event) {
    const msg = parse(event);
    if (!msg || typeof msg.error !== "string") return;
    dismissed = null; // a new problem always shows, even after a dismissal
    showOverlay(msg.error);
    log("rebuild failed (details in the overlay)");
  }

  // EventSource reconnects by itself after a dropped connection (every 500 ms, per the
  // server's `retry`); it gives up (CLOSED) when a reconnection gets a bad answer, e.g. while
  // the server restarts. Then start a fresh one after 1 s, then every 2 s until one works.
  function connect() {
    clearTimeout(retryTimer);
    if (source) source.close();
    source = new EventSource(EVENTS);
    source.addEventListener("hello", onHello);
    source.addEventListener("change", onChange);
    source.addEventListener("problem", onProblem);
    // The server keeps a bounded number of streams: when they are all taken it says so, and
    // this page waits before asking again (it is still served; it just does not reload).
    source.addEventListener("full", (event) => {
      const msg = parse(event);
      source.close();
      log("too many pages are open with live reload; this one will not reload by itself for now");
      retryTimer = setTimeout(connect, (msg && Number(msg.retry)) || 30000);
    });
    source.addEventListener("error", () => {
      if (reloading || source.readyState !== EventSource.CLOSED) return;
      source.close();
      retryTimer = setTimeout(connect, retryDelay);
      retryDelay = 2000;
    });
  }

  // Leaving the page closes the stream (so the page can enter the back/forward cache);
  // coming back from that cache reconnects, and the hello tells whether to reload.
  window.addEventListener("pagehide", () => {
    clearTimeout(retryTimer);
    if (source) source.close();
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && !reloading) connect();
  });

  connect();
})();
