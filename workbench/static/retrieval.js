// Retrieval: a code query, a filter and a layer, run from the keyboard (Enter in the
// query box); each passage shown with its whole turn. User text only ever goes in with
// textContent or as a form field's value.

let uid = 0;

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const listId = `wb-retrieval-codes-${++uid}`;
  const suggestions = h("datalist", { id: listId });
  const query = h("input", { type: "text", class: "wb-query", list: listId, autocomplete: "off" });
  const filter = attributeFilter(model);
  const layer = h("select");
  const documentSet = setChoice(model, "document_sets", "All documents");
  const codeSet = setChoice(model, "code_sets", "Any code");
  const subcodes = h("input", { type: "checkbox", checked: true });
  const run = h("button", { type: "submit", class: "wb-button wb-primary", text: "Find passages" });
  const form = h("form", { class: "wb-retrieval-form", "aria-label": "Build a query" },
    field("Codes", query, "Code names joined by AND, OR, NOT, OVERLAPPING, SAME SEGMENT or WITHIN 10 WORDS; "
      + "names with those words in quotes. Press Enter to run."),
    suggestions, ...filter.fields,
    field("Whose codings", layer), field("Only documents in the set", documentSet.select),
    field("Only passages of codes in the set", codeSet.select,
      "With codes above: their passages also coded with a code of the set; with none: all the set's passages."),
    field("Include sub-codes", subcodes, "A code brings the codes under it; untick for each code alone (or write =Code)."),
    run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ type: "run", query: query.value, ...filter.read(), layer: layer.value,
      subcodes: subcodes.checked, document_set: documentSet.select.value, code_set: codeSet.select.value });
  });

  const saveName = h("input", { type: "text" });
  const saveForm = h("form", { class: "wb-retrieval-save", "aria-label": "Save the query" },
    field("Save this query as", saveName), h("button", { type: "submit", class: "wb-button", text: "Save query" }));
  saveForm.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ type: "save", name: saveName.value });
  });
  const savedSelect = h("select");
  const loadForm = h("form", { class: "wb-retrieval-load", "aria-label": "Saved queries" },
    field("Saved queries", savedSelect), h("button", { type: "submit", class: "wb-button", text: "Load" }));
  loadForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (savedSelect.value) model.send({ type: "load", name: savedSelect.value });
  });
  const exports = h("div", { class: "wb-retrieval-exports", role: "group", "aria-label": "Export the passages" },
    ...[["xlsx", "Excel"], ["docx", "Word"], ["csv", "CSV"]].map(([kind, label]) => {
      const button = h("button", { type: "button", class: "wb-button", text: `Export to ${label}` });
      button.addEventListener("click", () => model.send({ type: "export", kind }));
      return button;
    }));

  const caption = h("caption");
  const body = h("tbody");
  const table = h("table", { class: "wb-table wb-retrieval-results" }, caption,
    h("thead", {}, h("tr", {}, ...["Passage", "Speaker", "Time", "Document", "Codes", "Coded by", ""].map(
      (name) => h("th", { scope: "col", text: name })))), body);

  const pages = pager(model, "Pages of passages");
  const root = h("div", { class: "wb-panel wb-retrieval", role: "region", "aria-label": "Retrieval",
    "data-lm-suppress-shortcuts": "true" },
    h("h3", { text: "Find coded passages" }), errorBox, form, status,
    h("div", { class: "wb-retrieval-tools" }, saveForm, loadForm, exports), table, pages.element);
  el.append(root);

  function passage(row) {
    const turn = h("details", {}, h("summary", { text: "The whole turn" }), h("p", { text: row.turn }));
    const cells = [h("td", {}, h("p", { class: "wb-passage", text: row.text }), turn),
      h("td", { text: row.speaker || "-" }), h("td", { text: row.time }), h("td", { text: row.document }),
      h("td", { text: row.codes }), h("td", { text: row.coders })];
    const open = h("td");
    if (model.get("can_open")) {
      const button = h("button", { type: "button", class: "wb-button", text: "Open in the coding panel",
        "aria-label": `Open in the coding panel: ${row.text.slice(0, 60)}` });
      button.addEventListener("click", () => model.send({ type: "open", index: row.index }));
      open.append(button);
    }
    return h("tr", { "data-index": row.index }, ...cells, open);
  }

  function draw() {
    filter.draw();
    options(layer, model.get("layers"), layer.value || "everyone");
    options(savedSelect, model.get("saved").map((name) => [name, name]), savedSelect.value);
    documentSet.draw();
    codeSet.draw();
    suggestions.replaceChildren(...model.get("codes").map((name) => h("option", { value: name })));
    if (document.activeElement !== query && model.get("query") && query.value !== model.get("query")) {
      query.value = model.get("query");
    }
    const rows = model.get("rows");
    caption.textContent = model.get("query") ? `${model.get("total")} passage(s) for ${model.get("query")}` : "No query run yet";
    body.replaceChildren(...rows.map(passage));
    pages.draw();
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }

  const events = "change:rows change:attributes change:layers change:saved change:document_sets change:code_sets change:codes change:query "
    + "change:error change:status change:total change:page change:pages";
  model.on(events, draw);
  draw();
  return () => model.off(events, draw);
}

export default { render };
