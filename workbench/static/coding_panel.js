// The coding panel's view. State lives in the Python model (synced traits); documents
// and codings arrive as custom messages with offsets in UTF-16 code units, which is what
// JavaScript strings count. User text is only ever set with textContent / text nodes.
// Joined after dom.js and coding_panel_{util,text,codes,here}.js (see esm.py).

function render({ model, el }) {
  const state = { doc: null, codings: [], selection: null, signatures: [], passageShown: null };

  // ---- skeleton ------------------------------------------------------------------
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText,
    h("button", { type: "button", class: "wb-button", text: "Dismiss",
      onclick: () => { model.set("error", ""); model.save_changes(); } }));
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  // what happened after an action: beside the codes, not at the foot of the page
  const feedback = h("div", { class: "wb-feedback" }, errorBox, status);

  const nameInput = h("input", { type: "text", autocomplete: "name", maxlength: "100" });
  const roleSelect = h("select");
  const whoForm = h("form", { class: "wb-who", "aria-label": "Who is coding" },
    h("p", { text: "Before you start: who is coding?" }),
    labelled("Your name", nameInput), labelled("Your role", roleSelect),
    h("button", { type: "submit", class: "wb-button wb-primary", text: "Start coding" }));
  whoForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!nameInput.value.trim()) { say("Type your name first."); nameInput.focus(); return; }
    model.set("member_role", roleSelect.value);
    model.set("member_name", nameInput.value.trim());
    model.save_changes();
  });

  const me = h("span", { class: "wb-me" });
  const proposerSelect = h("select");
  proposerSelect.addEventListener("change", () => { model.set("proposer", proposerSelect.value); model.save_changes(); });
  const proposerField = labelled("Credit changes to", proposerSelect);
  const layerSelect = h("select");
  layerSelect.addEventListener("change", () => {
    const [layer, member] = layerSelect.value.split("\u0000");
    model.set("layer", layer);
    model.set("layer_member", member || "");
    model.save_changes();
  });
  const blindBox = h("input", { type: "checkbox" });
  blindBox.addEventListener("change", () => { model.set("blind", blindBox.checked); model.save_changes(); });
  const revealButton = h("button", { type: "button", class: "wb-button", text: "Reveal other people's codings",
    onclick: () => { model.set("revealed", true); model.save_changes(); } });
  const toolbar = h("div", { class: "wb-toolbar" }, me, proposerField, labelled("Show codings", layerSelect),
    h("div", { class: "wb-field wb-check" }, blindBox, h("label", { for: blindBox.id = nextId("blind"),
      text: "Blind coding (hide other people's codings)" })), revealButton);

  const docSearch = h("input", { type: "search", placeholder: "name or words" });
  const kindFilter = h("select");
  const attributeFilter = h("select");
  const codedFilter = h("select", {}, h("option", { value: "", text: "All documents" }),
    h("option", { value: "yes", text: "Coded by me" }), h("option", { value: "no", text: "Not coded by me yet" }));
  const docList = h("select", { size: "8", class: "wb-doclist" });
  for (const control of [docSearch, kindFilter, attributeFilter, codedFilter]) {
    control.addEventListener("input", drawDocumentList);
  }
  // documents are found by their words too: Python searches the texts (in SQL) as one types
  const docHitsNote = h("p", { class: "wb-help", role: "status" });
  let docSearchTimer = null;
  docSearch.addEventListener("input", () => {
    clearTimeout(docSearchTimer);
    docSearchTimer = setTimeout(() => model.send({ type: "find_documents", words: docSearch.value.trim() }), 250);
  });
  docList.addEventListener("change", () => {
    const id = Number(docList.value);
    if (id && id !== model.get("document_id")) { model.set("document_id", id); model.save_changes(); }
  });
  const docsNav = h("nav", { class: "wb-docs", "aria-label": "Documents" },
    h("h3", { text: "Documents" }), labelled("Search documents", docSearch), docHitsNote, labelled("Kind", kindFilter),
    labelled("Participants", attributeFilter), labelled("Coded", codedFilter), labelled("Open a document", docList));

  const findInput = h("input", { type: "search", placeholder: "words to find" });
  const findForm = h("form", { class: "wb-find", role: "search", "aria-label": "Find in the text" },
    labelled("Find in text", findInput), h("button", { type: "submit", class: "wb-button", text: "Find" }));
  findForm.addEventListener("submit", (event) => { event.preventDefault(); findText(findInput.value); });
  // JupyterLab swallows the implicit form submission on Enter, so ask for it directly.
  submitOnEnter(findInput, findForm);
  submitOnEnter(nameInput, whoForm);
  const docTitle = h("h3", { class: "wb-doc-title" });
  const text = h("div", { class: "wb-text", tabindex: "0", contenteditable: "true", role: "textbox",
    "aria-readonly": "true", "aria-multiline": "true", spellcheck: "false",
    "aria-describedby": nextId("help") });
  const help = h("p", { id: text.getAttribute("aria-describedby"), class: "wb-help",
    text: "Select words with the mouse, or move with the arrow keys and hold Shift to select. Then click a code, or press its number key." });
  const docMemo = h("textarea", { rows: "2" });
  const docMemoBox = h("details", { class: "wb-doc-memo" }, h("summary", { text: "Write a memo on this document" }),
    labelled("Memo", docMemo), h("button", { type: "button", class: "wb-button", text: "Save memo",
      onclick: () => { model.send({ type: "memo", target: "document", text: docMemo.value }); docMemo.value = ""; } }));
  // an image from a workshop is shown beside the story told about it, which is the text to code
  const pictureImage = h("img", { class: "wb-doc-image-img" });
  const pictureCaption = h("figcaption", { class: "wb-doc-image-caption" });
  const picture = h("figure", { class: "wb-doc-image", hidden: true }, pictureImage, pictureCaption);
  const readerBody = h("div", { class: "wb-reader-body" }, picture, text);
  const reader = h("section", { class: "wb-reader", "aria-label": "Document text" }, docTitle, findForm, help, readerBody, docMemoBox);

  const codeSearch = h("input", { type: "search", placeholder: "type to filter" });
  const palette = h("div", { class: "wb-palette", role: "group", "aria-label": "Codes to apply" });
  const here = h("div", { class: "wb-here", "aria-label": "Codings at the cursor", role: "region" });
  const codesHeading = h("h3", { text: "Codes" });
  const codesAside = h("aside", { class: "wb-codes", "aria-label": "Codes" },
    codesHeading, labelled("Find a code", codeSearch), palette, h("h3", { text: "Codings here" }), here);

  // ---- partner mode (issue 10): larger text, fewer controls, plain words, one code at a time
  const expertHelp = help.textContent;
  const oneCode = h("select");
  oneCode.addEventListener("change", () => { model.set("focus_code", Number(oneCode.value)); model.save_changes(); });
  const oneCodeField = labelled("Show one code at a time", oneCode);
  codesAside.insertBefore(oneCodeField, palette);
  const ideaButton = h("button", { type: "button", class: "wb-button wb-idea", text: "Save the selected words as an idea",
    onclick: () => {
      const sel = state.selection;
      if (!sel || sel.start === sel.end) { say("Select some words first, then save them as an idea."); return; }
      model.send({ type: "idea", start: sel.start, end: sel.end });
    } });
  ideaButton.addEventListener("mousedown", (event) => event.preventDefault());  // keep the selection
  codesAside.insertBefore(ideaButton, palette.nextSibling);

  const main = h("div", { class: "wb-main" }, docsNav, reader, codesAside);
  // JupyterLab must not take the panel's keys (Enter, digits, arrows) as notebook
  // commands such as "turn this cell into a heading".
  const root = h("div", { class: "wb-panel wb-coding-panel", role: "region", "aria-label": "Coding panel",
    "data-lm-suppress-shortcuts": "true", "data-p-suppress-shortcuts": "true" },
    feedback, whoForm, toolbar, main);
  el.append(root);

  function say(message) { status.textContent = message; }

  const view = transcript({ model, state, text, onStripe: (coding) => { text.focus(); view.select(coding.start, coding.end, false); hereList.draw(); } });
  const codes = codePalette({ model, palette, codeSearch, applyCode, newCode });
  const edits = panelEdits({ model, state, view, text, root, say });
  const hereList = codingsHere({ model, state, here, onResize: edits.startResize });
  const memos = memosMargin({ state, view, text, root });
  codesAside.append(memos.box);
  codesAside.insertBefore(edits.bar, codesHeading);
  codesAside.insertBefore(edits.resizeBar, codesHeading);
  codeSearch.addEventListener("input", codes.draw);

  // ---- people, layers, lists -------------------------------------------------------
  function drawPeople() {
    const name = model.get("member_name");
    whoForm.hidden = Boolean(name);
    main.hidden = !name;
    toolbar.hidden = !name;
    // the feedback sits at the top of the codes once coding, above the name form before
    if (name && feedback.parentElement !== codesAside) codesAside.prepend(feedback, edits.bar, edits.resizeBar);
    if (!name && feedback.parentElement !== root) root.prepend(feedback);
    roleSelect.replaceChildren(...model.get("roles").map((r) => h("option", { value: r, text: r })));
    roleSelect.value = model.get("member_role");
    me.textContent = name ? `Coding as: ${name} (${model.get("member_role")})` : "";
    const members = model.get("members");
    proposerField.hidden = !model.get("facilitated");
    proposerSelect.replaceChildren(h("option", { value: "", text: name ? `${name} (me)` : "me" }),
      ...members.filter((m) => m.name !== name).map((m) => h("option", { value: m.name, text: `${m.name} (${m.role})` })));
    proposerSelect.value = model.get("proposer");
    layerSelect.replaceChildren(h("option", { value: "everyone", text: "Everyone's" }),
      h("option", { value: "mine", text: "Mine only" }),
      ...members.map((m) => h("option", { value: `member\u0000${m.name}`, text: `Only ${m.name}'s` })));
    layerSelect.value = model.get("layer") === "member" ? `member\u0000${model.get("layer_member")}` : model.get("layer");
    blindBox.checked = model.get("blind");
    revealButton.hidden = !(model.get("blind") && !model.get("revealed"));
  }

  function optionsFrom(select, values, allText) {
    const current = select.value;
    select.replaceChildren(h("option", { value: "", text: allText }), ...values.map((v) => h("option", { value: v, text: v })));
    if (values.includes(current)) select.value = current;
  }

  function drawDocumentList() {
    const documents = model.get("documents");
    optionsFrom(kindFilter, [...new Set(documents.map((d) => d.kind))].sort(), "All kinds");
    optionsFrom(attributeFilter, [...new Set(documents.flatMap((d) => d.attributes))].sort(), "Anyone");
    const words = docSearch.value.trim().toLowerCase();
    const hits = state.docHits && state.docHits.words.toLowerCase() === words ? state.docHits.hits : {};
    const shown = documents.filter((d) =>
      (!words || d.name.toLowerCase().includes(words) || d.kind.includes(words) || hits[d.id]) &&
      (!kindFilter.value || d.kind === kindFilter.value) &&
      (!attributeFilter.value || d.attributes.includes(attributeFilter.value)) &&
      (!codedFilter.value || d.coded_by_me === (codedFilter.value === "yes")));
    docList.replaceChildren(...shown.map((d) => h("option", { value: d.id,
      text: `${d.name} (${d.kind}, ${d.segments} parts${d.coded_by_me ? ", coded by me" : ""})` +
        (hits[d.id] ? `: the words in ${hits[d.id]} ${hits[d.id] === 1 ? "part" : "parts"}` : "") })));
    docList.value = String(model.get("document_id"));
  }

  // ---- the text ------------------------------------------------------------------------
  function drawDocument() {
    const started = performance.now();
    const doc = state.doc;
    const info = model.get("documents").find((d) => d.id === doc.id);
    docTitle.textContent = info ? `${info.name} (${info.kind})` : "";
    text.setAttribute("aria-label", info ? `Text of ${info.name}` : "Document text");
    drawPicture(doc.image);
    view.drawAll();
    hereList.draw();
    memos.draw();
    root.dataset.renderMs = String(performance.now() - started);
    root.dataset.documentId = String(doc.id);
  }

  function drawPicture(image) {
    const shown = Boolean(image && image.src.startsWith("data:image/"));
    picture.hidden = !shown;
    if (!shown) { pictureImage.removeAttribute("src"); return; }
    pictureImage.src = image.src;
    pictureImage.alt = image.alt;
    pictureCaption.textContent = `The picture this story is about: ${image.filename}`;
  }

  function onSelectionChange() { if (view.readSelection()) hereList.draw(); }
  document.addEventListener("selectionchange", onSelectionChange);

  // a read-only text the caret can move through: refuse every edit
  text.addEventListener("beforeinput", (event) => event.preventDefault());
  for (const kind of ["paste", "drop", "cut"]) text.addEventListener(kind, (event) => event.preventDefault());
  text.addEventListener("keydown", (event) => {
    if (/^[1-9]$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      const code = model.get("codes").find((c) => c.key === event.key);
      if (code) applyCode(code.id);
    }
  });

  function findText(words) {
    if (!state.doc || !words.trim()) return;
    const haystack = state.doc.text.toLowerCase();
    const needle = words.trim().toLowerCase();
    const from = state.selection ? state.selection.end : 0;
    let found = haystack.indexOf(needle, from);
    if (found < 0) found = haystack.indexOf(needle);
    if (found < 0) { say(`“${words}” is not in this document.`); return; }
    text.focus();
    view.select(found, found + needle.length);
    say(`Found “${words}”. Press a code's number key to code it.`);
  }

  // ---- actions ----------------------------------------------------------------------
  function applyCode(codeId) {
    view.readSelection();  // selectionchange arrives asynchronously: read the selection now
    const sel = state.selection;
    if (!sel || sel.start === sel.end) { say("Select some words first, then choose a code."); return; }
    root.dataset.pending = String(performance.now());
    state.applying = sel.start;
    model.send({ type: "apply", code_id: codeId, start: sel.start, end: sel.end });
  }

  // a new code named by the search text (the selected words are named by Python), applied to the selection
  function newCode(name) {
    view.readSelection();
    const sel = state.selection;
    root.dataset.pending = String(performance.now());
    if (sel && sel.start !== sel.end) state.applying = sel.start;
    model.send({ type: "new_code", name, ...(sel && sel.start !== sel.end ? { start: sel.start, end: sel.end } : {}) });
  }

  // after an action: the words just coded and what was said about them both on screen
  function showOutcome() {
    if (state.applying === undefined) return;
    keepInView(view.runAt(state.applying));
    keepInView(feedback);
    state.applying = undefined;
  }

  // ---- model events -----------------------------------------------------------------
  function onMessage(message) {
    if (message.type === "document") {
      state.doc = message.document;
      state.codings = message.codings;
      state.memos = message.memos || [];
      drawDocument();
      drawDocumentList();
      showPassage();
    } else if (message.type === "document_hits") {
      state.docHits = message;
      const found = Object.values(message.hits);
      const parts = found.reduce((a, b) => a + b, 0);
      docHitsNote.textContent = !message.words ? "" : found.length
        ? `“${message.words}” is in ${found.length} ${found.length === 1 ? "document" : "documents"} (${parts} ${parts === 1 ? "part" : "parts"}).`
        : `“${message.words}” is in no document's text.`;
      drawDocumentList();
    } else if (message.type === "codings" && state.doc && message.document_id === state.doc.id) {
      state.codings = message.codings;
      state.memos = message.memos || [];
      view.redraw();
      hereList.draw();
      memos.draw();
      if (root.dataset.pending) {
        root.dataset.appliedMs = String(performance.now() - Number(root.dataset.pending));
        delete root.dataset.pending;
        showOutcome();
      }
    }
  }

  // a passage asked for from Python (e.g. a retrieved quote): select it, scroll to it, flash it
  function showPassage() {
    const passage = model.get("passage");
    if (!state.doc || !passage || passage.document_id !== state.doc.id || passage.shown === state.passageShown) return;
    state.passageShown = passage.shown;
    text.focus({ preventScroll: true });
    view.select(passage.start, passage.end);
    const run = view.runAt(passage.start);
    const segment = run && run.closest(".wb-seg");
    if (segment) {
      segment.classList.remove("wb-flash");
      void segment.offsetWidth;  // restart the animation
      segment.classList.add("wb-flash");
    }
    say(`Showing the passage “${excerpt(state.doc.text.slice(passage.start, passage.end), 60)}”.`);
  }
  function showError() {
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    if (model.get("error")) { keepInView(feedback); state.applying = undefined; }
  }
  function showStatus() { say(model.get("status")); }

  function drawPartnerMode() {
    const on = model.get("partner_mode");
    root.classList.toggle("wb-partner", on);
    for (const part of [layerSelect.parentElement, blindBox.parentElement, docSearch.parentElement, kindFilter.parentElement,
      attributeFilter.parentElement, codedFilter.parentElement, codeSearch.parentElement, findForm, docMemoBox, edits.inVivo]) part.hidden = on;
    help.textContent = on ? "Pick some words with your mouse. Then press the button that says what they are about." : expertHelp;
    codesHeading.textContent = on ? "What are these words about?" : "Codes";
    oneCodeField.hidden = !on;
    oneCode.replaceChildren(h("option", { value: "0", text: "Show all codes" }),
      ...model.get("codes").map((c) => h("option", { value: c.id, text: c.name })));
    oneCode.value = String(model.get("focus_code"));
    codes.draw();
  }

  const listeners = [
    ["msg:custom", onMessage],
    ["change:member_name change:member_role change:members change:facilitated change:proposer change:layer change:layer_member change:blind change:revealed change:roles", drawPeople],
    ["change:documents change:document_id", drawDocumentList],
    ["change:codes", () => { codes.draw(); if (state.doc) { view.redraw(); hereList.draw(); } }],
    ["change:error", showError],
    ["change:status", showStatus],
    ["change:passage", showPassage],
    ["change:partner_mode change:focus_code change:codes", drawPartnerMode],
  ];
  for (const [events, listener] of listeners) model.on(events, listener);
  drawPeople();
  drawDocumentList();
  drawPartnerMode();
  showError();
  model.send({ type: "ready" });
  const poll = setInterval(() => model.send({ type: "poll" }), Math.max(250, model.get("poll_ms")));

  return () => {
    clearInterval(poll);
    document.removeEventListener("selectionchange", onSelectionChange);
    view.detach();
    for (const [events, listener] of listeners) model.off(events, listener);
  };
}

export default { render };
