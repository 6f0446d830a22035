"""The page's CSS and its one script (marker clicks, accessible labels, the question's character count).

The script never builds HTML from text: it moves and clones nodes the server already escaped.
"""

from __future__ import annotations

CSS = """
#pc-chat .pc-cite { font-weight: 600; text-decoration: none; padding: 0 1px; cursor: pointer; }
.pc-answer-abstained { color: #8a5a00; font-style: italic; border-left: 3px solid #f59e0b; padding-left: 8px; }
.pc-error { color: #b91c1c; border-left: 3px solid #b91c1c; padding-left: 8px; }
.pc-notice { font-style: italic; color: #555; margin-top: 4px; }
.pc-inline-sources { margin-top: 6px; font-size: 0.92em; }
.pc-inline-sources summary { cursor: pointer; color: #4338ca; }
.pc-source { border-left: 3px solid #c7d2fe; padding: 4px 10px; margin: 8px 0; }
.pc-source.pc-active { border-left-color: #4f46e5; background: #eef2ff; }
.pc-source mark { background: #fde68a; }
.pc-meta { color: #555; font-size: 0.85em; }
.pc-source-for { color: #333; font-size: 0.9em; font-weight: 600; margin: 4px 0; }
.pc-inline-sources .pc-source-for { display: none; }
#pc-side { position: sticky; top: 8px; align-self: flex-start; }
#pc-sources .pc-panel { max-height: 72vh; overflow-y: auto; }
#pc-count { font-size: 0.85em; color: #555; min-height: 1em; }
#pc-count .pc-over { color: #b91c1c; font-weight: 600; }
#pc-feedback-status { font-size: 0.9em; }
.pc-docs td, .pc-docs th { padding: 2px 8px; text-align: left; }
.pc-ingest-failed { color: #b91c1c; }
@media (max-width: 899px) { #pc-side { display: none !important; } }
"""

HEAD = r"""
<script>
(() => {
  const panelShown = () => {
    const side = document.getElementById("pc-side");
    return !!side && side.getClientRects().length > 0 && getComputedStyle(side).display !== "none";
  };
  // Scroll only the nearest scrolling box (the chat or the panel), never the page, so the
  // question box stays where it is.
  const scrollWithin = (el) => {
    let box = el.parentElement;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement;
    }
    if (!box || box === document.body) return;
    const r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - 40;
  };
  // The chat's sanitiser keeps id, href and class (not data-*), so a marker names its source by
  // href="#pc-<turn>-<n>" and the source carries the same id; copies in the panel keep n as data-n.
  const numberOf = (s) => s.dataset.n || ((/-(\d+)$/.exec(s.id || "") || [])[1]);
  const activate = (list, n) => {
    let target = null;
    list.querySelectorAll(".pc-source").forEach((s) => {
      const on = numberOf(s) === n;
      s.classList.toggle("pc-active", on);
      if (on) target = s;
    });
    if (target) scrollWithin(target);
  };
  document.addEventListener("click", (event) => {
    const marker = event.target.closest && event.target.closest("a.pc-cite");
    if (!marker) return;
    event.preventDefault();
    event.stopPropagation();
    const found = /^#pc-(\w+)-(\d+)$/.exec(marker.getAttribute("href") || "");
    const source = found && document.getElementById(`pc-${found[1]}-${found[2]}`);
    const own = source && source.closest(".pc-source-list");
    if (!own) return;
    const [, turn, n] = found;
    const holder = document.querySelector("#pc-sources .pc-panel");
    if (panelShown() && holder) {
      let list = holder.querySelector(".pc-source-list");
      if (!list || list.dataset.turn !== turn) {
        list = own.cloneNode(true);
        list.querySelectorAll(".pc-source").forEach((x) => { x.dataset.n = numberOf(x); x.removeAttribute("id"); });
        list.dataset.turn = turn;
        holder.replaceChildren(list);
      }
      activate(list, n);
    } else {
      const details = own.closest("details");
      if (details) details.open = true;
      activate(own, n);
    }
  }, true);
  // Screen readers: the chat labels each message with its raw content; give them its text.
  const fixLabels = () => {
    document.querySelectorAll("#pc-chat [aria-label]").forEach((el) => {
      const label = el.getAttribute("aria-label") || "";
      const m = /^[^ ]+'s message: /.exec(label);
      if (!m) return;
      const wanted = m[0] + el.innerText.replace(/\s+/g, " ").trim();
      if (label !== wanted) el.setAttribute("aria-label", wanted);
    });
  };
  // The question's length against the limit, as the user types (the server gives the same limit).
  const updateCount = () => {
    const box = document.querySelector("#pc-question textarea");
    const count = document.querySelector("#pc-count .pc-counter");
    if (!box || !count) return;
    const used = Array.from(box.value || "").length, limit = Number(count.dataset.limit);
    const text = used > limit
      ? `${used} / ${limit} characters: over the limit, shorten the question`
      : `${used} / ${limit} characters`;
    if (count.textContent !== text) count.textContent = text;
    count.classList.toggle("pc-over", used > limit);
  };
  document.addEventListener("input", updateCount);
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fixLabels(); updateCount(); });
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
})();
</script>
"""
