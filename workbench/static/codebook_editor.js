// The codebook editor's view. The Python model holds the codebook (traits) and does
// every change; this file only draws and sends requests. Text via textContent only.

let uid = 0;
function labelled(text, control) {
  const id = control.id || (control.id = `wb-cb-${++uid}`);
  return h("div", { class: "wb-field" }, h("label", { for: id, text }), control);
}

function depthOf(code, byId) {
  let depth = 0;
  for (let p = code.parent_id; p && byId[p] && depth < 20; p = byId[p].parent_id) depth++;
  return depth;
}

function ordered(codes) {
  // parents first, each followed by its children, alphabetically within a level
  const children = {};
  for (const c of codes) (children[c.parent_id || 0] ||= []).push(c);
  const out = [];
  const walk = (parent) => {
    for (const c of (children[parent] || []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(0);
  return out;
}

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText,
    h("button", { type: "button", class: "wb-button", text: "Dismiss",
      onclick: () => { model.set("error", ""); model.save_changes(); } }));
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const showArchived = h("input", { type: "checkbox", id: `wb-cb-${++uid}` });
  const list = h("ul", { class: "wb-tree", "aria-label": "Codes" });
  const listSide = h("nav", { class: "wb-docs", "aria-label": "Codebook" }, h("h3", { text: "Codebook" }),
    h("div", { class: "wb-field wb-check" }, showArchived, h("label", { for: showArchived.id, text: "Show archived codes" })),
    list);

  const name = h("input", { type: "text", maxlength: "200" });
  const parent = h("select");
  const definition = h("textarea", { rows: "3" });
  const whenToUse = h("textarea", { rows: "2" });
  const whenNot = h("textarea", { rows: "2" });
  const colours = h("div", { class: "wb-colours", role: "radiogroup", "aria-label": "Colour" });
  const example = h("select");
  const mergeInto = h("select");
  const form = h("form", { class: "wb-code-form", "aria-label": "Edit the chosen code" },
    h("h3", { text: "Edit code" }), labelled("Name", name), labelled("Inside (parent code)", parent),
    labelled("What it means, in plain words", definition), labelled("When to use it", whenToUse),
    labelled("When not to use it", whenNot), h("fieldset", { class: "wb-fieldset" }, h("legend", { text: "Colour" }), colours),
    labelled("Example quote", example),
    h("div", { class: "wb-actions" }, h("button", { type: "submit", class: "wb-button wb-primary", text: "Save changes" })));
  const archiveButton = h("button", { type: "button", class: "wb-button" });
  const mergeButton = h("button", { type: "button", class: "wb-button", text: "Merge" });
  const more = h("div", { class: "wb-more" }, archiveButton, labelled("Merge this code into", mergeInto), mergeButton);
  const editor = h("section", { class: "wb-reader", "aria-label": "Code details" }, form, more);

  const newName = h("input", { type: "text", maxlength: "200" });
  const newParent = h("select");
  const newDefinition = h("textarea", { rows: "2" });
  const addForm = h("form", { class: "wb-code-form", "aria-label": "Add a code" }, h("h3", { text: "Add a code" }),
    labelled("Name", newName), labelled("Inside (parent code)", newParent),
    labelled("What it means, in plain words", newDefinition),
    h("button", { type: "submit", class: "wb-button", text: "Add code" }));
  const addSide = h("aside", { class: "wb-codes", "aria-label": "New code" }, addForm);

  const root = h("div", { class: "wb-panel wb-codebook", role: "region", "aria-label": "Codebook editor",
    "data-lm-suppress-shortcuts": "true" }, errorBox, h("div", { class: "wb-main" }, listSide, editor, addSide), status);
  el.append(root);

  const codes = () => model.get("codes");
  const byId = () => Object.fromEntries(codes().map((c) => [c.id, c]));
  const selected = () => byId()[model.get("selected")];
  const colourName = (hex) => (model.get("palette").find((p) => p.colour.toLowerCase() === hex.toLowerCase()) || {}).name || hex;

  function parentOptions(select, exclude) {
    const index = byId();
    select.replaceChildren(h("option", { value: "0", text: "(top level)" }),
      ...ordered(codes()).filter((c) => !c.archived && !exclude.has(c.id))
        .map((c) => h("option", { value: c.id, text: `${"— ".repeat(depthOf(c, index))}${c.name}` })));
  }

  function descendants(id) {
    const out = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const c of codes()) if (out.has(c.parent_id) && !out.has(c.id)) { out.add(c.id); grew = true; }
    }
    return out;
  }

  // counts follow the team's codings (Python polls the project's log), without redrawing the form
  function countText(c) {
    const n = model.get("counts")[String(c.id)] ?? c.codings;
    return `${n} coding${n === 1 ? "" : "s"}${c.archived ? ", archived" : ""}`;
  }

  function drawCounts() {
    const index = byId();
    for (const span of list.querySelectorAll(".wb-count[data-code-id]")) {
      const code = index[Number(span.getAttribute("data-code-id"))];
      if (code) span.textContent = countText(code);
    }
  }

  function drawList() {
    const index = byId();
    list.replaceChildren(...ordered(codes()).filter((c) => showArchived.checked || !c.archived).map((c) => {
      const button = h("button", { type: "button", class: "wb-code", "aria-current": c.id === model.get("selected") ? "true" : false,
        onclick: () => { model.set("selected", c.id); model.save_changes(); } },
        h("span", { class: "wb-swatch", style: `background:${c.colour}`, "aria-hidden": "true" }),
        h("span", { class: "wb-name", text: c.name }),
        h("span", { class: "wb-count", "data-code-id": c.id, text: countText(c) }));
      button.style.marginLeft = `${depthOf(c, index) * 1.2}em`;
      return h("li", {}, button);
    }));
    parentOptions(newParent, new Set());
  }

  function drawEditor() {
    const code = selected();
    editor.hidden = !code;
    if (!code) return;
    name.value = code.name;
    parentOptions(parent, descendants(code.id));
    parent.value = String(code.parent_id || 0);
    definition.value = code.definition;
    whenToUse.value = code.when_to_use;
    whenNot.value = code.when_not_to_use;
    const group = `wb-colour-${++uid}`;
    colours.replaceChildren(...model.get("palette").map((p) => {
      const radio = h("input", { type: "radio", name: group, value: p.colour, id: `wb-cb-${++uid}`,
        checked: p.colour.toLowerCase() === code.colour.toLowerCase() });
      return h("div", { class: "wb-colour" }, radio,
        h("label", { for: radio.id }, h("span", { class: "wb-swatch", style: `background:${p.colour}`, "aria-hidden": "true" }), p.name));
    }));
    if (!model.get("palette").some((p) => p.colour.toLowerCase() === code.colour.toLowerCase())) {
      colours.append(h("p", { class: "wb-help", text: `Now: ${colourName(code.colour)}` }));
    }
    drawExamples();
    archiveButton.textContent = code.archived ? "Restore this code" : "Archive this code";
    mergeInto.replaceChildren(...ordered(codes()).filter((c) => c.id !== code.id && !c.archived)
      .map((c) => h("option", { value: c.id, text: c.name })));
  }

  function drawExamples() {
    const code = selected();
    if (!code) return;
    example.replaceChildren(h("option", { value: "0", text: "(no example)" }),
      ...model.get("examples").map((e) => h("option", { value: e.id, text: `“${e.text}” (${e.member})` })));
    example.value = String(code.example_coding_id || 0);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = colours.querySelector("input:checked");
    model.send({ type: "save", id: model.get("selected"), name: name.value, parent_id: Number(parent.value),
      definition: definition.value, when_to_use: whenToUse.value, when_not_to_use: whenNot.value,
      colour: chosen ? chosen.value : selected().colour, example_coding_id: Number(example.value) });
  });
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ type: "add", name: newName.value, parent_id: Number(newParent.value), definition: newDefinition.value });
    newName.value = "";
    newDefinition.value = "";
  });
  archiveButton.addEventListener("click", () => model.send({ type: "archive", id: model.get("selected"), archived: !selected().archived }));
  mergeButton.addEventListener("click", () => {
    if (mergeInto.value) model.send({ type: "merge", id: model.get("selected"), into: Number(mergeInto.value) });
  });
  showArchived.addEventListener("change", drawList);

  const listeners = [
    ["change:codes", () => { drawList(); drawEditor(); }],
    ["change:selected", () => { drawList(); drawEditor(); }],
    ["change:examples", drawExamples],
    ["change:counts", drawCounts],
    ["change:error", () => { errorText.textContent = model.get("error"); errorBox.hidden = !model.get("error"); }],
    ["change:status", () => { status.textContent = model.get("status"); }],
  ];
  for (const [events, listener] of listeners) model.on(events, listener);
  drawList();
  drawEditor();
  const poll = setInterval(() => model.send({ type: "poll" }), Math.max(500, model.get("poll_ms")));
  return () => { clearInterval(poll); for (const [events, listener] of listeners) model.off(events, listener); };
}

export default { render };
