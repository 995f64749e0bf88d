// A grid of cells (each with data-row and data-col) that is one tab stop: the focused
// cell is remembered (`place`), so a redraw can put the focus back, and the arrow keys
// move it within the grid's rows and columns.
function gridCells(grid) {
  const place = { row: 0, col: 0 };
  const cellAt = (row, col) => grid.querySelector(`[data-row="${row}"][data-col="${col}"]`);
  function focusCell(row, col) {
    const cell = cellAt(row, col);
    if (!cell) return;
    grid.querySelectorAll("[data-row]").forEach((c) => c.setAttribute("tabindex", "-1"));
    cell.setAttribute("tabindex", "0");
    cell.focus();
    place.row = row; place.col = col;
  }
  const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  // Whether the key was an arrow that moved (or tried to move) the focus from the event's cell.
  function arrow(event, rows, cols) {
    const cell = event.target.closest("[data-row]");
    if (!cell || !moves[event.key]) return false;
    event.preventDefault();
    const [dr, dc] = moves[event.key];
    focusCell(Math.min(rows - 1, Math.max(0, Number(cell.dataset.row) + dr)),
      Math.min(cols - 1, Math.max(0, Number(cell.dataset.col) + dc)));
    return true;
  }
  return { place, cellAt, focusCell, arrow };
}
