// S-Connect console: the live status line (server-sent events) and copying the log.
// Loaded from /static (the Content-Security-Policy allows no inline script).
"use strict";

function swap(html) {
  // After a run: the task rows (last run, next run) and the log, read anew from the server.
  const fresh = new DOMParser().parseFromString(html, "text/html");
  for (const id of ["tasks", "log"]) {
    const now = document.getElementById(id), next = fresh.getElementById(id);
    if (now && next) now.replaceWith(next);
  }
  // "... gestart" was true when the page was shown; the run it spoke of is done now.
  for (const flash of document.querySelectorAll(".flash")) flash.remove();
  bindCopy();
}

function listen() {
  const status = document.getElementById("status");
  if (!status || !window.EventSource) return;
  let wasBusy = status.classList.contains("busy");
  const source = new EventSource("/events");
  source.onmessage = (event) => {
    const data = JSON.parse(event.data);
    document.getElementById("status-text").textContent = data.status;
    status.classList.toggle("busy", data.busy);
    for (const [profile, p] of Object.entries(data.profiles)) {
      const row = document.querySelector(`tr[data-profile="${CSS.escape(profile)}"]`);
      if (!row) continue;
      row.querySelector("[data-doing]").textContent = p.doing;
      row.querySelector("[data-last-run]").textContent = p.last_run;
      const button = row.querySelector("button[type=submit]");
      if (button) button.disabled = p.busy || row.hasAttribute("data-unlicensed");
    }
    if (wasBusy && !data.busy) {
      fetch(window.location.href, {credentials: "same-origin"}).then((r) => r.text()).then(swap);
    }
    wasBusy = data.busy;
  };
}

function bindCopy() {
  const button = document.getElementById("copy-log");
  const table = document.getElementById("log-table");
  if (!button || !table) return;
  button.onclick = () => {
    const text = [...table.rows].map((row) => [...row.cells].map((c) => c.innerText).join("\t")).join("\n");
    navigator.clipboard.writeText(text).then(() => { button.textContent = button.dataset.done; });
  };
}

function bindCharges() {
  // Shipping costs, payment costs, discount: the article rows only when booked as a line; hidden
  // rows are not sent, so "Niet gebruikt" switches a line off whatever the rows held. (Without
  // this script every row shows, and the server asks to clear codes of a charge not used.)
  for (const box of document.querySelectorAll(".charge-line")) {
    const mode = document.getElementById(box.dataset.for);
    if (!mode) continue;
    const show = () => {
      box.hidden = mode.value !== "line";
      for (const input of box.querySelectorAll("input, select")) input.disabled = box.hidden;
    };
    mode.addEventListener("change", show);
    show();
  }
}

document.addEventListener("DOMContentLoaded", () => { listen(); bindCopy(); bindCharges(); });
