// Nusomi capture listener, injected into every document of a recorded tab (and its same-origin iframes).
// It reports raw input through the CDP binding __NUSOMI_BINDING__; it never reads cookies or storage, and never
// reads a password field's value. __NUSOMI_ALLOW__ is the domain allow-list (empty: every domain).
// Installed once per recording and document: window.__nusomiCapture maps each recording's binding to the function that
// stops its listener (Recorder.stop calls it), so a recording that ended leaves nothing running in the pages it recorded
// and a later one, with another binding, installs its own.
(function () {
  'use strict';
  var BINDING = '__NUSOMI_BINDING__';
  var registry = window.__nusomiCapture;
  if (typeof registry !== 'object' || registry === null) {
    registry = {};
    try { Object.defineProperty(window, '__nusomiCapture', { value: registry, configurable: true }); } catch (e) { return; }
  }
  if (registry[BINDING]) { return; }
  var ALLOW = __NUSOMI_ALLOW__;
  var MASKED = '[masked]';
  var host = location.hostname;
  function allowed(h) {
    if (ALLOW.length === 0) { return true; }
    for (var i = 0; i < ALLOW.length; i++) {
      var d = ALLOW[i];
      if (h === d || h.endsWith('.' + d)) { return true; }
    }
    return false;
  }
  if (!host || !allowed(host)) { return; }
  var send = window[BINDING];
  if (typeof send !== 'function') { return; }
  try { delete window[BINDING]; } catch (e) { /* keep going */ }
  // what stop() undoes: every listener added to the window or the document, and the observer (further down)
  var stopped = false, removers = [], observer = null;
  function on(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    removers.push(function () { target.removeEventListener(type, fn, options); });
  }
  registry[BINDING] = function stop() {
    if (stopped) { return; }
    flush(); // what is held goes out first
    stopped = true;
    for (var i = 0; i < removers.length; i++) { removers[i](); }
    if (observer !== null) { observer.disconnect(); }
    delete registry[BINDING];
    for (var f = 0; f < window.frames.length; f++) { // same-origin iframes have their own (cross-origin ones throw)
      try { var child = window.frames[f].__nusomiCapture; if (child && child[BINDING]) { child[BINDING](); } } catch (e) { /* not ours */ }
    }
  };

  var ORIGIN = performance.timeOrigin; // read once: the getter is not free and the origin never moves
  function now(e) { return ORIGIN + (e && e.timeStamp ? e.timeStamp : performance.now()); }
  function post(json) {
    try { send(json); } catch (err) { /* the page may be unloading */ }
  }
  // A binding call costs the page's main thread about as much as the rest of a handler (bench/capture-overhead.sh), so
  // signals share calls. A press and the focus it moves wait for the release (at most until the next task); a typed
  // key, the value change it makes and the page-changed flag are held up to HOLD_MS, so a burst of typing and the
  // page's re-renders go in a few calls, not one per key. Any other signal sends what waits, and so do a click (a key
  // that activates a link), pagehide, beforeunload and the page being hidden: nothing held outlives the document.
  // The recorder anchors each signal to the frame shown at its time (epoch_ms), not at its arrival (Recorder), and
  // waits longer than HOLD_MS before numbering signals (Recorder.SIGNAL_HOLD_BACK_MS). A batch is a JSON array;
  // a single signal an object.
  var SEND = 0, NEXT_TASK = 1, HOLD = 2, HOLD_MS = __NUSOMI_HOLD_MS__; // Recorder.PAGE_HOLD_MS
  var pending = [], flushTimer = 0, flushSoon = false, dirty = false, DIRTY = '{"kind":"_dom_dirty"}';
  function flush() {
    if (flushTimer) { clearTimeout(flushTimer); flushTimer = 0; }
    if (dirty) { dirty = false; pending.push(DIRTY); }
    if (pending.length === 0) { return; }
    var batch = pending.length === 1 ? pending[0] : '[' + pending.join(',') + ']';
    pending = [];
    post(batch);
  }
  function later(mode) { // a flush at the next task (NEXT_TASK) or HOLD_MS from the first signal held (HOLD)
    var soon = mode === NEXT_TASK;
    if (flushTimer && (flushSoon || !soon)) { return; }
    if (flushTimer) { clearTimeout(flushTimer); }
    flushSoon = soon;
    flushTimer = setTimeout(flush, soon ? 0 : HOLD_MS);
  }
  function emit(kind, fields, target, e, mode) {
    if (stopped) { return; } // a check scheduled before the recording stopped
    fields.kind = kind;
    fields.epoch_ms = now(e);
    if (target) { fields.target = ref(target); }
    pending.push(JSON.stringify(fields));
    if (mode === NEXT_TASK || mode === HOLD) { later(mode); } else { flush(); }
  }
  function flushIfPending() { if (pending.length || dirty) { flush(); } }
  on(window, 'click', flushIfPending, true);
  on(window, 'pagehide', flush, true);
  on(window, 'beforeunload', flushIfPending, true);
  on(document, 'visibilitychange', flushIfPending, true);
  function mods(e) {
    var m = [];
    if (e.altKey) { m.push('alt'); }
    if (e.ctrlKey) { m.push('ctrl'); }
    if (e.metaKey) { m.push('meta'); }
    if (e.shiftKey) { m.push('shift'); }
    return m;
  }
  // offset of this document inside the top-level viewport (same-origin iframes); none for the top document, known once
  var TOP = window === window.top, NO_OFFSET = { x: 0, y: 0 };
  function frameOffset() {
    if (TOP) { return NO_OFFSET; }
    var x = 0, y = 0, w = window;
    try {
      while (w !== w.top && w.frameElement) {
        var r = w.frameElement.getBoundingClientRect();
        x += r.left; y += r.top; w = w.parent;
      }
    } catch (e) { /* cross-origin parent: stop */ }
    return { x: x, y: y };
  }
  function isPassword(el) { return el && el.tagName === 'INPUT' && (el.type || '').toLowerCase() === 'password'; }
  var IMPLICIT = { A: 'link', BUTTON: 'button', SELECT: 'combobox', TEXTAREA: 'textbox', FORM: 'form', DIALOG: 'dialog',
                   H1: 'heading', H2: 'heading', H3: 'heading', IMG: 'img', TABLE: 'table', TR: 'row', TD: 'cell', LI: 'listitem' };
  function role(el) {
    var r = el.getAttribute && el.getAttribute('role');
    if (r) { return r; }
    if (el.tagName === 'INPUT') {
      var t = (el.type || 'text').toLowerCase();
      if (t === 'checkbox' || t === 'radio') { return t; }
      if (t === 'submit' || t === 'button' || t === 'reset') { return 'button'; }
      return 'textbox';
    }
    return IMPLICIT[el.tagName] || null;
  }
  function text(s) { s = (s || '').replace(/\s+/g, ' ').trim(); return s.length > 120 ? s.slice(0, 120) : s; }
  function name(el) {
    var label = el.getAttribute && el.getAttribute('aria-label');
    if (label) { return text(label); }
    var by = el.getAttribute && el.getAttribute('aria-labelledby');
    if (by) {
      var ref = el.ownerDocument.getElementById(by.split(' ')[0]);
      if (ref) { return text(ref.textContent); }
    }
    var label = labelOf(el);
    if (label) { return text(label.textContent); }
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') {
      if (el.type === 'submit' || el.type === 'button') { return text(el.value); }
      return text(el.getAttribute('placeholder') || el.getAttribute('title') || el.name || '');
    }
    if (el.tagName === 'IMG') { return text(el.alt); }
    return text(el.innerText || el.textContent || el.getAttribute('title') || '');
  }
  // el.labels searches the whole document at each call (costly on big pages, and every key asks): the label found is kept
  // per element until labels may have changed (labelGen: a label or labelable element added or removed, or a for, id,
  // type or form attribute set; see mutated). Shadow trees are not observed: their elements are not cached.
  var labelCache = new WeakMap(), labelGen = 0;
  var LABELABLE = { INPUT: 1, SELECT: 1, TEXTAREA: 1, BUTTON: 1, METER: 1, OUTPUT: 1, PROGRESS: 1, LABEL: 1 };
  function labelOf(el) {
    if (!el.labels) { return null; }
    var cached = labelCache.get(el);
    if (cached && cached.gen === labelGen) { return cached.label; }
    var label = el.labels.length ? el.labels[0] : null;
    if (el.getRootNode() === document) { labelCache.set(el, { gen: labelGen, label: label }); }
    return label;
  }
  function labelsMayChange(n) {
    return n.nodeType === 1 && (LABELABLE[n.tagName] === 1
      || (n.firstElementChild !== null && n.querySelector('label,input,select,textarea,button,meter,output,progress') !== null));
  }
  function step(el) {
    if (el.id) { return '#' + CSS.escape(el.id); }
    var tag = el.tagName.toLowerCase(), parent = el.parentElement || el.parentNode, n = 1, sib = el;
    while ((sib = sib.previousElementSibling)) { if (sib.tagName === el.tagName) { n++; } }
    return (parent && parent.nodeType === 1) ? tag + ':nth-of-type(' + n + ')' : tag;
  }
  function selector(el) {
    var parts = [], node = el;
    while (node && node.nodeType === 1) {
      parts.unshift(step(node));
      if (node.id) { break; }
      var parent = node.parentNode;
      if (parent && parent.nodeType === 11 && parent.host) {  // open shadow root: cross it
        parts.unshift('>>>');
        node = parent.host;
        continue;
      }
      node = node.parentElement;
    }
    var s = parts.join(' > ').replace(/ > >>> > /g, ' >>> ');
    if (!TOP && window.frameElement) {
      try { s = selector(window.frameElement) + ' >>> ' + s; } catch (e) { /* keep local path */ }
    }
    return s;
  }
  // What an element reference says besides its bounds (role, name, selector…) is kept per element until a change may
  // have touched it: every keystroke of a field would otherwise recompute them (the page's own re-render between two
  // keys seldom concerns the field). Mutations are logged (changes); an entry is stale when a logged change's node is
  // the element, one of its ancestors (the selector's path) or inside it (its text), or the log moved past it.
  var refCache = new WeakMap(), changes = [], changeSeq = 0, CHANGES_KEPT = 64;
  function changed(node) {
    changes.push(node);
    changeSeq++;
    if (changes.length > CHANGES_KEPT) { changes.shift(); }
  }
  function touches(n, el) { return el !== null && (n === el || n.contains(el) || el.contains(n)); }
  function stale(el, entry) {
    if (entry.labelGen !== labelGen || changeSeq - entry.seq > CHANGES_KEPT) { return true; }
    for (var i = changes.length - (changeSeq - entry.seq); i < changes.length; i++) {
      if (touches(changes[i], el) || touches(changes[i], entry.nameFrom)) { return true; }
    }
    return false;
  }
  // the element whose text names el, elsewhere in the document (aria-labelledby, a label), or null
  function nameSource(el) {
    var by = el.getAttribute('aria-labelledby');
    if (by) { return el.ownerDocument.getElementById(by.split(' ')[0]); }
    return el.getAttribute('aria-label') ? null : labelOf(el);
  }
  function describe(el) {
    var entry = refCache.get(el);
    if (entry === undefined || stale(el, entry)) {
      entry = { seq: changeSeq, labelGen: labelGen, nameFrom: nameSource(el), fields: {
        role: role(el), name: name(el) || null, selector: selector(el), tag: el.tagName.toLowerCase(),
        input_type: el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : null,
        field: el.name || el.id || null, autocomplete: el.getAttribute('autocomplete') || null } };
      // shadow trees and iframes are not observed here; a button input is named by its value, which no mutation reports
      if (el.getRootNode() === document && TOP && !(el.tagName === 'INPUT' && (el.type === 'submit' || el.type === 'button'))) {
        refCache.set(el, entry);
      }
    }
    return entry.fields;
  }
  // An element's bounds: measured (which lays the page out if it changed), except for the element measured last, less
  // than REMEASURE_MS ago (a key's input event right after its keydown, in the same task: the field has not moved, and
  // measuring again would lay the page out once more between the key and the page's own input handler).
  var REMEASURE_MS = 2, measured = { el: null, at: -1e9, bounds: null };
  function boundsOf(el) {
    var t = performance.now(); // not the event's timeStamp: a key's is when it was pressed, its input event's when handled
    if (measured.el === el && t - measured.at < REMEASURE_MS) { return measured.bounds; }
    var r = el.getBoundingClientRect(), off = frameOffset();
    var b = { x: r.left + off.x, y: r.top + off.y, w: r.width, h: r.height };
    measured = { el: el, at: t, bounds: b };
    return b;
  }
  function ref(el) {
    if (!el || el.nodeType !== 1) { return null; }
    var f = describe(el), b = boundsOf(el);
    return {
      role: f.role, name: f.name, selector: f.selector, tag: f.tag, input_type: f.input_type, field: f.field,
      bounds: b,
      autocomplete: f.autocomplete
    };
  }
  // the element an event really hit, inside open shadow roots
  function origin(e) {
    var path = e.composedPath ? e.composedPath() : [];
    for (var i = 0; i < path.length; i++) { if (path[i].nodeType === 1) { return path[i]; } }
    return e.target && e.target.nodeType === 1 ? e.target : null;
  }
  function valueOf(el) {
    if (isPassword(el)) { return MASKED; }
    if (el.type === 'checkbox' || el.type === 'radio') { return el.checked ? 'true' : 'false'; }
    return el.value == null ? '' : String(el.value);
  }

  // Snapshot dirty flag: the recorder retakes its DOM/AX snapshot (costly on big pages) only after the page changed.
  // The flag rides with the next batch of signals, held like a typed key (HOLD_MS at most); not a signal.
  function domDirty() {
    dirty = true;
    later(HOLD);
  }
  on(window, 'change', domDirty, true);
  on(window, 'scroll', domDirty, { capture: true, passive: true });
  on(window, 'resize', domDirty, { passive: true });
  domDirty();

  function pointer(kind, mode) {
    return function (e) {
      var off = frameOffset();
      emit(kind, { x: e.clientX + off.x, y: e.clientY + off.y, button: e.button, buttons: e.buttons, modifiers: mods(e),
                   click_count: e.detail || 1 }, origin(e), e, mode);
    };
  }
  on(window, 'pointerdown', pointer('pointer_down', NEXT_TASK), true);
  var pointerUp = pointer('pointer_up', SEND);
  on(window, 'pointerup', function (e) { acted(e); pointerUp(e); }, true);
  on(window, 'keydown', function (e) {
    acted(e);
    var el = origin(e);
    var key = e.key;
    if (isPassword(el) && key && key.length === 1) { key = MASKED; }
    emit('key', { key: key || 'Unidentified', code: isPassword(el) ? null : e.code, modifiers: mods(e), repeat: !!e.repeat }, el, e, HOLD);
  }, true);
  on(window, 'input', function (e) {
    domDirty();
    var el = origin(e);
    if (!el || !('value' in el)) { return; }
    emit('value_change', { value: valueOf(el), masked: isPassword(el) }, el, e, HOLD);
  }, true);
  on(window, 'focusin', function (e) {
    emit('focus_change', { from: e.relatedTarget ? ref(e.relatedTarget) : null }, origin(e), e, NEXT_TASK);
  }, true);
  on(window, 'submit', function (e) {
    acted(e);
    var form = e.target, fields = [];
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || el.disabled || el.type === 'submit' || el.type === 'button') { continue; }
      fields.push({ name: el.name, input_type: el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : el.tagName.toLowerCase(),
                    value: valueOf(el) });
    }
    emit('form_submit', { form: form.getAttribute('name') || form.id || null, fields: fields }, form, e);
  }, true);
  // native constraint validation (:invalid) surfacing on submit or reportValidity
  on(window, 'invalid', function (e) {
    var el = e.target;
    emit('validation_surfaced', { field: el.name || el.id || null, message: text(el.validationMessage) || 'invalid',
                                  source: 'invalid_pseudo' }, el, e);
  }, true);

  // validation and busy states that appear in the DOM: aria-invalid, role=alert, aria-busy, spinners, modal dialogs
  var busy = new Map(), nextBusy = 1, doc = Math.random().toString(36).slice(2, 8), alerts = new WeakMap(), invalid = new WeakSet();
  function fieldOf(el) {
    var id = el.id;
    if (id) {
      var owner = el.ownerDocument.querySelector('[aria-describedby~="' + CSS.escape(id) + '"],[aria-errormessage="' + CSS.escape(id) + '"]');
      if (owner) { return owner.name || owner.id || null; }
    }
    return null;
  }
  function visible(el) {
    if (!el.isConnected) { return false; }
    var s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') { return false; }
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }
  function busyReason(el) {
    if (el.getAttribute('aria-busy') === 'true') { return 'aria_busy'; }
    var r = el.getAttribute('role');
    if ((el.tagName === 'DIALOG' && el.open) || ((r === 'dialog' || r === 'alertdialog') && el.getAttribute('aria-modal') === 'true')) { return 'modal'; }
    if (r === 'progressbar' || /(^|[\s_-])(spinner|loading|loader)([\s_-]|$)/i.test(el.className && el.className.baseVal === undefined ? el.className : '')) { return 'spinner'; }
    return null;
  }
  var STATE = '[aria-busy],[role=progressbar],[class*=spinner],[class*=loading],[class*=loader],dialog,[role=dialog],[role=alertdialog],[role=alert],[aria-invalid]';
  var MARKER = '[data-nusomi-success],[data-nusomi-error]';
  // The elements that may hold a state or a marker, kept up to date from the mutation records (collect): a check visits
  // them, not the whole document (a whole-document query per change costs big pages: bench/capture-overhead.sh).
  var stateEls = new Set(), markerEls = new Set();
  function collect(node, subtree) {
    if (node.nodeType !== 1) { return; }
    if (node.matches(STATE)) { stateEls.add(node); }
    if (node.matches(MARKER)) { markerEls.add(node); }
    if (subtree && node.firstElementChild) {
      var all = node.querySelectorAll(STATE), k;
      for (k = 0; k < all.length; k++) { stateEls.add(all[k]); }
      all = node.querySelectorAll(MARKER);
      for (k = 0; k < all.length; k++) { markerEls.add(all[k]); }
    }
  }
  // what document.querySelectorAll(selector) would return of the collected elements: in the document (not a shadow
  // tree), still matching, in document order; the others are forgotten (a mutation collects them again)
  function current(set, selector) {
    var out = [];
    set.forEach(function (el) {
      if (el.isConnected && el.getRootNode() === document && el.matches(selector)) { out.push(el); } else { set.delete(el); }
    });
    if (out.length > 1) {
      out.sort(function (a, b) { return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1; });
    }
    return out;
  }
  function scan() {
    var all = current(stateEls, STATE);
    var seen = new Set();
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      var reason = busyReason(el);
      if (reason && visible(el)) {
        seen.add(el);
        if (!busy.has(el)) {
          var id = doc + '-b' + (nextBusy++);
          busy.set(el, { id: id, reason: reason });
          emit('busy_start', { reason: reason, busy_id: id }, el, null);
        }
      }
      if (el.getAttribute('role') === 'alert') {
        var msg = text(el.textContent);
        if (msg && visible(el) && alerts.get(el) !== msg) {
          alerts.set(el, msg);
          alertSurfaced(el, msg);
        } else if (!msg || !visible(el)) {
          alerts.delete(el);
        }
      }
      if (el.getAttribute('aria-invalid') === 'true') {
        if (!invalid.has(el)) {
          invalid.add(el);
          var described = el.getAttribute('aria-errormessage') || el.getAttribute('aria-describedby');
          var m = described ? el.ownerDocument.getElementById(described.split(' ')[0]) : null;
          emit('validation_surfaced', { field: el.name || el.id || null, message: text(m ? m.textContent : el.validationMessage) || 'invalid',
                                        source: 'aria_invalid' }, el, null);
        }
      } else if (invalid.has(el)) {
        invalid.delete(el);
      }
    }
    markers();
    busy.forEach(function (state, el) {
      if (!seen.has(el)) {
        busy.delete(el);
        emit('busy_end', { reason: state.reason, busy_id: state.id }, el.isConnected ? el : null, null);
      }
    });
  }
  // success / error markers: data-nusomi-success="<marker>" or data-nusomi-error="<kind>" appearing (once per element)
  var marked = new WeakSet();
  function markers() {
    var all = current(markerEls, MARKER);
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (marked.has(el)) { markerEls.delete(el); continue; }
      if (!visible(el)) { continue; }
      marked.add(el);
      markerEls.delete(el);
      var success = el.getAttribute('data-nusomi-success');
      emit('marker', success !== null
        ? { marker_kind: 'success', name: success || 'success', message: null }
        : { marker_kind: 'error', name: el.getAttribute('data-nusomi-error') || 'error', message: text(el.textContent) || null }, el, null);
    }
  }
  var lastAction = -1e9;
  function acted(e) { lastAction = e.timeStamp; } // the event's time, on performance.now()'s clock (and free to read)
  // detected failures (docs/extraction.md "Detected failures"): a request the user's action started that the server
  // answers with 5xx or that fails on the network, a main document answered with 5xx, a role=alert outside any form
  // and tied to no field (inside a form or tied to a field it is a validation message); marked elements are markers
  // (pointerup, keydown and submit call acted)
  function byUser() { return performance.now() - lastAction <= 1000; }
  function failure(kind, message, status) {
    emit('failure', { failure_kind: kind, message: text(message), status: status }, null, null);
  }
  function requestName(method, url) {
    var where = 'a request';
    try {
      var u = new URL(url, location.href);
      where = u.origin === location.origin ? u.pathname : (allowed(u.hostname) ? u.host + u.pathname : 'another site');
    } catch (e) { /* keep the generic name */ }
    return String(method || 'GET').toUpperCase() + ' ' + where;
  }
  function requestFailed(name, status, aborted) {
    if (status >= 500) { failure('http_error', name + ' answered ' + status, status); }
    else if (status === 0 && !aborted) { failure('network_error', name + ' failed', null); }
  }
  function alertSurfaced(el, msg) {
    var field = fieldOf(el);
    if (field === null && !el.closest('form') && !el.closest('[data-nusomi-error],[data-nusomi-success]')) {
      failure('alert', msg, null);
    } else {
      emit('validation_surfaced', { field: field, message: msg, source: 'role_alert' }, el, null);
    }
  }
  if (TOP && performance.getEntriesByType) {
    var loaded = performance.getEntriesByType('navigation')[0];
    if (loaded && loaded.responseStatus >= 500) {
      failure('http_error', 'GET ' + location.pathname + ' answered ' + loaded.responseStatus, loaded.responseStatus);
    }
  }

  // pending network: fetch and XMLHttpRequest in flight
  var inflight = 0, networkId = null;
  function netStart() {
    if (inflight++ === 0) { networkId = doc + '-n' + (nextBusy++); emit('busy_start', { reason: 'network', busy_id: networkId }, null, null); }
  }
  function netEnd() {
    if (--inflight === 0 && networkId) { emit('busy_end', { reason: 'network', busy_id: networkId }, null, null); networkId = null; }
  }
  if (window.fetch) {
    var realFetch = window.fetch;
    window.fetch = function (input, init) {
      if (stopped) { return realFetch.apply(this, arguments); }
      var user = byUser(), name = requestName((init && init.method) || (input && input.method),
                                              input && typeof input === 'object' && 'url' in input ? input.url : input);
      netStart();
      return realFetch.apply(this, arguments).then(function (response) {
        if (user) { requestFailed(name, response.status, false); }
        return response;
      }, function (err) {
        if (user) { requestFailed(name, 0, !!err && err.name === 'AbortError'); }
        throw err;
      }).finally(netEnd);
    };
  }
  var realOpen = XMLHttpRequest.prototype.open, realSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__nusomiName = requestName(method, url);
    return realOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (stopped) { return realSend.apply(this, arguments); }
    var xhr = this, user = byUser(), aborted = false;
    netStart();
    xhr.addEventListener('abort', function () { aborted = true; }, { once: true });
    xhr.addEventListener('loadend', function () {
      if (user) { requestFailed(xhr.__nusomiName || 'a request', xhr.status, aborted); }
      netEnd();
    }, { once: true });
    return realSend.apply(this, arguments);
  };
  // One observer for the whole document: every change flags the snapshot dirty (domDirty); changes that may start or end
  // a state (elements added or removed, a watched attribute) collect their elements and schedule a check of the
  // collected ones 100 ms later. Text-only changes (a clock, a re-rendered cell) check nothing unless inside an alert.
  var WATCHED = { 'aria-busy': 1, 'aria-invalid': 1, 'role': 1, 'class': 1, 'open': 1, 'style': 1, 'hidden': 1, 'aria-modal': 1,
                  'data-nusomi-success': 1, 'data-nusomi-error': 1 };
  var scheduled = false, observing = false;
  var LABEL_ATTRS = { 'for': 1, 'id': 1, 'type': 1, 'form': 1 };
  function mutated(records) {
    domDirty();
    if (!observing) { labelGen++; return; } // no document element yet: observe() collects the parsed document at DOMContentLoaded
    var check = false, labels = false;
    for (var i = 0; i < records.length; i++) {
      var r = records[i], k, n;
      changed(r.target);
      if (r.type === 'attributes') {
        if (LABEL_ATTRS[r.attributeName] === 1) { labels = true; }
        if (WATCHED[r.attributeName] !== 1) { continue; }
        collect(r.target, false);
        check = true;
        continue;
      }
      if (r.type === 'childList') {
        for (k = 0; k < r.addedNodes.length; k++) {
          n = r.addedNodes[k];
          if (n.nodeType !== 3) { check = true; collect(n, true); labels = labels || labelsMayChange(n); }
        }
        for (k = 0; k < r.removedNodes.length; k++) {
          n = r.removedNodes[k];
          if (n.nodeType !== 3) { check = true; labels = labels || labelsMayChange(n); }
        }
      }
      if (!check) {
        var el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (el && el.closest && el.closest('[role=alert]')) { check = true; }
      }
    }
    if (labels) { labelGen++; }
    if (check && !scheduled) {
      scheduled = true;
      setTimeout(function () { scheduled = false; scan(); }, 100); // not rAF: it pauses in hidden tabs
    }
  }
  observer = new MutationObserver(mutated);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  function observe() {
    observing = true;
    if (document.documentElement) { collect(document.documentElement, true); }
    scan();
  }
  if (document.documentElement) { observe(); } else { on(document, 'DOMContentLoaded', observe); }
})();
