// Nusomi in-page snapshot: a frame's `dom` and `accessibility_tree` (docs/capture.md "DOM snapshot and accessibility
// tree") built by walking the elements on screen, not the whole page. An expression giving a function: the recorder
// installs it once per document and calls it with the viewport (CSS px; null: the visual viewport's, read here), the
// node and text limits, the domain allow-list and the id of the last snapshot it holds of this document (or null). It
// returns a JSON string {id, dom, accessibility_tree, viewport {w, h, scale}, cost_ms}; a node row the holder already
// has (the same text, in the snapshot named by the id given) comes as its index in that snapshot instead. Its stop()
// disconnects the observer below (the recorder calls it, then deletes the function, when it stops).
// It never copies a password field's value.
// Wide elements (a table body, a long list) are searched, not walked: their children are laid out one after another,
// so a binary search finds the first one on screen and the walk stops after the last (off-screen children's subtrees
// are not visited; a positioned descendant of an off-screen row is not seen).
// What an element's row says besides its place and value (role, name, text, the fields of its row) is kept between
// calls until a mutation touches the element, something inside it, or the label naming it (this document's own
// observer); bounds, visibility, values and selectors are read at every call.
(function () {
  'use strict';
  var TOKEN = Math.random().toString(36).slice(2, 10), serial = 0;
  var lastId = null; // the last snapshot's; each element's facts remember its rows in it (text, index)
  var facts = new WeakMap(), touched = new WeakMap(), gen = 1, labelGen = 0;
  var LABEL_ATTRS = { 'for': 1, 'id': 1, 'type': 1, 'form': 1 };
  function touch(node) { // node and its ancestors changed at gen (they hold its text)
    for (var n = node; n !== null && n !== undefined; n = n.parentNode) {
      if (touched.get(n) === gen) { return; }
      touched.set(n, gen);
    }
  }
  function labelsIn(n) {
    return n.nodeType === 1 && (n.tagName === 'LABEL' || (n.firstElementChild !== null && n.querySelector('label') !== null));
  }
  function mutated(records) {
    gen++;
    for (var i = 0; i < records.length; i++) {
      var r = records[i], k;
      touch(r.target);
      if (r.type === 'attributes' && LABEL_ATTRS[r.attributeName] === 1) { labelGen++; }
      if (r.type === 'childList') {
        for (k = 0; k < r.addedNodes.length; k++) { if (labelsIn(r.addedNodes[k])) { labelGen++; } }
        for (k = 0; k < r.removedNodes.length; k++) { if (labelsIn(r.removedNodes[k])) { labelGen++; } }
        if (r.addedNodes.length && r.target.nodeType === 1 && r.target.closest('label') !== null) { labelGen++; } // into a label
      }
    }
  }
  var observer = new MutationObserver(mutated);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  var labelsByFor = { gen: -1, map: null };

  function snapshot(VW, VH, MAX_NODES, MAX_TEXT, ALLOW, BASE) {
    var started = performance.now();
    var pending = observer.takeRecords();
    if (pending.length) { mutated(pending); }
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
    function labelsFor(d) {
      if (d === document && labelsByFor.gen === labelGen) { return labelsByFor.map; }
      var byFor = labelsByDoc.get(d);
      if (byFor === undefined) {
        byFor = new Map();
        var all = d.querySelectorAll('label[for]');
        for (var i = 0; i < all.length; i++) {
          var f = all[i].getAttribute('for');
          if (!byFor.has(f)) { byFor.set(f, all[i]); }
        }
        labelsByDoc.set(d, byFor);
        if (d === document) { labelsByFor = { gen: labelGen, map: byFor }; }
      }
      return byFor;
    }
    // the element whose text named the last element name() was asked about, elsewhere in the page (a label); false when
    // the name came from elsewhere that is not followed (aria-labelledby, a button's value): then it is not kept
    var nameSrc = null;
    function labelOf(el) {
      var d = el.ownerDocument;
      var label = (el.id && el.getRootNode() === d ? labelsFor(d).get(el.id) : null) || el.closest('label');
      if (label) { nameSrc = label; }
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
        nameSrc = false;
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
        if (type === 'submit' || type === 'button' || type === 'reset') { nameSrc = false; return clip(el.value); }
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

    // Selector paths are built only for the elements kept: each walked element gets a small context (its parent's, the
    // element and its place among its siblings of its tag, its document's prefix: the iframe's own path and ' >>> '); its
    // step and the path, '#id > tag:nth-of-type(n) …' with ' >>> ' across open shadow roots, are written on demand.
    function pathOf(ctx) {
      if (ctx.path === undefined) {
        var step = stepOf(ctx);
        ctx.path = ctx.reset || ctx.parent === null ? ctx.prefix + step : pathOf(ctx.parent) + ctx.join + step;
      }
      return ctx.path;
    }
    function stepOf(ctx) { // '#id', a document's root element's tag, or 'tag:nth-of-type(n)'
      var el = ctx.el;
      if (ctx.reset) { return '#' + CSS.escape(el.id); }
      var tag = el.tagName.toLowerCase();
      return ctx.nth === 0 ? tag : tag + ':nth-of-type(' + ctx.nth + ')';
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
        var own = { parent: null, join: ' > ', reset: false, path: undefined, prefix: '', el: el, nth: counts[el.tagName] };
        if (ctx.shadowTop) { own.parent = ctx.host; own.join = ' >>> '; own.prefix = ctx.host.prefix; }
        else if (ctx.docTop) { own.prefix = ctx.prefix; }
        else { own.parent = ctx; own.prefix = ctx.prefix; }
        if (el.id) { own.reset = true; }
        else if (parent.nodeType === 9) { own.nth = 0; } // a document's root element
        visit(el, own, doc, hiddenAx, axParent);
      }
    }

    // what el's rows say besides its place, value and selector, kept while nothing touched it (keep: el is in this
    // document's own tree, which the observer sees, and hosts no shadow root, whose text is its own too)
    function factsOf(el, keep) {
      var f = keep ? facts.get(el) : undefined;
      if (f !== undefined && (touched.get(el) || 0) <= f.gen && (!f.labelable || f.labelGen === labelGen)
          && (f.src === null || (touched.get(f.src) || 0) <= f.gen)) { return f; }
      var type = inputType(el);
      f = { gen: gen, labelGen: labelGen, labelable: LABELABLE[el.tagName] === 1, src: null, type: type, role: role(el, type),
            important: INTERACTIVE[el.tagName] === 1 || el.hasAttribute('role') || el.hasAttribute('contenteditable') || ownText(el),
            ariaHidden: el.getAttribute('aria-hidden') === 'true', ariaLabel: el.hasAttribute('aria-label'),
            name: undefined, head: null, mid: null, dom: null, domAt: -1, domIn: -2, ax: null, axAt: -1, axIn: -2 };
      if (keep) { facts.set(el, f); }
      return f;
    }
    function nameOf(el, f) {
      if (f.name !== undefined) { return f.name; }
      nameSrc = null;
      var n = name(el, f.type);
      if (nameSrc !== false) { f.name = n; f.src = nameSrc; } // else asked again next time
      return n;
    }

    function visit(el, ctx, doc, hiddenAx, axParent) {
      var r = el.getBoundingClientRect();
      var b = { x: r.left + doc.offX, y: r.top + doc.offY, w: r.width, h: r.height };
      var shown = onScreen(b) && rendered(el);
      var host = el.shadowRoot !== null && el.shadowRoot !== undefined;
      var f = factsOf(el, doc.keep && !host);
      var ax = axParent;
      hiddenAx = hiddenAx || f.ariaHidden;
      if (shown) {
        var c = { el: el, f: f, ctx: ctx, b: { x: round(b.x), y: round(b.y), w: round(b.w), h: round(b.h) }, order: candidates.length };
        candidates.push(c);
        var axRole = el.tagName === 'IFRAME' ? 'Iframe' : f.role; // Chromium's name for it: its document hangs below
        if (!hiddenAx && (axRole !== null && NO_AX_ROLE[axRole] !== 1 || f.ariaLabel)) {
          ax = 'n' + (nextAx++);
          axRows.push({ f: f, id: ax, role: axRole && NO_AX_ROLE[axRole] !== 1 ? axRole : 'generic', name: nameOf(el, f),
                        value: value(el, f.type), parent: axParent, bounds: c.b });
        }
      }
      if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
        var inner = null;
        try { inner = el.contentDocument; } catch (e) { inner = null; }
        if (inner && inner.documentElement && allowed(inner.URL) && shown) {
          var inside = { offX: b.x + el.clientLeft, offY: b.y + el.clientTop, keep: false };
          walk(inner, { docTop: true, prefix: pathOf(ctx) + ' >>> ' }, inside, hiddenAx, ax);
        }
        return;
      }
      if (host) { // an open shadow root: its tree is what renders, slotted light children too
        walk(el.shadowRoot, { shadowTop: true, host: ctx }, doc.keep ? { offX: doc.offX, offY: doc.offY, keep: false } : doc, hiddenAx, ax);
      }
      if (CONTROLS[el.tagName] !== 1) { walk(el, ctx, doc, hiddenAx, ax); }
    }

    var root = document.documentElement;
    if (root) {
      var own = { parent: null, join: '', reset: false, path: undefined, prefix: '', el: root, nth: 0 }; // its tag, id or not
      visit(root, own, { offX: 0, offY: 0, keep: true }, false, null);
    }

    var truncated = candidates.length > MAX_NODES;
    var kept = candidates;
    if (truncated) { // interactive and text-bearing elements first, then layout boxes, each in document order
      kept = candidates.filter(function (c) { return c.f.important; }).slice(0, MAX_NODES);
      var rest = candidates.filter(function (c) { return !c.f.important; }).slice(0, MAX_NODES - kept.length);
      kept = kept.concat(rest).sort(function (a, b) { return a.order - b.order; });
    }
    function bounds(b) { return '{"x":' + b.x + ',"y":' + b.y + ',"w":' + b.w + ',"h":' + b.h + '}'; }
    function sameBounds(a, b) { return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h; }
    function json(v) { return v === null || v === undefined ? 'null' : JSON.stringify(v); }
    // rows the holder has (in the last snapshot, if the holder names that one) go as their index in it
    var now = ++serial, previous = BASE !== null && BASE === lastId ? now - 1 : -1;
    lastId = TOKEN + ':' + now;
    // a row as JSON text (the fields' order of PageSnapshot's rows); the parts before the selector and the value are kept.
    // A row is compared with the element's last one by its parts (f.dom, f.ax), so one that did not change costs no text.
    var domOut = kept.map(function (c, i) {
      var el = c.el, f = c.f, head = f.head, mid = f.mid;
      if (head === null) {
        var field = el.getAttribute('name');
        head = '{"tag":' + json(el.tagName.toLowerCase()) + ',"role":' + json(f.role) + ',"name":' + json(nameOf(el, f)) + ',"selector":';
        mid = ',"input_type":' + json(f.type) + ',"field":' + json(field ? field : (el.id || null))
            + ',"autocomplete":' + json(el.getAttribute('autocomplete') || null)
            + ',"text":' + json(CONTROLS[el.tagName] === 1 ? null : text(el)) + ',"value":';
        if (f.name !== undefined) { f.head = head; f.mid = mid; }
      }
      var path = pathOf(c.ctx), val = value(el, f.type), last = f.dom, out;
      if (f.domIn === previous && last.head === head && last.mid === mid && last.path === path && last.value === val
          && sameBounds(last.b, c.b)) {
        out = f.domAt;
      } else {
        out = head + json(path) + mid + json(val) + ',"bounds":' + bounds(c.b) + '}';
        f.dom = { head: head, mid: mid, path: path, value: val, b: c.b };
      }
      f.domAt = i; f.domIn = now;
      return out;
    });
    var axTruncated = axRows.length > MAX_NODES;
    var axOut = axRows.slice(0, MAX_NODES).map(function (a, i) {
      var f = a.f, last = f.ax, out;
      if (f.axIn === previous && last.id === a.id && last.role === a.role && last.name === a.name && last.value === a.value
          && last.parent === a.parent && sameBounds(last.bounds, a.bounds)) {
        out = f.axAt;
      } else {
        out = '{"id":"' + a.id + '","role":' + json(a.role) + ',"name":' + json(a.name) + ',"value":' + json(a.value)
            + ',"parent":' + (a.parent === null ? 'null' : '"' + a.parent + '"') + ',"bounds":' + bounds(a.bounds) + '}';
        f.ax = a;
      }
      f.axAt = i; f.axIn = now;
      return out;
    });
    var url = location.href.replace(/[?#].*$/, '');
    return '{"id":' + json(lastId) + ',"based":' + (previous !== -1)
        + ',"dom":{"url":' + json(url) + ',"title":' + json(document.title || '') + ',"nodes":[' + domOut.join(',') + '],"truncated":' + truncated + '}'
        + ',"accessibility_tree":{"nodes":[' + axOut.join(',') + '],"truncated":' + axTruncated + '}'
        + ',"viewport":' + JSON.stringify({ w: VW, h: VH, scale: window.devicePixelRatio })
        + ',"cost_ms":' + (performance.now() - started) + '}';
  }
  snapshot.stop = function () { // the recording ended: once the recorder deletes the function, nothing holds what it kept
    observer.disconnect();
  };
  return snapshot;
})()
