// Text search: a keyword-in-context table of every hit (Enter in the box runs it); tick
// hits and code them, or code all, in one step; open a hit in the coding panel. User
// text only ever goes in with textContent or as a form field's value.

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const words = h("input", { type: "search", autocomplete: "off" });
  const mode = h("select");
  const caseBox = h("input", { type: "checkbox" });
  const accentBox = h("input", { type: "checkbox" });
  const filter = attributeFilter(model);
  const documentSet = setChoice(model, "document_sets", "All documents");
  const form = h("form", { class: "wb-retrieval-form", role: "search", "aria-label": "Search the words" },
    field("Words to find", words, "Press Enter to search every document."), field("How", mode),
    field("Match case", caseBox), field("Match accents", accentBox), ...filter.fields,
    field("Only documents in the set", documentSet.select),
    h("button", { type: "submit", class: "wb-button wb-primary", text: "Search" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ type: "run", pattern: words.value, mode: mode.value, case: caseBox.checked,
      accents: accentBox.checked, ...filter.read(), document_set: documentSet.select.value });
  });
  const code = h("select");
  const codeTicked = h("button", { type: "button", class: "wb-button", text: "Code the ticked hits" });
  const codeAll = h("button", { type: "button", class: "wb-button", text: "Code all hits" });
  codeTicked.addEventListener("click", () => model.send({ type: "code", code: code.value,
    indices: [...body.querySelectorAll("input[type=checkbox]:checked")].map((box) => Number(box.dataset.index)) }));
  codeAll.addEventListener("click", () => model.send({ type: "code", code: code.value, all: true }));
  const coding = h("div", { class: "wb-retrieval-tools", role: "group", "aria-label": "Code the hits" },
    field("Code with", code), codeTicked, codeAll);
  const caption = h("caption");
  const body = h("tbody");
  const table = h("table", { class: "wb-table wb-search-results" }, caption,
    h("thead", {}, h("tr", {}, ...["Tick", "Before", "Hit", "After", "Speaker", "Document", ""].map(
      (name) => h("th", { scope: "col", text: name })))), body);
  const pages = pager(model, "Pages of hits");
  const root = h("div", { class: "wb-panel wb-text-search", role: "region", "aria-label": "Text search",
    "data-lm-suppress-shortcuts": "true" },
    h("h3", { text: "Search the words" }), errorBox, form, status, coding, table, pages.element);
  el.append(root);

  function hitRow(row) {
    const tick = h("input", { type: "checkbox", "data-index": row.index,
      "aria-label": `Tick: ${row.hit} (${row.document})` });
    const open = h("td");
    if (model.get("can_open")) {
      const button = h("button", { type: "button", class: "wb-button", text: "Open in the coding panel",
        "aria-label": `Open in the coding panel: ${row.left.slice(-20)}${row.hit}${row.right.slice(0, 20)}` });
      button.addEventListener("click", () => model.send({ type: "open", index: row.index }));
      open.append(button);
    }
    return h("tr", { "data-index": row.index }, h("td", {}, tick), h("td", { class: "wb-kwic-left", text: row.left }),
      h("td", {}, h("strong", { text: row.hit })), h("td", { text: row.right }), h("td", { text: row.speaker || "-" }),
      h("td", { text: row.document }), open);
  }

  function draw() {
    options(mode, model.get("modes").map((m) => [m, m]), mode.value || "phrase");
    options(code, model.get("codes").map((name) => [name, name]), code.value);
    filter.draw();
    documentSet.draw();
    caption.textContent = model.get("pattern") ? `${model.get("total")} hit(s) for ${model.get("pattern")}` : "No search run yet";
    body.replaceChildren(...model.get("rows").map(hitRow));
    pages.draw();
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }
  const events = "change:rows change:codes change:document_sets change:attributes change:modes change:pattern change:total change:error change:status change:page change:pages";
  model.on(events, draw);
  draw();
  return () => model.off(events, draw);
}

export default { render };
