// The coding panel's view. State lives in the Python model (synced traits); documents
// and codings arrive as custom messages with offsets in UTF-16 code units, which is what
// JavaScript strings count. User text is only ever set with textContent / text nodes.

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

function render({ model, el }) {
  const state = { doc: null, codings: [], selection: null, signatures: [], segmentsOfCoding: null };
  const colourOf = () => Object.fromEntries(model.get("codes").map((c) => [c.name, c.colour]));

  // ---- skeleton ------------------------------------------------------------------
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText,
    h("button", { type: "button", class: "wb-button", text: "Dismiss",
      onclick: () => { model.set("error", ""); model.save_changes(); } }));
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });

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
  docList.addEventListener("change", () => {
    const id = Number(docList.value);
    if (id && id !== model.get("document_id")) { model.set("document_id", id); model.save_changes(); }
  });
  const docsNav = h("nav", { class: "wb-docs", "aria-label": "Documents" },
    h("h3", { text: "Documents" }), labelled("Search documents", docSearch), labelled("Kind", kindFilter),
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
  codeSearch.addEventListener("input", drawPalette);
  codeSearch.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = palette.querySelector("button");
      if (first) applyCode(Number(first.dataset.codeId));
    }
  });
  const palette = h("div", { class: "wb-palette", role: "group", "aria-label": "Codes to apply" });
  const here = h("div", { class: "wb-here", "aria-label": "Codings at the cursor", role: "region" });
  const codesAside = h("aside", { class: "wb-codes", "aria-label": "Codes" },
    h("h3", { text: "Codes" }), labelled("Find a code", codeSearch), palette, h("h3", { text: "Codings here" }), here);

  // ---- partner mode (issue 10): larger text, fewer controls, plain words, one code at a time
  const expertHelp = help.textContent;
  const codesHeading = codesAside.querySelector("h3");
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
    errorBox, whoForm, toolbar, main, status);
  el.append(root);

  function say(message) { status.textContent = message; }

  // ---- people, layers, lists -------------------------------------------------------
  function drawPeople() {
    const name = model.get("member_name");
    whoForm.hidden = Boolean(name);
    main.hidden = !name;
    toolbar.hidden = !name;
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
    const shown = documents.filter((d) =>
      (!words || d.name.toLowerCase().includes(words) || d.kind.includes(words)) &&
      (!kindFilter.value || d.kind === kindFilter.value) &&
      (!attributeFilter.value || d.attributes.includes(attributeFilter.value)) &&
      (!codedFilter.value || d.coded_by_me === (codedFilter.value === "yes")));
    docList.replaceChildren(...shown.map((d) => h("option", { value: d.id,
      text: `${d.name} (${d.kind}, ${d.segments} parts${d.coded_by_me ? ", coded by me" : ""})` })));
    docList.value = String(model.get("document_id"));
  }

  function drawPalette() {
    const words = codeSearch.value.trim().toLowerCase();
    const codes = model.get("codes").filter((c) => !words || c.name.toLowerCase().includes(words))
      .filter((c) => !model.get("focus_code") || c.id === model.get("focus_code"));
    palette.replaceChildren(...codes.map((code) => {
      const button = h("button", { type: "button", class: "wb-code", "data-code-id": code.id,
        title: code.definition || code.name, "aria-keyshortcuts": code.key || false },
        h("span", { class: "wb-swatch", style: `background:${code.colour}`, "aria-hidden": "true" }),
        code.key ? h("span", { class: "wb-key", text: code.key }) : null,
        code.parent ? h("span", { class: "wb-parent", text: `${code.parent} › ` }) : null,
        h("span", { class: "wb-name", text: code.name }));
      // keep the text selection when the mouse goes down on a code
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => applyCode(code.id));
      return button;
    }));
  }

  // ---- the text ------------------------------------------------------------------------
  function codingsBySegment() {
    // segments come in text order: find each coding's first segment by bisection, so a
    // redraw costs codings x log(segments), not codings x segments (5,000-turn transcripts)
    const segments = state.doc.segments;
    const result = segments.map(() => []);
    const inOrder = segments.every((segment, i) => i === 0 || segment.start >= segments[i - 1].end);
    for (const coding of state.codings) {
      let low = 0, high = inOrder ? segments.length : 0;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (segments[middle].end <= coding.start) low = middle + 1; else high = middle;
      }
      for (let i = low; i < segments.length && (!inOrder || segments[i].start < coding.end); i++) {
        if (coding.start < segments[i].end && coding.end > segments[i].start) result[i].push(coding);
      }
    }
    return result;
  }

  function drawRuns(container, segment, codings) {
    const docText = state.doc.text;
    const colours = colourOf();
    const points = new Set([segment.start, segment.end]);
    for (const c of codings) {
      points.add(Math.max(segment.start, c.start));
      points.add(Math.min(segment.end, c.end));
    }
    const sorted = [...points].sort((a, b) => a - b);
    const pieces = sorted.length > 1 ? sorted.slice(0, -1).map((a, i) => [a, sorted[i + 1]]) : [[sorted[0], sorted[0]]];
    const parts = [];
    for (const [a, b] of pieces) {
      const covering = codings.filter((c) => c.start <= a && c.end >= b && b > a);
      const run = h("span", { class: covering.length ? "wb-run wb-coded" : "wb-run", "data-start": a });
      run.append(document.createTextNode(docText.slice(a, b)));
      if (covering.length) {
        run.style.backgroundColor = `${colours[covering[0].code] || "#999999"}40`;
        run.style.boxShadow = covering.slice(0, 4).map((c, k) =>
          `inset 0 -${3 * (k + 1)}px 0 ${colours[c.code] || "#999999"}`).join(", ");
        run.style.paddingBottom = `${3 * Math.min(covering.length, 4)}px`;
        run.title = covering.map((c) => `${c.code} (${c.member})`).join("; ");
      }
      parts.push(run);
      for (const c of codings.filter((c) => c.end === b && b > a)) {
        const chip = h("span", { class: `wb-chip${c.mine ? " wb-mine" : ""}`, contenteditable: "false",
          "data-coding": c.id, text: `${c.code} · ${initials(c.member)}` });
        chip.style.borderColor = colours[c.code] || "#999999";
        parts.push(chip);
      }
    }
    container.replaceChildren(...parts);
  }

  function initials(name) {
    return name.split(/\s+/).filter(Boolean).map((w) => w[0]).join("").toUpperCase();
  }

  function segmentHead(segment) {
    const bits = [];
    if (segment.speaker) bits.push(h("span", { class: "wb-speaker", text: segment.speaker }));
    if (segment.time !== null) bits.push(h("span", { class: "wb-time", text: clock(segment.time) }));
    if (segment.kind !== "utterance" && segment.kind !== "paragraph") bits.push(h("span", { class: "wb-kind", text: segment.kind }));
    for (const detail of segment.details) bits.push(h("span", { class: "wb-detail", text: detail }));
    return bits.length ? h("div", { class: "wb-seg-head", contenteditable: "false" }, ...bits) : null;
  }

  function drawDocument() {
    const started = performance.now();
    const doc = state.doc;
    const documents = model.get("documents");
    const info = documents.find((d) => d.id === doc.id);
    docTitle.textContent = info ? `${info.name} (${info.kind})` : "";
    text.setAttribute("aria-label", info ? `Text of ${info.name}` : "Document text");
    drawPicture(doc.image);
    const perSegment = codingsBySegment();
    const fragment = document.createDocumentFragment();
    doc.segments.forEach((segment, i) => {
      const body = h("div", { class: "wb-seg-text", "data-start": segment.start, "data-end": segment.end });
      drawRuns(body, segment, perSegment[i]);
      fragment.append(h("div", { class: `wb-seg wb-kind-${segment.kind.replace(/\W+/g, "-")}`, "data-index": i },
        segmentHead(segment), body));
    });
    text.replaceChildren(fragment);
    text.scrollTop = 0;
    state.signatures = perSegment.map(signature);
    state.selection = null;
    drawHere();
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

  const signature = (codings) => codings.map((c) => `${c.id}:${c.code}:${c.start}-${c.end}`).join("|");

  // a live update redrawn under a mouse drag would move the words being selected: wait for the release
  let pointerDown = false, redrawWaiting = false;
  text.addEventListener("pointerdown", () => { pointerDown = true; });
  const onPointerUp = () => {
    pointerDown = false;
    if (redrawWaiting) { redrawWaiting = false; redrawCodings(); }
  };
  document.addEventListener("pointerup", onPointerUp);

  function redrawCodings() {
    if (pointerDown) { redrawWaiting = true; return; }
    const keep = state.selection;
    const scroll = text.scrollTop;
    const perSegment = codingsBySegment();
    const bodies = text.querySelectorAll(".wb-seg-text");
    perSegment.forEach((codings, i) => {
      const sig = signature(codings);
      if (sig !== state.signatures[i]) {
        drawRuns(bodies[i], state.doc.segments[i], codings);
        state.signatures[i] = sig;
      }
    });
    text.scrollTop = scroll;
    if (keep && text.contains(document.activeElement)) select(keep.start, keep.end, false);
    drawHere();
  }

  // ---- offsets <-> DOM ---------------------------------------------------------------
  function offsetOf(node, offset) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    if (!element || !text.contains(element)) return null;
    let body = element.closest(".wb-seg-text");
    if (!body) {
      const seg = element.closest(".wb-seg");
      if (!seg) return null;
      return Number(seg.querySelector(".wb-seg-text").dataset.start);
    }
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    const contents = range.cloneContents();
    contents.querySelectorAll(".wb-chip").forEach((chip) => chip.remove());
    return Number(body.dataset.start) + contents.textContent.length;
  }

  function pointAt(offset) {
    for (const body of text.querySelectorAll(".wb-seg-text")) {
      if (offset > Number(body.dataset.end)) continue;
      for (const run of body.querySelectorAll(".wb-run")) {
        const start = Number(run.dataset.start), node = run.firstChild;
        if (offset <= start + node.length) return [node, Math.max(0, Math.min(node.length, offset - start))];
      }
    }
    return null;
  }

  function select(start, end, scroll = true) {
    const a = pointAt(start), b = pointAt(end);
    if (!a || !b) return;
    const range = document.createRange();
    range.setStart(...a);
    range.setEnd(...b);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    state.selection = { start, end };
    if (scroll) a[0].parentElement.scrollIntoView({ block: "center" });
  }

  function onSelectionChange() {
    const selection = document.getSelection();
    if (!selection.rangeCount || !state.doc) return;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null) return;
    state.selection = { start: Math.min(start, end), end: Math.max(start, end) };
    drawHere();
  }
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
    select(found, found + needle.length);
    say(`Found “${words}”. Press a code's number key to code it.`);
  }

  // ---- actions ----------------------------------------------------------------------
  function applyCode(codeId) {
    onSelectionChange();  // selectionchange arrives asynchronously: read the selection now
    const sel = state.selection;
    if (!sel || sel.start === sel.end) { say("Select some words first, then choose a code."); return; }
    root.dataset.pending = String(performance.now());
    model.send({ type: "apply", code_id: codeId, start: sel.start, end: sel.end });
  }

  function drawHere() {
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
      const excerpt = state.doc.text.slice(coding.start, coding.end);
      const item = h("div", { class: "wb-coding" },
        h("p", {}, h("strong", { text: coding.code }), ` by ${coding.member} (${coding.role})`),
        h("p", { class: "wb-excerpt", text: excerpt.length > 120 ? `${excerpt.slice(0, 119)}…` : excerpt }));
      if (coding.mine) {
        const changeTo = h("select", {}, ...model.get("codes").map((c) => h("option", { value: c.id, text: c.name })));
        item.append(
          h("button", { type: "button", class: "wb-button", text: "Remove",
            onclick: () => model.send({ type: "remove", coding_id: coding.id }) }),
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

  // ---- model events -----------------------------------------------------------------
  function onMessage(message) {
    if (message.type === "document") {
      state.doc = message.document;
      state.codings = message.codings;
      drawDocument();
      drawDocumentList();
      showPassage();
    } else if (message.type === "codings" && state.doc && message.document_id === state.doc.id) {
      state.codings = message.codings;
      redrawCodings();
      if (root.dataset.pending) {
        root.dataset.appliedMs = String(performance.now() - Number(root.dataset.pending));
        delete root.dataset.pending;
      }
    }
  }
  // a passage asked for from Python (e.g. a retrieved quote): select it, scroll to it, flash it
  function showPassage() {
    const passage = model.get("passage");
    if (!state.doc || !passage || passage.document_id !== state.doc.id || passage.shown === state.passageShown) return;
    state.passageShown = passage.shown;
    text.focus({ preventScroll: true });
    select(passage.start, passage.end);
    const point = pointAt(passage.start);
    const segment = point && point[0].parentElement.closest(".wb-seg");
    if (segment) {
      segment.classList.remove("wb-flash");
      void segment.offsetWidth;  // restart the animation
      segment.classList.add("wb-flash");
    }
    say(`Showing the passage “${state.doc.text.slice(passage.start, Math.min(passage.end, passage.start + 60))}”.`);
  }
  function showError() {
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
  }
  function showStatus() { say(model.get("status")); }

  function drawPartnerMode() {
    const on = model.get("partner_mode");
    root.classList.toggle("wb-partner", on);
    for (const part of [layerSelect.parentElement, blindBox.parentElement, docSearch.parentElement, kindFilter.parentElement,
      attributeFilter.parentElement, codedFilter.parentElement, codeSearch.parentElement, findForm, docMemoBox]) part.hidden = on;
    help.textContent = on ? "Pick some words with your mouse. Then press the button that says what they are about." : expertHelp;
    codesHeading.textContent = on ? "What are these words about?" : "Codes";
    oneCodeField.hidden = !on;
    oneCode.replaceChildren(h("option", { value: "0", text: "Show all codes" }),
      ...model.get("codes").map((c) => h("option", { value: c.id, text: c.name })));
    oneCode.value = String(model.get("focus_code"));
    drawPalette();
  }

  const listeners = [
    ["msg:custom", onMessage],
    ["change:member_name change:member_role change:members change:facilitated change:proposer change:layer change:layer_member change:blind change:revealed change:roles", drawPeople],
    ["change:documents change:document_id", drawDocumentList],
    ["change:codes", () => { drawPalette(); if (state.doc) redrawCodings(); }],
    ["change:error", showError],
    ["change:passage", showPassage],
    ["change:status", showStatus],
    ["change:partner_mode change:focus_code change:codes", drawPartnerMode],
  ];
  for (const [events, listener] of listeners) model.on(events, listener);
  drawPeople();
  drawDocumentList();
  drawPalette();
  drawPartnerMode();
  showError();
  model.send({ type: "ready" });
  const poll = setInterval(() => model.send({ type: "poll" }), Math.max(250, model.get("poll_ms")));

  return () => {
    clearInterval(poll);
    document.removeEventListener("selectionchange", onSelectionChange);
    document.removeEventListener("pointerup", onPointerUp);
    for (const [events, listener] of listeners) model.off(events, listener);
  };
}

export default { render };
