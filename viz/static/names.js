/* clusterkg names: the name look-up of clusterkg.namelookup, in the browser (docs/names.md).
 *
 *   ClusterkgNames.key(text)                       -> the name's key ("nuneaton and bedworth")
 *   ClusterkgNames.index(data)                     -> an index, from names.json or [{iri, kind, label, names}]
 *   ClusterkgNames.find(index, value[, wholeOnly]) -> {value, things, how, closest: [{thing, score, name}]}
 *   ClusterkgNames.search(index, value[, limit])   -> things, best first, for a search box
 *   ClusterkgNames.ratio(a, b)                     -> rapidfuzz's fuzz.ratio (Indel similarity, 0-100)
 *
 * The same tiers, keys, cutoff and order as the CLI: tests/test_namelookup.py runs both on one table.
 * Works in a browser (window.ClusterkgNames) and in Node (module.exports). No dependencies. MIT licence.
 */
(function (root) {
  "use strict";
  var CUTOFF = 66, CLOSEST = 5;
  var SMALL = ["a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"];
  var TIERS = ["exact", "acronym", "words", "prefix"];
  var PARTIAL = { words: true, prefix: true };
  var WHOLE_ONLY = ["place"];

  function key(text) {
    var t = String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    t = t.replace(/&/g, " and ").replace(/['\u2019`]/g, "");
    return t.replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(/\s+/).filter(Boolean).join(" ");
  }

  function acronyms(k) {
    var words = k.split(" ");
    if (words.length < 2) return [];
    var all = words.map(function (w) { return w[0]; }).join("");
    var big = words.filter(function (w) { return SMALL.indexOf(w) < 0; }).map(function (w) { return w[0]; }).join("");
    return [all, big].filter(function (a) { return a.length >= 2; });
  }

  function lcs(a, b) {
    var a1 = Array.from(a), b1 = Array.from(b), prev = new Array(b1.length + 1).fill(0);
    for (var i = 0; i < a1.length; i++) {
      var row = [0];
      for (var j = 0; j < b1.length; j++) {
        row.push(a1[i] === b1[j] ? prev[j] + 1 : Math.max(prev[j + 1], row[j]));
      }
      prev = row;
    }
    return prev[b1.length];
  }

  function ratio(a, b) {
    var total = Array.from(a).length + Array.from(b).length;
    if (!total) return 100;
    return 100 * (1 - (total - 2 * lcs(a, b)) / total);
  }

  function thing(t) {
    var named = {}, keys = [];
    [t.label].concat(t.names || []).forEach(function (name) {
      var k = key(name);
      if (k && !(k in named)) { named[k] = name; keys.push(k); }
    });
    return { iri: t.iri, kind: t.kind, label: t.label, names: t.names || [], keys: keys, named: named };
  }

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function index(data) {
    var things = (Array.isArray(data) ? data : data.things).map(thing);
    things.sort(function (a, b) {
      return compare(a.kind, b.kind) || compare(key(a.label), key(b.label)) || compare(a.iri, b.iri);
    });
    return { things: things };
  }

  function matches(t, tier, k) {
    var words = k.split(" "), bare = k.replace(/ /g, "");
    return t.keys.some(function (name) {
      var own = name.split(" ");
      if (tier === "exact") return name === k;
      if (tier === "acronym") return bare.length >= 2 && acronyms(name).indexOf(bare) >= 0;
      if (tier === "words") return words.every(function (w) { return own.indexOf(w) >= 0; });
      return words.every(function (q) { return own.some(function (w) { return w.indexOf(q) === 0; }); });
    });
  }

  function score(t, k) {
    var size = k.split(" ").length, best = { score: 0, name: t.label };
    t.keys.forEach(function (name) {
      var words = name.split(" "), s = ratio(k, name);
      for (var i = 0; i < Math.max(words.length - size + 1, 1); i++) {
        s = Math.max(s, ratio(k, words.slice(i, i + size).join(" ")));
      }
      if (s > best.score) best = { score: s, name: t.named[name] };
    });
    return best;
  }

  function closest(ix, k, limit) {
    var scored = ix.things.map(function (t) { var s = score(t, k); return { thing: t, score: s.score, name: s.name }; });
    scored = scored.filter(function (s) { return s.score >= CUTOFF; });
    scored.sort(function (a, b) {
      return (b.score - a.score) || compare(key(a.thing.label), key(b.thing.label)) || compare(a.thing.iri, b.thing.iri);
    });
    return scored.slice(0, limit === undefined ? CLOSEST : limit);
  }

  function find(ix, value, wholeOnly) {
    var whole = wholeOnly || WHOLE_ONLY, k = key(value);
    if (!k) return { value: value, things: [], how: "", closest: [] };
    var byIri = ix.things.filter(function (t) { return t.iri === String(value).trim(); });
    if (byIri.length) return { value: value, things: byIri, how: "exact", closest: [] };
    for (var i = 0; i < TIERS.length; i++) {
      var tier = TIERS[i];
      var found = ix.things.filter(function (t) { return matches(t, tier, k); });
      var named = found.filter(function (t) { return !PARTIAL[tier] || whole.indexOf(t.kind) < 0; });
      if (named.length) return { value: value, things: named, how: tier, closest: [] };
      if (found.length) {
        return { value: value, things: [], how: tier, closest: found.slice(0, CLOSEST).map(function (t) {
          return { thing: t, score: 100, name: t.label };
        }) };
      }
    }
    return { value: value, things: [], how: "", closest: closest(ix, k) };
  }

  function search(ix, value, limit) {
    var k = key(value), shown = [], seen = {};
    limit = limit === undefined ? 10 : limit;
    if (!k) return [];
    function add(t) { if (!seen[t.iri]) { seen[t.iri] = true; shown.push(t); } }
    TIERS.forEach(function (tier) { ix.things.forEach(function (t) { if (matches(t, tier, k)) add(t); }); });
    closest(ix, k, limit).forEach(function (s) { add(s.thing); });
    return shown.slice(0, limit);
  }

  var api = { key: key, index: index, find: find, search: search, ratio: ratio, CUTOFF: CUTOFF };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ClusterkgNames = api;
})(this);
