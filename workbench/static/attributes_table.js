// Attributes table: participants or documents as rows, attributes as columns. Arrow
// keys move between cells, Enter or F2 edits one, Enter saves and Escape cancels; a new
// column is added with the form below. User text only ever goes in with textContent or
// as a form field's value.

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const kind = h("select");
  options(kind, [["participants", "Participants"], ["documents", "Documents"]], model.get("kind"));
  kind.addEventListener("change", () => model.send({ type: "show", kind: kind.value }));
  const grid = h("table", { class: "wb-table wb-attributes-grid", role: "grid",
    "aria-label": "Attributes: arrow keys move, Enter or F2 edits a cell, Escape cancels" });
  const previous = h("button", { type: "button", class: "wb-button", text: "Previous page" });
  const next = h("button", { type: "button", class: "wb-button", text: "Next page" });
  const pageText = h("span", { class: "wb-help" });
  previous.addEventListener("click", () => model.send({ type: "page", page: model.get("page") - 1 }));
  next.addEventListener("click", () => model.send({ type: "page", page: model.get("page") + 1 }));
  const newName = h("input", { type: "text", autocomplete: "off" });
  const addForm = h("form", { class: "wb-attributes-add", "aria-label": "Add an attribute column" },
    field("New attribute", newName, "For example site or wave; its cells start empty."),
    h("button", { type: "submit", class: "wb-button", text: "Add the column" }));
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ type: "add_column", attribute: newName.value });
  });
  const undo = h("button", { type: "button", class: "wb-button", text: "Undo my last change" });
  undo.addEventListener("click", () => model.send({ type: "undo" }));
  const root = h("div", { class: "wb-panel wb-attributes", role: "region", "aria-label": "Attributes",
    "data-lm-suppress-shortcuts": "true" },
    h("h3", { text: "Attributes" }), errorBox, status, field("Whose attributes", kind),
    h("div", { class: "wb-attributes-scroll" }, grid),
    h("div", { class: "wb-attributes-pages", role: "group", "aria-label": "Pages" }, previous, pageText, next),
    addForm, undo);
  el.append(root);
  const { place, cellAt, focusCell, arrow } = gridCells(grid);
  let editing = null;

  function stopEditing() {
    editing = null;
    drawGrid();
    focusCell(place.row, place.col);
  }

  function startEdit(row, col) {
    const data = model.get("rows")[row], attribute = model.get("columns")[col];
    const cell = cellAt(row, col);
    if (!data || attribute === undefined || !cell) return;
    place.row = row; place.col = col;
    const input = h("input", { type: "text", class: "wb-cell-input", value: data.values[col] || "",
      "aria-label": `${attribute} of ${data.name} (Enter saves, Escape cancels)` });
    editing = { row, col };
    cell.removeAttribute("aria-label");
    cell.replaceChildren(input);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        model.send({ type: "edit", name: data.name, attribute, value: input.value });
        stopEditing();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        stopEditing();
      }
    });
    input.addEventListener("blur", () => { if (editing && editing.row === row && editing.col === col) { editing = null; drawGrid(); } });
    input.focus();
    input.select();
  }

  grid.addEventListener("keydown", (event) => {
    if (editing || event.target.tagName === "INPUT") return;
    if (arrow(event, model.get("rows").length, model.get("columns").length)) return;
    const cell = event.target.closest("td[data-row]");
    if (cell && (event.key === "Enter" || event.key === "F2")) {
      event.preventDefault();
      startEdit(Number(cell.dataset.row), Number(cell.dataset.col));
    }
  });

  function drawGrid() {
    const columns = model.get("columns"), rows = model.get("rows");
    if (place.row >= rows.length) place.row = Math.max(0, rows.length - 1);
    if (place.col >= columns.length) place.col = Math.max(0, columns.length - 1);
    const head = h("thead", {}, h("tr", {}, h("th", { scope: "col", text: model.get("key_label") }),
      ...columns.map((name) => h("th", { scope: "col", text: name }))));
    const body = h("tbody", {}, ...rows.map((data, row) => h("tr", {}, h("th", { scope: "row", text: data.name }),
      ...columns.map((name, col) => {
        const value = data.values[col] || "";
        const cell = h("td", { role: "gridcell", tabindex: row === place.row && col === place.col ? "0" : "-1",
          "data-row": row, "data-col": col, class: value ? "wb-written" : "wb-to-write", text: value,
          "aria-label": value ? null : `${name} of ${data.name}: no value` });
        cell.addEventListener("click", () => focusCell(row, col));
        cell.addEventListener("dblclick", () => startEdit(row, col));
        return cell;
      }))));
    const hadFocus = grid.contains(document.activeElement);
    grid.replaceChildren(head, body);
    if (hadFocus) focusCell(place.row, place.col);
  }

  function drawPages() {
    const page = model.get("page"), pages = model.get("pages");
    pageText.textContent = `Page ${page + 1} of ${pages} (${model.get("total")} ${model.get("kind")})`;
    previous.disabled = page <= 0;
    next.disabled = page >= pages - 1;
    if (kind.value !== model.get("kind")) kind.value = model.get("kind");
  }

  function drawStatus() {
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }

  const onRows = () => { if (!editing) drawGrid(); };
  model.on("change:rows change:columns change:key_label", onRows);
  model.on("change:page change:pages change:total change:kind", drawPages);
  model.on("change:error change:status", drawStatus);
  drawGrid(); drawPages(); drawStatus();
  return () => {
    model.off("change:rows change:columns change:key_label", onRows);
    model.off("change:page change:pages change:total change:kind", drawPages);
    model.off("change:error change:status", drawStatus);
  };
}

export default { render };
