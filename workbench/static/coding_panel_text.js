// The text box of the coding panel: each segment's words with the highlights of its
// codings, a margin of stripes beside it (code label and coder initials, as text), and
// the mapping between offsets (UTF-16 units, as JavaScript counts) and DOM positions.

function transcript({ model, state, text, onStripe }) {
  const colourOf = () => Object.fromEntries(model.get("codes").map((c) => [c.name, c.colour]));

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

  // highlights stay in the text: a tint of the first code and an underline per coding
  function drawRuns(container, segment, codings, colours) {
    const docText = state.doc.text;
    const points = new Set([segment.start, segment.end]);
    for (const c of codings) {
      points.add(Math.max(segment.start, c.start));
      points.add(Math.min(segment.end, c.end));
    }
    const sorted = [...points].sort((a, b) => a - b);
    const pieces = sorted.length > 1 ? sorted.slice(0, -1).map((a, i) => [a, sorted[i + 1]]) : [[sorted[0], sorted[0]]];
    container.replaceChildren(...pieces.map(([a, b]) => {
      const covering = codings.filter((c) => c.start <= a && c.end >= b && b > a);
      const run = h("span", { class: covering.length ? "wb-run wb-coded" : "wb-run", "data-start": a });
      run.append(document.createTextNode(docText.slice(a, b)));
      if (covering.length) {
        run.dataset.codings = covering.map((c) => c.id).join(" ");
        run.style.backgroundColor = `${colours[covering[0].code] || "#999999"}40`;
        run.style.boxShadow = covering.slice(0, 4).map((c, k) =>
          `inset 0 -${3 * (k + 1)}px 0 ${colours[c.code] || "#999999"}`).join(", ");
        run.style.paddingBottom = `${3 * Math.min(covering.length, 4)}px`;
        run.title = covering.map((c) => `${c.code} (${c.member})`).join("; ");
      }
      return run;
    }));
  }

  // one stripe per coding touching the segment, in the margin beside it: never inside a sentence
  function drawMargin(margin, codings, colours) {
    margin.replaceChildren(...codings.map((c) => {
      const stripe = h("span", { class: `wb-stripe wb-chip${c.mine ? " wb-mine" : ""}`, "data-coding": c.id,
        title: `${c.code}, coded by ${c.member} (${c.role})` },
        h("span", { class: "wb-stripe-code", text: c.code }), ` · ${initials(c.member)}`);
      stripe.style.borderLeftColor = colours[c.code] || "#999999";
      stripe.addEventListener("mousedown", (event) => event.preventDefault());
      stripe.addEventListener("click", () => onStripe(c));
      return stripe;
    }));
  }

  function segmentHead(segment) {
    const bits = [];
    if (segment.speaker) bits.push(h("span", { class: "wb-speaker", text: segment.speaker }));
    if (segment.time !== null) bits.push(h("span", { class: "wb-time", text: clock(segment.time) }));
    if (segment.kind !== "utterance" && segment.kind !== "paragraph") bits.push(h("span", { class: "wb-kind", text: segment.kind }));
    for (const detail of segment.details) bits.push(h("span", { class: "wb-detail", text: detail }));
    return bits.length ? h("div", { class: "wb-seg-head", contenteditable: "false" }, ...bits) : null;
  }

  const signature = (codings) => codings.map((c) => `${c.id}:${c.code}:${c.start}-${c.end}`).join("|");

  function drawAll() {
    const perSegment = codingsBySegment();
    const colours = colourOf();
    const fragment = document.createDocumentFragment();
    state.doc.segments.forEach((segment, i) => {
      const body = h("div", { class: "wb-seg-text", "data-start": segment.start, "data-end": segment.end });
      const margin = h("div", { class: "wb-margin", contenteditable: "false" });
      drawRuns(body, segment, perSegment[i], colours);
      drawMargin(margin, perSegment[i], colours);
      fragment.append(h("div", { class: `wb-seg wb-kind-${segment.kind.replace(/\W+/g, "-")}`, "data-index": i },
        h("div", { class: "wb-seg-main" }, segmentHead(segment), body), margin));
    });
    text.replaceChildren(fragment);
    text.scrollTop = 0;
    state.signatures = perSegment.map(signature);
    state.selection = null;
  }

  // a live update redrawn under a mouse drag would move the words being selected: wait for the release
  let pointerDown = false, redrawWaiting = false;
  text.addEventListener("pointerdown", () => { pointerDown = true; });
  const onPointerUp = () => {
    pointerDown = false;
    if (redrawWaiting) { redrawWaiting = false; redraw(); }
  };
  document.addEventListener("pointerup", onPointerUp);

  // redraw only the segments whose codings changed; keep the scroll and the selection
  function redraw() {
    if (pointerDown) { redrawWaiting = true; return false; }
    const keep = state.selection;
    const scroll = text.scrollTop;
    const colours = colourOf();
    const perSegment = codingsBySegment();
    const segments = text.querySelectorAll(".wb-seg");
    perSegment.forEach((codings, i) => {
      const sig = signature(codings);
      if (sig !== state.signatures[i]) {
        drawRuns(segments[i].querySelector(".wb-seg-text"), state.doc.segments[i], codings, colours);
        drawMargin(segments[i].querySelector(".wb-margin"), codings, colours);
        state.signatures[i] = sig;
      }
    });
    text.scrollTop = scroll;
    if (keep && text.contains(document.activeElement)) select(keep.start, keep.end, false);
    return true;
  }

  function offsetOf(node, offset) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    if (!element || !text.contains(element)) return null;
    const body = element.closest(".wb-seg-text");
    if (!body) {
      const seg = element.closest(".wb-seg");
      if (!seg) return null;
      return Number(seg.querySelector(".wb-seg-text").dataset.start);
    }
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return Number(body.dataset.start) + range.cloneContents().textContent.length;
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

  // the selection as offsets, read from the browser now (selectionchange comes later)
  function readSelection() {
    const selection = document.getSelection();
    if (!selection.rangeCount || !state.doc) return false;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return false;
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null) return false;
    state.selection = { start: Math.min(start, end), end: Math.max(start, end) };
    return true;
  }

  // the highlighted run at an offset (e.g. of a coding just applied)
  const runAt = (offset) => { const point = pointAt(offset); return point && point[0].parentElement; };

  const detach = () => document.removeEventListener("pointerup", onPointerUp);
  return { drawAll, redraw, select, pointAt, runAt, readSelection, detach };
}
