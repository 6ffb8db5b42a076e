// Nusomi in-page snapshot: a frame's `dom` and `accessibility_tree` (docs/capture.md "DOM snapshot and accessibility
// tree") built by walking the elements on screen, not the whole page. A function expression: the recorder installs it
// once per document and calls it with the viewport (CSS px; null: the visual viewport's, read here), the node and text
// limits and the domain allow-list; it returns a JSON string {dom, accessibility_tree, viewport {w, h, scale}, cost_ms}.
// It never copies a password field's value.
// Wide elements (a table body, a long list) are searched, not walked: their children are laid out one after another,
// so a binary search finds the first one on screen and the walk stops after the last (off-screen children's subtrees
// are not visited; a positioned descendant of an off-screen row is not seen).
(function (VW, VH, MAX_NODES, MAX_TEXT, ALLOW) {
  'use strict';
  var started = performance.now();
  if (VW === null) { // what Page.getLayoutMetrics calls cssVisualViewport: CSS px, without scrollbars
    var vv = window.visualViewport, de = document.documentElement;
    VW = vv ? vv.width : (de ? de.clientWidth : innerWidth);
    VH = vv ? vv.height : (de ? de.clientHeight : innerHeight);
  }
  var MASKED = '[masked]';
  var WIDE = 24;
  var IMPLICIT = { A: 'link', BUTTON: 'button', SELECT: 'combobox', TEXTAREA: 'textbox', FORM: 'form', DIALOG: 'dialog',
                   H1: 'heading', H2: 'heading', H3: 'heading', H4: 'heading', H5: 'heading', H6: 'heading', IMG: 'img',
                   TABLE: 'table', TR: 'row', TD: 'cell', TH: 'columnheader', LI: 'listitem', UL: 'list', OL: 'list',
                   NAV: 'navigation', MAIN: 'main', OPTION: 'option' };
  var NO_TEXT = { HEAD: 1, TITLE: 1, SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1 };
  var CONTROLS = { INPUT: 1, TEXTAREA: 1, SELECT: 1 };
  var INTERACTIVE = { A: 1, BUTTON: 1, INPUT: 1, TEXTAREA: 1, SELECT: 1, OPTION: 1, LABEL: 1, SUMMARY: 1 };
  var NAME_FROM_TEXT = { BUTTON: 1, A: 1, H1: 1, H2: 1, H3: 1, H4: 1, LABEL: 1, OPTION: 1, SUMMARY: 1, LEGEND: 1 };
  var SKIPPED = { HEAD: 1, SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, TITLE: 1, META: 1, LINK: 1 };
  var NO_AX_ROLE = { generic: 1, none: 1, presentation: 1 };

  function allowed(url) {
    if (!/^https?:/.test(url) || ALLOW.length === 0) { return true; }
    var h;
    try { h = new URL(url).hostname; } catch (e) { return false; }
    for (var i = 0; i < ALLOW.length; i++) { if (h === ALLOW[i] || h.endsWith('.' + ALLOW[i])) { return true; } }
    return false;
  }
  function clip(s) {
    if (s == null) { return null; }
    s = String(s).replace(/\s+/g, ' ').trim();
    return s === '' ? null : (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s);
  }
  function clipValue(v) { return v == null ? null : (v.length > MAX_TEXT * 5 ? v.slice(0, MAX_TEXT * 5) : v); }
  function round(v) { return Math.round(v * 10) / 10; }
  function inputType(el) {
    if (el.tagName !== 'INPUT') { return null; }
    var t = el.getAttribute('type');
    return t == null || t.trim() === '' ? 'text' : t.toLowerCase();
  }
  function text(el) {
    var parts = [], length = 0;
    (function collect(node) {
      if (node.shadowRoot) { collect(node.shadowRoot); } // an open shadow tree's text is the element's too
      for (var c = node.firstChild; c !== null && length <= MAX_TEXT * 2; c = c.nextSibling) {
        if (c.nodeType === 3) { parts.push(c.data); length += c.data.length + 1; }
        else if (c.nodeType === 1 && CONTROLS[c.tagName] !== 1 && NO_TEXT[c.tagName] !== 1) { collect(c); }
      }
    })(el);
    return clip(parts.join(' '));
  }
  function ownText(el) {
    for (var c = el.firstChild; c !== null; c = c.nextSibling) {
      if (c.nodeType === 3 && c.data.trim() !== '') { return true; }
    }
    return false;
  }
  // labels found once per document (el.labels searches the whole document at each call): by `for`, else the wrapping one
  var LABELABLE = { INPUT: 1, SELECT: 1, TEXTAREA: 1, BUTTON: 1, METER: 1, OUTPUT: 1, PROGRESS: 1 };
  var labelsByDoc = new Map();
  function labelOf(el) {
    var d = el.ownerDocument, byFor = labelsByDoc.get(d);
    if (byFor === undefined) {
      byFor = new Map();
      var all = d.querySelectorAll('label[for]');
      for (var i = 0; i < all.length; i++) {
        var f = all[i].getAttribute('for');
        if (!byFor.has(f)) { byFor.set(f, all[i]); }
      }
      labelsByDoc.set(d, byFor);
    }
    var label = (el.id && el.getRootNode() === d ? byFor.get(el.id) : null) || el.closest('label');
    return label ? text(label) : null;
  }
  function role(el, type) {
    var explicit = el.getAttribute('role');
    if (explicit && explicit.trim() !== '') { return explicit.trim().split(/\s+/)[0]; }
    if (type !== null) {
      if (type === 'checkbox' || type === 'radio') { return type; }
      if (type === 'submit' || type === 'button' || type === 'reset' || type === 'image') { return 'button'; }
      return 'textbox';
    }
    if (el.tagName === 'A' && !el.hasAttribute('href')) { return null; }
    return IMPLICIT[el.tagName] || null;
  }
  // the accessible name's common cases (aria-labelledby, aria-label, a label, alt, a button's value, placeholder, title,
  // the text of elements named by their content) — never a field's value
  function name(el, type) {
    var by = el.getAttribute('aria-labelledby');
    if (by) {
      var texts = [];
      by.trim().split(/\s+/).forEach(function (id) { var r = el.ownerDocument.getElementById(id); if (r) { texts.push(r.textContent); } });
      var joined = clip(texts.join(' '));
      if (joined) { return joined; }
    }
    var direct = clip(el.getAttribute('aria-label'));
    if (direct) { return direct; }
    if (LABELABLE[el.tagName] === 1) {
      var label = labelOf(el);
      if (label) { return label; }
    }
    if (el.tagName === 'IMG') { direct = clip(el.getAttribute('alt')); if (direct) { return direct; } }
    if (CONTROLS[el.tagName] === 1) {
      if (type === 'submit' || type === 'button' || type === 'reset') { return clip(el.value); }
      direct = clip(el.getAttribute('placeholder'));
      if (direct) { return direct; }
    }
    direct = clip(el.getAttribute('title'));
    if (direct) { return direct; }
    return NAME_FROM_TEXT[el.tagName] === 1 ? text(el) : null;
  }
  function value(el, type) {
    if (CONTROLS[el.tagName] !== 1) { return null; }
    if (type === 'password') { return MASKED; } // never the typed secret, whatever the field holds
    if (type === 'checkbox' || type === 'radio') { return el.checked ? 'true' : 'false'; }
    if (el.tagName === 'SELECT') {
      var o = el.selectedOptions && el.selectedOptions[0];
      return o ? clipValue(o.hasAttribute('value') ? o.getAttribute('value') : text(o)) : null;
    }
    return clipValue(el.value == null ? '' : String(el.value));
  }
  function rendered(el) {
    if (el.checkVisibility) { return el.checkVisibility({ visibilityProperty: true }); }
    var s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && s.visibility !== 'collapse';
  }
  function onScreen(b) { return b.w > 0 && b.h > 0 && b.x < VW && b.y < VH && b.x + b.w > 0 && b.y + b.h > 0; }

  // Selector paths are built only for the elements kept: each walked element gets a small context (its parent's, its
  // step, its document's prefix: the iframe's own path and ' >>> '), joined into '#id > tag:nth-of-type(n) …' on demand,
  // with ' >>> ' across open shadow roots.
  function pathOf(ctx) {
    if (ctx.path === undefined) {
      ctx.path = ctx.reset || ctx.parent === null ? ctx.prefix + ctx.step : pathOf(ctx.parent) + ctx.join + ctx.step;
    }
    return ctx.path;
  }

  var candidates = [];
  var axRows = [];
  var nextAx = 0;

  // the children of el that are laid out on screen, as indexes [from, to): all of them unless el is wide and its
  // children come one after another (then a binary search for the first one reaching the viewport's top)
  function range(kids, offY) {
    var n = kids.length;
    if (n < WIDE) { return [0, n]; }
    var tops = [0, n >> 1, n - 1].map(function (i) { return kids[i].getBoundingClientRect(); });
    if (!(tops[0].height > 0 && tops[1].height > 0 && tops[2].height > 0
          && tops[0].bottom <= tops[1].top && tops[1].bottom <= tops[2].top)) { return [0, n]; }
    var lo = 0, hi = n;
    while (lo < hi) { // first child whose bottom is below the viewport's top
      var mid = (lo + hi) >> 1, r = kids[mid].getBoundingClientRect();
      if (r.height === 0 && r.width === 0) { return [0, n]; } // a hidden child: no order to search in
      if (r.bottom + offY > 0) { hi = mid; } else { lo = mid + 1; }
    }
    var from = Math.max(0, lo - 1), to = from;
    while (to < n && kids[to].getBoundingClientRect().top + offY < VH) { to++; }
    return [from, Math.min(n, to + 1)];
  }

  function walk(parent, ctx, doc, hiddenAx, axParent) {
    var kids = parent.children;
    if (!kids || kids.length === 0) { return; }
    var span = range(kids, doc.offY);
    var counts = null;
    for (var i = span[0]; i < span[1]; i++) {
      var el = kids[i];
      if (SKIPPED[el.tagName] === 1) { continue; }
      if (counts === null) { // nth-of-type of the first child visited: its earlier siblings counted once
        counts = {};
        for (var p = el.previousElementSibling; p !== null; p = p.previousElementSibling) { counts[p.tagName] = (counts[p.tagName] || 0) + 1; }
      }
      counts[el.tagName] = (counts[el.tagName] || 0) + 1;
      var tag = el.tagName.toLowerCase();
      var own = { parent: null, join: ' > ', reset: false, path: undefined, prefix: '', step: '' };
      if (ctx.shadowTop) { own.parent = ctx.host; own.join = ' >>> '; own.prefix = ctx.host.prefix; }
      else if (ctx.docTop) { own.prefix = ctx.prefix; }
      else { own.parent = ctx; own.prefix = ctx.prefix; }
      if (el.id) { own.step = '#' + CSS.escape(el.id); own.reset = true; }
      else if (parent.nodeType === 9) { own.step = tag; } // a document's root element
      else { own.step = tag + ':nth-of-type(' + counts[el.tagName] + ')'; }
      visit(el, own, doc, hiddenAx, axParent);
    }
  }

  function visit(el, ctx, doc, hiddenAx, axParent) {
    var r = el.getBoundingClientRect();
    var b = { x: r.left + doc.offX, y: r.top + doc.offY, w: r.width, h: r.height };
    var shown = onScreen(b) && rendered(el);
    var type = inputType(el);
    var ax = axParent;
    hiddenAx = hiddenAx || el.getAttribute('aria-hidden') === 'true';
    if (shown) {
      var important = INTERACTIVE[el.tagName] === 1 || el.hasAttribute('role') || el.hasAttribute('contenteditable') || ownText(el);
      // role and name are worked out once: the DOM node (if kept) and the AX node share them
      var c = { el: el, ctx: ctx, doc: doc, b: b, type: type, important: important, order: candidates.length,
                role: role(el, type), name: undefined };
      candidates.push(c);
      var axRole = el.tagName === 'IFRAME' ? 'Iframe' : c.role; // Chromium's name for it: its document hangs below
      if (!hiddenAx && (axRole !== null && NO_AX_ROLE[axRole] !== 1 || el.hasAttribute('aria-label'))) {
        c.name = name(el, type);
        ax = 'n' + (nextAx++);
        axRows.push({ id: ax, role: axRole && NO_AX_ROLE[axRole] !== 1 ? axRole : 'generic', name: c.name,
                      value: value(el, type), parent: axParent, bounds: b });
      }
    }
    if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
      var inner = null;
      try { inner = el.contentDocument; } catch (e) { inner = null; }
      if (inner && inner.documentElement && allowed(inner.URL) && shown) {
        var inside = { offX: b.x + el.clientLeft, offY: b.y + el.clientTop };
        walk(inner, { docTop: true, prefix: pathOf(ctx) + ' >>> ' }, inside, hiddenAx, ax);
      }
      return;
    }
    if (el.shadowRoot) { // an open shadow root: its tree is what renders, slotted light children too
      walk(el.shadowRoot, { shadowTop: true, host: ctx }, doc, hiddenAx, ax);
    }
    if (CONTROLS[el.tagName] !== 1) { walk(el, ctx, doc, hiddenAx, ax); }
  }

  var root = document.documentElement;
  if (root) {
    var own = { parent: null, step: root.tagName.toLowerCase(), join: '', reset: true, path: undefined, prefix: '' };
    visit(root, own, { offX: 0, offY: 0 }, false, null);
  }

  var truncated = candidates.length > MAX_NODES;
  var kept = candidates;
  if (truncated) { // interactive and text-bearing elements first, then layout boxes, each in document order
    kept = candidates.filter(function (c) { return c.important; }).slice(0, MAX_NODES);
    var rest = candidates.filter(function (c) { return !c.important; }).slice(0, MAX_NODES - kept.length);
    kept = kept.concat(rest).sort(function (a, b) { return a.order - b.order; });
  }
  function bounds(b) { return { x: round(b.x), y: round(b.y), w: round(b.w), h: round(b.h) }; }
  var nodes = kept.map(function (c) {
    var el = c.el, field = el.getAttribute('name');
    return { tag: el.tagName.toLowerCase(), role: c.role, name: c.name !== undefined ? c.name : name(el, c.type),
             selector: pathOf(c.ctx), input_type: c.type, field: field ? field : (el.id || null), autocomplete: el.getAttribute('autocomplete') || null,
             text: CONTROLS[el.tagName] === 1 ? null : text(el), value: value(el, c.type), bounds: bounds(c.b) };
  });
  var axTruncated = axRows.length > MAX_NODES;
  var axNodes = axRows.slice(0, MAX_NODES).map(function (a) {
    return { id: a.id, role: a.role, name: a.name, value: a.value, parent: a.parent, bounds: bounds(a.bounds) };
  });
  var url = location.href.replace(/[?#].*$/, '');
  return JSON.stringify({
    dom: { url: url, title: document.title || '', nodes: nodes, truncated: truncated },
    accessibility_tree: { nodes: axNodes, truncated: axTruncated },
    viewport: { w: VW, h: VH, scale: window.devicePixelRatio },
    cost_ms: performance.now() - started
  });
})
