/*
 * Search worker wrapper. Material's search worker does the work; this file
 * only adjusts what goes in and what comes out:
 *
 * - Queries: pasted error lines lose what differs from reader to reader
 *   (sizes, counts, paths, addresses), Korean words lose their particles
 *   (메모리가 -> 메모리, found by prefix in every form), and a whole pasted
 *   traceback is cut to its last exception line.
 * - Results: pages of the reader's locale come first. mkdocs-static-i18n
 *   merges every locale into one index, so a query on /zh/ would otherwise
 *   rank English and Korean pages alongside Chinese ones.
 *
 * Loaded as <this file>?lang=<locale>&worker=<Material worker file name>.
 * Message types are Material's: 2 = query, 3 = result.
 */
(function () {
  "use strict"

  var params = new URL(self.location.href).searchParams
  var locale = params.get("lang") || "en"
  var OTHER_LOCALES = ["zh", "ko"]

  // Korean particles and endings that attach to nouns, longest first.
  var PARTICLES = [
    "에서부터", "으로부터", "로부터", "에게서", "이라고", "에서는", "에서도", "으로는", "으로도",
    "에서", "에게", "한테", "께서", "으로", "이나", "이랑", "하고", "까지", "부터", "보다",
    "처럼", "마다", "조차", "밖에", "이며", "에는", "에도", "로는", "로도", "과의", "와의",
    "이", "가", "을", "를", "은", "는", "의", "에", "로", "와", "과", "도", "만", "나", "랑"
  ]
  var HANGUL_WORD = /^[\uac00-\ud7a3]+$/

  function stripParticle(word) {
    if (!HANGUL_WORD.test(word)) return word
    for (var i = 0; i < PARTICLES.length; i++) {
      var p = PARTICLES[i]
      if (word.length - p.length >= 2 && word.slice(-p.length) === p)
        return word.slice(0, -p.length)
    }
    return word
  }

  // English stop words (lunr's list). The index leaves them out, but Material
  // turns every query word into a prefix, so "of" would match "offline".
  var STOP_WORDS = new Set((
    "a able about across after all almost also am among an and any are as at be because been but by can cannot " +
    "could dear did do does either else ever every for from get got had has have he her hers him his how however i " +
    "if in into is it its just least let like likely may me might most must my neither no nor not of off often on " +
    "only or other our own rather said say says she should since so some than that the their them then there these " +
    "they this tis to too twas us wants was we were what when where which while who whom why will with would yet " +
    "you your").split(" "))

  function normaliseQuery(query) {
    // A pasted traceback: keep what follows the last "SomethingError:".
    var exceptionLine = /[A-Za-z_][\w.]*(?:Error|Exception|Warning):/g
    var match, last = -1
    while ((match = exceptionLine.exec(query))) last = match.index
    if (query.length > 160 && last > 0) query = query.slice(last)
    var pasted = last >= 0 || query.split(/\s+/).length >= 6
    var words = query
      .replace(/\b[a-z][a-z0-9+.\-]*:\/\/\S*/gi, " ")                 // addresses (URLs)
      .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.\-+]+){2,}[\\/]?/g, " ")  // paths
      .replace(/\b0x[0-9a-fA-F]+\b/g, " ")                          // addresses
      .replace(/[-+]?\b\d+(?:[.,]\d+)*(?:e[-+]?\d+)?\b/gi, " ")     // numbers
      .replace(/(\w)'(\w)/g, "$1\u0000$2")                         // keep couldn't whole
      .replace(/[()[\]{}<>'"`,;=~^*+:|]/g, " ")                      // query syntax
      .replace(/(^|\s)-+/g, "$1")                                    // "-U" is not "without U"
      .replace(/\u0000/g, "'")
      .replace(/\.+(?=\s|$)/g, " ")                                   // full stops
      .split(/\s+/)
      .filter(function (word) { return word && !STOP_WORDS.has(word.toLowerCase()) })
      .map(stripParticle)
    // Material makes every word a prefix (for typing as you go). A pasted error
    // line is complete: whole English words stop "out" matching "output". A
    // boost marks a word exact for Material; ^1 leaves its weight alone.
    // Identifiers (IndexError) stay prefixes: the index splits them in parts.
    // And a pasted line is matched against the text only: a heading that
    // happens to share a common word ("find", "load") would outrank the
    // section quoting the error, as titles weigh a thousand times more.
    // An error message says what went wrong first; its tail (advice, sizes,
    // links) shares words with every page and only blurs the ranking.
    if (pasted)
      words = words.slice(0, 12).map(function (word) {
        return "text:" + (/^[a-z][a-z_']{2,}$/.test(word) ? word + "^1" : word)
      })
    return words.join(" ")
  }

  function localeOf(location) {
    for (var i = 0; i < OTHER_LOCALES.length; i++)
      if (location.indexOf(OTHER_LOCALES[i] + "/") === 0) return OTHER_LOCALES[i]
    return "en"
  }

  function rankByLocale(items) {
    // items: one group per page, each a list of sections with .location.
    // A stable sort keeps Material's relevance order within each locale.
    return items
      .map(function (group, index) {
        var own = group.length && localeOf(group[0].location) === locale
        return { group: group, key: own ? 0 : 1, index: index }
      })
      .sort(function (a, b) { return a.key - b.key || a.index - b.index })
      .map(function (entry) { return entry.group })
  }

  addEventListener("message", function (ev) {
    if (ev.data && ev.data.type === 2 && typeof ev.data.data === "string")
      ev.data.data = normaliseQuery(ev.data.data)
  })

  var post = self.postMessage.bind(self)
  self.postMessage = function (message, transfer) {
    if (message && message.type === 3 && message.data && Array.isArray(message.data.items))
      message.data.items = rankByLocale(message.data.items)
    return transfer === undefined ? post(message) : post(message, transfer)
  }

  self.i18nSearch = { normaliseQuery: normaliseQuery, stripParticle: stripParticle }
  importScripts(params.get("worker"))
})()
