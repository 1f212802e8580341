/*
 * The error matcher: the rules of the error catalogue applied to a paste.
 *
 * The catalogue (assets/error-catalogue.json) is generated with the site by
 * scripts/errors/catalogue.py: the entries with their signatures, and the
 * rules that made them (scripts/errors/rules.json: patterns, stop words,
 * kinds, thresholds), which this script takes from the catalogue and never
 * keeps a copy of. It applies those rules to a paste and scores it against
 * the entries; every function here has a Python twin of the same name in
 * scripts/errors/signatures.py (blocks, signatures, words) or
 * scripts/errors/matching.py (score, lookup, sections), and the tests run
 * both on the same texts.
 *
 * One matcher for the whole site: the error lookup page (error-lookup.js)
 * and the search worker (workers/i18n-search.js, which puts the sections it
 * finds for a pasted error first) both use it. It needs no DOM, so it runs
 * in a page and in a worker alike: `self.ErrorMatcher.Matcher`.
 */
(function () {
  "use strict"

  // ------------------------------------------------------------ signatures

  function compile(rule, global) {
    return new RegExp(rule[0], (rule[1] || "") + (global ? "g" : ""))
  }

  function Matcher(rules) {
    this.rules = rules
    this.folds = rules.folds.map(function (r) { return [compile(r, true), r[2]] })
    this.prefix = compile(rules.prefix, false)
    this.skip = rules.skip.map(function (r) { return compile(r, false) })
    this.frame = compile(rules.frame, false)
    this.headlines = rules.headlines.map(function (h) {
      return { kind: h.kind, pattern: compile(h.pattern, false), type: h.type, message: h.message }
    })
    // A replacement writes group 1 as Python does, \1; JavaScript reads $1.
    this.substitutions = rules.substitutions.map(function (r) { return [compile(r, true), r[2].replace(/\\(\d)/g, "$$$1")] })
    this.token = compile(rules.token, true)
    this.placeholder = compile(rules.placeholder, false)
    this.sentenceEnd = compile(rules.sentence_end, false)
    this.stop = new Set(rules.stop_words)
    this.leading = new Set(rules.leading_kinds)
  }

  function strip(text) { return text.replace(/^ +| +$/g, "") }

  Matcher.prototype.fold = function (text) {
    for (var i = 0; i < this.folds.length; i++) text = text.replace(this.folds[i][0], this.folds[i][1])
    return text
  }

  Matcher.prototype.extractBlocks = function (text) {
    var rules = this.rules
    text = this.fold(text.slice(0, rules.max_paste))
    var blocks = [], fragment = [], current = null, afterFrame = false
    var lines = text.split("\n")
    for (var n = 0; n < lines.length; n++) {
      var line = lines[n].replace(/ +$/, "").replace(this.prefix, "")
      var stripped = strip(line)
      if (this.skip.some(function (p) { return p.test(stripped) })) {
        current = null
        afterFrame = this.frame.test(stripped)
        continue
      }
      var indented = line.charAt(0) === " "
      if (afterFrame && indented) continue
      afterFrame = false
      if (!stripped) { current = null; continue }
      var headline = null
      for (var h = 0; h < this.headlines.length; h++) {
        var match = this.headlines[h].pattern.exec(stripped)
        if (match) { headline = { rule: this.headlines[h], match: match }; break }
      }
      if (headline) {
        var rule = headline.rule
        current = {
          kind: rule.kind,
          type: rule.type ? headline.match[rule.type] || "" : "",
          lines: [headline.match[rule.message] || ""]
        }
        blocks.push(current)
        if (rules.single_line.indexOf(rule.kind) >= 0) current = null
      } else if (current) {
        if (indented && rules.ends_at_indent.indexOf(current.kind) >= 0) current = null
        else current.lines.push(stripped)
      } else {
        fragment.push(stripped)
      }
    }
    if (!blocks.length && fragment.length) blocks.push({ kind: "fragment", type: "", lines: fragment })
    return blocks
  }

  Matcher.prototype.normaliseLine = function (line) {
    for (var i = 0; i < this.substitutions.length; i++) line = line.replace(this.substitutions[i][0], this.substitutions[i][1])
    return strip(line)
  }

  Matcher.prototype.words = function (normalised) {
    var out = []
    var tokens = normalised.match(this.token) || []
    for (var i = 0; i < tokens.length; i++) {
      var token = tokens[i].toLowerCase()
      if (out.length && token === out[out.length - 1] && this.placeholder.test(token)) continue
      out.push(token)
    }
    return out
  }

  Matcher.prototype.significant = function (tokens) {
    var self = this
    return tokens.filter(function (t) {
      return t.length >= self.rules.min_token_length && !self.stop.has(t) && !self.placeholder.test(t)
    })
  }

  function typeToken(kind, type) {
    if (!type) return ""
    if (kind === "log") return "[" + type.toLowerCase() + "]"
    return type.split(".").pop().toLowerCase()
  }

  function headlineOf(block) {
    var first = block.lines.length ? block.lines[0] : ""
    if (block.kind === "log") return "[" + block.type + "] " + first
    return block.type && first ? block.type + ": " + first : block.type || first
  }

  Matcher.prototype.signature = function (block) {
    var lines = [], seen = new Set(), first = []
    for (var i = 0; i < block.lines.length; i++) {
      var normalised = this.normaliseLine(block.lines[i])
      var key = this.words(normalised).join(" ")
      if (i === 0) {
        var end = this.sentenceEnd.exec(normalised)
        first = this.significant(this.words(end ? normalised.slice(0, end.index) : normalised))
      }
      if (!key || seen.has(key)) continue
      seen.add(key)
      lines.push(normalised)
    }
    var token = typeToken(block.kind, block.type)
    var tokens = token ? [token] : []
    for (var j = 0; j < lines.length; j++) tokens = tokens.concat(this.significant(this.words(lines[j])))
    return {
      kind: block.kind, type: block.type, type_token: token, headline: headlineOf(block),
      lines: lines, tokens: tokens, first: first
    }
  }

  Matcher.prototype.analyse = function (text) {
    var out = [], seen = new Set()
    var blocks = this.extractBlocks(text)
    for (var i = 0; i < blocks.length; i++) {
      var sig = this.signature(blocks[i])
      var key = sig.kind + "\u0001" + sig.type_token + "\u0001" + sig.tokens.join("\u0002")
      if (sig.tokens.length && !seen.has(key)) { seen.add(key); out.push(sig) }
    }
    return out
  }

  Matcher.prototype.rawWords = function (text) {
    var found = []
    var tokens = this.fold(text).match(this.token) || []
    for (var i = 0; i < tokens.length; i++) {
      var token = tokens[i].toLowerCase()
      if (token.length >= this.rules.min_token_length && !this.stop.has(token) && !/^[0-9]+$/.test(token) &&
          found.indexOf(token) < 0) found.push(token)
    }
    return found
  }

  // -------------------------------------------------------------- matching

  function lcs(a, b) {
    if (!a.length || !b.length) return 0
    var previous = new Array(b.length + 1).fill(0)
    for (var i = 0; i < a.length; i++) {
      var current = [0]
      for (var j = 0; j < b.length; j++)
        current.push(a[i] === b[j] ? previous[j] + 1 : Math.max(previous[j + 1], current[j]))
      previous = current
    }
    return previous[b.length]
  }

  function sameList(a, b) {
    if (a.length !== b.length) return false
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
    return true
  }

  Matcher.prototype.score = function (paste, entry) {
    var rules = this.rules.scoring
    var p = paste.tokens, e = entry.tokens
    var common = lcs(p, e)
    var precision = p.length ? common / p.length : 0
    var recall = e.length ? common / e.length : 0
    var byWords = common >= Math.min(rules.min_matched, e.length) && precision >= rules.min_precision
    var byFirst = entry.first.length >= rules.min_first_sentence && sameList(paste.first, entry.first)
    var matched = e.length > 0 && (byWords || byFirst)
    var value = matched ? precision * rules.precision_weight + recall * (1 - rules.precision_weight) : 0
    return { matched: matched, score: value, precision: precision, recall: recall }
  }

  Matcher.prototype.lookup = function (text, entries) {
    var pasted = this.analyse(text), found = []
    for (var i = 0; i < entries.length; i++) {
      var best = null
      for (var j = 0; j < pasted.length; j++) {
        var s = this.score(pasted[j], entries[i])
        if (best === null || s.score > best.score) best = s
      }
      if (best && best.matched) found.push({ index: i, entry: entries[i], score: best })
    }
    // The error a reader pastes is the exception; warnings and log records
    // printed above it come after it (same rule in matching.py lookup).
    var leading = this.leading
    var minor = function (r) { return leading.has(r.entry.kind) ? 0 : 1 }
    // Among entries that explain every pasted word equally, the one whose
    // example shares the paste's own names comes first (matching.py lookup).
    var pastedWords = new Set(this.rawWords(text))
    var overlap = function (entry) {
      var best = 0
      entry.sections.forEach(function (s) {
        var n = s.words.filter(function (w) { return pastedWords.has(w) }).length
        if (n > best) best = n
      })
      return best
    }
    var precision = function (r) { return Math.floor(r.score.precision * 100 + 0.5) }
    found.sort(function (a, b) {
      return minor(a) - minor(b) || precision(b) - precision(a) || overlap(b.entry) - overlap(a.entry) ||
        b.score.score - a.score.score || a.index - b.index
    })
    return found
  }

  Matcher.prototype.orderSections = function (entry, text) {
    var pasted = new Set(this.rawWords(text))
    var overlap = entry.sections.map(function (section) {
      return section.words.filter(function (w) { return pasted.has(w) }).length
    })
    var order = entry.sections.map(function (_, i) { return i })
    order.sort(function (a, b) { return overlap[b] - overlap[a] || a - b })
    return order.map(function (i) { return entry.sections[i] })
  }

  Matcher.prototype.lookupSections = function (text, entries, locale) {
    var urls = [], found = this.lookup(text, entries)
    for (var i = 0; i < found.length; i++) {
      var sections = this.orderSections(found[i].entry, text)
      for (var j = 0; j < sections.length; j++) {
        var url = sections[j][locale].url
        if (urls.indexOf(url) < 0) urls.push(url)
      }
    }
    return urls
  }

  self.ErrorMatcher = { Matcher: Matcher, strip: strip }
})()
