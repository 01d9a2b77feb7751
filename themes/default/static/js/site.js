// minhbach default theme: progressive enhancements. The pages work without
// this script; it adds sortable table columns, the kind filter of league
// tables and instant search. No framework, no external requests; loaded with
// `defer` from the same origin (CSP script-src 'self').
(function () {
  'use strict';

  // ---------------------------------------------------------------- sorting
  // table[data-sortable]: a column whose body cells carry data-value (the raw
  // number) gets a <button> in its header; the row-header column sorts by
  // Vietnamese alphabetical order. Rows without a value always go last.
  function cellKey(cell, numeric) {
    if (!cell) return null;
    if (numeric) {
      var v = cell.getAttribute('data-value');
      if (v === null || v.trim() === '') return null;
      var n = Number(v);
      return isFinite(n) ? n : null;
    }
    return cell.textContent.replace(/\s+/g, ' ').trim();
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tHead.rows.length || !table.tBodies.length) return;
    var head = table.tHead.rows[table.tHead.rows.length - 1];
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var collator = window.Intl && Intl.Collator ? new Intl.Collator('vi') : null;
    Array.prototype.forEach.call(head.cells, function (th, col) {
      if (th.tagName !== 'TH') return;
      var numeric = rows.some(function (r) { return r.cells[col] && r.cells[col].hasAttribute('data-value'); });
      var textual = !numeric && rows.length > 1 && rows.every(function (r) {
        return r.cells[col] && r.cells[col].tagName === 'TH';
      });
      if (!numeric && !textual) return;
      var button = document.createElement('button');
      button.type = 'button';
      while (th.firstChild) button.appendChild(th.firstChild);
      var icon = document.createElement('span');
      icon.className = 'sort-icon';
      icon.setAttribute('aria-hidden', 'true');
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        Array.prototype.forEach.call(table.querySelectorAll('th[aria-sort]'), function (h) {
          h.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', dir);
        var sign = dir === 'ascending' ? 1 : -1;
        var current = Array.prototype.slice.call(body.rows).map(function (r, i) {
          return { row: r, key: cellKey(r.cells[col], numeric), i: i };
        });
        current.sort(function (a, b) {
          if (a.key === null || b.key === null) {
            if (a.key === null && b.key === null) return a.i - b.i;
            return a.key === null ? 1 : -1;
          }
          var c = numeric ? a.key - b.key : collator ? collator.compare(a.key, b.key) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
          return c !== 0 ? sign * c : a.i - b.i;
        });
        current.forEach(function (e) { body.appendChild(e.row); });
      });
    });
  }

  // ---------------------------------------------------------------- kind filter
  function makeFilter(fieldset) {
    var table = document.querySelector(fieldset.getAttribute('data-filter'));
    if (!table) return;
    fieldset.hidden = false;
    fieldset.addEventListener('change', function (ev) {
      var kind = ev.target.value;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = kind !== '' && r.getAttribute('data-kind') !== kind;
      });
    });
  }

  // ---------------------------------------------------------------- search
  // The index (/tim-kiem/index.json) holds [{t: title, u: url, k: kind,
  // d: detail, f: folded text}], folded at build time by mb::text::fold;
  // the query is folded here the same way: NFD, drop combining marks,
  // đ → d, lowercase.
  function fold(s) {
    return s.normalize('NFD').replace(/\p{Mn}/gu, '')
      .replace(/[đĐ]/g, 'd').toLowerCase();
  }

  function makeSearch(form) {
    var input = form.querySelector('input[type=search]');
    var list = document.getElementById('search-results');
    var status = document.getElementById('search-status');
    if (!input || !list) return;
    var items = null;
    var loading = null;
    function load() {
      if (!loading) {
        loading = fetch(form.getAttribute('data-index'), { credentials: 'same-origin' })
          .then(function (r) { return r.json(); })
          .then(function (data) { items = data; })
          .catch(function () { items = []; });
      }
      return loading;
    }
    function render() {
      var q = fold(input.value).trim();
      list.textContent = '';
      if (!q) {
        if (status) status.textContent = '';
        return;
      }
      var words = q.split(/\s+/);
      var hits = [];
      items.forEach(function (it, i) {
        var f = it.f;
        for (var w = 0; w < words.length; w++) if (f.indexOf(words[w]) < 0) return;
        var title = fold(it.t);
        var score = title.indexOf(q) === 0 ? 0 : title.indexOf(q) > 0 ? 1 : f.indexOf(q) >= 0 ? 2 : 3;
        hits.push({ it: it, score: score, i: i });
      });
      hits.sort(function (a, b) { return a.score - b.score || a.i - b.i; });
      hits.slice(0, 50).forEach(function (h) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = h.it.u;
        a.textContent = h.it.t;
        var meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = ' · ' + h.it.k + (h.it.d ? ' · ' + h.it.d : '');
        li.appendChild(a);
        li.appendChild(meta);
        list.appendChild(li);
      });
      if (status) {
        status.textContent = hits.length
          ? hits.length + ' ' + (form.getAttribute('data-msg-results') || '')
          : form.getAttribute('data-msg-none') || '';
      }
    }
    function run() { load().then(render); }
    input.addEventListener('input', run);
    input.addEventListener('focus', load);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (window.history && history.replaceState) {
        history.replaceState(null, '', form.getAttribute('action') + '?q=' + encodeURIComponent(input.value));
      }
      run();
    });
    var m = /[?&]q=([^&]*)/.exec(window.location.search);
    if (m) {
      input.value = decodeURIComponent(m[1].replace(/\+/g, ' '));
      run();
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll('fieldset[data-filter]'), makeFilter);
    Array.prototype.forEach.call(document.querySelectorAll('form[data-index]'), makeSearch);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
