// The dashboard's only script: conveniences on top of pages that work without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // History: filter the rows by event type as the select changes (the form's GET does the same without script).
  for (const select of document.querySelectorAll("select[data-filters]")) {
    const body = document.getElementById(select.dataset.filters);
    if (!body) continue;
    const apply = () => {
      for (const row of body.rows) {
        row.hidden = select.value !== "" && row.dataset.eventType !== select.value;
      }
    };
    select.addEventListener("change", apply);
    apply();
  }

  // Phone simulator: choosing a phone shows it at once.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => { if (select.value) select.form.submit(); });
  }

  // Buttons that only matter without script.
  for (const button of document.querySelectorAll(".no-script")) {
    button.hidden = true;
  }

  // The today board: fetch the board again every few seconds and put it in place when it changed
  // (the server answers 304 while nothing it shows has changed). A redirect means the session ended.
  const board = document.getElementById("today-board");
  if (board && board.dataset.refreshUrl) {
    const status = document.getElementById("board-refresh-state");
    const seconds = Number(board.dataset.refreshSeconds) || 15;
    let etag = null;
    const refresh = async () => {
      try {
        const response = await fetch(board.dataset.refreshUrl, {
          headers: etag ? { "If-None-Match": etag } : {},
          credentials: "same-origin",
          cache: "no-store",
          redirect: "error",
        });
        if (response.status === 200) {
          board.innerHTML = await response.text();
          etag = response.headers.get("ETag");
        } else if (response.status !== 304) {
          throw new Error(`HTTP ${response.status}`);
        }
        board.dataset.refreshedAt = new Date().toISOString();
        if (status) status.textContent = `Tavlen opdaterer sig selv hvert ${seconds}. sekund.`;
      } catch {
        if (status) status.textContent = "Tavlen kunne ikke opdateres. Er du stadig logget ind? Genindlæs siden.";
      }
    };
    setInterval(refresh, seconds * 1000);
  }

  // The newest SMS in view.
  const sms = document.getElementById("sms-list");
  if (sms && sms.lastElementChild) sms.lastElementChild.scrollIntoView({ block: "nearest" });
});
