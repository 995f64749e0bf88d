// Compare groups: a table of codes (or themes) x the values of an attribute; each cell is
// a button that opens its passages below. User text only ever goes in with textContent.

function shown(value, measure) {
  return measure === "share" ? `${Math.round(value * 100)}%` : String(Math.round(value));
}

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const by = h("select");
  const measure = h("select");
  const rows = h("select");
  const documentSet = setChoice(model, "document_sets", "All documents");
  const codeSet = setChoice(model, "code_sets", "All codes");
  const form = h("form", { class: "wb-matrix-form", "aria-label": "What to compare" },
    field("Rows", rows), field("Compare by", by), field("Count", measure),
    field("Only documents in the set", documentSet.select),
    field("Only codes in the set", codeSet.select, "The set's codes as the rows (with Codes as the rows)."),
    h("button", { type: "submit", class: "wb-button wb-primary", text: "Show" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ type: "show", by: by.value, measure: measure.value, rows: rows.value,
      document_set: documentSet.select.value, code_set: codeSet.select.value });
  });
  const caption = h("caption");
  const table = h("table", { class: "wb-table wb-matrix-table" });
  const heading = h("h4", { text: "Choose a cell to read its passages" });
  const passages = h("ol", { class: "wb-matrix-passages" });
  const root = h("div", { class: "wb-panel wb-analysis-matrix", role: "region", "aria-label": "Compare groups",
    "data-lm-suppress-shortcuts": "true" },
    h("h3", { text: "Compare groups" }), errorBox, form, status, table, heading, passages);
  el.append(root);

  function drawTable() {
    const names = model.get("column_names"), values = model.get("values"), kind = model.get("measure");
    caption.textContent = `${model.get("row_kind")} by ${model.get("by")}: ${kind}`;
    const head = h("thead", {}, h("tr", {}, h("th", { scope: "col", text: model.get("row_kind") === "themes" ? "Theme" : "Code" }),
      ...names.map((name) => h("th", { scope: "col", text: name }))));
    const body = h("tbody", {}, ...model.get("row_names").map((row, i) => h("tr", {},
      h("th", { scope: "row", text: row }),
      ...names.map((column, j) => {
        const value = (values[i] || [])[j] || 0;
        const button = h("button", { type: "button", class: "wb-cell-button", "data-row": i, "data-col": j,
          text: shown(value, kind), "aria-label": `${row}, ${column}: ${shown(value, kind)} ${kind}; show the passages` });
        button.addEventListener("click", () => model.send({ type: "open", row, column }));
        return h("td", {}, button);
      }))));
    table.replaceChildren(caption, head, body);
  }

  function drawPassages() {
    const chosen = model.get("chosen");
    heading.textContent = chosen.row ? `Passages: ${chosen.row}, ${chosen.column}` : "Choose a cell to read its passages";
    passages.replaceChildren(...model.get("passages").map((p) => h("li", {},
      h("p", { class: "wb-passage", text: p.text }),
      h("p", { class: "wb-help", text: [p.speaker, p.document, p.codes].filter(Boolean).join(", ") }))));
  }

  function draw() {
    options(rows, [["codes", "Codes"], ["themes", "Themes"]], model.get("row_kind"));
    options(by, model.get("attributes").map((a) => [a, a]), model.get("by"));
    options(measure, model.get("measures").map((m) => [m, m]), model.get("measure"));
    documentSet.draw(model.get("document_set"));
    codeSet.draw(model.get("code_set"));
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }

  const tableEvents = "change:values change:row_names change:column_names change:measure";
  const events = "change:attributes change:by change:row_kind change:error change:status change:measure "
    + "change:document_sets change:document_set change:code_sets change:code_set";
  model.on(tableEvents, drawTable);
  model.on("change:chosen change:passages", drawPassages);
  model.on(events, draw);
  draw(); drawTable(); drawPassages();
  return () => {
    model.off(tableEvents, drawTable);
    model.off("change:chosen change:passages", drawPassages);
    model.off(events, draw);
  };
}

export default { render };
