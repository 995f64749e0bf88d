// Small helpers of the coding panel's view. esm.py joins dom.js and the coding_panel_*.js
// files into one module, coding_panel.js last: these names are shared by all of them.

function submitOnEnter(input, form) {
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); form.requestSubmit(); }
  });
}

let uid = 0;
const nextId = (stem) => `wb-${stem}-${++uid}`;

function labelled(text, control) {
  const id = control.id || (control.id = nextId("control"));
  return h("div", { class: "wb-field" }, h("label", { for: id, text }), control);
}

function clock(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const s = Math.floor(seconds);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).map((w) => w[0]).join("").toUpperCase();
}

function excerpt(words, limit = 120) {
  return words.length > limit ? `${words.slice(0, limit - 1)}…` : words;
}

// Scroll the page (and any box) only as far as needed to show `element`.
function keepInView(element) {
  if (!element) return;
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight || box.left < 0 || box.right > window.innerWidth) {
    element.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
}
