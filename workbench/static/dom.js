// Shared by every widget's view, and put in front of each view's ESM by
// workbench/widgets/esm.py: anywidget loads each ESM on its own, so a view cannot
// import a sibling file.

// JupyterLab matches shortcut selectors such as ".jp-Notebook :focus" against the focused
// element itself, so each control carries the attribute that makes Lumino skip it.
const CONTROLS = new Set(["input", "select", "button", "textarea"]);

// An element with attributes, listeners and children. `text` is set with textContent and
// `value` as the property, so user text is never parsed as markup.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  if (CONTROLS.has(tag) || attrs.contenteditable === "true") el.setAttribute("data-lm-suppress-shortcuts", "true");
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "value" && "value" in el) el.value = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  if (tag === "form") el.addEventListener("keydown", enterSubmits);
  return el;
}

// Enter in a one-line box submits its form. Browsers do this by themselves, but not inside
// JupyterLab 4's notebook (Chromium: no submit, nothing prevented), so a form does it here;
// preventing the keydown keeps the browser from submitting a second time where it would.
const ENTER_SUBMITS_IN = new Set(["text", "search", "number", "email", "url", "tel", "password"]);
function enterSubmits(event) {
  const box = event.target;
  if (event.key !== "Enter" || event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey
    || event.altKey || box.tagName !== "INPUT" || !ENTER_SUBMITS_IN.has(box.type) || box.form !== event.currentTarget) return;
  event.preventDefault();
  event.currentTarget.requestSubmit();
}

// A page may hold many widgets, each with its own copy of this file: field ids get a stem
// of their own so they never clash.
const FIELD_STEM = `wb-field-${Math.random().toString(36).slice(2, 8)}`;
let fieldCount = 0;

// A labelled control in a .wb-field box, with an optional hint that describes it; the
// control gets an id unless it has one.
function field(label, control, hint) {
  if (!control.id) control.id = `${FIELD_STEM}-${++fieldCount}`;
  const parts = [h("label", { for: control.id, text: label }), control];
  if (hint) {
    const note = h("span", { class: "wb-help", id: `${control.id}-hint`, text: hint });
    control.setAttribute("aria-describedby", note.id);
    parts.push(note);
  }
  return h("div", { class: "wb-field" }, ...parts);
}

// A select's options from [value, label] pairs; `chosen` is selected when it is one of them.
function options(select, values, chosen) {
  select.replaceChildren(...values.map(([value, label]) => h("option", { value, text: label })));
  if (chosen !== undefined && values.some(([value]) => value === chosen)) select.value = chosen;
}
