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

  // The newest SMS in view.
  const sms = document.getElementById("sms-list");
  if (sms && sms.lastElementChild) sms.lastElementChild.scrollIntoView({ block: "nearest" });
});
