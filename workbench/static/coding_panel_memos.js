// The memos of what the panel shows (the document, its parts, codings and codes) beside
// the codes: opened with the mouse or by keyboard (Alt+M, or Enter on its summary).
// Private memos arrive only for their author (Python leaves the others out).

function memosMargin({ state, view, text, root }) {
  const count = h("span");
  const summary = h("summary", { "aria-keyshortcuts": "Alt+M" }, "Memos on what is shown ", count);
  const list = h("ul", { class: "wb-memo-list" });
  const box = h("details", { class: "wb-memos" }, summary, list);

  function draw() {
    const memos = state.memos || [];
    count.textContent = `(${memos.length})`;
    if (!memos.length) { list.replaceChildren(h("li", { class: "wb-help", text: "No memos on this document yet." })); return; }
    list.replaceChildren(...memos.map((memo) => {
      const coding = memo.target_type === "coding" ? state.codings.find((c) => c.id === memo.target_id) : null;
      const item = h("li", { class: "wb-memo", "data-memo": memo.id },
        h("p", { class: "wb-memo-meta" }, h("strong", { text: memo.on }),
          ` · ${memo.type} · ${memo.member} (${memo.role})${memo.private ? " · private: only you see it" : ""}`),
        h("p", { class: "wb-memo-text", text: memo.text }));
      if (coding) {
        item.append(h("button", { type: "button", class: "wb-button", text: "Show in the text",
          onclick: () => { text.focus(); view.select(coding.start, coding.end); } }));
      }
      return item;
    }));
  }

  root.addEventListener("keydown", (event) => {
    if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "m" || event.key === "M" || event.code === "KeyM")) {
      event.preventDefault();
      box.open = true;
      summary.focus();
    }
  });
  return { box, draw };
}
