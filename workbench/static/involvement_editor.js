// The involvement report (GRIPP2 short form) editor. State lives in the Python model;
// user text is only ever set with textContent or as a text box's value.

let uid = 0;

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const list = h("div", { class: "wb-report-sections" });
  const exportButton = h("button", { type: "button", class: "wb-button wb-primary", text: "Write the report to Word",
    onclick: () => model.send({ type: "export" }) });
  const root = h("div", { class: "wb-panel wb-involvement", role: "region", "aria-label": "Involvement report",
    "data-lm-suppress-shortcuts": "true" },
    h("h3", { text: "Involvement report (GRIPP2 short form)" }),
    h("p", { class: "wb-help", text: "Each section starts as a draft written from what the project recorded. "
      + "Change it in your own words and save; text in [square brackets] is a prompt to replace." }),
    errorBox, list, exportButton, status);
  el.append(root);

  function sectionBlock(section) {
    const id = `wb-report-${++uid}`;
    const box = h("textarea", { id, rows: 6, value: section.text, "aria-describedby": `${id}-prompt` });
    const saved = h("span", { class: "wb-report-state", text: section.edited ? "Edited by the team" : "Draft" });
    const form = h("form", { class: "wb-report-section", "data-section": section.section },
      h("h4", {}, h("label", { for: id, text: section.title }), " ", saved),
      h("p", { class: "wb-help", id: `${id}-prompt`, text: section.prompt }),
      box,
      h("div", { class: "wb-toolbar" },
        h("button", { type: "submit", class: "wb-button", text: `Save ${section.title}` }),
        h("button", { type: "button", class: "wb-button", text: `Back to the draft of ${section.title}`,
          disabled: !section.edited, onclick: () => model.send({ type: "reset", section: section.section }) })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      model.send({ type: "save", section: section.section, text: box.value });
    });
    return form;
  }

  function draw() {
    // keep what is being typed: a section whose text box has focus is left as it is
    const focused = root.contains(document.activeElement) ? document.activeElement : null;
    const typing = focused && focused.tagName === "TEXTAREA" ? focused.closest(".wb-report-section") : null;
    const focusedButton = focused && focused.tagName === "BUTTON" && focused.closest(".wb-report-section")
      ? [focused.closest(".wb-report-section").dataset.section, focused.textContent] : null;
    list.replaceChildren(...model.get("sections").map((section) =>
      (typing && typing.dataset.section === section.section ? typing : sectionBlock(section))));
    if (focusedButton) {
      const again = [...list.querySelectorAll(`.wb-report-section[data-section="${focusedButton[0]}"] button`)]
        .find((b) => b.textContent === focusedButton[1] && !b.disabled);
      (again || list.querySelector(`.wb-report-section[data-section="${focusedButton[0]}"] textarea`)).focus();
    }
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }

  const events = "change:sections change:error change:status";
  model.on(events, draw);
  draw();
  return () => model.off(events, draw);
}

export default { render };
