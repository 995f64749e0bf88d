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
  return el;
}

