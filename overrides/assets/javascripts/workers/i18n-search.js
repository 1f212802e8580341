/*
 * Search worker wrapper. Material's search worker (lunr) does the work; this
 * file only adjusts what goes in and what comes out:
 *
 * - The index comes in pieces (scripts/hooks/search_index.py writes them):
 *   search/index.<locale>.json, fetched when search starts, lists every
 *   section's address and title; a query fetches the term files its words
 *   are in (search/<locale>/terms/<n>.json: each term's postings, complete),
 *   whose terms join lunr's index, so scores are what the whole index would
 *   give; the results fetch the texts of the sections they show
 *   (search/<locale>/texts/<n>.json) for excerpts and to find a compound as
 *   written (results that need no compound show their titles before their
 *   excerpts are in). Only the terms a query can match join lunr's index.
 *   The term files also say which sections hold each glossary name as
 *   written, so a glossary query waits for no text before its answer.
 *   Material's page script
 *   sends search_index.json, which holds no sections, only the configuration
 *   and the site's locales. A reader downloads only their locale's pieces,
 *   and only those their queries need.
 * - Chinese: text is split into the words listed in the index (the hook
 *   split the indexed text the same way), longest first, and so are
 *   queries. Material's own guess at splitting a query is turned off: it
 *   cuts two-character words down to their first character.
 * - Queries: pasted error lines lose what differs from reader to reader
 *   (sizes, counts, paths, addresses), Korean words lose their particles
 *   (메모리가 -> 메모리, found by prefix in every form), a whole pasted
 *   traceback is cut to its last exception line, and a term of the glossary
 *   in any of its forms brings the locale's term and the English one along
 *   (设备端断言 -> device-side assert).
 * - Results: a pasted error's sections, as the error lookup finds them
 *   (error-matcher.js with assets/error-catalogue.json: the same rules and
 *   entries as the lookup page), come first, and are answered at once, before
 *   any file is fetched (the rest follow below them); then sections that contain a
 *   typed compound or glossary term as it is written; then lunr's order.
 *   The words to highlight (`?h=`) are those the section matched, whole;
 *   excerpts are the section's first blocks that hold them, marked.
 *   Only lunr's best 60 sections are handed on, and only they get match
 *   data (topResults: lunr's query, without its work on the rest).
 *
 * Loaded as <this file>?lang=<locale>&worker=<Material worker file name>.
 * Message types are Material's: 0 = setup, 1 = ready, 2 = query, 3 = result.
 */
(function () {
  "use strict"

  var params = new URL(self.location.href).searchParams
  var locale = params.get("lang")
  var otherLocales = []      // the site's locales but the default: search_index.json lists them
  var defaultLocale = "en"
  var ROOT = new URL("../../../", self.location.href)
  var MAX_RESULTS = 60

  // Korean particles and endings that attach to nouns, longest first.
  var PARTICLES = [
    "에서부터", "으로부터", "로부터", "에게서", "이라고", "에서는", "에서도", "으로는", "으로도",
    "에서", "에게", "한테", "께서", "으로", "이나", "이랑", "하고", "까지", "부터", "보다",
    "처럼", "마다", "조차", "밖에", "이며", "에는", "에도", "로는", "로도", "과의", "와의",
    "이", "가", "을", "를", "은", "는", "의", "에", "로", "와", "과", "도", "만", "나", "랑"
  ]
  var HANGUL_WORD = /^[\uac00-\ud7a3]+$/
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/
  var HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g

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

  // ------------------------------------------------------------ Chinese words

  var words = new Set(), longest = 1

  function setWords(list) {
    words = new Set(list)
    longest = list.reduce(function (n, w) { return Math.max(n, w.length) }, 1)
  }

  // A run of Chinese characters as the words it is made of, longest first
  // from the left; a character no word covers stands alone.
  function segmentHan(run) {
    var out = []
    for (var start = 0; start < run.length;) {
      var end = Math.min(run.length, start + longest)
      while (end > start + 1 && !words.has(run.slice(start, end))) end--
      out.push(run.slice(start, end))
      start = end
    }
    return out
  }

  // Any text as pieces that tile it exactly: Chinese runs as words, the rest as it is.
  function segmentText(text) {
    var out = [], last = 0, match
    HAN_RUN.lastIndex = 0
    while ((match = HAN_RUN.exec(text))) {
      if (match.index > last) out.push(text.slice(last, match.index))
      out = out.concat(segmentHan(match[0]))
      last = match.index + match[0].length
    }
    if (last < text.length) out.push(text.slice(last))
    return out
  }

  // Material's tokenizer hands each token to `lunr.segmenter` when one is set
  // up (it is meant for Japanese); this one splits Chinese.
  function HanSegmenter() {}
  HanSegmenter.prototype.ctype_ = function (text) { return HAN.test(text) ? "H" : "O" }
  HanSegmenter.prototype.segment = segmentText

  // ---------------------------------------------------------------- glossary

  var glossary = []

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") }

  // Where a glossary name occurs in a query: CJK names anywhere, others as whole words.
  function nameMatcher(name) {
    var pattern = escapeRegExp(name.toLowerCase()).replace(/\s+/g, "\\s+")
    return /[\u3400-\u9fff\uac00-\ud7a3]/.test(name)
      ? new RegExp(pattern, "g")
      : new RegExp("(^|[^a-z0-9_])(" + pattern + ")(?![a-z0-9_])", "g")
  }

  function setGlossary(groups) {
    groups.forEach(function (group) {
      group.names.concat(group.add).forEach(function (name) {
        if (name.length > 1) glossaryPhrases.add(squashPhrase(name))
      })
    })
    glossary = groups.map(function (group) {
      return {
        names: group.names.map(function (name) { return { name: name, pattern: nameMatcher(name) } }),
        add: group.add
      }
    })
  }

  // The glossary terms a query names, longest name first, each stretch of the
  // query used once (设备端断言 is device-side assert, not 设备 = device).
  function glossaryMatches(text) {
    var lower = text.toLowerCase(), found = []
    var taken = new Array(lower.length).fill(false)
    var candidates = []
    glossary.forEach(function (group) {
      group.names.forEach(function (entry) {
        entry.pattern.lastIndex = 0
        var m
        while ((m = entry.pattern.exec(lower))) {
          var offset = m[2] !== undefined ? m.index + m[1].length : m.index
          var length = m[2] !== undefined ? m[2].length : m[0].length
          candidates.push({ group: group, start: offset, length: length, text: text.substr(offset, length) })
          if (!m[0].length) entry.pattern.lastIndex++
        }
      })
    })
    candidates.sort(function (a, b) { return b.length - a.length || a.start - b.start })
    candidates.forEach(function (c) {
      for (var i = c.start; i < c.start + c.length; i++) if (taken[i]) return
      for (var j = c.start; j < c.start + c.length; j++) taken[j] = true
      if (found.every(function (f) { return f.group !== c.group })) found.push(c)
    })
    return found
  }

  // ------------------------------------------------------------------ queries

  function looksPasted(query) {
    return /[A-Za-z_][\w.]*(?:Error|Exception|Warning):/.test(query) || query.split(/\s+/).length >= 6
  }

  function normaliseQuery(query) {
    // A pasted traceback: keep what follows the last "SomethingError:".
    var exceptionLine = /[A-Za-z_][\w.]*(?:Error|Exception|Warning):/g
    var match, last = -1
    while ((match = exceptionLine.exec(query))) last = match.index
    if (query.length > 160 && last > 0) query = query.slice(last)
    var pasted = last >= 0 || query.split(/\s+/).length >= 6
    var terms = query
      .replace(/\b[a-z][a-z0-9+.\-]*:\/\/\S*/gi, " ")                 // addresses (URLs)
      .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.\-+]+){2,}[\\/]?/g, " ")  // paths
      .replace(/\b0x[0-9a-fA-F]+\b/g, " ")                          // addresses
      .replace(/[-+]?\b\d+(?:[.,]\d+)*(?:e[-+]?\d+)?\b/gi, " ")     // numbers
      .replace(/(\w)'(\w)/g, "$1\u0000$2")                         // keep couldn't whole
      .replace(/[()[\]{}<>'"`,;=~^*+:|]/g, " ")                      // query syntax
      .replace(/(^|\s)-+/g, "$1")                                    // "-U" is not "without U"
      .replace(/\u0000/g, "'")
      .replace(/\.+(?=\s|$)/g, " ")                                   // full stops
      .replace(/[\u3001\u3002\uff0c\uff1f\uff01\uff1b\uff1a\u3000]/g, " ") // CJK punctuation
      .split(/\s+/)
      .filter(function (word) { return word && !STOP_WORDS.has(word.toLowerCase()) })
      .map(stripParticle)
    // Chinese: the words the index has, longest first. A lone character
    // matches every word that starts with it: left out unless it is all there is.
    terms = terms.reduce(function (out, word) {
      return out.concat(HAN.test(word) ? segmentText(word) : [word])
    }, [])
    var long = terms.filter(function (w) { return !(HAN.test(w) && w.length === 1) })
    if (long.length) terms = long
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
      terms = terms.slice(0, 12).map(function (word) {
        return "text:" + (/^[a-z][a-z_']{2,}$/.test(word) ? word + "^1" : word)
      })
    return terms.join(" ")
  }

  // What is sent to lunr, and what the results are judged by afterwards.
  function prepare(query) {
    var pasted = looksPasted(query)
    var typed = normaliseQuery(query)
    var phrases = [], extra = []
    if (!pasted) {
      glossaryMatches(query).forEach(function (m) {
        phrases.push(m.text)
        m.group.add.forEach(function (term) {
          phrases.push(term)
          if (term.toLowerCase() !== m.text.toLowerCase()) extra.push(normaliseQuery(term))
        })
      })
      // Several words typed together: the sections that have them together.
      var together = query.trim().replace(/\s+/g, " ")
      if (together.indexOf(" ") > 0) phrases.push(together)
      // A run of Chinese that is one word is found as that word; a run of
      // several words is a compound, to be found as written.
      ;(query.match(HAN_RUN) || []).forEach(function (run) { if (segmentText(run).length > 1) phrases.push(run) })
    }
    var lunrQuery = [typed].concat(extra).filter(Boolean).join(" ")
    return {
      raw: query,
      query: lunrQuery,
      typed: new Set(typed.split(/\s+/).map(function (t) { return t.replace(/^text:|\^1$/g, "").toLowerCase() })),
      phrases: unique(phrases.filter(function (p) { return p.length > 1 }))
    }
  }

  function unique(list) {
    var seen = new Set()
    return list.filter(function (item) {
      var key = item.toLowerCase()
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
  }

  // ---------------------------------------------------------------- results

  var docs = new Map()       // location -> section: {location, title, number, text once loaded}
  var catalogue = null, matcher = null

  function localeOf(location) {
    for (var i = 0; i < otherLocales.length; i++)
      if (location.indexOf(otherLocales[i] + "/") === 0) return otherLocales[i]
    return defaultLocale
  }

  function plain(html) {
    return html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&")
  }

  function squashPhrase(phrase) { return phrase.toLowerCase().replace(/\s+/g, " ") }

  // The glossary's names and expansions: the term files list the sections
  // that hold each as written (`phrase`), so their texts need not be fetched.
  var glossaryPhrases = new Set(), phraseHolders = new Map(), NONE = new Set()

  function known(phrase) { return glossaryPhrases.has(squashPhrase(phrase)) }

  function contains(haystack, phrase) {
    return haystack.indexOf(squashPhrase(phrase)) >= 0
  }

  // The words of a pasted error worth highlighting on its page: the type and
  // the longer words of its first line.
  function errorWords(raw) {
    var blocks = matcher.analyse(raw)
    var headline = blocks.length ? blocks[0].headline : raw
    var out = []
    headline.split(/[^A-Za-z0-9_']+/).forEach(function (word) {
      if (word.length >= 4 && !/^\d+$/.test(word) && !STOP_WORDS.has(word.toLowerCase()) && out.indexOf(word) < 0) out.push(word)
    })
    return out.slice(0, 8)
  }

  // The sections the error lookup finds for a paste, in its order; among an
  // entry's sections, those whose example shows the pasted line exactly
  // (`Target 2`, not `Target 5`) first.
  function errorSections(raw) {
    if (!matcher || !catalogue) return []
    var found
    try {
      found = matcher.lookup(raw, catalogue.entries)
    } catch (error) {
      return []
    }
    var pasted = matcher.analyse(raw).map(function (sig) { return squash(sig.headline) })
    var urls = []
    found.forEach(function (result) {
      var sections = matcher.orderSections(result.entry, raw)
      var exact = sections.map(function (section) {
        var example = squash(section.example || "")
        return pasted.some(function (line) { return line && example.indexOf(line) >= 0 }) ? 0 : 1
      })
      sections
        .map(function (section, i) { return { section: section, key: exact[i], i: i } })
        .sort(function (a, b) { return a.key - b.key || a.i - b.i })
        .forEach(function (entry) {
          var url = indexed(entry.section[locale] && entry.section[locale].url)
          if (url && urls.indexOf(url) < 0) urls.push(url)
        })
    })
    return urls
  }

  // A section's address in the index: a page's first heading is the page itself there.
  function indexed(url) {
    if (!url || docs.has(url)) return url
    var page = url.split("#")[0]
    return docs.has(page) ? page : null
  }

  function squash(text) { return matcher.fold(text).replace(/\s+/g, " ").trim() }

  function entryOf(doc) {
    return { location: doc.location, title: doc.title, text: doc.text || "", score: 0, terms: {} }
  }

  function rerank(items, prepared, found) {
    var sections = []
    items.forEach(function (group) { group.forEach(function (doc) { sections.push(doc) }) })
    var byLocation = new Map(sections.map(function (doc) { return [doc.location, doc] }))
    var top = sections.reduce(function (n, doc) { return Math.max(n, doc.score) }, 0) + 1
    sections.forEach(function (doc) { doc.tier = 0 })

    // Compounds and glossary terms as written: sections that contain them
    // come before sections that only share their parts (or a title word).
    var most = 0
    sections.forEach(function (doc) {
      var terms = {}
      if (prepared.phrases.length) {
        var number = docs.get(doc.location).number, text = null
        var hits = prepared.phrases.filter(function (phrase) {
          if (known(phrase)) return (phraseHolders.get(squashPhrase(phrase)) || NONE).has(number)
          if (text === null) text = plain(doc.title + " \n " + doc.text).toLowerCase().replace(/\s+/g, " ")
          return contains(text, phrase)
        })
        hits.forEach(function (phrase) { terms[phrase] = true })
        doc.tier = hits.length
        most = Math.max(most, hits.length)
      }
      // Highlight whole words only: a lone character marks every word it is in.
      Object.keys(doc.terms || {}).forEach(function (term) {
        var keep = doc.terms[term] ? term.length > 1 : prepared.typed.has(term.toLowerCase())
        if (keep && !(term in terms)) terms[term] = doc.terms[term]
      })
      doc.terms = terms
    })

    // A pasted error: the sections that show it, first, in the lookup's order.
    if (found.length) {
      var highlight = errorWords(prepared.raw)
      found.forEach(function (location, rank) {
        var doc = byLocation.get(location)
        if (!doc) {
          var indexed = docs.get(location)
          if (!indexed) return
          doc = entryOf(indexed)
          sections.push(doc)
          byLocation.set(location, doc)
        }
        doc.tier = most + 1 + found.length - rank
        doc.terms = {}
        highlight.forEach(function (word) { doc.terms[word] = true })
      })
    }
    // One order, by tier and then lunr's score; Material shows the score too.
    sections.forEach(function (doc) { doc.score = doc.score + doc.tier * top })

    // Group by page again; every group holds its page's own entry.
    var groups = new Map()
    sections.forEach(function (doc) {
      var page = doc.location.split("#")[0]
      if (!groups.has(page)) groups.set(page, [])
      groups.get(page).push(doc)
    })
    var result = []
    groups.forEach(function (group, page) {
      var article = group.filter(function (doc) { return doc.location === page })[0]
      if (!article && docs.get(page)) group.push(article = entryOf(docs.get(page)))
      group.sort(function (a, b) { return b.score - a.score })
      // The page's own link highlights what its best section matched.
      if (article && !Object.keys(article.terms).some(function (t) { return article.terms[t] }))
        article.terms = Object.assign({}, article.terms, group[0].terms)
      result.push(group)
    })
    // The reader's locale first (a page missing from it may still point to
    // English), then by the best section of each page.
    return result
      .map(function (group, index) {
        return { group: group, own: localeOf(group[0].location) === locale ? 0 : 1, best: group[0].score, index: index }
      })
      .sort(function (a, b) { return a.own - b.own || b.best - a.best || a.index - b.index })
      .map(function (entry) {
        return entry.group.map(function (doc) {
          delete doc.tier
          doc.title = doc.title.replace(/\u200b/g, "")
          return doc
        })
      })
  }

  // ---------------------------------------------------------------- excerpts

  // A section's top-level blocks (<p>, <pre>, <ul>...), as Material's
  // tokenizer sees them.
  function blocks(html) {
    var out = [], depth = 0, start = 0, tag = /<(\/?)[^>]*?(\/?)>/g, m
    while ((m = tag.exec(html))) {
      if (m[1]) {
        if (--depth === 0) { out.push(html.slice(start, tag.lastIndex)); start = tag.lastIndex }
      } else if (!m[2]) {
        if (depth++ === 0) {
          if (html.slice(start, m.index).trim()) out.push(html.slice(start, m.index))
          start = m.index
        }
      }
    }
    if (html.slice(start).trim()) out.push(html.slice(start))
    return out
  }

  // Where a matched word occurs: Chinese and Korean anywhere, other words
  // where a word starts (Material matched them as prefixes), to its end.
  function wordPattern(words) {
    var parts = words.filter(function (w) { return w.length > 1 }).sort(function (a, b) { return b.length - a.length })
      .map(function (w) {
        var text = escapeRegExp(w.toLowerCase())
        return /[\u3400-\u9fff\uac00-\ud7a3]/.test(w) ? text : "(?<![A-Za-z0-9_])" + text + "[A-Za-z0-9_]*"
      })
    return parts.length ? new RegExp(parts.join("|"), "gi") : null
  }

  // Mark the words in the text of a block, never inside a tag or an entity.
  function mark(block, pattern) {
    var found = false
    var marked = block.replace(/(<[^>]*>|&#?\w+;)|([^<&]+|&)/g, function (all, tag, text) {
      if (tag) return tag
      return text.replace(pattern, function (word) { found = true; return "<mark>" + word + "</mark>" })
    })
    return found ? marked : null
  }

  // What Material shows under a result: the first two blocks that hold a
  // matched word, marked; the first block when none does (a title match).
  function excerpt(html, words) {
    if (!html) return ""
    var all = blocks(html), pattern = wordPattern(words), out = []
    for (var i = 0; pattern && i < all.length && out.length < 2; i++) {
      pattern.lastIndex = 0
      var marked = mark(all[i], pattern)
      if (marked) out.push(marked)
    }
    return out.length ? out.join("") : all.slice(0, 1).join("")
  }

  // ------------------------------------------------------------- index

  var manifest = null        // search/index.<locale>.json
  var sections = []          // by number: the entries of `docs`
  var terms = new Map()      // term file number -> promise of {field: {term: [[section, count], ...]}}
  var texts = new Map()      // text file number -> promise of its sections' texts
  var lunrIndex = null, settings = null

  function fetchJSON(path) {
    return fetch(new URL(path, ROOT).href).then(function (response) {
      if (!response.ok) throw new Error(path + ": HTTP " + response.status)
      return response.json()
    })
  }

  // FNV-1a over the UTF-16 code units of a term's first two: its term file
  // (the hook computes the same).
  function bucketOf(key) {
    var hash = 0x811c9dc5
    for (var i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0
    return hash % manifest.buckets
  }

  // What the terms a lunr query can match start with. `keys`: their first
  // two characters (a one-character word: itself), which name their term
  // files. `words`: the words themselves, as Material splits and lunr lower-
  // cases them; every word is a prefix (or the term itself), so a term that
  // starts with none of them cannot match. A fuzzy word (`~1`) or one with a
  // wildcard inside is matched by its key alone.
  function keysOf(query) {
    var separator = new RegExp(settings.separator, "g"), keys = new Set(), words = [], loose = new Set()
    query.split(/\s+/).forEach(function (clause) {
      var bare = clause.replace(/^[+-]/, "").replace(/^(?:title|text|tags):/, "").replace(/\^\d*$/, "")
      var fuzzy = /~\d*$/.test(bare) || /\*./.test(bare)
      bare.replace(/~\d*$/, "").replace(/\*/g, "").split(separator).forEach(function (word) {
        if (!word) return
        word = word.toLowerCase()
        keys.add(word.slice(0, 2))
        if (fuzzy) loose.add(word.slice(0, 2))
        else words.push(word)
      })
    })
    keys.words = words
    keys.loose = loose
    return keys
  }

  // Whether a lunr query with these keys could match a term.
  function wanted(keys, term) {
    if (!keys.has(term.slice(0, 2)) && !keys.has(term.slice(0, 1))) return false
    if (keys.loose.has(term.slice(0, 2)) || keys.loose.has(term.slice(0, 1))) return true
    for (var i = 0; i < keys.words.length; i++) if (term.lastIndexOf(keys.words[i], 0) === 0) return true
    return false
  }

  // The term files those terms are in: a two-character key's file; for one
  // character, every file a term starting with it is in.
  function bucketsFor(keys) {
    var found = new Set()
    keys.forEach(function (key) {
      if (key.length > 1) found.add(bucketOf(key))
      else (manifest.first[key] || []).forEach(function (n) { found.add(n) })
    })
    return Array.from(found).sort(function (a, b) { return a - b })
  }

  // A term file's postings, its terms run through lunr's pipeline (as
  // Material's builder runs the tokens of a document).
  function loadTerms(n) {
    if (!terms.has(n)) terms.set(n, fetchJSON("search/" + locale + "/terms/" + n + ".json").then(function (data) {
      var out = {}
      Object.keys(data.phrase || {}).forEach(function (phrase) {
        var holders = new Set(), previous = -1
        data.phrase[phrase].split(",").forEach(function (gap) { holders.add(previous += 1 + parseInt(gap, 10)) })
        phraseHolders.set(phrase, holders)
      })
      Object.keys(data).forEach(function (field) {
        if (field === "phrase") return
        var merged = out[field] = new Map()
        Object.keys(data[field]).forEach(function (raw) {
          settings.pipeline.runString(raw).forEach(function (term) {
            var postings = merged.get(term) || new Map()
            var previous = -1
            data[field][raw].split(",").forEach(function (part) {
              var colon = part.indexOf(":")
              previous += 1 + parseInt(colon < 0 ? part : part.slice(0, colon), 10)
              postings.set(previous, (postings.get(previous) || 0) + (colon < 0 ? 1 : parseInt(part.slice(colon + 1), 10)))
            })
            merged.set(term, postings)
          })
        })
      })
      return out
    }))
    return terms.get(n)
  }

  // A term file's terms that a query can match (`wanted`: a file holds some
  // hundreds, and those that share a query word's first two characters have
  // thousands of postings between them; the query needs a few), into the index
  // Material built (which has every section and no terms), as lunr's builder
  // would have put them there: a term's postings are complete and lunr's
  // length normalisation is off (b = 0), so each section scores as in an
  // index of everything, and the index only ever grows (a term already there
  // is left alone).
  var EMPTY = [], inverted = Object.create(null), vectors = Object.create(null), termCount = 0
  var newTerms = false
  function addTerms(file, keys) {
    var builder = settings.builder, k1 = builder._k1, n = sections.length
    var fields = Object.keys(builder._fields)
    var added = Object.create(null)
    Object.keys(file).forEach(function (field) {
      file[field].forEach(function (postings, term) {
        if (!wanted(keys, term)) return
        if (inverted[term] && !added[term]) return
        var posting = inverted[term]
        if (!posting) {
          posting = inverted[term] = Object.create(null)
          posting._index = termCount++
          fields.forEach(function (name) { posting[name] = Object.create(null) })
          added[term] = []
        }
        postings.forEach(function (count, number) {
          posting[field][sections[number].location] = { position: EMPTY }
          added[term].push([field, sections[number].location, count])
        })
      })
    })
    Object.keys(added).forEach(function (term) {
      var posting = inverted[term], idf = lunr.idf(posting, n)
      added[term].forEach(function (entry) {
        var fieldRef = entry[0] + "/" + entry[1], tf = entry[2]
        var score = idf * ((k1 + 1) * tf) / (k1 + tf) * (builder._fields[entry[0]].boost || 1)
        var vector = vectors[fieldRef] || (vectors[fieldRef] = new lunr.Vector())
        vector.insert(posting._index, Math.round(score * 1000) / 1000)
      })
      newTerms = true
    })
  }

  function useTerms() {
    if (!newTerms) return
    lunrIndex.invertedIndex = hideTerms(inverted)
    lunrIndex.fieldVectors = vectors
    lunrIndex.tokenSet = lunr.TokenSet.fromArray(Object.keys(inverted).sort())
    newTerms = false
  }

  // The text file a section's text is in: the last one starting at or before it.
  function textFileOf(number) {
    var starts = manifest.texts, low = 0, high = starts.length - 1
    while (low < high) {
      var middle = (low + high + 1) >> 1
      if (starts[middle] <= number) low = middle
      else high = middle - 1
    }
    return low
  }

  // The texts of these sections (by number), into `docs`.
  function loadTexts(numbers) {
    var files = new Set()
    numbers.forEach(function (number) { files.add(textFileOf(number)) })
    return Promise.all(Array.from(files).map(function (n) {
      if (!texts.has(n)) texts.set(n, fetchJSON("search/" + locale + "/texts/" + n + ".json").then(function (list) {
        var first = manifest.texts[n]
        list.forEach(function (text, i) { sections[first + i].text = text })
      }))
      return texts.get(n)
    }))
  }

  function setup(ev) {
    var message = ev.data
    var config = message.data.config
    defaultLocale = config.default_locale || defaultLocale
    otherLocales = (config.locales || []).filter(function (l) { return l !== defaultLocale })
    if (!locale) locale = defaultLocale
    var index = fetchJSON("search/index." + locale + ".json")
    // The lookup's catalogue: optional, search works without it.
    var errors = fetchJSON("assets/error-catalogue.json").then(function (data) {
      catalogue = data
      matcher = new self.ErrorMatcher.Matcher(data.rules)
    }).catch(function (error) { console.warn("search: no error catalogue", error) })
    index.then(function (data) {
      manifest = data
      setWords(data.words || [])
      setGlossary(data.glossary || [])
      data.pages.forEach(function (page) {
        page[1].forEach(function (section) {
          var doc = { location: page[0] + (section[0] ? "#" + section[0] : ""), title: section[1], number: sections.length }
          sections.push(doc)
          docs.set(doc.location, doc)
        })
      })
      // Material indexes no text: the terms come with each query.
      message.data.docs = sections.map(function (doc) { return { location: doc.location, title: "", text: "" } })
      return errors
    }).catch(function (error) {
      console.warn("search: no index for " + locale, error)
    }).then(function () {
      message.localised = true
      self.dispatchEvent(new MessageEvent("message", { data: message }))
    })
  }

  // ------------------------------------------------------------- messages

  // Queries are answered one at a time, in order; one overtaken by a newer
  // query before it starts is answered with nothing (the box shows the newer).
  var queue = Promise.resolve(), waiting = 0, answer = null
  var asked = 0              // queries received: an earlier one's excerpts are not posted over a newer one

  // The sections whose text the first `count` result groups show (Material
  // shows ten at once), by number: each page's own entry and its best
  // sections (the rest are folded away and show their titles only).
  function sectionsOf(groups, count) {
    var out = []
    groups.slice(0, count).forEach(function (group) {
      var best = Math.max.apply(null, group.map(function (doc) { return doc.score }))
      group.forEach(function (doc) {
        if (doc.score >= best || doc.location.indexOf("#") < 0) out.push(docs.get(doc.location).number)
      })
    })
    return out
  }

  function withTexts(groups) {
    groups.forEach(function (group) {
      group.forEach(function (doc) {
        var indexed = docs.get(doc.location)
        doc.title = indexed.title
        doc.text = indexed.text || ""
      })
    })
  }

  // The excerpts of the sections the first `SHOWN` groups show, from the
  // texts loaded so far; the others show their titles only. Whether every
  // shown section's text was there.
  function withExcerpts(groups) {
    var shown = new Set(sectionsOf(groups, SHOWN)), complete = true
    groups.forEach(function (group) {
      group.forEach(function (doc) {
        var indexed = docs.get(doc.location)
        var words = Object.keys(doc.terms).filter(function (t) { return doc.terms[t] })
        if (shown.has(indexed.number) && indexed.text === undefined) complete = false
        doc.text = shown.has(indexed.number) ? excerpt((indexed.text || "").replace(/\u200b/g, ""), words) : ""
      })
    })
    return complete
  }

  // Texts are fetched for what a reader sees first: the first ten result
  // groups, the sections a pasted error leads to, and, when a compound or
  // glossary term is to be found as written, lunr's best sections (a section
  // further down that has it is not raised above them).
  //
  // Without such a term the order does not depend on the texts: the results
  // are answered as soon as lunr has them, with the excerpts already loaded,
  // and answered again when the missing ones are in (Material renders each
  // answer anew), unless a newer query came in meanwhile. A reader sees the
  // titles one round trip earlier.
  var SHOWN = 10, PHRASE_CANDIDATES = 20
  function query(message, number) {
    var prepared = prepare(message.data)
    var found = manifest ? errorSections(prepared.raw) : []
    if (found.length) answerErrorFirst(prepared, found, number)
    var keys = manifest && lunrIndex ? keysOf(prepared.query) : new Set()
    var buckets = bucketsFor(keys)
    if (manifest) prepared.phrases.filter(known).forEach(function (phrase) {
      var bucket = bucketOf(squashPhrase(phrase).slice(0, 2))
      if (buckets.indexOf(bucket) < 0) buckets.push(bucket)
    })
    return Promise.all(buckets.map(loadTerms)).then(function (files) {
      files.forEach(function (file) { addTerms(file, keys) })
      if (lunrIndex) useTerms()
      return new Promise(function (resolve) {
        answer = resolve
        self.dispatchEvent(new MessageEvent("message", { data: { type: 2, data: prepared.query, localised: true } }))
      })
    }).then(function (result) {
      var items = result.data && Array.isArray(result.data.items) ? result.data.items : null
      if (!items) return result
      if (prepared.phrases.every(known)) {
        withTexts(items)
        var groups = rerank(items, prepared, found)
        result.data.items = groups
        if (withExcerpts(groups)) return result
        post(result)
        loadTexts(sectionsOf(groups, SHOWN)).then(function () {
          withExcerpts(groups)
          if (number === asked) post(result)
        }).catch(function (error) { console.warn("search: " + message.data, error) })
        return { posted: true }
      }
      var wanted = sectionsOf(items, SHOWN).concat(errorTexts(found))
      var best = []
      items.forEach(function (group) { best = best.concat(group) })
      best.sort(function (a, b) { return b.score - a.score }).slice(0, PHRASE_CANDIDATES).forEach(function (doc) {
        wanted.push(docs.get(doc.location).number)
      })
      return loadTexts(wanted).then(function () {
        withTexts(items)
        var groups = rerank(items, prepared, found)
        // The new order may show a group whose text is not here yet.
        return loadTexts(sectionsOf(groups, SHOWN)).then(function () {
          withExcerpts(groups)
          result.data.items = groups
          return result
        })
      })
    })
  }

  // The sections (by number) a pasted error's results show first: each of
  // them and its page's own entry (its group shows that too).
  function errorTexts(found) {
    var out = []
    found.slice(0, SHOWN).forEach(function (location) {
      if (!docs.has(location)) return
      out.push(docs.get(location).number)
      var page = docs.get(location.split("#")[0])
      if (page) out.push(page.number)
    })
    return out
  }

  // A pasted error the lookup knows: its sections come first whatever lunr
  // finds, so they are answered at once, with the excerpts already loaded,
  // while the term files and their texts are fetched; the full answer
  // (the same sections first, the rest below) follows.
  function answerErrorFirst(prepared, found, number) {
    var groups = rerank([], prepared, found)
    withExcerpts(groups)
    post({ type: 3, data: { items: groups } })
    loadTexts(errorTexts(found)).catch(function (error) { console.warn("search: " + prepared.raw, error) })
  }

  addEventListener("message", function (ev) {
    if (!ev.data || ev.data.localised) return
    if (ev.data.type === 0) {
      ev.stopImmediatePropagation()
      setup(ev)
    } else if (ev.data.type === 2 && typeof ev.data.data === "string") {
      ev.stopImmediatePropagation()
      var message = ev.data, number = ++asked
      waiting++
      queue = queue.then(function () {
        if (--waiting > 0) return { type: 3, data: { items: [] }, overtaken: true }
        return query(message, number)
      }).catch(function (error) {
        console.warn("search: " + message.data, error)
        return { type: 3, data: { items: [] } }
      }).then(function (result) {
        if (!result.overtaken && !result.posted) post(result)
      })
    }
  })

  var post = self.postMessage.bind(self)
  self.postMessage = function (message, transfer) {
    if (message && message.type === 3 && answer) {
      var resolve = answer
      answer = null
      return resolve(message)
    }
    return transfer === undefined ? post(message) : post(message, transfer)
  }

  // lunr's Index#query, best `limit` results only: the same results, scores,
  // order and match data as `index.query(build).slice(0, limit)`. lunr makes
  // a MatchData for every matching section and a dot product over each
  // section's whole vector; a word on most pages of a large site matches
  // thousands of sections, of which a reader sees a few. Here a section's
  // score takes one lookup per query term, and match data is made for the
  // best `limit` only. The clause handling is lunr's own, step for step.
  function topResults(index, build, limit) {
    var lunr = self.lunr, query = new lunr.Query(index.fields)
    build.call(query, query)
    if (query.isNegated()) return lunr.Index.prototype.query.call(index, build).slice(0, limit)
    var queryVectors = Object.create(null), required = Object.create(null), prohibited = Object.create(null)
    var pairs = [], seenPairs = Object.create(null), fieldRefs = [], seenRefs = Object.create(null)
    index.fields.forEach(function (field) { queryVectors[field] = new lunr.Vector() })
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ? index.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term]
      var clauseMatches = lunr.Set.empty
      for (var t = 0; t < terms.length; t++) {
        clause.term = terms[t]
        var expanded = index.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray()
        if (expanded.length === 0 && clause.presence === lunr.Query.presence.REQUIRED) {
          clause.fields.forEach(function (field) { required[field] = lunr.Set.empty })
          break
        }
        expanded.forEach(function (term) {
          var posting = index.invertedIndex[term]
          clause.fields.forEach(function (field) {
            var fieldPosting = posting[field], refs = Object.keys(fieldPosting)
            if (clause.presence === lunr.Query.presence.REQUIRED) {
              clauseMatches = clauseMatches.union(new lunr.Set(refs))
              if (required[field] === undefined) required[field] = lunr.Set.complete
            }
            if (clause.presence === lunr.Query.presence.PROHIBITED) {
              if (prohibited[field] === undefined) prohibited[field] = lunr.Set.empty
              prohibited[field] = prohibited[field].union(new lunr.Set(refs))
              return
            }
            queryVectors[field].upsert(posting._index, clause.boost, function (a, b) { return a + b })
            var key = term + "/" + field
            if (seenPairs[key]) return
            seenPairs[key] = true
            pairs.push({ term: term, field: field, posting: fieldPosting })
            refs.forEach(function (ref) {
              var fieldRef = field + "/" + ref
              if (seenRefs[fieldRef]) return
              seenRefs[fieldRef] = true
              fieldRefs.push({ field: field, ref: ref, key: fieldRef })
            })
          })
        })
      }
      if (clause.presence === lunr.Query.presence.REQUIRED) {
        clause.fields.forEach(function (field) { required[field] = required[field].intersect(clauseMatches) })
      }
    })
    var allRequired = lunr.Set.complete, allProhibited = lunr.Set.empty
    index.fields.forEach(function (field) {
      if (required[field]) allRequired = allRequired.intersect(required[field])
      if (prohibited[field]) allProhibited = allProhibited.union(prohibited[field])
    })
    var results = [], byRef = Object.create(null), lengths = Object.create(null)
    index.fields.forEach(function (field) { lengths[field] = queryVectors[field].magnitude() })
    fieldRefs.forEach(function (fieldRef) {
      if (!allRequired.contains(fieldRef.ref) || allProhibited.contains(fieldRef.ref)) return
      var score = dot(queryVectors[fieldRef.field], index.fieldVectors[fieldRef.key]) / lengths[fieldRef.field] || 0
      var result = byRef[fieldRef.ref]
      if (result) {
        result.score += score
        result.fieldRefs.push(fieldRef)
      } else {
        results.push(byRef[fieldRef.ref] = { ref: fieldRef.ref, score: score, fieldRefs: [fieldRef] })
      }
    })
    return results.sort(function (a, b) { return b.score - a.score }).slice(0, limit).map(function (result) {
      var matches = result.fieldRefs.map(function (fieldRef) {
        var data = null
        pairs.forEach(function (pair) {
          if (pair.field !== fieldRef.field || !(fieldRef.ref in pair.posting)) return
          if (data) data.add(pair.term, pair.field, pair.posting[fieldRef.ref])
          else data = new lunr.MatchData(pair.term, pair.field, pair.posting[fieldRef.ref])
        })
        return data
      })
      matches.slice(1).forEach(function (data) { matches[0].combine(data) })
      return { ref: result.ref, score: result.score, matchData: matches[0] }
    })
  }

  // lunr's Vector#dot of the query vector with a section's, looking up each
  // of the query's few terms in the section's vector instead of walking all
  // of it; the products are summed in the same order, so the score (this
  // over the query vector's length, as lunr's Vector#similarity) is the same number.
  function dot(queryVector, sectionVector) {
    var q = queryVector.elements, s = sectionVector.elements, sum = 0
    for (var i = 0; i < q.length; i += 2) {
      var low = 0, high = s.length / 2
      while (low < high) {
        var middle = (low + high) >> 1
        if (s[middle * 2] < q[i]) low = middle + 1
        else high = middle
      }
      if (low * 2 < s.length && s[low * 2] === q[i]) sum += q[i + 1] * s[low * 2 + 1]
    }
    return sum
  }

  self.i18nSearch = {
    normaliseQuery: normaliseQuery, stripParticle: stripParticle, prepare: prepare,
    segmentText: segmentText, glossaryMatches: glossaryMatches, excerpt: excerpt,
    topResults: topResults
  }
  importScripts("../error-matcher.js", params.get("worker"))

  // Material sets lunr up on `self`: split Chinese while indexing, and keep
  // its own query splitting from second-guessing ours (it looks words up in
  // the inverted index with `in`; nothing else does).
  self.lunr.TinySegmenter = HanSegmenter
  function hideTerms(invertedIndex) {
    return new Proxy(invertedIndex, { has: function () { return false } })
  }
  // Material highlights every section lunr returns before it answers; a
  // pasted line shares a word with nearly every section. The best ones are
  // all a reader looks at (the sections a pasted error leads to are added
  // back from the catalogue whatever lunr thinks of them).
  self.lunr.Index.prototype.search = function (queryString) {
    return topResults(this, function (query) { new self.lunr.QueryParser(queryString, query).parse() }, MAX_RESULTS)
  }
  // The index Material builds (every section, no text) is kept, with the
  // builder's settings, to put each query's terms into.
  var build = self.lunr.Builder.prototype.build
  self.lunr.Builder.prototype.build = function () {
    var index = build.apply(this, arguments)
    index.invertedIndex = hideTerms(index.invertedIndex)
    lunrIndex = index
    settings = { builder: this, pipeline: this.pipeline, separator: lunr.tokenizer.separator.source }
    return index
  }
})()
