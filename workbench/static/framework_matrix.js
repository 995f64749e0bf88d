// The framework matrix: a grid of cells (cases x codes or themes). Arrow keys move
// between cells, Enter opens one for writing beside its passages, Ctrl+Enter saves.
// User text only ever goes in with textContent or as a form field's value.

let uid = 0;

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const grid = h("table", { class: "wb-table wb-framework-grid", role: "grid",
    "aria-label": "Framework matrix: arrow keys move, Enter writes the cell" });
  const editorId = `wb-framework-summary-${++uid}`;
  const heading = h("h4", { text: "Choose a cell" });
  const summary = h("textarea", { id: editorId, rows: 6, disabled: true });
  const save = h("button", { type: "submit", class: "wb-button wb-primary", text: "Save the summary", disabled: true });
  const passages = h("ol", { class: "wb-framework-passages", "aria-label": "The cell's passages" });
  const form = h("form", { class: "wb-framework-editor", "aria-label": "Write the cell's summary" },
    heading, h("label", { for: editorId, text: "Summary (Ctrl+Enter saves)" }), summary, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = model.get("chosen");
    if (chosen.case) model.send({ type: "write", case: chosen.case, target: chosen.target, text: summary.value });
  });
  summary.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
    if (event.key === "Escape") { event.preventDefault(); focusCell(place.row, place.col); }
  });
  const codeSet = setChoice(model, "code_sets", "All codes");
  const documentSet = setChoice(model, "document_sets", "All documents");
  const codeField = field("Only codes in the set", codeSet.select);
  const documentField = field("Only documents in the set", documentSet.select);
  const columns = h("form", { class: "wb-matrix-form", "aria-label": "Which codes and documents the matrix shows" },
    codeField, documentField, h("button", { type: "submit", class: "wb-button", text: "Show" }));
  columns.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ type: "show", code_set: codeSet.select.value, document_set: documentSet.select.value });
  });
  const side = h("div", { class: "wb-framework-side" }, form, h("h4", { text: "Passages" }), passages);
  const root = h("div", { class: "wb-panel wb-framework", role: "region", "aria-label": "Framework matrix",
    "data-lm-suppress-shortcuts": "true" },
    h("h3", { text: "Framework matrix" }), errorBox, columns, status,
    h("div", { class: "wb-framework-layout" }, h("div", { class: "wb-framework-scroll" }, grid), side));
  el.append(root);
  const { place, focusCell, arrow } = gridCells(grid);

  function openCell(row, col) {
    place.row = row; place.col = col;
    const chosen = model.get("chosen");
    if (chosen.case === model.get("cases")[row] && chosen.target === model.get("targets")[col]) {
      onChosen();  // the same cell again: nothing will change, so go to its summary now
      return;
    }
    model.send({ type: "choose", case: model.get("cases")[row], target: model.get("targets")[col] });
  }

  function onKey(event) {
    if (arrow(event, model.get("cases").length, model.get("targets").length)) return;
    const cell = event.target.closest("[data-row]");
    if (cell && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openCell(Number(cell.dataset.row), Number(cell.dataset.col));
    }
  }
  grid.addEventListener("keydown", onKey);

  function drawGrid() {
    const cases = model.get("cases"), targets = model.get("targets"), cells = model.get("cells");
    const head = h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Case" }),
      ...targets.map((name) => h("th", { scope: "col", text: name }))));
    const body = h("tbody", {}, ...cases.map((name, row) => h("tr", {}, h("th", { scope: "row", text: name }),
      ...targets.map((target, col) => {
        const value = (cells[row] || [])[col] || "";
        const empty = value === model.get("nothing_said");
        const cell = h("td", { role: "gridcell", tabindex: row === place.row && col === place.col ? "0" : "-1",
          "data-row": row, "data-col": col, class: empty ? "wb-nothing-said" : (value ? "wb-written" : "wb-to-write"),
          "aria-label": `${name}, ${target}: ${value || "passages, no summary yet"}`, text: value || "…" });
        cell.addEventListener("click", () => { focusCell(row, col); openCell(row, col); });
        return cell;
      }))));
    const hadFocus = grid.contains(document.activeElement);
    grid.replaceChildren(head, body);
    if (hadFocus) focusCell(place.row, place.col);
  }

  function drawEditor() {
    const chosen = model.get("chosen");
    const ready = Boolean(chosen.case);
    heading.textContent = ready ? `${chosen.case}, ${chosen.target}` : "Choose a cell";
    summary.disabled = !ready;
    save.disabled = !ready;
    if (ready) {
      const row = model.get("cases").indexOf(chosen.case), col = model.get("targets").indexOf(chosen.target);
      const value = row >= 0 && col >= 0 ? model.get("cells")[row][col] : "";
      summary.value = value === model.get("nothing_said") ? "" : value;
    }
    passages.replaceChildren(...(model.get("passages").length
      ? model.get("passages").map((p) => h("li", {}, h("p", { class: "wb-passage", text: p.text }),
          h("p", { class: "wb-help", text: [p.speaker, p.document].filter(Boolean).join(", ") })))
      : [h("li", { text: ready ? "Nothing said here." : "" })]));
  }

  function drawColumns() {  // a choice only where there are sets (no code sets with themes as columns)
    codeSet.draw(model.get("code_set"));
    documentSet.draw(model.get("document_set"));
    codeField.hidden = !model.get("code_sets").length;
    documentField.hidden = !model.get("document_sets").length;
    columns.hidden = codeField.hidden && documentField.hidden;
  }

  function drawStatus() {
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }

  const onChosen = () => { drawEditor(); summary.focus(); };
  model.on("change:cases change:targets change:cells", drawGrid);
  model.on("change:chosen change:passages", onChosen);
  model.on("change:error change:status", drawStatus);
  model.on("change:code_sets change:code_set change:document_sets change:document_set", drawColumns);
  drawGrid(); drawEditor(); drawStatus(); drawColumns();
  return () => {
    model.off("change:cases change:targets change:cells", drawGrid);
    model.off("change:chosen change:passages", onChosen);
    model.off("change:error change:status", drawStatus);
    model.off("change:code_sets change:code_set change:document_sets change:document_set", drawColumns);
  };
}

export default { render };
