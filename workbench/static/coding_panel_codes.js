// The code palette: one button per code in tree order (children indented under their
// parent, the parent's name kept for screen readers), filtered by the search box.

function codePalette({ model, palette, codeSearch, applyCode }) {
  function draw() {
    const words = codeSearch.value.trim().toLowerCase();
    const focus = model.get("focus_code");
    const codes = model.get("codes").filter((c) => !words || c.name.toLowerCase().includes(words))
      .filter((c) => !focus || c.id === focus);
    palette.replaceChildren(...codes.map((code) => {
      const button = h("button", { type: "button", class: "wb-code", "data-code-id": code.id,
        title: code.definition || code.name, "aria-keyshortcuts": code.key || false },
        h("span", { class: "wb-swatch", style: `background:${code.colour}`, "aria-hidden": "true" }),
        code.key ? h("span", { class: "wb-key", text: code.key }) : null,
        code.parent ? h("span", { class: "wb-visually-hidden wb-parent", text: `${code.parent} › ` }) : null,
        h("span", { class: "wb-name", text: code.name }));
      if (code.depth && !words && !focus) button.style.marginLeft = `${Math.min(code.depth, 3) * 1.1}em`;
      // keep the text selection when the mouse goes down on a code
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => applyCode(code.id));
      return button;
    }));
  }
  return { draw };
}
