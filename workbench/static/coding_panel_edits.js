// Undo and Redo (buttons, and Ctrl+Z / Ctrl+Shift+Z anywhere in the panel but its text
// fields), a new code from the selected words (in-vivo coding), and making a coding
// longer or shorter: by keyboard (Shift+Arrow moves its end by a word, Alt+Shift+Arrow
// its start, Enter saves, Escape stops) or by selecting new words with the mouse.

function panelEdits({ model, state, view, text, root, say }) {
  const undoButton = h("button", { type: "button", class: "wb-button", text: "Undo", "aria-keyshortcuts": "Control+Z",
    title: "Take back your last change (Ctrl+Z)", onclick: () => model.send({ type: "undo" }) });
  const redoButton = h("button", { type: "button", class: "wb-button", text: "Redo", "aria-keyshortcuts": "Control+Shift+Z",
    title: "Put back what you undid (Ctrl+Shift+Z)", onclick: () => model.send({ type: "redo" }) });
  const inVivo = h("button", { type: "button", class: "wb-button", text: "New code from the selected words",
    onclick: () => {
      view.readSelection();
      const sel = state.selection;
      if (!sel || sel.start === sel.end) { say("Select some words first: the new code is named by them."); return; }
      model.send({ type: "new_code", start: sel.start, end: sel.end });
    } });
  const saveLength = h("button", { type: "button", class: "wb-button wb-primary", text: "Save the new length",
    onclick: () => saveResize() });
  const stopLength = h("button", { type: "button", class: "wb-button", text: "Stop changing the length",
    onclick: () => stopResize(true) });
  const resizeBar = h("div", { class: "wb-resize", role: "group", "aria-label": "Change a coding's length", hidden: true },
    saveLength, stopLength);
  for (const button of [undoButton, redoButton, inVivo, saveLength, stopLength]) {
    button.addEventListener("mousedown", (event) => event.preventDefault());  // keep the selection
  }
  const bar = h("div", { class: "wb-history", role: "group", "aria-label": "Undo, redo and new codes" },
    undoButton, redoButton, inVivo);

  root.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.target.matches("input, textarea")) return;
    const key = event.key.toLowerCase();
    if (key !== "z" && key !== "y") return;
    event.preventDefault();
    event.stopPropagation();
    model.send({ type: key === "y" || event.shiftKey ? "redo" : "undo" });
  });

  // ---- longer or shorter ------------------------------------------------------------
  function startResize(coding) {
    state.resizing = coding;
    resizeBar.hidden = false;
    text.focus();
    view.select(coding.start, coding.end);
    say(`Changing how much “${coding.code}” covers: Shift and the arrow keys move its end by a word, ` +
        "Alt, Shift and the arrow keys its start; or select the words with the mouse. Enter saves, Escape stops.");
  }

  function stopResize(restore) {
    const coding = state.resizing;
    state.resizing = null;
    resizeBar.hidden = true;
    if (restore && coding) { view.select(coding.start, coding.end, false); say("The coding's length is unchanged."); }
  }

  function saveResize() {
    const coding = state.resizing;
    if (!coding) return;
    view.readSelection();
    const sel = state.selection;
    if (!sel || sel.start === sel.end) { say("Select at least one word for the coding to cover."); return; }
    model.send({ type: "resize", coding_id: coding.id, start: sel.start, end: sel.end });
    stopResize(false);
  }

  // word steps in the document's text: a coding keeps at least one character
  const isSpace = (ch) => /\s/.test(ch);
  function skip(at, step, spaces) {
    const words = state.doc.text;
    let i = at;
    while (step > 0 ? i < words.length && isSpace(words[i]) === spaces : i > 0 && isSpace(words[i - 1]) === spaces) i += step;
    return i;
  }
  function moved({ start, end }, edge, forward) {
    if (edge === "end") {
      const to = forward ? skip(skip(end, 1, true), 1, false) : skip(skip(end, -1, false), -1, true);
      return { start, end: to > start ? to : end };
    }
    const to = forward ? skip(skip(start, 1, false), 1, true) : skip(skip(start, -1, true), -1, false);
    return { start: to < end ? to : start, end };
  }

  text.addEventListener("keydown", (event) => {
    if (!state.resizing) return;
    if (event.key === "Enter") { event.preventDefault(); saveResize(); return; }
    if (event.key === "Escape") { event.preventDefault(); stopResize(true); return; }
    if (!event.shiftKey || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    event.preventDefault();
    view.readSelection();
    const { start, end } = moved(state.selection || state.resizing, event.altKey ? "start" : "end", event.key === "ArrowRight");
    view.select(start, end, false);
    say(`Now “${excerpt(state.doc.text.slice(start, end), 80)}”: Enter saves.`);
  });

  return { bar, resizeBar, inVivo, startResize, stopResize };
}
