// "Codings here": the codings at the cursor or selection, with who made them, and for
// one's own: remove, change the code, and a memo.

function codingsHere({ model, state, here, onResize }) {
  function draw() {
    if (!state.doc) { here.replaceChildren(); return; }
    const sel = state.selection || { start: -1, end: -1 };
    const touching = state.codings.filter((c) => (sel.start === sel.end)
      ? c.start <= sel.start && c.end >= sel.start && sel.start >= 0
      : c.start < sel.end && c.end > sel.start);
    if (!touching.length) {
      here.replaceChildren(h("p", { class: "wb-help", text: "Put the cursor in coded text to see, change or remove its codes." }));
      return;
    }
    here.replaceChildren(...touching.map((coding) => {
      const item = h("div", { class: "wb-coding", "data-coding": coding.id },
        h("p", {}, h("strong", { text: coding.code }), ` by ${coding.member} (${coding.role})`),
        h("p", { class: "wb-excerpt", text: excerpt(state.doc.text.slice(coding.start, coding.end)) }));
      if (coding.mine) {
        const changeTo = h("select", {}, ...model.get("codes").map((c) => h("option", { value: c.id, text: c.name })));
        item.append(
          h("button", { type: "button", class: "wb-button", text: "Remove",
            onclick: () => model.send({ type: "remove", coding_id: coding.id }) }),
          h("button", { type: "button", class: "wb-button", text: "Change its length",
            onclick: () => onResize(coding) }),
          labelled("Change to", changeTo),
          h("button", { type: "button", class: "wb-button", text: "Change",
            onclick: () => model.send({ type: "change", coding_id: coding.id, code_id: Number(changeTo.value) }) }));
      }
      const memo = h("textarea", { rows: "2" });
      item.append(labelled("Memo on this coding", memo), h("button", { type: "button", class: "wb-button", text: "Save memo",
        onclick: () => { model.send({ type: "memo", coding_id: coding.id, text: memo.value }); memo.value = ""; } }));
      return item;
    }));
  }
  return { draw };
}
