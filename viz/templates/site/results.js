// Query results as the CLI shows them (clusterkg.tables.display, clusterkg.results.column_kind):
// IRIs by name (rdfs:label, else skos:prefLabel, else a prefixed name), pounds as the page writes
// them (£850m), counts with thousands separators; the raw values one click away; CSV and xlsx.
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var INTEGER = ["integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"]
    .map(function (t) { return XSD + t; });
  var NUMERIC = INTEGER.concat([XSD + "decimal", XSD + "double", XSD + "float"]);
  var ORDINAL = /(?:^|[a-z])(?:line|Line|position|Position|year|Year)$/;

  function isNumber(term) {
    return term && term.type !== "uri" && term.type !== "bnode" && NUMERIC.indexOf(term.datatype) >= 0;
  }
  // a decimal or integer literal's parts, exactly (no floating point): sign, whole digits, fraction digits
  function parts(text) {
    var m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
    if (!m) return null;
    return { sign: m[1] === "-" ? "-" : "", whole: (m[2] || "0").replace(/^0+(?=\d)/, ""), fraction: m[3] || "" };
  }
  function isWhole(term) {  // an int or a Decimal equal to its integer part (a double is never "whole")
    if (INTEGER.indexOf(term.datatype) < 0 && term.datatype !== XSD + "decimal") return false;
    var p = parts(term.value);
    return p !== null && /^0*$/.test(p.fraction);
  }
  function commas(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function money(term) {
    var p = parts(term.value);
    if (p === null) return term.value;
    if (/^0*$/.test(p.fraction)) {
      if (p.whole !== "0" && /000000$/.test(p.whole)) return p.sign + "£" + commas(p.whole.slice(0, -6)) + "m";
      return p.sign + "£" + commas(p.whole);
    }
    return p.sign + "£" + commas(p.whole) + "." + p.fraction;
  }
  function columnKind(vars, rows, column) {
    var terms = rows.map(function (r) { return r[column]; }).filter(Boolean);
    if (!terms.length || !terms.every(isNumber)) return "text";
    if (/GBP$/.test(column)) return "money";
    if (ORDINAL.test(column)) return "ordinal";
    if (terms.every(function (t) { return INTEGER.indexOf(t.datatype) >= 0 || isWhole(t); })) return "count";
    return "number";
  }
  function prefixed(iri, prefixes) {
    var best = null;
    Object.keys(prefixes).forEach(function (p) {
      var ns = prefixes[p];
      if (iri.indexOf(ns) === 0 && (best === null || ns.length > prefixes[best].length)) best = p;
    });
    if (best !== null && /^[\w.-]+$/.test(iri.slice(prefixes[best].length))) return best + ":" + iri.slice(prefixes[best].length);
    return iri;
  }
  function display(term, kind, names, prefixes) {
    if (!term) return "";
    if (term.type === "uri") return (names[term.value] && names[term.value][0]) || prefixed(term.value, prefixes);
    if (term.type === "bnode") return "_:" + term.value;
    if (kind === "money" && (INTEGER.indexOf(term.datatype) >= 0 || term.datatype === XSD + "decimal")) return money(term);
    if ((kind === "money" || kind === "count" || kind === "number") && isWhole(term)) {
      var p = parts(term.value);
      return (p.whole === "0" ? "" : p.sign) + commas(p.whole);
    }
    return term.value.split(/\s+/).filter(Boolean).join(" ");
  }
  function raw(term) {
    if (!term) return "";
    if (term.type === "uri") return "<" + term.value + ">";
    if (term.type === "bnode") return "_:" + term.value;
    var text = JSON.stringify(term.value);
    if (term["xml:lang"]) return text + "@" + term["xml:lang"];
    if (term.datatype && term.datatype !== XSD + "string") return text + "^^<" + term.datatype + ">";
    return text;
  }

  // the result as a table element; options: {names, prefixes, raw, root (the site's root, for pages)}
  function table(result, options) {
    var vars = result.head.vars || [], rows = result.results.bindings;
    var kinds = {};
    vars.forEach(function (v) { kinds[v] = columnKind(vars, rows, v); });
    var el = document.createElement("table");
    el.className = "results-table";
    var caption = el.createCaption();
    caption.textContent = rows.length + (rows.length === 1 ? " row" : " rows") + (options.raw ? ", raw values" : "");
    var head = el.createTHead().insertRow();
    vars.forEach(function (v) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = v;
      head.appendChild(th);
    });
    var body = el.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) {
        var td = tr.insertCell(), term = row[v];
        if (options.raw) {
          td.textContent = raw(term);
          td.className = "raw";
          return;
        }
        var shown = display(term, kinds[v], options.names, options.prefixes);
        if (term && term.type === "uri") {
          var known = options.names[term.value], a = document.createElement("a");
          a.href = known && known[1] ? options.root + known[1] : term.value;
          a.textContent = shown;
          td.appendChild(a);
          if (shown !== term.value) {
            var code = document.createElement("span");
            code.className = "iri";
            code.textContent = prefixed(term.value, options.prefixes);
            td.appendChild(code);
          }
        } else {
          td.textContent = shown;
        }
        if (kinds[v] !== "text" && kinds[v] !== "ordinal") td.className = "number";
      });
    });
    return el;
  }

  // the CLI's columns: each variable, and beside one that holds IRIs its names (xLabel); raw values
  function records(result, names, typed) {  // typed: numbers as numbers (for a spreadsheet)
    var vars = result.head.vars || [], rows = result.results.bindings;
    var iriColumns = vars.filter(function (v) { return rows.some(function (r) { return r[v] && r[v].type === "uri"; }); });
    var columns = [];
    vars.forEach(function (v) { columns.push(v); if (iriColumns.indexOf(v) >= 0) columns.push(v + "Label"); });
    var data = rows.map(function (r) {
      var out = [];
      vars.forEach(function (v) {
        var t = r[v];
        out.push(!t ? "" : t.type === "bnode" ? "_:" + t.value : typed && isNumber(t) && isFinite(Number(t.value)) ? Number(t.value) : t.value);
        if (iriColumns.indexOf(v) >= 0) out.push(r[v] && r[v].type === "uri" && names[r[v].value] ? names[r[v].value][0] : "");
      });
      return out;
    });
    return { columns: columns, rows: data };
  }
  function csv(result, names) {
    var rec = records(result, names);
    function cell(text) { return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text; }
    return [rec.columns].concat(rec.rows).map(function (r) { return r.map(cell).join(","); }).join("\r\n") + "\r\n";
  }
  window.ClusterkgResults = { table: table, csv: csv, records: records, display: display, money: money };
})();
