/*
 * Error lookup: a reader pastes an error (one line or a whole traceback) and
 * gets the sections of this site that explain it, best match first.
 *
 * The catalogue (assets/error-catalogue.json) is generated with the site by
 * scripts/errors/catalogue.py: the entries with their signatures, and the
 * rules that made them (patterns, stop words, thresholds). This script only
 * applies those same rules to the paste and scores it against the entries;
 * every function here has a Python twin of the same name in that module, and
 * the tests run both on the same texts.
 *
 * Pasted text is never interpreted as HTML: the results are built with
 * createElement and textContent only.
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
    this.substitutions = rules.substitutions.map(function (r) { return [compile(r, true), r[2]] })
    this.token = compile(rules.token, true)
    this.placeholder = compile(rules.placeholder, false)
    this.sentenceEnd = compile(rules.sentence_end, false)
    this.stop = new Set(rules.stop_words)
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
    found.sort(function (a, b) { return b.score.score - a.score.score || a.index - b.index })
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

  // -------------------------------------------------------------------- page

  function element(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  // A sentence with "{link}" in it: text nodes around a given element.
  function sentence(template, values) {
    var span = element("span")
    template.split(/(\{[a-z]+\})/).forEach(function (part) {
      var key = /^\{([a-z]+)\}$/.exec(part)
      if (key && values[key[1]] instanceof Node) span.appendChild(values[key[1]])
      else if (key && key[1] in values) span.appendChild(document.createTextNode(String(values[key[1]])))
      else if (part) span.appendChild(document.createTextNode(part))
    })
    return span
  }

  function siteBase() {
    try {
      return JSON.parse(document.getElementById("__config").textContent).base.replace(/\/$/, "")
    } catch (error) {
      return "."
    }
  }

  function excerpt(text) {
    var lines = text.split("\n").slice(0, 4).map(function (line) {
      return line.length > 240 ? line.slice(0, 239) + "\u2026" : line
    })
    return lines.join("\n") + (text.split("\n").length > 4 ? "\n\u2026" : "")
  }

  function openSearch(query) {
    var input = document.querySelector("input.md-search__input")
    var toggle = document.getElementById("__search")
    if (!input) return
    if (toggle && !toggle.checked) toggle.click()
    input.value = query
    input.focus()
    input.dispatchEvent(new KeyboardEvent("keyup"))
  }

  function LookupForm(root, base, locale) {
    this.root = root
    this.base = base
    this.locale = locale
    this.texts = JSON.parse(root.getAttribute("data-texts"))
    this.input = root.querySelector(".error-lookup__input")
    this.status = root.querySelector(".error-lookup__status")
    this.results = root.querySelector(".error-lookup__results")
    this.catalogue = null
  }

  LookupForm.prototype.say = function (node) {
    this.status.replaceChildren(node)
  }

  LookupForm.prototype.link = function (section) {
    var a = element("a", "error-lookup__link", section[this.locale].title)
    a.href = this.base + "/" + section[this.locale].url
    return a
  }

  LookupForm.prototype.render = function () {
    try {
      this.show()
    } finally {
      this.root.removeAttribute("aria-busy")
    }
  }

  LookupForm.prototype.show = function () {
    var text = this.input.value, t = this.texts, self = this
    this.results.replaceChildren()
    if (!this.catalogue) return
    if (!strip(text.replace(/\s+/g, " "))) {
      this.say(document.createTextNode(t.lookup_size.replace("{n}", this.catalogue.entries.length)))
      return
    }
    var found = this.matcher.lookup(text, this.catalogue.entries)
    var shown = new Set()
    found.forEach(function (result) {
      var sections = self.matcher.orderSections(result.entry, text)
      var main = sections[0]
      if (!main || shown.has(main[self.locale].url)) return
      sections.forEach(function (s) { shown.add(s[self.locale].url) })
      var item = element("li", "error-lookup__result")
      var heading = element("p", "error-lookup__heading")
      heading.appendChild(self.link(main))
      heading.appendChild(element("span", "error-lookup__page", main[self.locale].page))
      item.appendChild(heading)
      var shownAs = element("p", "error-lookup__shown", t.lookup_shown)
      item.appendChild(shownAs)
      var pre = element("pre", "error-lookup__message")
      pre.appendChild(element("code", null, excerpt(main.example)))
      item.appendChild(pre)
      if (sections.length > 1) {
        var also = element("p", "error-lookup__also", t.lookup_also + " ")
        sections.slice(1).forEach(function (section, i) {
          if (i) also.appendChild(document.createTextNode(", "))
          also.appendChild(self.link(section))
        })
        item.appendChild(also)
      }
      self.results.appendChild(item)
    })
    var count = this.results.children.length
    if (count) {
      this.say(document.createTextNode((count === 1 ? t.lookup_count_one : t.lookup_count_other).replace("{n}", count)))
      return
    }
    var next = element("a", null, t.lookup_next)
    next.href = "#no-match"
    var status = sentence(t.lookup_none, { link: next })
    var button = element("button", "md-button error-lookup__search", t.lookup_search)
    button.type = "button"
    var blocks = this.matcher.analyse(text)
    var query = blocks.length ? blocks[blocks.length - 1].headline : strip(text.replace(/\s+/g, " "))
    button.addEventListener("click", function () { openSearch(query.slice(0, 300)) })
    status.appendChild(document.createTextNode(" "))
    status.appendChild(button)
    this.say(status)
  }

  LookupForm.prototype.start = function () {
    var self = this
    this.say(document.createTextNode(this.texts.lookup_loading))
    var url = this.base + "/" + this.root.getAttribute("data-catalogue")
    return fetch(url)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status)
        return response.json()
      })
      .then(function (catalogue) {
        self.catalogue = catalogue
        self.matcher = new Matcher(catalogue.rules)
        var timer = null
        self.input.addEventListener("input", function () {
          self.root.setAttribute("aria-busy", "true")
          clearTimeout(timer)
          timer = setTimeout(function () { self.render() }, 120)
        })
        self.render()
        return catalogue
      })
      .catch(function (error) {
        self.say(document.createTextNode(self.texts.lookup_failed))
        throw error
      })
  }

  var api = { Matcher: Matcher, ready: null, form: null }
  window.errorLookup = api

  function init() {
    var root = document.querySelector(".error-lookup")
    if (!root) return
    var locale = document.documentElement.lang || "en"
    var form = new LookupForm(root, siteBase(), ["en", "zh", "ko"].indexOf(locale) >= 0 ? locale : "en")
    api.form = form
    api.ready = form.start().then(function (catalogue) {
      api.matcher = form.matcher
      api.catalogue = catalogue
      api.analyse = function (text) { return form.matcher.analyse(text) }
      api.lookup = function (text) {
        return form.matcher.lookup(text, catalogue.entries).map(function (r) { return { id: r.entry.id, score: r.score } })
      }
      api.sections = function (text, where) { return form.matcher.lookupSections(text, catalogue.entries, where || form.locale) }
      api.rawWords = function (text) { return form.matcher.rawWords(text) }
      return catalogue
    }, function () {
      return null  // the form already says so
    })
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})()
