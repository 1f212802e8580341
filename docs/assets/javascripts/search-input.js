/*
 * Search starts however the text arrives. Material reads the search box on
 * keyup, so text put in without a key (a paste from the context menu, a
 * drag and drop, an input method committing a word, autofill) would start
 * nothing until the next key. Each of those ends with an `input` event (or
 * `compositionend`, for an input method): pass it on to Material as the
 * keyup it listens for. Typing sends both; Material searches once per value.
 */
(function () {
  "use strict"

  function start() {
    var box = document.querySelector("input.md-search__input")
    if (!box) return
    var composing = false
    function search() {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
    }
    box.addEventListener("compositionstart", function () { composing = true })
    box.addEventListener("compositionend", function () { composing = false; search() })
    box.addEventListener("input", function (ev) {
      // While an input method is composing, the text is not the reader's yet.
      if (!(ev.isComposing || composing)) search()
    })
    // Some browsers fill the box after the paste event: look once it has.
    box.addEventListener("paste", function () { setTimeout(search, 0) })
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
