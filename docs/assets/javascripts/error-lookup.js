/*
 * Error lookup: a reader pastes an error (one line or a whole traceback) and
 * gets the sections of this site that explain it, best match first.
 *
 * The catalogue (assets/error-catalogue.json) is generated with the site by
 * scripts/errors/catalogue.py. The matching itself is error-matcher.js (loaded
 * before this script), which the site search shares; this script is the form.
 *
 * Its words come from the build too: the form's data-texts holds them in the
 * page's language (scripts/hooks/texts.yml), and the page's own locale
 * (data-locale, else the page's lang) picks the sections' titles and URLs,
 * those of the site's default locale (data-default-locale) where a section
 * has none in it.
 *
 * Pasted text is never interpreted as HTML: the results are built with
 * createElement and textContent only.
 */
(function () {
  "use strict"

  var Matcher = self.ErrorMatcher.Matcher
  var strip = self.ErrorMatcher.strip

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

  function LookupForm(root, base) {
    this.root = root
    this.base = base
    this.locale = root.getAttribute("data-locale") || document.documentElement.lang
    this.defaultLocale = root.getAttribute("data-default-locale") || this.locale
    this.texts = JSON.parse(root.getAttribute("data-texts"))
    this.input = root.querySelector(".error-lookup__input")
    this.status = root.querySelector(".error-lookup__status")
    this.results = root.querySelector(".error-lookup__results")
    this.catalogue = null
  }

  LookupForm.prototype.say = function (node) {
    this.status.replaceChildren(node)
  }

  // A section as the reader's locale shows it: {url, title, page}.
  LookupForm.prototype.place = function (section) {
    return section[this.locale] || section[this.defaultLocale]
  }

  LookupForm.prototype.link = function (section) {
    var a = element("a", "error-lookup__link", this.place(section).title)
    a.href = this.base + "/" + this.place(section).url
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
      if (!main || shown.has(self.place(main).url)) return
      sections.forEach(function (s) { shown.add(self.place(s).url) })
      var item = element("li", "error-lookup__result")
      var heading = element("p", "error-lookup__heading")
      heading.appendChild(self.link(main))
      heading.appendChild(element("span", "error-lookup__page", self.place(main).page))
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
    var form = new LookupForm(root, siteBase())
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
