// A sticky-note board: one column per cluster, each note a card. State lives in the
// Python model; note text is only ever set with textContent. A note's colour is named
// in words as well as shown, so colour is never the only cue.

let uid = 0;
// light tints that keep dark text readable; unknown colours get a neutral card
const TINTS = { yellow: "#fff3b0", pink: "#ffd9e6", blue: "#d6eaff", green: "#dcf5d6", orange: "#ffe2c2",
  purple: "#eadcff", white: "#ffffff" };

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const title = h("h3");
  const columns = h("div", { class: "wb-board-columns" });
  const root = h("div", { class: "wb-panel wb-sticky-board", role: "region", "aria-label": "Sticky-note board",
    "data-lm-suppress-shortcuts": "true" }, title,
    h("p", { class: "wb-help", text: "Each column is a group of notes. Choose a code for a note and press Apply, "
      + "or save a note as an idea to follow up." }), errorBox, columns, status);
  el.append(root);

  function noteCard(note) {
    const choose = h("select", { id: `wb-board-code-${++uid}` });
    choose.append(h("option", { value: "", text: "Choose a code" }),
      ...model.get("codes").map((c) => h("option", { value: String(c.id), text: c.name })));
    const short = note.text.length > 40 ? `${note.text.slice(0, 39)}…` : note.text;
    const card = h("li", { class: "wb-note", "data-note-id": note.id },
      h("p", { class: "wb-note-text", text: note.text }),
      h("p", { class: "wb-note-meta", text: [note.author, note.colour && `${note.colour} note`].filter(Boolean).join(" · ") }),
      h("p", { class: "wb-note-codes", text: note.codes.length ? `Codes: ${note.codes.join(", ")}` : "Not coded yet" }),
      h("div", { class: "wb-note-actions" },
        h("label", { for: choose.id, class: "wb-visually-hidden", text: `Code for the note “${short}”` }), choose,
        h("button", { type: "button", class: "wb-button", text: "Apply", "aria-label": `Apply the chosen code to “${short}”`,
          onclick: () => {
            if (!choose.value) { errorText.textContent = "Choose a code for the note first."; errorBox.hidden = false; choose.focus(); return; }
            model.send({ type: "code", note: note.id, code: Number(choose.value) });
          } }),
        h("button", { type: "button", class: "wb-button", text: "Save as an idea", "aria-label": `Save as an idea: “${short}”`,
          onclick: () => model.send({ type: "idea", note: note.id }) })));
    card.style.background = TINTS[String(note.colour).toLowerCase()] || "#f4f4f4";
    return card;
  }

  function draw() {
    title.textContent = `Sticky-note board: ${model.get("document")}`;
    // keep the keyboard's place: the control that had focus gets it back after a redraw
    const focused = root.contains(document.activeElement) ? document.activeElement : null;
    const place = focused && focused.closest(".wb-note")
      ? [focused.closest(".wb-note").dataset.noteId, focused.getAttribute("aria-label") || focused.tagName] : null;
    columns.replaceChildren(...model.get("clusters").map((cluster) => {
      const id = `wb-cluster-${++uid}`;
      return h("section", { class: "wb-board-column", "aria-labelledby": id },
        h("h4", { id, text: `${cluster.name} (${cluster.notes.length})` }),
        h("ul", { class: "wb-notes" }, ...cluster.notes.map(noteCard)));
    }));
    if (place) {
      const card = columns.querySelector(`.wb-note[data-note-id="${place[0]}"]`);
      const again = card && [...card.querySelectorAll("button, select")]
        .find((c) => (c.getAttribute("aria-label") || c.tagName) === place[1]);
      if (again) again.focus();
    }
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }

  const events = "change:document change:clusters change:codes change:error change:status";
  model.on(events, draw);
  draw();
  const poll = setInterval(() => model.send({ type: "refresh" }), 3000);  // others coding the same board
  return () => { clearInterval(poll); model.off(events, draw); };
}

export default { render };
