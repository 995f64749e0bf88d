// The code palette: one button per code in tree order (children indented under their
// parent, the parent's name kept for screen readers), filtered by the search box. From
// the search box the arrow keys walk the buttons (any number of codes, not only 1-9),
// Enter applies the first; when no code matches, a button makes a new code of the words.

function codePalette({ model, palette, codeSearch, applyCode, newCode }) {
  function draw() {
    const typed = codeSearch.value.trim().replace(/\s+/g, " ");
    const words = typed.toLowerCase();
    const focus = model.get("focus_code");
    const codes = model.get("codes").filter((c) => !words || c.name.toLowerCase().includes(words))
      .filter((c) => !focus || c.id === focus);
    const buttons = codes.map((code) => {
      const button = h("button", { type: "button", class: "wb-code", "data-code-id": code.id,
        title: code.definition || code.name, "aria-keyshortcuts": code.key || false },
        h("span", { class: "wb-swatch", style: `background:${code.colour}`, "aria-hidden": "true" }),
        code.key ? h("span", { class: "wb-key", text: code.key }) : null,
        code.parent ? h("span", { class: "wb-visually-hidden wb-parent", text: `${code.parent} › ` }) : null,
        h("span", { class: "wb-name", text: code.name }));
      if (code.depth && !words && !focus) button.style.marginLeft = `${Math.min(code.depth, 3) * 1.1}em`;
      button.addEventListener("click", () => applyCode(code.id));
      return button;
    });
    if (typed && !focus && !codes.some((c) => c.name.toLowerCase() === words)) {
      const button = h("button", { type: "button", class: "wb-code wb-new-code", "data-new-code": typed },
        h("span", { class: "wb-name", text: `New code “${typed.slice(0, 60)}”` }));
      button.addEventListener("click", () => { newCode(typed); codeSearch.value = ""; draw(); });
      buttons.push(button);
    }
    for (const button of buttons) {
      button.addEventListener("mousedown", (event) => event.preventDefault());  // keep the text selection
      button.addEventListener("keydown", walk);
    }
    palette.replaceChildren(...buttons);
  }

  function walk(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const buttons = [...palette.querySelectorAll("button")];
    const at = buttons.indexOf(event.currentTarget);
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) codeSearch.focus(); else if (buttons[next]) buttons[next].focus();
  }

  codeSearch.addEventListener("keydown", (event) => {
    const first = palette.querySelector("button");
    if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
    if (event.key === "Enter") {
      event.preventDefault();
      if (first) first.click();
    }
  });
  return { draw };
}
